#pragma once

#include "core/ml/metrics.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <vector>

namespace chestlens {

class Classifier;
struct ModelInfo;
struct LabelledFolder;

/// A model's predictions on a labelled folder, with metrics overall and per source.
struct EvaluationResult
{
    Metrics metrics;                               ///< calibrated probabilities
    QMap<QString, Metrics> perSource;              ///< by LabelledImage::source, when known
    QStringList files;                             ///< evaluated films (absolute paths)
    std::vector<int> labels;                       ///< in the model's class order
    std::vector<std::vector<float>> probabilities; ///< calibrated, model's class order
    QStringList failures;                          ///< "file: cause"
    /// "file: reason" for films the model may not judge (Applicability): read, but left out of
    /// every row above and of the metrics.
    QStringList inapplicable;
};

/// For each class folder of `folder` (label order), its index among the model's classes.
/// @throws chestlens::Error (InvalidArgument) naming the folder when a class is unknown to the model.
std::vector<int> modelClassIndices(const ModelInfo &info, const LabelledFolder &folder);

/// Evaluates `classifier` on every readable film of `folder` that it may judge (header and pixel
/// applicability checks; the others are listed in `inapplicable`). The folder's classes are matched to
/// the model's by name. @throws chestlens::Error (InvalidArgument) when the folder has a class the
/// model does not know. With `tta`, each film's probabilities are the mean over the classifier's
/// test-time views (Classifier::predictPrepared with PredictOptions::tta), five forward passes each.
EvaluationResult evaluateModel(const Classifier &classifier, const LabelledFolder &folder, int threads = 0,
                               const std::function<void(int, int)> &progress = {},
                               const std::atomic<bool> *cancel = nullptr, bool tta = false);

} // namespace chestlens
