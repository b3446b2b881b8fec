#!/usr/bin/env bash
# Installs the Debian packages duikou needs, only those that are missing,
# so a second run costs a few dpkg queries.
#   tools/install-deps.sh                         the packages to build and test (debian-packages.txt)
#   tools/install-deps.sh tools/bench-packages.txt  another list, e.g. what `make bench-null` compares with
set -euo pipefail

LIST=${1:-"$(dirname "$0")/debian-packages.txt"}
[ -r "$LIST" ] || { echo "install-deps: cannot read package list $LIST" >&2; exit 2; }
mapfile -t PACKAGES < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$LIST")

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "need root to run: apt-get install ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
