#pragma once

// The options of a training run and the one description of what each accepts. The trainer, the
// command line and the training dialog all read the limits below: the trainer refuses options with
// problems(), `chestlens-cli train` parses and checks its numeric options from trainOptionFields(),
// and the dialog's spin boxes take their ranges and defaults from the same limits.

#include "core/ml/rankdiagnostics.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace chestlens {

/// The accepted range of one numeric training option.
struct OptionLimit
{
    const char *option;      ///< command-line name without "--" ("image-size"); problems() use it too
    const char *description; ///< one line, for --help and tool tips
    double min;              ///< smallest accepted value (a bound only, when minExclusive)
    double max;              ///< largest accepted value (a bound only, when maxExclusive)
    double defaultValue;     ///< TrainOptions' default
    bool integer = true;     ///< whole numbers only
    int multipleOf = 1;      ///< integer options: the value must be a multiple of this
    bool minExclusive = false;
    bool maxExclusive = false;

    /// Whether `value` lies in the range (and is a multiple of multipleOf).
    bool accepts(double value) const;
    /// The rule in words, e.g. "--image-size must be a multiple of 16 from 32 to 1024".
    QString rule() const;
};

/// The limits of every numeric option in TrainOptions.
namespace trainlimits {

constexpr OptionLimit intLimit(const char *option, const char *description, int min, int max,
                               int defaultValue, int multipleOf = 1)
{
    return {option, description, double(min), double(max), double(defaultValue),
            true,   multipleOf,  false,       false};
}

constexpr OptionLimit realLimit(const char *option, const char *description, double min, double max,
                                double defaultValue, bool minExclusive = false, bool maxExclusive = false)
{
    return {option, description, min, max, defaultValue, false, 1, minExclusive, maxExclusive};
}

/// Upper bounds below are generous: they catch typing errors, not unusual recipes.
inline constexpr OptionLimit width = intLimit("width", "resnet: channels of the first block", 4, 256, 24);
/// Multiples of 16: the networks halve the input four times.
inline constexpr OptionLimit imageSize =
    intLimit("image-size", "Input side in pixels, multiple of 16", 32, 1024, 128, 16);
/// 0 = 4 from 192 px up, else 2; otherwise 2 or 4 (see problems()).
inline constexpr OptionLimit stemStride = intLimit(
    "stem-stride", "resnet: down-sampling of the stem, 2 or 4; 0 = 4 from 192 px up, else 2", 0, 4, 0);
inline constexpr OptionLimit epochs =
    intLimit("epochs", "Maximum epochs; early stopping usually ends sooner", 1, 1000, 30);
inline constexpr OptionLimit batch = intLimit("batch", "Batch size", 1, 1024, 32);
inline constexpr OptionLimit lr =
    realLimit("lr", "Peak learning rate (AdamW), cosine-decayed per batch", 0.0, 1.0, 2e-3, true, false);
/// 0 = the default: lr / 10 when starting from a model (--from), lr otherwise.
inline constexpr OptionLimit lrBackbone = realLimit(
    "lr-backbone", "Peak learning rate of every layer but the classifier; 0 = lr / 10 with --from, else lr",
    0.0, 1.0, 0.0);
inline constexpr OptionLimit weightDecay = realLimit("weight-decay", "AdamW weight decay", 0.0, 1.0, 1e-4);
inline constexpr OptionLimit warmupEpochs =
    intLimit("warmup-epochs", "Epochs of linear LR warm-up", 0, 100, 1);
inline constexpr OptionLimit patience =
    intLimit("patience", "Early-stopping patience in epochs, 0 = off", 0, 1000, 8);
inline constexpr OptionLimit valSplit =
    realLimit("val-split", "Validation fraction", 0.0, 1.0, 0.2, true, true);
inline constexpr OptionLimit threads = intLimit("threads", "CPU threads, 0 = all cores", 0, 4096, 0);
inline constexpr OptionLimit augmentStrength =
    realLimit("augment-strength", "Scale of all augmentation ranges, 0 = none", 0.0, 4.0, 1.0);
inline constexpr OptionLimit labelSmoothing =
    realLimit("label-smoothing", "Label smoothing of the targets", 0.0, 1.0, 0.05, false, true);
inline constexpr OptionLimit sourceBalance = realLimit(
    "source-balance",
    "Weigh the sources inside each class equally in the loss, 0 = off, 1 = fully. Sources come from "
    "DIR/MANIFEST.csv or sub-folders",
    0.0, 1.0, 0.5);
inline constexpr OptionLimit emaDecay =
    realLimit("ema-decay", "Decay of the weight average used for validation and the model file, 0 = off", 0.0,
              1.0, 0.995, false, true);
/// Beta(A, A) with A above 100 is a constant 0.5 in all but name.
inline constexpr OptionLimit mixup = realLimit(
    "mixup",
    "Mixup: blend each training batch with a shuffled copy of itself, mixing ratio from Beta(A, A); 0 = off",
    0.0, 100.0, 0.0);
/// A reversed gradient ten times the classifier's own already drowns it.
inline constexpr OptionLimit sourceAdversary = realLimit(
    "source-adversary",
    "Within-class source adversary: penalise features from which a small network can tell a film's source "
    "given its class, with weight W; 0 = off. Needs two or more sources in a class (DIR/MANIFEST.csv or "
    "sub-folders); not combinable with --mixup",
    0.0, 10.0, 0.0);
/// The largest ensemble a model file holds.
inline constexpr OptionLimit ensemble = intLimit(
    "ensemble",
    "Train N networks with their own random initialisation on the same split and write them as one model "
    "averaging their probabilities. Running the same command again after an interruption reuses the "
    "finished members",
    1, 16, 1);
inline constexpr OptionLimit member = intLimit("member", "Ensemble member a run trains (0-based)", 0, 15, 0);
inline constexpr OptionLimit worldSize = intLimit(
    "world-size", "Data-parallel across machines: number of ranks training together, one process each", 1,
    1024, 1);
inline constexpr OptionLimit rank =
    intLimit("rank", "Data-parallel: this process's rank, 0..N-1. Rank 0 validates, reports and writes MODEL",
             0, 1023, 0);
inline constexpr OptionLimit collectiveTimeout = intLimit(
    "timeout",
    "Data-parallel: seconds a rank waits for the others (start-up and every exchange) before failing", 1,
    86400, 60);

} // namespace trainlimits

