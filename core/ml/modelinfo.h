#pragma once

#include "core/ml/preprocess.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace chestlens {

/// The self-describing part of a ChestLens model file (everything but the weights). Torch-free so
/// the GUI can show a model card.
struct ModelInfo
{
    QString path;   ///< where it was loaded from
    QString sha256; ///< of the whole file, hex
    QString name;   ///< human name, e.g. "ChestLens default (resnet, 128 px)"
    QStringList classes;
    QString architecture; ///< "resnet", "seed", "torchscript"
    QJsonObject architectureSpec;
    PreprocessOptions preprocessing;
    double temperature = 1.0;
    QString created; ///< ISO 8601
    QString chestlensVersion;
    QJsonObject metadata; ///< the complete metadata block (training options, split, metrics…)

    /// Validation metrics (calibrated) as stored by the trainer, or an empty object.
    QJsonObject validationMetrics() const;
    /// Where training started, in one line: "random weights", "ImageNet MobileNetV2 … (SHA-256
    /// 1a2b3c4d…)" or the parent model's name, file and hash; empty for files that do not say.
    QString startedFrom() const;
    /// A short multi-line model card (classes, architecture, metrics, date, hash).
    QString summary() const;
};

} // namespace chestlens
