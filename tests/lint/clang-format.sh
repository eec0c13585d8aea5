#!/usr/bin/env bash
# clang-format over every C++ source in git (style in .clang-format).
#     bash tests/lint/clang-format.sh          lists the files that are not formatted; fails if any
#     bash tests/lint/clang-format.sh --fix    formats them in place
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
command -v clang-format > /dev/null || { echo "clang-format.sh: clang-format not found (Debian package clang-format)" >&2; exit 1; }
mapfile -t files < <(git ls-files '*.cpp' '*.h')
if [ "${1:-}" = "--fix" ]; then
    clang-format -i "${files[@]}"
    echo "clang-format: formatted ${#files[@]} files"
    exit 0
fi
bad=()
for f in "${files[@]}"; do
    clang-format --dry-run -Werror "$f" > /dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
    printf '  %s\n' "${bad[@]}" >&2
    echo "clang-format: ${#bad[@]} of ${#files[@]} files are not formatted (make format fixes them)" >&2
    exit 1
fi
echo "clang-format: ${#files[@]} files formatted"