/// Everything a training run needs; the defaults are the product's recommended recipe and the
/// accepted ranges are in trainlimits.
struct TrainOptions
{
    QString dataDir; ///< labelled folder DIR/<class>/<image>
    QString outPath; ///< model file to write (checkpoint: outPath + ".ckpt")
    QString arch = QStringLiteral("resnet");
    /// Starting weights: "imagenet" (the bundled ImageNet MobileNetV2; mobilenetv2 only), "random",
    /// or empty for the architecture's default (imagenet for mobilenetv2, random otherwise).
    QString init;
    /// A ChestLens model to retrain: its network, input size and preprocessing are kept. Same class
    /// names (same order) → its classifier continues too; other classes → a new classifier (rows
    /// of classes both have are copied), same features. Empty: start from `init`.
    QString fromModel;
    /// "backbone": only the classifier learns (batch-norm statistics still follow the new films);
    /// "none" (default): every layer learns, the pretrained ones at lrBackbone.
    QString freeze = QStringLiteral("none");
    double lrBackbone = trainlimits::lrBackbone.defaultValue; ///< 0 = lr / 10 with fromModel, else lr
    int width = int(trainlimits::width.defaultValue);         ///< resnet: channels of the first block
    int imageSize = int(trainlimits::imageSize.defaultValue); ///< input side in pixels
    int stemStride =
        int(trainlimits::stemStride.defaultValue);      ///< resnet: 2 or 4; 0 = 4 from 192 px up, else 2
    int epochs = int(trainlimits::epochs.defaultValue); ///< upper bound; early stopping usually ends sooner
    int batch = int(trainlimits::batch.defaultValue);
    double lr = trainlimits::lr.defaultValue; ///< peak learning rate (AdamW), cosine-decayed per batch
    double weightDecay = trainlimits::weightDecay.defaultValue;
    int warmupEpochs = int(trainlimits::warmupEpochs.defaultValue); ///< linear LR warm-up
    /// Epochs without a better validation score before stopping; 0 = never stop early.
    int patience = int(trainlimits::patience.defaultValue);
    double valSplit = trainlimits::valSplit.defaultValue;
    quint64 seed = 42;
    int threads = int(trainlimits::threads.defaultValue); ///< 0 = all cores
    QString resumeFrom;                                   ///< checkpoint to continue
    bool augment = true;
    double augmentStrength = trainlimits::augmentStrength.defaultValue;
    double labelSmoothing =
        trainlimits::labelSmoothing.defaultValue; ///< softens targets; also curbs over-confidence
    bool classWeights = true;                     ///< inverse-frequency loss weights
    /// Balance the sources inside each class in the loss (sourceBalanceWeights(), core/data/split.h):
    /// 0 = off, 1 = every source of a class weighs as much as the others together. Sources come
    /// from the folder's MANIFEST.csv or sub-folders (LabelledImage::source). Why the default is
    /// 0.5: resources/models/README.md.
    double sourceBalance = trainlimits::sourceBalance.defaultValue;
    /// Exponential moving average of the weights, updated after every step; validation, early
    /// stopping and the written model use the average. 0 = off. With the warm-up below the decay
    /// is min(emaDecay, (1 + step) / (10 + step)).
    double emaDecay = trainlimits::emaDecay.defaultValue;
    /// Mixup (Zhang et al., ICLR 2018): each training batch is blended with a shuffled copy of
    /// itself, x = l x + (1 - l) x', with l ~ Beta(mixup, mixup) folded to l >= 0.5 and the loss
    /// blended the same way. 0 = off.
    double mixup = trainlimits::mixup.defaultValue;
    /// Within-class source adversary (core/ml/sourceadversary_p.h): a small network learns to tell
    /// a film's source from the classifier's pooled features given its class, and its gradient
    /// reaches the classifier reversed and scaled by this weight (ramped up over the run, Ganin et
    /// al., JMLR 2016). Only classes with two or more sources take part. 0 = off; not combinable
    /// with mixup or data-parallel ranks.
    double sourceAdversary = trainlimits::sourceAdversary.defaultValue;
    bool keepDuplicates = false; ///< train on near/exact duplicates and label conflicts too
    bool trimBorders = true;
    bool equalize = true;
    /// Square the films by cropping their central square instead of stretching them
    /// (PreprocessOptions::Fit). Stretching turns a source's film shape into a cue the network can
    /// learn instead of the disease (resources/models/README.md, "Centre crop").
    bool centreCrop = true;
    /// Deep ensemble: train this many networks on the same data and split, each with its own
    /// random initialisation, shuffling, augmentation and dropout, and write them as one model
    /// whose probabilities are the members' average (one temperature fitted on the average).
    /// 1 = a single network. Running the same command again after an interruption reuses the
    /// finished members and continues the interrupted one from its checkpoint.
    int ensemble = int(trainlimits::ensemble.defaultValue);
    /// The member a run trains (0-based): offsets the random streams, never the split.
    int member = int(trainlimits::member.defaultValue);
    QString modelName; ///< shown in the model card; default derived from arch/size
    /// Files whose name starts with one of these go to validation only, instead of a random
    /// split; used for source-held-out experiments.
    QStringList holdOutPrefixes;
    /// A regular expression on file names: films that give the same first capture group are one
    /// patient's and stay on one side of the random split (patientKeys(), core/data/split.h).
    /// Empty: every film is its own patient.
    QString groupBy;

