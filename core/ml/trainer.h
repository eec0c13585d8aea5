#pragma once

#include "core/ml/metrics.h"
#include "core/ml/trainoptions.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace chestlens {

struct BatchProgress
{
    int member = 1, members = 1;   ///< 1-based ensemble member being trained
    int epoch = 0, epochs = 0;     ///< 1-based epoch
    int batch = 0, batches = 0;    ///< 1-based batch within the epoch
    double loss = 0, accuracy = 0; ///< this batch
    double imagesPerSecond = 0;
    double etaSeconds = 0; ///< for the whole run at the current pace (upper bound)
};

struct EpochProgress
{
    int member = 1, members = 1; ///< 1-based ensemble member being trained
    int epoch = 0, epochs = 0;
    double trainLoss = 0, trainAccuracy = 0;
    double valLoss = 0, valAccuracy = 0, valMacroF1 = 0;
    double learningRate = 0;
    double seconds = 0;         ///< this epoch, including validation
    double imagesPerSecond = 0; ///< training images per second in this epoch
    bool improved = false;      ///< new best checkpoint
    int bestEpoch = 0;
    /// With --source-adversary: the adversary's source accuracy on this epoch's training films,
    /// each source of a class weighted equally (chance: 1 / sources of the class). Falling towards
    /// chance means the pooled features stop carrying the source. -1 = no adversary.
    double sourceAdversaryAccuracy = -1;

    QJsonObject toJson() const;
};

/// Hooks the trainer calls on its own thread. All optional.
struct TrainCallbacks
{
    std::function<void(const QString &stage, int done, int total)> onPrepare; ///< scanning/dedup/decoding
    std::function<void(const BatchProgress &)> onBatch;
    std::function<void(const EpochProgress &)> onEpoch;
    std::function<void(const QString &message)> onLog;
};

struct TrainResult
{
    QString modelPath;
    QString checkpointPath;
    bool cancelled = false;
    int epochsRun = 0;
    int bestEpoch = 0;
    double seconds = 0;
    double imagesPerSecond = 0; ///< training images processed per second, whole run
    double temperature = 1.0;
    Metrics validation; ///< best epoch, calibrated
    Metrics validationUncalibrated;
    /// Per validation film (best epoch): true label and calibrated probabilities, for ROC curves and
    /// reliability diagrams.
    std::vector<int> validationLabels;
    std::vector<std::vector<float>> validationProbabilities;
    int trainImages = 0, valImages = 0;
    int excludedDuplicates = 0;
};

/// Architectures TrainOptions::arch accepts, with a one-line description each.
std::vector<std::pair<QString, QString>> trainableArchitectures();

/// A GUI-free training job: the CLI, the GUI's training dialog and the tests drive the same code.
/// run() blocks; call it on a worker thread. It refuses options with TrainOptions::problems(). Cancellation
/// and pause are flags checked every batch; a cancelled run still writes the best model so far (if any epoch
/// finished). With options.worldSize > 1, run() is one rank of a data-parallel run (core/ml/distributed.h):
/// only rank 0 calls onBatch/onEpoch and writes files; pause and cancel act on every rank.
class Trainer
{
public:
    explicit Trainer(TrainOptions options);
    ~Trainer();

    /// @throws chestlens::Error for invalid data/options, unreadable checkpoints and write failures.
    TrainResult run(const TrainCallbacks &callbacks = {}, const std::atomic<bool> *cancel = nullptr,
                    const std::atomic<bool> *pause = nullptr);

    const TrainOptions &options() const { return m_options; }

    /// Checkpoint path used for `outPath`.
    static QString checkpointPathFor(const QString &outPath);

private:
    /// TrainOptions::ensemble > 1: trains the members one after another (as single runs writing
    /// OUT.member<i>), then combines them, calibrates the combination and writes OUT.
    TrainResult runEnsemble(const TrainCallbacks &callbacks, const std::atomic<bool> *cancel,
                            const std::atomic<bool> *pause);
    /// The members of runEnsemble(), reusing finished ones and resuming an interrupted one; returns
    /// the member files written so far. `cancelled` is set when a member was cancelled.
    QStringList trainMembers(const TrainCallbacks &callbacks, const std::atomic<bool> *cancel,
                             const std::atomic<bool> *pause, bool &cancelled);

    TrainOptions m_options;
};

} // namespace chestlens
