#!/usr/bin/env bash
# Fuzzes one target for a given time:
#     tests/fuzz/run.sh filmloader|modelfile [SECONDS=600] [-- extra libFuzzer flags]
# Builds preset `fuzz` (clang, ASan + UBSan, libFuzzer) into build-fuzz, writes the seed corpus
# (films written by DCMTK and OpenCV, the real DICOMs of ../shared/data/dicom, small model files)
# and runs libFuzzer on it. The growing corpus is kept in build-fuzz/corpus/<target>; a crash, leak,
# timeout or out-of-memory input lands in build-fuzz/artifacts/<target>/. Fix it, then copy the
# input to tests/fuzz/regressions/<target>/ so that every ordinary build replays it (CTest
# fuzz_regressions_<target>).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
target=${1:?usage: run.sh filmloader|modelfile [SECONDS]}
seconds=${2:-600}
shift $(( $# >= 2 ? 2 : 1 ))
[ "${1:-}" = "--" ] && shift
case "$target" in filmloader) seedsub=film ;; modelfile) seedsub=model ;; *) echo "unknown target $target" >&2; exit 64 ;; esac
cd "$root"

cmake --preset fuzz > /dev/null
cmake --build build-fuzz --target "fuzz_$target"
# The seed writer uses the test support code, built with the ordinary compiler.
[ -f build/build.ninja ] || cmake --preset dev > /dev/null
cmake --build build --target fuzz_make_seeds
data=${CHESTLENS_DATA:-$root/../shared/data}
seeds=build-fuzz/seeds
rm -rf "$seeds"
build/tests/fuzz_make_seeds "$seeds" $( [ -d "$data/dicom" ] && echo "$data/dicom" )

corpus=build-fuzz/corpus/$target
artifacts=build-fuzz/artifacts/$target
mkdir -p "$corpus" "$artifacts"
echo "run.sh: fuzzing $target for $seconds s; artifacts in $artifacts"
export LSAN_OPTIONS="suppressions=$root/tests/fuzz/lsan.supp:${LSAN_OPTIONS:-}" UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
exec "build-fuzz/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=4096 -timeout=30 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$@" \
    "$corpus" "$seeds/$seedsub" "tests/fuzz/regressions/$target"
