#pragma once

// Pieces the single-network trainer (trainer.cpp) and the ensemble runner (ensembletrainer.cpp)
// share: evaluation of a network on a decoded set, calibration, and the model file's split.

#include "core/data/labelledfolder.h"
#include "core/ml/calibration.h"
#include "core/ml/models_p.h"
#include "core/ml/tensorcache_p.h"
#include "core/ml/trainer.h"

#include <QJsonArray>
#include <QJsonObject>

#include <vector>

namespace chestlens::ml {

/// A network's logits on a decoded set, with the set's labels.
struct EvalOutput
{
    std::vector<std::vector<float>> logits;
    std::vector<int> labels;
};

/// Logits of `net` (in evaluation mode, without gradients) for every film of `cache`.
EvalOutput predictLogits(const ChestNet &net, const TensorCache &cache);

/// Fits the temperature on the validation logits and fills `result`'s validation metrics
/// (calibrated and not) and per-film probabilities.
TemperatureFit calibrateOnValidation(const EvalOutput &ev, const QStringList &classes, TrainResult &result);

/// The model file's `metrics` block.
QJsonObject metricsJson(const TrainResult &result, const TemperatureFit &fit);

/// Item indices of `folder` for the relative paths a model file's split records.
/// @throws chestlens::Error (InvalidArgument, naming `file`) when a path is no longer in the folder.
std::vector<int> indicesFromRelativePaths(const LabelledFolder &folder, const QJsonArray &paths,
                                          const QString &file);

/// TrainOptions::threads with 0 resolved to the machine's cores; also sets torch's thread count.
int useTrainingThreads(const TrainOptions &options);

/// The run's log hook, when it has one.
void logTo(const TrainCallbacks &callbacks, const QString &message);

} // namespace chestlens::ml
