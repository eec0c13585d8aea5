#!/usr/bin/env bash
# End-to-end training throughput of chestlens-cli vs the PyTorch/Python peer
# (../shared/bench/torch_baseline.py), same recipe (seed CNN), size, epochs and threads, run back
# to back on the same machine. Prints one line per tool and the ratio.
#
# usage: benchmarks/train_vs_baseline.sh [EPOCHS] [SIZE] [THREADS]
# needs: a built tree (make), python3-torch python3-torchvision python3-pil, ../shared/data/cxr4
set -euo pipefail
epochs=${1:-3}
size=${2:-128}
threads=${3:-2}
root=$(cd "$(dirname "$0")/.." && pwd)
data=${CHESTLENS_DATA:-$root/../shared/data}/cxr4
cli=$root/build/bin/chestlens-cli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

t0=$(date +%s.%N)
/usr/bin/python3 "$root/../shared/bench/torch_baseline.py" "$data" --size "$size" --epochs "$epochs" \
    --patience 1000 --threads "$threads" --out "$work/peer.json" > "$work/peer.log"
t1=$(date +%s.%N)
"$cli" train --data "$data" --out "$work/seed.clm" --arch seed --image-size "$size" --epochs "$epochs" \
    --patience 1000 --threads "$threads" --json > "$work/ours.jsonl"
t2=$(date +%s.%N)

python3 - "$work" "$t0" "$t1" "$t2" "$epochs" <<'PY'
import json, sys
work, t0, t1, t2, epochs = sys.argv[1], *map(float, sys.argv[2:5]), int(sys.argv[5])
peer = json.load(open(f"{work}/peer.json"))
lines = [json.loads(l) for l in open(f"{work}/ours.jsonl")]
done = [l for l in lines if l.get("event") == "done"][0]
ep = [l for l in lines if l.get("event") == "epoch"]
peer_wall, ours_wall = t1 - t0, t2 - t1
peer_ips = peer["train_img_per_s"]
ours_ips = done["images_per_second"]
print(f"peer  (torch_baseline.py): {peer_ips:7.1f} train img/s (its own clock), wall {peer_wall:6.1f} s for {epochs} epochs, val acc {peer['val']['accuracy']:.3f}")
print(f"ours  (chestlens-cli)    : {ours_ips:7.1f} train img/s (training loop), wall {ours_wall:6.1f} s for {epochs} epochs, val acc {done['validation']['accuracy']:.3f}")
print(f"wall-clock ratio (peer / ours, whole command incl. decode, dedup, validation): {peer_wall / ours_wall:.2f}x")
print(f"training-loop ratio (ours / peer img/s): {ours_ips / peer_ips:.2f}x")
PY
