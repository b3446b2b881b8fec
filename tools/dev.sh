#!/usr/bin/env bash
# Developer loop without touching .venv: builds duikou._core and the GoogleTests
# in build/dev-NAME, lays the Python package out beside the module, and runs
# the tests against it. Several developers can work in one tree at once.
#
#   tools/dev.sh NAME cpp [gtest filter]     build and run the GoogleTests
#   tools/dev.sh NAME py [pytest args...]    build the module and run pytest
#   tools/dev.sh NAME env                    print the PYTHONPATH to use
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: tools/dev.sh NAME cpp|py|env [args]}
what=${2:?usage: tools/dev.sh NAME cpp|py|env [args]}
shift 2
root=build/dev-$name
py=$PWD/.venv/bin/python
[ -x "$py" ] || make setup >/dev/null
pkg=$root/pkg
case $what in
  cpp)
    cmake -S . -B "$root/tests" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDUIKOU_BUILD_TESTS=ON -DDUIKOU_BUILD_PYTHON=OFF \
          -DPython_EXECUTABLE="$py" >/dev/null
    cmake --build "$root/tests" --target duikou_tests
    "$root/tests/tests/cpp/duikou_tests" --gtest_filter="${1:-*}"
    ;;
  py|env)
    mkdir -p "$pkg/duikou"
    cmake -S . -B "$root/module" -G Ninja -DDUIKOU_BUILD_PYTHON=ON -DDUIKOU_BUILD_TESTS=OFF \
          -DPython_EXECUTABLE="$py" -DDUIKOU_PYTHON_OUTPUT_DIR="$PWD/$pkg/duikou" >/dev/null
    cmake --build "$root/module" --target _core >&2
    rsync -a --delete --exclude '*.so' --exclude __pycache__ python/duikou/ "$pkg/duikou/" \
      --filter='protect _core*.so'
    if [ "$what" = env ]; then echo "$PWD/$pkg"; exit 0; fi
    PYTHONPATH="$PWD/$pkg" "$py" -m pytest tests/python "$@"
    ;;
  *) echo "unknown command $what" >&2; exit 2 ;;
esac
