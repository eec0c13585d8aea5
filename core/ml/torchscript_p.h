#pragma once

// TorchScript models exported from Python, used like ChestLens models for prediction and
// Grad-CAM. The contract (also in the README, with an export snippet in
// docs/examples/export_torchscript.py):
//
//  * input: float32 N x 1 x S x S, the film as ChestLens prepares it (grey, borders trimmed and
//    equalised per the model's preprocessing options, stretched to S x S or, with "resize":
//    "centre-crop", its central square), scaled to [0, 1] and
//    normalised as (x - 0.5) / 0.25;
//  * output: N x K logits, or a tuple (logits, feature_map) where feature_map is the N x C x h x w
//    activation of the layer to explain and the logits are computed from it (Grad-CAM
//    differentiates the logits with respect to it);
//  * the archive carries an extra file "chestlens.json":
//    {"classes": [...], "image_size": S, "name": "...", "temperature": 1.0,
//     "preprocessing": {"trim_borders": true, "equalize": true}}  (only "classes" and
//    "image_size" are required).

#include "core/ml/modelfile_p.h"

#include <QByteArray>
#include <QString>

namespace chestlens::ml {

/// The name the exported archive's metadata file must have.
inline constexpr char kTorchScriptMetadataFile[] = "chestlens.json";
/// The layer name under which a (logits, feature_map) TorchScript model offers its feature map.
inline constexpr char kTorchScriptCamLayer[] = "features";

/// True for a zip archive (the container TorchScript writes).
bool looksLikeTorchScript(const QByteArray &bytes);

/// Loads a TorchScript archive, checks it against the contract above with a forward pass on a
/// blank input, and wraps it as a ChestNet.
/// @throws chestlens::Error (InvalidModel) naming `path` and what breaks the contract.
LoadedModel loadTorchScriptModel(const QString &path, const QByteArray &bytes);

} // namespace chestlens::ml
