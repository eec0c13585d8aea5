#pragma once

#include "core/ml/torchinclude_p.h"

#include <functional>

namespace chestlens::ml {

/// Random transformations applied on the fly to a training batch, all vectorised over the batch.
/// Ranges are the published recipe's (rotation, shift, zoom, brightness/contrast) plus the
/// domain-shift ones (gamma, blur, noise, erased corners) that imitate other scanners and sites.
/// `strength` scales every range (0 = off, 1 = the defaults below).
struct AugmentOptions
{
    double strength = 1.0;
    double maxRotationDeg = 10.0;  ///< recipe: random rotation
    double maxShift = 0.08;        ///< fraction of the side; recipe: translation
    double maxZoom = 0.10;         ///< +-10 % scale; recipe: zoom
    double maxBrightness = 0.10;   ///< additive, on [0, 1] intensities
    double maxContrast = 0.20;     ///< multiplicative +-20 %
    double maxLogGamma = 0.35;     ///< gamma in [e^-0.35, e^0.35] ~ [0.70, 1.42]
    double blurProbability = 0.25; ///< 3x3 Gaussian blur (softer detectors, resampled films)
    double maxNoise = 0.03;        ///< Gaussian noise sigma upper bound
    double eraseProbability = 0.3; ///< blank a random corner patch (labels, markers, rulers)
};

/// `images`: N x 1 x S x S float in [0, 1]. Returns augmented images in [0, 1], same shape.
/// Labels are untouched by construction. Deterministic for a given generator state.
torch::Tensor augmentBatch(const torch::Tensor &images, const AugmentOptions &options, torch::Generator &gen);

/// A mixup batch (Zhang et al., "mixup: Beyond Empirical Risk Minimization", ICLR 2018):
/// images = ratio * x + (1 - ratio) * x[partner].
struct MixedBatch
{
    torch::Tensor images;
    torch::Tensor partner; ///< permutation of 0..N-1: the film each row was blended with
    double ratio = 1.0;    ///< weight of the row's own film, in [0.5, 1]
};

/// Blends the batch with a shuffled copy of itself. The ratio is drawn from Beta(alpha, alpha)
/// (as G1 / (G1 + G2) of two Gamma(alpha) variates) and folded to max(l, 1 - l), so each row's own
/// film dominates and keeps its label as the majority target. alpha > 0; a batch of one film is
/// returned unchanged (ratio 1).
MixedBatch mixBatch(const torch::Tensor &images, double alpha, torch::Generator &gen);

/// Mixup's loss: ratio * loss(y, rows) + (1 - ratio) * loss(y[partner], rows[partner]), where
/// `loss(targets, rows)` is the batch loss against `targets` for the training films `rows`. An
/// unmixed batch (ratio 1) costs one call.
torch::Tensor
mixupLoss(const MixedBatch &mixed, const torch::Tensor &y, const torch::Tensor &rows,
          const std::function<torch::Tensor(const torch::Tensor &targets, const torch::Tensor &rows)> &loss);

/// (x - 0.5) / 0.25: the fixed normalisation every ChestLens network expects.
torch::Tensor normaliseInput(const torch::Tensor &images01);

} // namespace chestlens::ml
