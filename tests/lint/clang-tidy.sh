#!/usr/bin/env bash
# clang-tidy over every source of app/, core/ and ui/ with the checks in .clang-tidy; fails on any
# warning. Needs the compile_commands.json of a configured build (default: build).
#     bash tests/lint/clang-tidy.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
[ -f "$build/compile_commands.json" ] || { echo "clang-tidy.sh: no $build/compile_commands.json (configure first)" >&2; exit 1; }
command -v run-clang-tidy > /dev/null || { echo "clang-tidy.sh: run-clang-tidy not found (Debian package clang-tidy)" >&2; exit 1; }
cd "$root"
mapfile -t files < <(git ls-files 'app/*.cpp' 'core/*.cpp' 'ui/*.cpp')
echo "clang-tidy: ${#files[@]} files"
# Moc/autogen sources and third-party code are not ours to fix; run-clang-tidy takes regexes.
run-clang-tidy -quiet -p "$build" -j "$(nproc)" "${files[@]/#/$root/}" > "$build/clang-tidy.log" 2>&1 || status=$?
grep -E 'warning:|error:' "$build/clang-tidy.log" | sort -u || true
if [ "${status:-0}" -ne 0 ] || grep -qE 'warning:|error:' "$build/clang-tidy.log"; then
    echo "clang-tidy: failed (full log: $build/clang-tidy.log)" >&2
    exit 1
fi
echo "clang-tidy: clean"
