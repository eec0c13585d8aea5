#!/usr/bin/env bash
# Leave-one-source-out check (issues 3 and 11): for each held-out source, train on every other
# film of ../shared/data/cxr4 (random 80/20 split of those for early stopping and calibration),
# then evaluate on the held-out films, which the model never saw, not even for model selection.
#
# usage: [LOSO_SET=cxr4v2] benchmarks/loso.sh OUTDIR SOURCE... -- [chestlens-cli train options]
#   LOSO_SET is the data set under the shared data folder (default cxr4);
#   SOURCE is a file-name prefix of it (hannover, ieee8023, nih, …; the manifest's sources), e.g.
#   benchmarks/loso.sh /tmp/loso hannover ieee8023 -- --threads 1 --epochs 15
# Writes OUTDIR/<source>.clm, OUTDIR/<source>.train.log and OUTDIR/<source>.eval.json, and prints
# one line per source: films held out, accuracy, macro-F1 over the classes present, recall per class.
# The training folders are symlink trees in a temporary folder; the films stay in ../shared.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${CHESTLENS_DATA:-$root/../shared/data}/${LOSO_SET:-cxr4}
cli=$root/build/bin/chestlens-cli
out=$1
shift
sources=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do sources+=("$1"); shift; done
[ $# -gt 0 ] && shift
[ ${#sources[@]} -gt 0 ] || { echo "usage: $0 OUTDIR SOURCE... -- [train options]" >&2; exit 2; }
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for src in "${sources[@]}"; do
    for dir in "$data"/*/; do
        cls=$(basename "$dir")
        mkdir -p "$work/$src/train/$cls"
        for f in "$dir"*; do
            [ -f "$f" ] || continue
            case $(basename "$f") in
                "$src"_*) mkdir -p "$work/$src/held/$cls"; ln -s "$f" "$work/$src/held/$cls/" ;;
                *) ln -s "$f" "$work/$src/train/$cls/" ;;
            esac
        done
    done
    [ -d "$work/$src/held" ] || { echo "no film in $data starts with ${src}_" >&2; exit 2; }
    # The manifest names each film's source (for --source-balance); rows of held-out films are unused.
    if [ -f "$data/MANIFEST.csv" ]; then cp "$data/MANIFEST.csv" "$work/$src/train/"; fi
    "$cli" train --data "$work/$src/train" --out "$out/$src.clm" "$@" > "$out/$src.train.log"
    "$cli" evaluate --model "$out/$src.clm" --data "$work/$src/held" --json > "$out/$src.eval.json"
    python3 - "$src" "$out/$src.eval.json" <<'PY'
import json, sys
src, path = sys.argv[1], sys.argv[2]
m = json.load(open(path))
present = [c for c, row in zip(m["classes"], m["confusion"]) if sum(row) > 0]
f1 = sum(m["per_class"][c]["f1"] for c in present) / len(present)
recall = ", ".join(f"{c} {m['per_class'][c]['recall']:.3f} (n={sum(r)})"
                   for c, r in zip(m["classes"], m["confusion"]) if sum(r) > 0)
print(f"{src}: n={m['n']} accuracy {m['accuracy']:.3f} macro-F1 (classes present) {f1:.3f}; recall: {recall}")
PY
done
