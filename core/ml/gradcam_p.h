#pragma once

#include "core/ml/gradcam.h"
#include "core/ml/modelinfo.h"
#include "core/ml/models_p.h"

namespace chestlens::ml {

/// The CAM computation on any network of the ChestNet family (the classifier's own, or a copy
/// with randomised weights for the sanity check). `info` supplies the class names, the
/// temperature and the architecture name (for the feature grid). With `toSource` false only the
/// feature-level map is computed (CamMap::heat stays empty).
/// @throws chestlens::Error (InvalidArgument) for an unknown layer or class index.
CamMap computeCam(ChestNetImpl &net, const ModelInfo &info, const PreparedImage &image,
                  const ExplainSettings &settings, bool toSource = true);

/// The feature grid of a `featureSize`-cell map of `architecture` for an `inputSize` input (see
/// FeatureGrid). Unknown architectures get the align-corners-false convention of resizing.
FeatureGrid featureGridFor(const QString &architecture, int inputSize, int featureSize);

} // namespace chestlens::ml
