#pragma once

#include "core/ml/torchinclude_p.h"

namespace chestlens::ml {

/// Random transformations applied on the fly to a training batch, all vectorised over the batch.
/// Ranges are the published recipe's (rotation, shift, zoom, brightness/contrast) plus the
/// domain-shift ones (gamma, blur, noise, erased corners) that imitate other scanners and sites.
/// `strength` scales every range (0 = off, 1 = the defaults below).
struct AugmentOptions
{
    double strength = 1.0;
    double maxRotationDeg = 10.0;   ///< recipe: random rotation
    double maxShift = 0.08;         ///< fraction of the side; recipe: translation
    double maxZoom = 0.10;          ///< +-10 % scale; recipe: zoom
    double maxBrightness = 0.10;    ///< additive, on [0, 1] intensities
    double maxContrast = 0.20;      ///< multiplicative +-20 %
    double maxLogGamma = 0.35;      ///< gamma in [e^-0.35, e^0.35] ~ [0.70, 1.42]
    double blurProbability = 0.25;  ///< 3x3 Gaussian blur (softer detectors, resampled films)
    double maxNoise = 0.03;         ///< Gaussian noise sigma upper bound
    double eraseProbability = 0.3;  ///< blank a random corner patch (labels, markers, rulers)
};

/// `images`: N x 1 x S x S float in [0, 1]. Returns augmented images in [0, 1], same shape.
/// Labels are untouched by construction. Deterministic for a given generator state.
torch::Tensor augmentBatch(const torch::Tensor &images, const AugmentOptions &options, torch::Generator &gen);

/// (x - 0.5) / 0.25: the fixed normalisation every ChestLens network expects.
torch::Tensor normaliseInput(const torch::Tensor &images01);

} // namespace chestlens::ml
