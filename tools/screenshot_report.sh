#!/usr/bin/env bash
# Write the HTML report of the built-in dataset and a headless-Chromium screenshot of it.
#
#   tools/screenshot_report.sh [PNG] [HEIGHT]
#
# PNG defaults to build/report-screenshot.png (the report goes beside it as
# report.html); HEIGHT is the window height in pixels (default 2000; the width
# is 1280). Uses .venv's duikou, or the one on PYTHONPATH, e.g.
#   PYTHONPATH=$(tools/dev.sh NAME env) tools/screenshot_report.sh
set -euo pipefail
cd "$(dirname "$0")/.."
png=$(realpath -m "${1:-build/report-screenshot.png}")
height=${2:-2000}
py=${PYTHON:-$PWD/.venv/bin/python}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "no Chromium found: apt-get install chromium" >&2; exit 1; }
mkdir -p "$(dirname "$png")"
html="$(dirname "$png")/report.html"
"$py" -m duikou report --html "$html" >/dev/null
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
  --screenshot="$png" --window-size=1280,"$height" "file://$html" 2>/dev/null
echo "report:     $html"
echo "screenshot: $png"
