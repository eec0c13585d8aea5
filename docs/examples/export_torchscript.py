#!/usr/bin/python3
"""Export a PyTorch chest-film classifier as a TorchScript model ChestLens can load.

The contract (see README, "TorchScript models"):
  * input  float32 N x 1 x S x S: the film as ChestLens prepares it (grey, stretched to S x S, or
    its central square with "resize": "centre-crop" in the preprocessing block),
    scaled to [0, 1] and normalised as (x - 0.5) / 0.25;
  * output (logits, feature_map): N x K logits computed from the N x C x h x w activations of
    the layer Grad-CAM should explain (a model returning only logits predicts but cannot explain);
  * an extra file "chestlens.json" in the archive with the class names and the input size.

usage: /usr/bin/python3 export_torchscript.py OUT.pt
(The network below is untrained; put your own trained model in its place.)
"""
import json
import sys

import torch
from torch import nn


class Net(nn.Module):
    def __init__(self, classes=4):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU())
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, classes))

    def forward(self, x):
        f = self.features(x)
        return self.head(f), f


model = Net().eval()
metadata = {
    "name": "my TorchScript model",
    "classes": ["normal", "covid", "pneumonia", "tuberculosis"],
    "image_size": 128,
    "preprocessing": {"trim_borders": True, "equalize": True},
    "temperature": 1.0,
}
scripted = torch.jit.script(model)
torch.jit.save(scripted, sys.argv[1], _extra_files={"chestlens.json": json.dumps(metadata)})
