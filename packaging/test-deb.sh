#!/usr/bin/env bash
# Installs the .deb that `make package` built, checks that the installed programs work from the
# installed location only (no build tree, no source tree), validates the desktop metadata, then
# removes the package and checks nothing is left behind.
#     bash packaging/test-deb.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$here/build}" && pwd)
deb=$(ls "$build"/chestlens_*_amd64.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { echo "test-deb: no chestlens_*_amd64.deb in $build (run make package)" >&2; exit 1; }
if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
step() { echo "test-deb: $*"; }

step "installing $(basename "$deb")"
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
trap '"${sudo[@]}" apt-get remove -y -qq chestlens >/dev/null 2>&1 || true' EXIT

# Run from an empty folder with no hints pointing at the build tree.
work=$(mktemp -d)
cd "$work"
unset CHESTLENS_DATADIR CHESTLENS_CLI
for bin in /usr/bin/chestlens /usr/bin/chestlens-cli; do
    if readelf -d "$bin" | grep -Eq 'R(UN)?PATH'; then echo "test-deb: $bin has an RPATH" >&2; exit 1; fi
    if ldd "$bin" | grep -q "$here"; then echo "test-deb: $bin links a library from the source tree" >&2; exit 1; fi
done

# A real film when the development data is beside the checkout, else the installed 256 px icon
# (not a chest film, but it exercises the same decode -> model -> probabilities path).
data=${CHESTLENS_DATA:-$here/../shared/data}
film=$(ls "$data"/cxr4/pneumonia/*.png 2>/dev/null | head -n 1 || true)
[ -n "$film" ] || film=/usr/share/icons/hicolor/256x256/apps/io.github.chestlens.ChestLens.png
step "chestlens-cli predict $(basename "$film") with the installed default model"
/usr/bin/chestlens-cli predict "$film" --json > predict.json
python3 - predict.json <<'PY'
import json, sys
text = open(sys.argv[1]).read().strip().splitlines()
rows = [json.loads(line) for line in text if line.startswith('{')]
assert rows, "no JSON result"
row = rows[0]
probs = row["probabilities"]
total = sum(probs.values()) if isinstance(probs, dict) else sum(probs)
assert abs(total - 1.0) < 1e-3, f"probabilities sum to {total}"

print(f"test-deb: predicted {row.get('predicted', row.get('class'))}, probabilities sum to {total:.4f}")
PY


step "GUI from the installed location, in German (translations installed)"
LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8 QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME="$work/config" \
    /usr/bin/chestlens "$film" --screenshot "$work/shot.png" --timeout 120 > gui.log 2>&1
grep -q "gespeichert" gui.log || { echo "test-deb: German translation not used by the installed GUI:" >&2; cat gui.log >&2; exit 1; }
[ -s "$work/shot.png" ]

step "desktop-file-validate and appstreamcli validate"
desktop-file-validate /usr/share/applications/io.github.chestlens.ChestLens.desktop
appstreamcli validate --no-net /usr/share/metainfo/io.github.chestlens.ChestLens.metainfo.xml
python3 -c "import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])" /usr/share/mime/packages/chestlens.xml
for size in 16 24 32 48 64 128 256; do
    [ -s /usr/share/icons/hicolor/${size}x${size}/apps/io.github.chestlens.ChestLens.png ]
done

step "removing the package"
trap - EXIT
"${sudo[@]}" apt-get remove -y -qq chestlens >/dev/null
if dpkg-query -W -f='${Status}' chestlens 2>/dev/null | grep -q "install ok installed"; then
    echo "test-deb: chestlens still installed" >&2; exit 1
fi
for path in /usr/bin/chestlens /usr/bin/chestlens-cli /usr/share/chestlens \
            /usr/share/applications/io.github.chestlens.ChestLens.desktop /usr/share/mime/packages/chestlens.xml; do
    if [ -e "$path" ]; then echo "test-deb: $path left behind" >&2; exit 1; fi
done
rm -rf "$work"
step "ok"
