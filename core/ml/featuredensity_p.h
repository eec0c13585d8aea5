#pragma once

// The pixel half of the applicability check: how far a film's pooled network features lie from
// those of the training films.

#include "core/ml/models_p.h"
#include "core/ml/torchinclude_p.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <limits>
#include <string>
#include <vector>

namespace chestlens::ml {

/// Logits and the spatially averaged activations of one layer for a batch of normalised inputs.
/// Ensembles concatenate their members' pooled activations.
struct PooledForward
{
    torch::Tensor logits;   ///< N x K
    torch::Tensor features; ///< N x D
};
PooledForward pooledForward(ChestNetImpl &net, const torch::Tensor &input, const std::string &layer,
                            int grid = 1);

/// How the density is fitted; every field is stored in the model file.
struct DensityOptions
{
    /// Layer whose activations are averaged ("" = the last convolutional block, which carries the
    /// most class- and domain-specific information; Lee et al. 2018 found it the strongest single layer).
    std::string layer;
    /// Leading principal directions of the shared covariance kept exactly; the rest is modelled
    /// by one residual variance. Fewer directions than films keeps the inverse stable.
    int components = 128;
    /// The layer's activations are averaged over a grid x grid partition of the film (1 = global
    /// average). 2 keeps where on the film a pattern lies: it refused 21 of 23 lateral films where
    /// the global average refused 20, and fewer unseen frontal films (docs/APPLICABILITY.md).
    int grid = 2;
    /// Share of the validation films the threshold accepts (the rest are the tail the check refuses).
    double acceptRate = 0.99;
};

/// Class-conditional Gaussians with one shared covariance on pooled features (the Mahalanobis
/// detector of Lee, Lee, Lee & Shin, NeurIPS 2018). A film's distance is the smallest squared
/// Mahalanobis distance to a class mean, divided by the feature count so that 1 is typical.
struct FeatureDensity
{
    DensityOptions options;
    torch::Tensor classMeans; ///< K x D
    torch::Tensor basis;      ///< D x C, orthonormal columns (principal directions)
    torch::Tensor variances;  ///< C, variance along each direction
    double residualVariance = 1.0;
    double threshold = std::numeric_limits<double>::infinity();
    int fittedOn = 0;    ///< training films the Gaussians come from
    int thresholdOn = 0; ///< validation films the threshold comes from

    bool isNull() const { return !classMeans.defined(); }
    /// N x D features -> N distances.
    torch::Tensor distances(const torch::Tensor &features) const;

    /// Scalars and shapes for the model file's metadata ("applicability"); the tensors travel in
    /// tensorBlob() (the model file's extra block).
    QJsonObject toJson() const;
    QByteArray tensorBlob() const;
    /// @throws chestlens::Error (InvalidModel) naming `path` when the stored statistics are damaged.
    static FeatureDensity fromStored(const QJsonObject &json, const QByteArray &blob, const QString &path);
};

/// Pooled features of every row of `images` (N x 1 x S x S uint8, as TensorCache holds them),
/// with their logits, `kForwardBatch` rows per pass. Puts `net` in eval mode.
PooledForward pooledForwardAll(ChestNetImpl &net, const torch::Tensor &images, const std::string &layer,
                               int grid = 1);

/// Fits the Gaussians on the training films' features and sets the threshold to the
/// `options.acceptRate` quantile of the validation films' distances.
/// @throws chestlens::Error (InvalidArgument) with fewer than two training films per class.
FeatureDensity fitFeatureDensity(const torch::Tensor &trainFeatures, const std::vector<int> &trainLabels,
                                 int numClasses, const torch::Tensor &valFeatures,
                                 const DensityOptions &options);

} // namespace chestlens::ml
