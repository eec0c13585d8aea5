#pragma once

#include "core/ml/metrics.h"
#include "core/ml/rankdiagnostics.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace chestlens {

/// Everything a training run needs; the defaults are the product's recommended recipe.
struct TrainOptions
{
    QString dataDir;                    ///< labelled folder DIR/<class>/<image>
    QString outPath;                    ///< model file to write (checkpoint: outPath + ".ckpt")
    QString arch = QStringLiteral("resnet");
    int width = 24;                     ///< resnet: channels of the first block
    int imageSize = 128;
    int stemStride = 0;                 ///< resnet: 2 or 4; 0 = 4 from 192 px up, else 2
    int epochs = 30;                    ///< upper bound; early stopping usually ends sooner
    int batch = 32;
    double lr = 2e-3;                   ///< peak learning rate (AdamW), cosine-decayed per batch
    double weightDecay = 1e-4;
    int warmupEpochs = 1;               ///< linear LR warm-up
    int patience = 8;                   ///< epochs without a better validation score before stopping; 0 = never stop early
    double valSplit = 0.2;
    quint64 seed = 42;
    int threads = 0;                    ///< 0 = all cores
    QString resumeFrom;                 ///< checkpoint to continue
    bool augment = true;
    double augmentStrength = 1.0;
    double labelSmoothing = 0.05;       ///< softens targets; also curbs over-confidence
    bool classWeights = true;           ///< inverse-frequency loss weights
    /// Balance the sources inside each class in the loss (sourceBalanceWeights(), core/data/split.h):
    /// 0 = off, 1 = every source of a class weighs as much as the others together. Sources come
    /// from the folder's MANIFEST.csv or sub-folders (LabelledImage::source). The default 0.5 made
    /// the bundled model recognise adult (ieee8023) pneumonia films: recall 1/11 -> 6/11 on the
    /// validation split, for 0.02 less overall accuracy (resources/models/README.md).
    double sourceBalance = 0.5;
    /// Exponential moving average of the weights, updated after every step; validation, early
    /// stopping and the written model use the average. 0 = off. With the warm-up below the decay
    /// is min(emaDecay, (1 + step) / (10 + step)).
    double emaDecay = 0.995;
    /// Mixup (Zhang et al., ICLR 2018): each training batch is blended with a shuffled copy of
    /// itself, x = l x + (1 - l) x', with l ~ Beta(mixup, mixup) folded to l >= 0.5 and the loss
    /// blended the same way. 0 = off.
    double mixup = 0.0;
    /// Within-class source adversary (core/ml/sourceadversary_p.h): a small network learns to tell
    /// a film's source from the classifier's pooled features given its class, and its gradient
    /// reaches the classifier reversed and scaled by this weight (ramped up over the run, Ganin et
    /// al., JMLR 2016). Only classes with two or more sources take part. 0 = off, at most 10 (a
    /// reversed gradient ten times the classifier's own already drowns it); not combinable with
    /// mixup or data-parallel ranks.
    double sourceAdversary = 0.0;
    bool keepDuplicates = false;        ///< train on near/exact duplicates and label conflicts too
    bool trimBorders = true;
    bool equalize = true;
    /// Square the films by cropping their central square instead of stretching them
    /// (PreprocessOptions::Fit). The default since the model of 2026-11-30 (afternoon): on the
    /// development data stretching turns the source's film shape into a cue (children's
    /// pneumonia films are wide), and cropping raised the Hannover-held-out COVID-19 recall from
    /// 0.80 to 0.93 at the same random-split accuracy (resources/models/README.md).
    bool centreCrop = true;
    /// Deep ensemble: train this many networks on the same data and split, each with its own
    /// random initialisation, shuffling, augmentation and dropout, and write them as one model
    /// whose probabilities are the members' average (one temperature fitted on the average).
    /// 1 = a single network. Running the same command again after an interruption reuses the
    /// finished members and continues the interrupted one from its checkpoint.
    int ensemble = 1;
    /// The member a run trains (0-based): offsets the random streams, never the split.
    int member = 0;
    QString modelName;                  ///< shown in the model card; default derived from arch/size
    /// Optional: validate on these item paths (relative to dataDir) instead of a random split;
    /// used for source-held-out experiments.
    QStringList holdOutPrefixes;        ///< files whose name starts with one of these go to validation only

    // Data-parallel training (core/ml/distributed.h, README "Training across machines"). Kept out
    // of toJson(): they say where a run was spread, not what it learned, and a resumed run takes
    // them from its own command line. The model file records the world size separately.
    int worldSize = 1;                  ///< ranks in the run; 1 = one process, no process group at all
    int rank = 0;                       ///< this process's rank, 0..worldSize-1; rank 0 validates, reports and writes
    QString master;                     ///< HOST:PORT where rank 0 serves the rendezvous (c10d TCPStore)
    int collectiveTimeoutSeconds = 60;  ///< limit on the rendezvous and on every collective; must exceed rank 0's validation time
    RankDiagnostics diagnostics;        ///< parameter fingerprints and a simulated crash; off by default

    QJsonObject toJson() const;
    /// Inverse of toJson() (dataDir included; outPath, resumeFrom, threads, modelName and the
    /// distributed fields keep their defaults). A missing `ema_decay` reads as 0: such recipes
    /// (and their checkpoints) predate weight averaging.
    static TrainOptions fromJson(const QJsonObject &o);
};

struct BatchProgress
{
    int member = 1, members = 1;        ///< 1-based ensemble member being trained
    int epoch = 0, epochs = 0;          ///< 1-based epoch
    int batch = 0, batches = 0;         ///< 1-based batch within the epoch
    double loss = 0, accuracy = 0;      ///< this batch
    double imagesPerSecond = 0;
    double etaSeconds = 0;              ///< for the whole run at the current pace (upper bound)
};

struct EpochProgress
{
    int member = 1, members = 1;        ///< 1-based ensemble member being trained
    int epoch = 0, epochs = 0;
    double trainLoss = 0, trainAccuracy = 0;
    double valLoss = 0, valAccuracy = 0, valMacroF1 = 0;
    double learningRate = 0;
    double seconds = 0;                 ///< this epoch, including validation
    double imagesPerSecond = 0;         ///< training images per second in this epoch
    bool improved = false;              ///< new best checkpoint
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
    double imagesPerSecond = 0;         ///< training images processed per second, whole run
    double temperature = 1.0;
    Metrics validation;                 ///< best epoch, calibrated
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
/// run() blocks; call it on a worker thread. Cancellation and pause are flags checked every batch;
/// a cancelled run still writes the best model so far (if any epoch finished).
/// With options.worldSize > 1, run() is one rank of a data-parallel run (core/ml/distributed.h):
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

    TrainOptions m_options;
};

} // namespace chestlens
