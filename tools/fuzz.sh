#!/usr/bin/env bash
# `make fuzz`: builds every libFuzzer target (fuzz/fuzz_<name>.cpp) with clang and
# -fsanitize=fuzzer,address,undefined in build/fuzz, then runs each for
# FUZZ_SECONDS (default 60) seeded from fuzz/corpus/<name>/.
#
#   tools/fuzz.sh                 every target, one after the other
#   tools/fuzz.sh csv json        only these targets
#   FUZZ_SECONDS=600 tools/fuzz.sh table
#
# New inputs go to build/fuzz/corpus/<name>/ (the committed seeds stay small and
# hand-written); a crashing input is saved as build/fuzz/artifacts/<name>/crash-*
# and the script fails. Turn each crash into a test in tests/cpp/test_regressions.cpp.
set -euo pipefail
cd "$(dirname "$0")/.."

root=build/fuzz
seconds=${FUZZ_SECONDS:-60}
export CC=${CC:-clang} CXX=${CXX:-clang++}

cmake -S . -B "$root" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDUIKOU_FUZZ=ON -DDUIKOU_SANITIZE=ON \
      -DDUIKOU_BUILD_PYTHON=OFF -DDUIKOU_BUILD_TESTS=OFF >/dev/null

if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for source in fuzz/fuzz_*.cpp; do
    name=$(basename "$source" .cpp)
    targets+=("${name#fuzz_}")
  done
fi
cmake --build "$root" --target "${targets[@]/#/fuzz_}"

export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
symbolizer=$(command -v llvm-symbolizer || true)
[ -n "$symbolizer" ] && export ASAN_SYMBOLIZER_PATH=$symbolizer

failed=()
for name in "${targets[@]}"; do
  work=$root/corpus/$name
  artifacts=$root/artifacts/$name
  mkdir -p "$work" "$artifacts" "fuzz/corpus/$name"
  echo "== fuzz_$name for ${seconds}s"
  # -rss_limit_mb bounds memory; -max_len lets inputs grow to a few pages of text.
  "$root/fuzz/fuzz_$name" -max_total_time="$seconds" -max_len=16384 -rss_limit_mb=2048 -timeout=20 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" "$work" "fuzz/corpus/$name" || failed+=("$name")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashes in ${failed[*]}; inputs are in $root/artifacts/" >&2
  exit 1
fi