    // Data-parallel training (core/ml/distributed.h, README "Training across machines"). Kept out
    // of toJson(): they say where a run was spread, not what it learned, and a resumed run takes
    // them from its own command line. The model file records the world size separately.
    int worldSize =
        int(trainlimits::worldSize.defaultValue); ///< ranks in the run; 1 = one process, no process group
    int rank =
        int(trainlimits::rank.defaultValue); ///< this process's rank; rank 0 validates, reports and writes
    QString master;                          ///< HOST:PORT where rank 0 serves the rendezvous (c10d TCPStore)
    /// Limit on the rendezvous and on every collective; must exceed rank 0's validation time.
    int collectiveTimeoutSeconds = int(trainlimits::collectiveTimeout.defaultValue);
    RankDiagnostics diagnostics; ///< parameter fingerprints and a simulated crash; off by default

    /// Every rule these options break, one plain sentence each naming the option by its
    /// command-line name: the ranges in trainlimits and the combinations that cannot work
    /// (--mixup with --source-adversary, an ensemble across ranks, ...). Empty when the options
    /// can train. Paths and the data are not checked here.
    QStringList problems() const;
    /// Where the weights start: "model" (fromModel), or `init` with the architecture's default
    /// filled in: "imagenet" or "random".
    QString effectiveInit() const;
    /// lrBackbone with its default filled in.
    double effectiveLrBackbone() const;

    QJsonObject toJson() const;
    /// Inverse of toJson() (dataDir included; outPath, resumeFrom, threads, modelName and the
    /// distributed fields keep their defaults). A missing `ema_decay` reads as 0: such recipes
    /// (and their checkpoints) predate weight averaging.
    static TrainOptions fromJson(const QJsonObject &o);
};

/// One numeric member of TrainOptions with its limit, for code that handles them alike (the
/// command line parses them from this table). Exactly one of the member pointers is set.
struct TrainOptionField
{
    const OptionLimit *limit;
    int TrainOptions::*intMember;
    double TrainOptions::*realMember;
    bool onCommandLine; ///< `chestlens-cli train --<limit->option>` sets it

    double value(const TrainOptions &o) const { return intMember ? double(o.*intMember) : o.*realMember; }
    /// Sets the member; integer members take `v` truncated (pass whole numbers).
    void set(TrainOptions &o, double v) const;
};

/// Every numeric option of TrainOptions, in the order the command line lists them.
const std::vector<TrainOptionField> &trainOptionFields();

} // namespace chestlens
