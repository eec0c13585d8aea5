#!/usr/bin/env bash
# Guard for the README's first command: runs `make run` headless under xvfb-run, as a newcomer
# would, with a film and --screenshot, and fails unless the app exits 0 and writes a PNG.
#     bash tests/make_run_check.sh            (make run-check)
# The film comes from the test data ($CHESTLENS_DATA, then ../shared/data); without the data a
# small synthetic film is written instead, so the check never skips.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v xvfb-run > /dev/null || { echo "make_run_check.sh: xvfb-run not found (Debian package xvfb)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=${CHESTLENS_DATA:-$root/../shared/data}
film=$(ls "$data"/cxr4/normal/*.png 2> /dev/null | head -1 || true)
if [ -z "$film" ]; then
    film=$work/synthetic.png
    python3 - "$film" << 'PY'
import struct, sys, zlib
w = h = 256
rows = b"".join(b"\0" + bytes((x + y) // 2 for x in range(w)) for y in range(h))
def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) \
      + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
fi
shot=$work/make-run.png
echo "make run-check: make run ARGS=\"$film --screenshot $shot\""
if ! timeout 600 xvfb-run -a make --no-print-directory run ARGS="$film --screenshot $shot" < /dev/null > "$work/log" 2>&1; then
    cat "$work/log" >&2
    echo "make run-check: FAILED: make run exited non-zero (log above)" >&2
    exit 1
fi
if [ ! -s "$shot" ] || [ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" != "89504e470d0a1a0a" ]; then
    cat "$work/log" >&2
    echo "make run-check: FAILED: make run exited 0 but wrote no PNG screenshot to $shot" >&2
    exit 1
fi
echo "make run-check: ok ($(stat -c %s "$shot") bytes of screenshot)"
