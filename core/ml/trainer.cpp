#include "core/ml/trainer.h"

#include "core/data/dedup.h"
#include "core/data/labelledfolder.h"
#include "core/data/split.h"
#include "core/error.h"
#include "core/film/imagewriter.h"
#include "core/ml/augment_p.h"
#include "core/ml/calibration.h"
#include "core/ml/distributed_p.h"
#include "core/ml/modelfile_p.h"
#include "core/ml/sourceadversary_p.h"
#include "core/ml/tensorcache_p.h"
#include "core/ml/weightaverage_p.h"

#include <chestlens/version.h>

#include <ATen/CPUGeneratorImpl.h>

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QMap>
#include <QThread>
#include <QtEndian>

#include <cmath>
#include <thread>

namespace chestlens {

using namespace chestlens::ml;

namespace {

/// Minimum gain in validation macro-F1 that counts as an improvement for early stopping.
constexpr double kMinImprovement = 1e-4;
constexpr int kEvalBatch = 128;
/// Mixed into the per-epoch seed of the global generator (dropout) so that its stream differs
/// from the per-epoch shuffling/augmentation generator's.
constexpr quint64 kDropoutSeedSalt = 0x9E3779B97F4A7C15ULL;
/// Data-parallel: mixed (times the rank) into the per-epoch seed of ranks > 0, which augment and
/// drop out with streams of their own; rank 0 keeps the single-process streams.
constexpr quint64 kRankSeedSalt = 0xD1B54A32D192ED03ULL;

QByteArray packBlobs(const QList<QByteArray> &blobs)
{
    QByteArray out;
    for (const QByteArray &b : blobs) {
        char len[8];
        qToLittleEndian<quint64>(static_cast<quint64>(b.size()), len);
        out.append(len, 8);
        out.append(b);
    }
    return out;
}

QList<QByteArray> unpackBlobs(const QByteArray &bytes, const QString &path)
{
    QList<QByteArray> out;
    qsizetype pos = 0;
    while (pos < bytes.size()) {
        if (pos + 8 > bytes.size())
            throw Error(ErrorCode::InvalidModel, path, QStringLiteral("checkpoint training state is truncated"));
        const auto n = static_cast<qsizetype>(qFromLittleEndian<quint64>(bytes.constData() + pos));
        pos += 8;
        if (n < 0 || pos + n > bytes.size())
            throw Error(ErrorCode::InvalidModel, path, QStringLiteral("checkpoint training state is truncated"));
        out << bytes.mid(pos, n);
        pos += n;
    }
    return out;
}

torch::Generator makeGenerator(quint64 seed)
{
    return at::detail::createCPUGenerator(seed);
}

struct EvalOutput
{
    std::vector<std::vector<float>> logits;
    std::vector<int> labels;
};

EvalOutput predictLogits(const ChestNet &net, const TensorCache &cache)
{
    torch::NoGradGuard noGrad;
    net->eval();
    EvalOutput out;
    const int64_t n = cache.images.size(0);
    for (int64_t start = 0; start < n; start += kEvalBatch) {
        const int64_t len = std::min<int64_t>(kEvalBatch, n - start);
        torch::Tensor x = normaliseInput(cache.images.narrow(0, start, len).to(torch::kFloat32).div(255.0));
        torch::Tensor logits = net->forward(x).contiguous();
        const int64_t k = logits.size(1);
        const float *p = logits.data_ptr<float>();
        for (int64_t i = 0; i < len; ++i)
            out.logits.emplace_back(p + i * k, p + (i + 1) * k);
    }
    out.labels = cache.labels;
    return out;
}

QJsonArray relativePaths(const LabelledFolder &folder, const std::vector<int> &indices)
{
    const QDir root(folder.root);
    QJsonArray a;
    for (int i : indices)
        a.append(root.relativeFilePath(folder.items[static_cast<std::size_t>(i)].path));
    return a;
}

std::vector<int> indicesFromRelativePaths(const LabelledFolder &folder, const QJsonArray &paths, const QString &ckpt)
{
    const QDir root(folder.root);
    QHash<QString, int> byPath;
    for (int i = 0; i < static_cast<int>(folder.items.size()); ++i)
        byPath.insert(root.relativeFilePath(folder.items[static_cast<std::size_t>(i)].path), i);
    std::vector<int> out;
    for (const auto &v : paths) {
        const auto it = byPath.constFind(v.toString());
        if (it == byPath.constEnd())
            throw Error(ErrorCode::InvalidArgument, ckpt,
                        QStringLiteral("the training folder changed since the checkpoint was written (%1 is missing)")
                            .arg(v.toString()));
        out.push_back(it.value());
    }
    return out;
}

/// Source names for messages; films without a source show as "(none)".
QString sourceList(QStringList sources)
{
    for (QString &s : sources)
        if (s.isEmpty())
            s = QStringLiteral("(none)");
    return sources.join(QStringLiteral(", "));
}

/// Fits the temperature on the validation logits and fills `result`'s validation metrics
/// (calibrated and not) and per-film probabilities.
TemperatureFit calibrateOnValidation(const EvalOutput &ev, const QStringList &classes, TrainResult &result)
{
    const TemperatureFit fit = fitTemperature(ev.logits, ev.labels);
    result.temperature = fit.temperature;
    result.validationUncalibrated = computeMetrics(softmaxAll(ev.logits), ev.labels, classes);
    result.validationProbabilities = softmaxAll(ev.logits, fit.temperature);
    result.validationLabels = ev.labels;
    result.validation = computeMetrics(result.validationProbabilities, ev.labels, classes);
    return fit;
}

/// The model file's `metrics` block.
QJsonObject metricsJson(const TrainResult &result, const TemperatureFit &fit)
{
    return {{QStringLiteral("validation"), result.validation.toJson()},
            {QStringLiteral("validation_uncalibrated"), result.validationUncalibrated.toJson()},
            {QStringLiteral("calibration"), QJsonObject{{QStringLiteral("temperature"), fit.temperature},
                                                        {QStringLiteral("nll_before"), fit.nllBefore},
                                                        {QStringLiteral("nll_after"), fit.nllAfter},
                                                        {QStringLiteral("ece_before"), fit.eceBefore},
                                                        {QStringLiteral("ece_after"), fit.eceAfter}}}};
}

} // namespace

QJsonObject TrainOptions::toJson() const
{
    return {{QStringLiteral("data_dir"), dataDir},
            {QStringLiteral("arch"), arch},
            {QStringLiteral("width"), width},
            {QStringLiteral("image_size"), imageSize},
            {QStringLiteral("stem_stride"), stemStride},
            {QStringLiteral("epochs"), epochs},
            {QStringLiteral("batch"), batch},
            {QStringLiteral("lr"), lr},
            {QStringLiteral("weight_decay"), weightDecay},
            {QStringLiteral("warmup_epochs"), warmupEpochs},
            {QStringLiteral("lr_schedule"), QStringLiteral("linear warm-up, cosine decay")},
            {QStringLiteral("optimizer"), QStringLiteral("AdamW")},
            {QStringLiteral("patience"), patience},
            {QStringLiteral("val_split"), valSplit},
            {QStringLiteral("seed"), QString::number(seed)},
            {QStringLiteral("augment"), augment},
            {QStringLiteral("augment_strength"), augmentStrength},
            {QStringLiteral("label_smoothing"), labelSmoothing},
            {QStringLiteral("class_weights"), classWeights},
            {QStringLiteral("source_balance"), sourceBalance},
            {QStringLiteral("ema_decay"), emaDecay},
            {QStringLiteral("mixup"), mixup},
            {QStringLiteral("source_adversary"), sourceAdversary},
            {QStringLiteral("keep_duplicates"), keepDuplicates},
            {QStringLiteral("ensemble"), ensemble},
            {QStringLiteral("member"), member},
            {QStringLiteral("trim_borders"), trimBorders},
            {QStringLiteral("equalize"), equalize},
            {QStringLiteral("centre_crop"), centreCrop},
            {QStringLiteral("hold_out_prefixes"), QJsonArray::fromStringList(holdOutPrefixes)}};
}

namespace {

TrainOptions optionsFromJson(const QJsonObject &o)
{
    TrainOptions t;
    t.dataDir = o.value(QStringLiteral("data_dir")).toString();
    t.arch = o.value(QStringLiteral("arch")).toString(t.arch);
    t.width = o.value(QStringLiteral("width")).toInt(t.width);
    t.imageSize = o.value(QStringLiteral("image_size")).toInt(t.imageSize);
    t.stemStride = o.value(QStringLiteral("stem_stride")).toInt(t.stemStride);
    t.epochs = o.value(QStringLiteral("epochs")).toInt(t.epochs);
    t.batch = o.value(QStringLiteral("batch")).toInt(t.batch);
    t.lr = o.value(QStringLiteral("lr")).toDouble(t.lr);
    t.weightDecay = o.value(QStringLiteral("weight_decay")).toDouble(t.weightDecay);
    t.warmupEpochs = o.value(QStringLiteral("warmup_epochs")).toInt(t.warmupEpochs);
    t.patience = o.value(QStringLiteral("patience")).toInt(t.patience);
    t.valSplit = o.value(QStringLiteral("val_split")).toDouble(t.valSplit);
    t.seed = o.value(QStringLiteral("seed")).toString().toULongLong();
    t.augment = o.value(QStringLiteral("augment")).toBool(t.augment);
    t.augmentStrength = o.value(QStringLiteral("augment_strength")).toDouble(t.augmentStrength);
    t.labelSmoothing = o.value(QStringLiteral("label_smoothing")).toDouble(t.labelSmoothing);
    t.classWeights = o.value(QStringLiteral("class_weights")).toBool(t.classWeights);
    // Recipes without the key predate source balancing: they trained without it.
    t.sourceBalance = o.value(QStringLiteral("source_balance")).toDouble(0.0);
    // A recipe without the key predates weight averaging: its checkpoints hold no average.
    t.emaDecay = o.value(QStringLiteral("ema_decay")).toDouble(0.0);
    t.mixup = o.value(QStringLiteral("mixup")).toDouble(0.0);
    t.sourceAdversary = o.value(QStringLiteral("source_adversary")).toDouble(0.0);
    t.keepDuplicates = o.value(QStringLiteral("keep_duplicates")).toBool(t.keepDuplicates);
    t.ensemble = o.value(QStringLiteral("ensemble")).toInt(t.ensemble);
    t.member = o.value(QStringLiteral("member")).toInt(t.member);
    t.trimBorders = o.value(QStringLiteral("trim_borders")).toBool(t.trimBorders);
    t.equalize = o.value(QStringLiteral("equalize")).toBool(t.equalize);
    t.centreCrop = o.value(QStringLiteral("centre_crop")).toBool(false); // older recipes stretched
    for (const auto &v : o.value(QStringLiteral("hold_out_prefixes")).toArray())
        t.holdOutPrefixes << v.toString();
    return t;
}

} // namespace

TrainOptions TrainOptions::fromJson(const QJsonObject &o)
{
    return optionsFromJson(o);
}

QJsonObject EpochProgress::toJson() const
{
    QJsonObject o{{QStringLiteral("member"), member},
            {QStringLiteral("members"), members},
            {QStringLiteral("epoch"), epoch},
            {QStringLiteral("epochs"), epochs},
            {QStringLiteral("train_loss"), trainLoss},
            {QStringLiteral("train_accuracy"), trainAccuracy},
            {QStringLiteral("val_loss"), valLoss},
            {QStringLiteral("val_accuracy"), valAccuracy},
            {QStringLiteral("val_macro_f1"), valMacroF1},
            {QStringLiteral("lr"), learningRate},
            {QStringLiteral("seconds"), seconds},
            {QStringLiteral("images_per_second"), imagesPerSecond},
            {QStringLiteral("improved"), improved},
            {QStringLiteral("best_epoch"), bestEpoch}};
    if (sourceAdversaryAccuracy >= 0)
        o[QStringLiteral("source_adversary_accuracy")] = sourceAdversaryAccuracy;
    return o;
}

Trainer::Trainer(TrainOptions options) : m_options(std::move(options)) {}
Trainer::~Trainer() = default;

QString Trainer::checkpointPathFor(const QString &outPath)
{
    return outPath + QStringLiteral(".ckpt");
}

TrainResult Trainer::run(const TrainCallbacks &cb, const std::atomic<bool> *cancel, const std::atomic<bool> *pause)
{
    if (m_options.ensemble != 1)
        return runEnsemble(cb, cancel, pause);
    auto log = [&cb](const QString &m) {
        if (cb.onLog)
            cb.onLog(m);
    };
    // Data-parallel runs (worldSize > 1) get a process group once the data is ready; from then on
    // "cancelled" is what the ranks agreed on, never one rank's own flag.
    std::unique_ptr<DistributedContext> dist;
    bool stopAgreed = false;
    auto cancelled = [cancel, &dist, &stopAgreed] { return dist ? stopAgreed : cancel && cancel->load(); };
    QElapsedTimer runTimer;
    runTimer.start();

    // --- Resume: the checkpoint's options and split win over the command line's. ------------------
    TrainOptions opt = m_options;
    ModelFileContents resumeContents;
    QJsonObject resumeState;
    const bool resuming = !opt.resumeFrom.isEmpty();
    if (resuming) {
        QFile f(opt.resumeFrom);
        if (!f.open(QIODevice::ReadOnly))
            throw Error(ErrorCode::FileUnreadable, opt.resumeFrom,
                        QStringLiteral("cannot open checkpoint (%1)").arg(f.errorString()));
        resumeContents = decodeModelFile(opt.resumeFrom, f.readAll());
        resumeState = resumeContents.metadata.value(QStringLiteral("checkpoint")).toObject();
        if (resumeState.isEmpty())
            throw Error(ErrorCode::InvalidModel, opt.resumeFrom,
                        QStringLiteral("is a finished model, not a training checkpoint"));
        const TrainOptions saved = optionsFromJson(resumeContents.metadata.value(QStringLiteral("training"))
                                                        .toObject()
                                                        .value(QStringLiteral("options"))
                                                        .toObject());
        const QString out = opt.outPath.isEmpty() ? resumeState.value(QStringLiteral("out_path")).toString() : opt.outPath;
        const int threads = opt.threads;
        const QString resumeFrom = opt.resumeFrom;
        opt = saved;
        opt.outPath = out;
        opt.threads = threads;
        opt.resumeFrom = resumeFrom;
        opt.worldSize = m_options.worldSize;
        opt.rank = m_options.rank;
        opt.master = m_options.master;
        opt.collectiveTimeoutSeconds = m_options.collectiveTimeoutSeconds;
        if (!m_options.dataDir.isEmpty())
            opt.dataDir = m_options.dataDir;
        log(QStringLiteral("Resuming %1 after epoch %2").arg(resumeFrom).arg(resumeState.value(QStringLiteral("epoch")).toInt()));
    }
    validateDistributedOptions(opt);
    const bool writesFiles = opt.rank == 0; // data-parallel ranks > 0 write nothing
    if (opt.outPath.isEmpty() && writesFiles)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("no output model path given (--out)"));
    // Fail before scanning and training, not after the first epoch when the checkpoint is written.
    const QFileInfo outFolder(QFileInfo(opt.outPath).absolutePath());
    if (writesFiles && (!outFolder.isDir() || !outFolder.isWritable()))
        throw Error(ErrorCode::WriteFailed, opt.outPath,
                    outFolder.isDir() ? QStringLiteral("cannot write into its folder (no permission)")
                                      : QStringLiteral("its folder does not exist"));
    if (opt.epochs < 1 || opt.batch < 1 || opt.lr <= 0 || opt.valSplit <= 0 || opt.valSplit >= 1 ||
        opt.emaDecay < 0 || opt.emaDecay >= 1 || !(opt.sourceBalance >= 0 && opt.sourceBalance <= 1) ||
        !(opt.mixup >= 0 && opt.mixup <= 100) || !(opt.sourceAdversary >= 0 && opt.sourceAdversary <= 10))
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("invalid training options: epochs and batch must be >= 1, lr > 0, "
                                   "0 < val-split < 1, 0 <= ema-decay < 1, 0 <= source-balance <= 1, 0 <= mixup <= 100, "
                                   "0 <= source-adversary <= 10"));
    // A mixed film has two sources; the adversary's targets are single sources.
    if (opt.mixup > 0 && opt.sourceAdversary > 0)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("--mixup and --source-adversary cannot be combined"));
    // The data-parallel gradient averaging is planned for the classifier's parameters and weights
    // each rank's share by the classification loss; the adversary fits neither.
    if (opt.worldSize > 1 && opt.sourceAdversary > 0)
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("--source-adversary trains in one process (no data-parallel ranks)"));

    const int threads = opt.threads > 0 ? opt.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(threads);

    // --- Data: scan, deduplicate, split. ----------------------------------------------------------
    const LabelledFolder folder = scanLabelledFolder(opt.dataDir);
    log(QStringLiteral("%1 films in %2 classes (%3)")
            .arg(folder.items.size())
            .arg(folder.classes.size())
            .arg(folder.classes.join(QStringLiteral(", "))));
    if (cb.onPrepare)
        cb.onPrepare(QStringLiteral("dedup"), 0, static_cast<int>(folder.items.size()));
    const DedupReport dedup = findDuplicates(
        folder, DedupOptions{},
        [&cb](int done, int total) {
            if (cb.onPrepare)
                cb.onPrepare(QStringLiteral("dedup"), done, total);
        },
        cancel);
    if (cancelled())
        throw Error(ErrorCode::Cancelled, QStringLiteral("training cancelled during duplicate search"));
    log(QStringLiteral("duplicates: %1 exact, %2 near, %3 label-conflict groups (%4 films)%5")
            .arg(dedup.exactDuplicates)
            .arg(dedup.nearDuplicates)
            .arg(dedup.conflictGroups)
            .arg(dedup.conflictImages)
            .arg(opt.keepDuplicates ? QStringLiteral(", kept") : QStringLiteral(", left out of training")));

    Split split;
    if (resuming) {
        const QJsonObject s = resumeContents.metadata.value(QStringLiteral("training")).toObject().value(QStringLiteral("split")).toObject();
        split.train = indicesFromRelativePaths(folder, s.value(QStringLiteral("train")).toArray(), opt.resumeFrom);
        split.val = indicesFromRelativePaths(folder, s.value(QStringLiteral("val")).toArray(), opt.resumeFrom);
        split.seed = opt.seed;
    } else if (!opt.holdOutPrefixes.isEmpty()) {
        // Source-held-out validation: every film whose file name starts with a given prefix is
        // validation, the rest (minus excluded duplicates) is training.
        std::vector<bool> excluded(folder.items.size(), false);
        if (!opt.keepDuplicates)
            for (int i : dedup.excluded)
                excluded[static_cast<std::size_t>(i)] = true;
        for (int i = 0; i < static_cast<int>(folder.items.size()); ++i) {
            if (excluded[static_cast<std::size_t>(i)])
                continue;
            const QString name = QFileInfo(folder.items[static_cast<std::size_t>(i)].path).fileName();
            const bool held = std::any_of(opt.holdOutPrefixes.begin(), opt.holdOutPrefixes.end(),
                                          [&name](const QString &p) { return name.startsWith(p); });
            (held ? split.val : split.train).push_back(i);
        }
        split.seed = opt.seed;
    } else {
        split = stratifiedSplit(folder, dedup, opt.valSplit, opt.seed, !opt.keepDuplicates);
    }
    if (split.train.empty() || split.val.empty())
        throw Error(ErrorCode::InvalidArgument, opt.dataDir,
                    QStringLiteral("too few films to split into training and validation sets"));

    PreprocessOptions prep;
    prep.imageSize = opt.imageSize;
    prep.trimBorders = opt.trimBorders;
    prep.equalize = opt.equalize;
    prep.fit = opt.centreCrop ? PreprocessOptions::Fit::CentreCrop : PreprocessOptions::Fit::Stretch;
    auto cacheFor = [&](const std::vector<int> &indices, const QString &stage) {
        std::vector<QString> paths;
        std::vector<int> labels;
        for (int i : indices) {
            paths.push_back(folder.items[static_cast<std::size_t>(i)].path);
            labels.push_back(folder.items[static_cast<std::size_t>(i)].label);
        }
        return buildTensorCache(paths, labels, indices, prep, threads,
                                [&cb, &stage](int d, int t) {
                                    if (cb.onPrepare)
                                        cb.onPrepare(stage, d, t);
                                },
                                cancel);
    };
    const TensorCache train = cacheFor(split.train, QStringLiteral("decode training films"));
    const TensorCache val = cacheFor(split.val, QStringLiteral("decode validation films"));
    for (const QString &f : train.failures + val.failures)
        log(QStringLiteral("skipped: %1").arg(f));
    const int k = static_cast<int>(folder.classes.size());
    const int64_t nTrain = train.images.size(0);
    if (nTrain == 0 || val.images.size(0) == 0)
        throw Error(ErrorCode::InvalidArgument, opt.dataDir, QStringLiteral("no readable films left to train on"));
    log(QStringLiteral("training on %1 films, validating on %2 (seed %3)").arg(nTrain).arg(val.images.size(0)).arg(opt.seed));

    // --- Model and optimiser. -------------------------------------------------------------------
    // Ensemble members share the split (opt.seed) but draw their weights, order, augmentation and
    // dropout from streams of their own.
    const quint64 runSeed = opt.seed + static_cast<quint64>(opt.member);
    torch::manual_seed(runSeed);
    ArchitectureSpec spec;
    spec.name = opt.arch;
    spec.imageSize = opt.imageSize;
    spec.numClasses = k;
    spec.width = opt.width;
    spec.stemStride = opt.stemStride > 0 ? opt.stemStride : (opt.imageSize >= 192 ? 4 : 2);
    ChestNet net = createNetwork(spec);
    // Within-class source adversary: trained by the same optimiser, its gradient reversed where it
    // meets the classifier's pooled features.
    ml::SourceTargets sourceTarget;
    ml::SourceAdversary adversary{nullptr};
    if (opt.sourceAdversary > 0) {
        sourceTarget = ml::sourceTargets(folder, train.itemIndex);
        if (sourceTarget.active()) {
            const torch::NoGradGuard noGrad;
            net->eval();
            const int64_t channels = net->forwardWithFeatures(torch::zeros({1, 1, opt.imageSize, opt.imageSize}), "").features.size(1);
            adversary = ml::SourceAdversary(channels, k, sourceTarget.allowed);
            log(QStringLiteral("source adversary %1: %2 of %3 classes have two or more sources (%4)")
                    .arg(opt.sourceAdversary)
                    .arg(sourceTarget.adversarialClasses)
                    .arg(k)
                    .arg(sourceList(sourceTarget.sources)));
        } else {
            log(QStringLiteral("source adversary: no class has two sources in the training films; training without it"));
        }
    }
    std::vector<torch::Tensor> trainedParameters = net->parameters();
    if (adversary)
        for (const torch::Tensor &p : adversary->parameters())
            trainedParameters.push_back(p);
    torch::optim::AdamW optimizer(trainedParameters, torch::optim::AdamWOptions(opt.lr).weight_decay(opt.weightDecay));
    // Weight averaging: `averaged` trails `net` and is what validation sees and the file holds.
    const bool useEma = opt.emaDecay > 0;
    ChestNet averaged = useEma ? createNetwork(spec) : net;
    if (useEma)
        deserializeModule(*averaged, serializeModule(*net), QString());

    std::vector<float> classWeight(static_cast<std::size_t>(k), 1.0f);
    if (opt.classWeights) {
        std::vector<int> counts(static_cast<std::size_t>(k), 0);
        for (int l : train.labels)
            ++counts[static_cast<std::size_t>(l)];
        for (int c = 0; c < k; ++c)
            classWeight[static_cast<std::size_t>(c)] =
                counts[static_cast<std::size_t>(c)] > 0 ? static_cast<float>(nTrain) / (k * counts[static_cast<std::size_t>(c)]) : 0.0f;
    }
    const torch::Tensor weightTensor = torch::tensor(classWeight);
    // Source balancing: per-film weights (class weight times source weight) replace the class
    // weights in the loss.
    torch::Tensor sampleWeight;
    if (opt.sourceBalance > 0) {
        const std::vector<float> sw = sourceBalanceWeights(folder, train.itemIndex, opt.sourceBalance);
        std::vector<float> w(sw.size());
        QMap<QString, QPair<int, float>> groups; // "class/source" -> (films, weight)
        for (std::size_t i = 0; i < sw.size(); ++i) {
            const LabelledImage &it = folder.items[static_cast<std::size_t>(train.itemIndex[i])];
            w[i] = sw[i] * classWeight[static_cast<std::size_t>(it.label)];
            auto &g = groups[folder.classes[it.label] + QLatin1Char('/') + (it.source.isEmpty() ? QStringLiteral("?") : it.source)];
            ++g.first;
            g.second = sw[i];
        }
        sampleWeight = torch::tensor(w);
        QStringList parts;
        for (auto g = groups.cbegin(); g != groups.cend(); ++g)
            parts << QStringLiteral("%1 %2 x%3").arg(g.key()).arg(g.value().first).arg(g.value().second, 0, 'f', 2);
        log(QStringLiteral("source balance %1: %2").arg(opt.sourceBalance).arg(parts.join(QStringLiteral(", "))));
    }
    const torch::Tensor trainLabels = torch::tensor(std::vector<int64_t>(train.labels.begin(), train.labels.end()), torch::kLong);

    int startEpoch = 1;
    int bestEpoch = 0;
    double bestScore = -1.0, bestLoss = 1e300;
    QByteArray bestWeights;
    QJsonArray history;
    int badEpochs = 0;
    if (resuming) {
        // The adversary's outputs are the training films' sources in sorted order: a resumed run
        // must see the same ones, or its restored weights would answer for other sources.
        const QJsonValue savedSources = resumeContents.metadata.value(QStringLiteral("training"))
                                            .toObject()
                                            .value(QStringLiteral("source_adversary_sources"));
        const QStringList nowSources = adversary ? sourceTarget.sources : QStringList();
        if (savedSources.toVariant().toStringList() != nowSources)
            throw Error(ErrorCode::InvalidArgument, opt.resumeFrom,
                        QStringLiteral("the checkpoint's source adversary was trained on the sources [%1], but the "
                                       "training films now have [%2]; resume with the data the run started with")
                            .arg(sourceList(savedSources.toVariant().toStringList()), sourceList(nowSources)));
        deserializeModule(*net, resumeContents.weights, opt.resumeFrom);
        const QList<QByteArray> extra = unpackBlobs(resumeContents.extra, opt.resumeFrom);
        if (extra.size() != 2 + (useEma ? 1 : 0) + (adversary ? 1 : 0))
            throw Error(ErrorCode::InvalidModel, opt.resumeFrom, QStringLiteral("checkpoint training state is incomplete"));
        deserializeOptimizer(optimizer, extra[0], opt.resumeFrom);
        bestWeights = extra[1];
        if (useEma)
            deserializeModule(*averaged, extra[2], opt.resumeFrom);
        if (adversary)
            deserializeModule(*adversary, extra.back(), opt.resumeFrom);
        startEpoch = resumeState.value(QStringLiteral("epoch")).toInt() + 1;
        bestEpoch = resumeState.value(QStringLiteral("best_epoch")).toInt();
        bestScore = resumeState.value(QStringLiteral("best_score")).toDouble(-1.0);
        bestLoss = resumeState.value(QStringLiteral("best_loss")).toDouble(1e300);
        badEpochs = resumeState.value(QStringLiteral("bad_epochs")).toInt();
        history = resumeState.value(QStringLiteral("history")).toArray();
    }

    const int batches = static_cast<int>((nTrain + opt.batch - 1) / opt.batch);
    const int64_t totalSteps = static_cast<int64_t>(batches) * opt.epochs;
    const int64_t warmupSteps = static_cast<int64_t>(batches) * std::max(0, opt.warmupEpochs);
    auto learningRateAt = [&](int64_t step) {
        if (step < warmupSteps)
            return opt.lr * (step + 1) / static_cast<double>(warmupSteps);
        const double progress = static_cast<double>(step - warmupSteps) / std::max<int64_t>(1, totalSteps - warmupSteps);
        return opt.lr * 0.5 * (1.0 + std::cos(std::acos(-1.0) * std::min(1.0, progress)));
    };

    AugmentOptions aug;
    aug.strength = opt.augment ? opt.augmentStrength : 0.0;

    QJsonObject baseMetadata;
    baseMetadata[QStringLiteral("format")] = QStringLiteral("chestlens-model");
    baseMetadata[QStringLiteral("chestlens_version")] = QStringLiteral(CHESTLENS_VERSION);
    baseMetadata[QStringLiteral("name")] = opt.modelName.isEmpty()
                                               ? QStringLiteral("ChestLens %1 (%2 px)").arg(opt.arch).arg(opt.imageSize)
                                               : opt.modelName;
    baseMetadata[QStringLiteral("classes")] = QJsonArray::fromStringList(folder.classes);
    baseMetadata[QStringLiteral("architecture")] = spec.toJson();
    baseMetadata[QStringLiteral("preprocessing")] = prep.toJson();
    QJsonObject training;
    training[QStringLiteral("options")] = opt.toJson();
    training[QStringLiteral("data_dir")] = QFileInfo(opt.dataDir).absoluteFilePath();
    training[QStringLiteral("manifest_sha256")] = manifestHash(folder);
    training[QStringLiteral("images_found")] = static_cast<int>(folder.items.size());
    training[QStringLiteral("class_counts")] = [&] {
        QJsonObject o;
        const std::vector<int> counts = folder.countsPerClass();
        for (int c = 0; c < k; ++c)
            o[folder.classes[c]] = counts[static_cast<std::size_t>(c)];
        return o;
    }();
    training[QStringLiteral("dedup")] = QJsonObject{{QStringLiteral("exact_duplicates"), dedup.exactDuplicates},
                                                   {QStringLiteral("near_duplicates"), dedup.nearDuplicates},
                                                   {QStringLiteral("conflict_groups"), dedup.conflictGroups},
                                                   {QStringLiteral("conflict_images"), dedup.conflictImages},
                                                   {QStringLiteral("excluded"), opt.keepDuplicates ? 0 : static_cast<int>(dedup.excluded.size())}};
    training[QStringLiteral("split")] = QJsonObject{{QStringLiteral("seed"), QString::number(opt.seed)},
                                                   {QStringLiteral("train"), relativePaths(folder, split.train)},
                                                   {QStringLiteral("val"), relativePaths(folder, split.val)}};
    training[QStringLiteral("skipped_files")] = QJsonArray::fromStringList(train.failures + val.failures);
    training[QStringLiteral("threads")] = threads;
    if (adversary)
        training[QStringLiteral("source_adversary_sources")] = QJsonArray::fromStringList(sourceTarget.sources);

    const QString ckptPath = checkpointPathFor(opt.outPath);
    auto writeCheckpoint = [&](int epoch) {
        QJsonObject meta = baseMetadata;
        meta[QStringLiteral("training")] = training;
        meta[QStringLiteral("checkpoint")] = QJsonObject{{QStringLiteral("epoch"), epoch},
                                                        {QStringLiteral("best_epoch"), bestEpoch},
                                                        {QStringLiteral("best_score"), bestScore},
                                                        {QStringLiteral("best_loss"), bestLoss},
                                                        {QStringLiteral("bad_epochs"), badEpochs},
                                                        {QStringLiteral("history"), history},
                                                        {QStringLiteral("out_path"), QFileInfo(opt.outPath).absoluteFilePath()}};
        ModelFileContents c;
        c.metadata = meta;
        c.weights = serializeModule(*net);
        QList<QByteArray> state{serializeOptimizer(optimizer), bestWeights};
        if (useEma)
            state << serializeModule(*averaged);
        if (adversary)
            state << serializeModule(*adversary);
        c.extra = packBlobs(state);
        writeBytesAtomically(ckptPath, encodeModelFile(c));
    };

    // --- Data-parallel set-up: same run on every rank, rank 0's initial weights everywhere. --------
    if (opt.worldSize > 1) {
        dist = std::make_unique<DistributedContext>(opt, cancel);
        dist->checkSameRun(runFingerprint(training, resumeContents.weights + resumeContents.extra));
        dist->broadcastModule(*net);
        training[QStringLiteral("distributed")] = dist->summary(opt.batch);
        log(dist->describe());
    }

    // --- Epochs. --------------------------------------------------------------------------------
    TrainResult result;
    result.checkpointPath = ckptPath;
    int64_t imagesSeen = 0;
    double trainingSeconds = 0;
    int epoch = startEpoch;
    bool stoppedEarly = false;
    for (; epoch <= opt.epochs; ++epoch) {
        QElapsedTimer epochTimer;
        epochTimer.start();
        net->train();
        if (adversary)
            adversary->train();
        double adversaryWeightSum = 0, adversaryCorrect = 0; // weighted by the adversary's film weights
        // Per-epoch generator: a resumed run shuffles and augments exactly as the original would.
        torch::Generator gen = makeGenerator(runSeed * 1000003ULL + static_cast<quint64>(epoch));
        // Dropout draws from torch's global generator, whose state a checkpoint does not hold:
        // reseed it per epoch too, or a run resumed after a crash drops other units than the
        // uninterrupted run would and ends with different weights.
        torch::manual_seed((runSeed * 1000003ULL + static_cast<quint64>(epoch)) ^ kDropoutSeedSalt);
        const torch::Tensor order = torch::randperm(nTrain, gen, torch::kLong);
        torch::Generator augGen = gen;
        if (dist && !dist->isRoot()) {
            const quint64 rankSeed = (runSeed * 1000003ULL + static_cast<quint64>(epoch)) ^
                                     (kRankSeedSalt * static_cast<quint64>(dist->rank()));
            augGen = makeGenerator(rankSeed);
            torch::manual_seed(rankSeed ^ kDropoutSeedSalt);
        }
        double lossSum = 0;
        int64_t correct = 0, seen = 0;
        for (int b = 0; b < batches; ++b) {
            if (dist)
                stopAgreed = dist->agreeToStop(cancel, pause); // pauses and stops every rank together
            while (!dist && pause && pause->load() && !cancelled())
                QThread::msleep(50);
            if (cancelled())
                break;
            const int64_t start = static_cast<int64_t>(b) * opt.batch;
            const int64_t len = std::min<int64_t>(opt.batch, nTrain - start);
            const torch::Tensor globalIdx = order.narrow(0, start, len);
            // Data-parallel: each rank takes its slice of the global batch; a tail batch with fewer
            // films than ranks is skipped (by every rank alike).
            if (dist && len < dist->worldSize())
                continue;
            const torch::Tensor idx = dist ? dist->shard(globalIdx) : globalIdx;
            torch::Tensor x = train.images.index_select(0, idx).to(torch::kFloat32).div(255.0);
            const torch::Tensor y = trainLabels.index_select(0, idx);
            if (aug.strength > 0)
                x = augmentBatch(x, aug, augGen);
            x = normaliseInput(x);

            const int64_t step = static_cast<int64_t>(epoch - 1) * batches + b;
            const double lr = learningRateAt(step);
            for (auto &group : optimizer.param_groups())
                static_cast<torch::optim::AdamWOptions &>(group.options()).lr(lr);

            // Mixup: blend the batch with a shuffled copy of itself; the loss blends both labels.
            MixedBatch mixed;
            if (opt.mixup > 0) {
                mixed = mixBatch(x, opt.mixup, augGen);
                x = mixed.images;
            }

            optimizer.zero_grad();
            torch::Tensor logits;
            torch::Tensor adversaryTerm;
            if (adversary) {
                const ml::ForwardResult fr = net->forwardWithFeatures(x, "");
                logits = fr.logits;
                const torch::Tensor pooled = torch::adaptive_avg_pool2d(fr.features, {1, 1}).flatten(1);
                const double lambda = adversaryWeightAt(opt.sourceAdversary, static_cast<double>(step) / std::max<int64_t>(1, totalSteps));
                const torch::Tensor advLogits = adversary->forward(reverseGradient(pooled, lambda), y);
                const torch::Tensor rowSource = sourceTarget.source.index_select(0, idx);
                const torch::Tensor rowWeight = sourceTarget.weight.index_select(0, idx);
                adversaryTerm = adversaryLoss(advLogits, rowSource, rowWeight);
                const auto w = rowWeight.sum().item<double>();
                adversaryWeightSum += w;
                adversaryCorrect += (advLogits.argmax(1).eq(rowSource).to(torch::kFloat32) * rowWeight).sum().item<double>();
            } else {
                logits = net->forward(x);
            }
            // Loss against `targets` for the films `rows` (indices into the training set).
            auto lossFor = [&](const torch::Tensor &targets, const torch::Tensor &rows) {
                if (sampleWeight.defined()) {
                    const torch::Tensor w = sampleWeight.index_select(0, rows);
                    const torch::Tensor perFilm = torch::nn::functional::cross_entropy(
                        logits, targets,
                        torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone).label_smoothing(opt.labelSmoothing));
                    return (perFilm * w).sum() / w.sum();
                }
                return torch::nn::functional::cross_entropy(
                    logits, targets,
                    torch::nn::functional::CrossEntropyFuncOptions().weight(weightTensor).label_smoothing(opt.labelSmoothing));
            };
            const torch::Tensor loss = mixupLoss(mixed, y, idx, lossFor);
            (adversaryTerm.defined() ? loss + adversaryTerm : loss).backward();
            auto l = loss.item<double>();
            auto c = logits.argmax(1).eq(y).sum().item<int64_t>();
            // Data-parallel: the ranks' losses are combined by their films' weights (with mixup the
            // partners are a permutation of the rank's own films, so the weight sum is the same).
            if (dist) { // averaged gradients; l and c become the global batch's
                auto rowWeights = [&](const torch::Tensor &rows) {
                    return sampleWeight.defined() ? sampleWeight.index_select(0, rows)
                                                  : weightTensor.index_select(0, trainLabels.index_select(0, rows));
                };
                const BatchTotals t = dist->averageGradients(net->parameters(), rowWeights(idx), rowWeights(globalIdx), l, c);
                l = t.loss;
                c = t.correct;
            }
            optimizer.step();
            if (dist)
                dist->afterStep(*net, step);
            if (useEma)
                updateAverage(*averaged, *net, std::min(opt.emaDecay, (1.0 + step) / (10.0 + step)));
            lossSum += l * len;
            correct += c;
            seen += len;
            imagesSeen += len;
            if (cb.onBatch && (!dist || dist->isRoot())) {
                BatchProgress bp;
                bp.epoch = epoch;
                bp.epochs = opt.epochs;
                bp.batch = b + 1;
                bp.batches = batches;
                bp.loss = l;
                bp.accuracy = static_cast<double>(c) / len;
                const double secs = std::max(1e-3, epochTimer.elapsed() / 1000.0);
                bp.imagesPerSecond = seen / secs;
                const double remainingImages = static_cast<double>(opt.epochs - epoch) * nTrain + (nTrain - seen);
                bp.etaSeconds = remainingImages / std::max(1e-3, bp.imagesPerSecond);
                cb.onBatch(bp);
            }
        }
        const double trainSecs = epochTimer.elapsed() / 1000.0;
        trainingSeconds += trainSecs;
        if (cancelled())
            break;
        if (dist) {
            dist->averageBuffers(*net); // batch-norm running statistics of every rank's shards
            dist->afterEpoch(*net, epoch);
            if (!dist->isRoot()) { // rank 0 validates, writes and decides
                if (dist->broadcastDecision(false)) {
                    stoppedEarly = true;
                    ++epoch;
                    break;
                }
                continue;
            }
        }

        const EvalOutput ev = predictLogits(averaged, val);
        const Metrics m = computeMetrics(softmaxAll(ev.logits), ev.labels, folder.classes);
        const double valLoss = negativeLogLikelihood(ev.logits, ev.labels, 1.0);
        const bool improved = m.macroF1 > bestScore + kMinImprovement ||
                              (std::abs(m.macroF1 - bestScore) <= kMinImprovement && valLoss < bestLoss);
        if (improved) {
            bestScore = m.macroF1;
            bestLoss = valLoss;
            bestEpoch = epoch;
            bestWeights = serializeModule(*averaged);
            badEpochs = 0;
        } else {
            ++badEpochs;
        }
        EpochProgress ep;
        ep.epoch = epoch;
        ep.epochs = opt.epochs;
        ep.trainLoss = lossSum / std::max<int64_t>(1, seen);
        ep.trainAccuracy = static_cast<double>(correct) / std::max<int64_t>(1, seen);
        ep.valLoss = valLoss;
        ep.valAccuracy = m.accuracy;
        ep.valMacroF1 = m.macroF1;
        ep.learningRate = learningRateAt(static_cast<int64_t>(epoch) * batches - 1);
        ep.seconds = epochTimer.elapsed() / 1000.0;
        ep.imagesPerSecond = seen / std::max(1e-3, trainSecs);
        ep.improved = improved;
        ep.bestEpoch = bestEpoch;
        if (adversary && adversaryWeightSum > 0)
            ep.sourceAdversaryAccuracy = adversaryCorrect / adversaryWeightSum;
        history.append(ep.toJson());
        writeCheckpoint(epoch);
        if (cb.onEpoch)
            cb.onEpoch(ep);
        const bool stopEarly = opt.patience > 0 && badEpochs >= opt.patience;
        if (dist)
            dist->broadcastDecision(stopEarly);
        if (stopEarly) {
            log(QStringLiteral("early stopping: no improvement for %1 epochs (best epoch %2)").arg(opt.patience).arg(bestEpoch));
            stoppedEarly = true;
            ++epoch;
            break;
        }
    }
    result.cancelled = cancelled();
    result.epochsRun = epoch - 1;
    result.bestEpoch = bestEpoch;
    if (dist && !dist->isRoot()) { // rank 0 writes the model
        result.trainImages = static_cast<int>(nTrain);
        result.seconds = runTimer.elapsed() / 1000.0;
        result.imagesPerSecond = imagesSeen / std::max(1e-3, trainingSeconds);
        return result;
    }
    if (bestWeights.isEmpty())
        throw Error(ErrorCode::Cancelled, QStringLiteral("training cancelled before the first epoch finished; no model written"));

    // --- Best weights, calibration, model file. ---------------------------------------------------
    deserializeModule(*averaged, bestWeights, ckptPath);
    const EvalOutput ev = predictLogits(averaged, val);
    const TemperatureFit fit = calibrateOnValidation(ev, folder.classes, result);
    result.trainImages = static_cast<int>(nTrain);
    result.valImages = static_cast<int>(val.images.size(0));
    result.excludedDuplicates = opt.keepDuplicates ? 0 : static_cast<int>(dedup.excluded.size());
    result.seconds = runTimer.elapsed() / 1000.0;
    result.imagesPerSecond = imagesSeen / std::max(1e-3, trainingSeconds);

    QJsonObject meta = baseMetadata;
    meta[QStringLiteral("created")] = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    meta[QStringLiteral("temperature")] = fit.temperature;
    training[QStringLiteral("epochs_run")] = result.epochsRun;
    training[QStringLiteral("best_epoch")] = bestEpoch;
    training[QStringLiteral("stopped")] = result.cancelled ? QStringLiteral("cancelled")
                                          : stoppedEarly   ? QStringLiteral("early stopping")
                                                           : QStringLiteral("epoch limit");
    training[QStringLiteral("seconds")] = result.seconds;
    training[QStringLiteral("train_images_per_second")] = result.imagesPerSecond;
    training[QStringLiteral("train_images")] = result.trainImages;
    training[QStringLiteral("val_images")] = result.valImages;
    training[QStringLiteral("history")] = history;
    meta[QStringLiteral("training")] = training;
    meta[QStringLiteral("metrics")] = metricsJson(result, fit);
    ModelFileContents c;
    c.metadata = meta;
    c.weights = bestWeights;
    writeBytesAtomically(opt.outPath, encodeModelFile(c));
    result.modelPath = opt.outPath;
    if (!result.cancelled)
        QFile::remove(ckptPath); // finished: nothing left to resume
    log(QStringLiteral("wrote %1 (best epoch %2, T = %3)").arg(opt.outPath).arg(bestEpoch).arg(fit.temperature, 0, 'f', 3));
    return result;
}

namespace {

QString memberPathFor(const QString &outPath, int member)
{
    return outPath + QStringLiteral(".member%1").arg(member + 1);
}

/// The recipe a model or checkpoint file was trained with; empty when the file is unreadable.
QJsonObject recipeOf(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    try {
        const ModelFileContents c = decodeModelFile(path, f.readAll());
        return c.metadata.value(QStringLiteral("training")).toObject().value(QStringLiteral("options")).toObject();
    } catch (const Error &) {
        return {};
    }
}

/// Whether a recorded recipe is `recipe`, reading keys a file lacks (it predates them) as what such
/// files trained with, the way a resumed run reads them.
bool sameRecipe(const QJsonObject &recorded, const QJsonObject &recipe)
{
    return !recorded.isEmpty() && TrainOptions::fromJson(recorded).toJson() == recipe;
}

} // namespace

TrainResult Trainer::runEnsemble(const TrainCallbacks &cb, const std::atomic<bool> *cancel, const std::atomic<bool> *pause)
{
    const TrainOptions &opt = m_options;
    auto log = [&cb](const QString &m) {
        if (cb.onLog)
            cb.onLog(m);
    };
    if (opt.ensemble < 1 || opt.ensemble > kMaxEnsembleMembers)
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("an ensemble of %1 networks is not supported (1 to %2)").arg(opt.ensemble).arg(kMaxEnsembleMembers));
    if (!opt.resumeFrom.isEmpty())
        throw Error(ErrorCode::InvalidArgument, opt.resumeFrom,
                    QStringLiteral("an ensemble continues when the same train command runs again (finished members are "
                                   "reused, an interrupted one resumes from its checkpoint); --resume takes the "
                                   "checkpoint of a single network"));
    if (opt.worldSize > 1)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("an ensemble is trained in one process (no data-parallel ranks)"));
    if (opt.outPath.isEmpty())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("no output model path given (--out)"));
    QElapsedTimer timer;
    timer.start();

    // --- Members, one after another; each is an ordinary run writing OUT.member<i>. -------------
    QStringList memberPaths;
    bool cancelled = false;
    for (int i = 0; i < opt.ensemble && !cancelled; ++i) {
        TrainOptions m = opt;
        m.ensemble = 1;
        m.member = i;
        m.outPath = memberPathFor(opt.outPath, i);
        const QString ckpt = checkpointPathFor(m.outPath);
        const QJsonObject recipe = m.toJson();
        const QString tag = QStringLiteral("member %1/%2").arg(i + 1).arg(opt.ensemble);
        if (QFileInfo::exists(m.outPath) && !QFileInfo::exists(ckpt) && sameRecipe(recipeOf(m.outPath), recipe)) {
            log(QStringLiteral("%1: reusing %2, finished earlier with this recipe").arg(tag, m.outPath));
            memberPaths << m.outPath;
            continue;
        }
        if (QFileInfo::exists(ckpt) && sameRecipe(recipeOf(ckpt), recipe)) {
            m.resumeFrom = ckpt;
            log(QStringLiteral("%1: continuing from %2").arg(tag, ckpt));
        }
        TrainCallbacks mcb;
        mcb.onPrepare = cb.onPrepare;
        if (cb.onLog)
            mcb.onLog = [&cb, tag](const QString &msg) { cb.onLog(tag + QStringLiteral(": ") + msg); };
        if (cb.onBatch)
            mcb.onBatch = [&cb, i, &opt](BatchProgress b) {
                b.member = i + 1;
                b.members = opt.ensemble;
                cb.onBatch(b);
            };
        if (cb.onEpoch)
            mcb.onEpoch = [&cb, i, &opt](EpochProgress e) {
                e.member = i + 1;
                e.members = opt.ensemble;
                cb.onEpoch(e);
            };
        try {
            const TrainResult r = Trainer(m).run(mcb, cancel, pause);
            cancelled = r.cancelled;
        } catch (const Error &e) {
            if (e.code() != ErrorCode::Cancelled || memberPaths.isEmpty())
                throw;
            log(QStringLiteral("%1: cancelled before its first epoch finished").arg(tag));
            cancelled = true;
            continue;
        }
        memberPaths << m.outPath;
    }

    // --- Combine: one network whose output averages the members' probabilities. -----------------
    std::vector<LoadedModel> members;
    std::vector<ModelFileContents> files;
    for (const QString &path : memberPaths) {
        ModelFileContents raw;
        members.push_back(loadModel(path, &raw));
        files.push_back(std::move(raw));
    }
    const QJsonObject firstTraining = files.front().metadata.value(QStringLiteral("training")).toObject();
    for (std::size_t i = 1; i < members.size(); ++i) {
        const QJsonObject training = files[i].metadata.value(QStringLiteral("training")).toObject();
        if (members[i].info.classes != members[0].info.classes || members[i].spec.toJson() != members[0].spec.toJson() ||
            training.value(QStringLiteral("split")) != firstTraining.value(QStringLiteral("split")))
            throw Error(ErrorCode::InvalidModel, memberPaths[static_cast<int>(i)],
                        QStringLiteral("this ensemble member differs from %1 in its classes, architecture or split")
                            .arg(memberPaths.front()));
    }
    ArchitectureSpec spec = members.front().spec;
    spec.members = static_cast<int>(members.size());
    const ChestNet net = spec.members > 1 ? createNetwork(spec) : members.front().net;
    if (spec.members > 1) {
        const auto children = net->named_children();
        for (std::size_t i = 0; i < members.size(); ++i)
            deserializeModule(*children[QStringLiteral("member%1").arg(i + 1).toStdString()], files[i].weights,
                              memberPaths[static_cast<int>(i)]);
    }

    const int threads = opt.threads > 0 ? opt.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(threads);
    const LabelledFolder folder = scanLabelledFolder(opt.dataDir);
    const std::vector<int> valIndex = indicesFromRelativePaths(
        folder, firstTraining.value(QStringLiteral("split")).toObject().value(QStringLiteral("val")).toArray(),
        memberPaths.front());
    std::vector<QString> valPaths;
    std::vector<int> valLabels;
    for (int i : valIndex) {
        valPaths.push_back(folder.items[static_cast<std::size_t>(i)].path);
        valLabels.push_back(folder.items[static_cast<std::size_t>(i)].label);
    }
    const TensorCache val = buildTensorCache(valPaths, valLabels, valIndex, members.front().info.preprocessing, threads,
                                             [&cb](int d, int t) {
                                                 if (cb.onPrepare)
                                                     cb.onPrepare(QStringLiteral("decode validation films"), d, t);
                                             });
    const EvalOutput ev = predictLogits(net, val);
    TrainResult result;
    result.cancelled = cancelled;
    const TemperatureFit fit = calibrateOnValidation(ev, members.front().info.classes, result);
    result.valImages = static_cast<int>(val.images.size(0));
    result.trainImages = firstTraining.value(QStringLiteral("train_images")).toInt();
    result.excludedDuplicates =
        firstTraining.value(QStringLiteral("dedup")).toObject().value(QStringLiteral("excluded")).toInt();

    QJsonArray memberSummaries;
    double trainingSeconds = 0, imagesPerSecond = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        const QJsonObject meta = files[i].metadata;
        const QJsonObject training = meta.value(QStringLiteral("training")).toObject();
        const QJsonObject validation =
            meta.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("validation")).toObject();
        result.epochsRun += training.value(QStringLiteral("epochs_run")).toInt();
        trainingSeconds += training.value(QStringLiteral("seconds")).toDouble();
        imagesPerSecond += training.value(QStringLiteral("train_images_per_second")).toDouble() / static_cast<double>(files.size());
        memberSummaries.append(QJsonObject{
            {QStringLiteral("member"), static_cast<int>(i) + 1},
            {QStringLiteral("epochs_run"), training.value(QStringLiteral("epochs_run"))},
            {QStringLiteral("best_epoch"), training.value(QStringLiteral("best_epoch"))},
            {QStringLiteral("stopped"), training.value(QStringLiteral("stopped"))},
            {QStringLiteral("seconds"), training.value(QStringLiteral("seconds"))},
            {QStringLiteral("temperature"), meta.value(QStringLiteral("temperature"))},
            {QStringLiteral("validation_accuracy"), validation.value(QStringLiteral("accuracy"))},
            {QStringLiteral("validation_macro_f1"), validation.value(QStringLiteral("macro_f1"))},
            {QStringLiteral("validation_ece"), validation.value(QStringLiteral("ece"))},
            {QStringLiteral("history"), training.value(QStringLiteral("history"))}});
    }
    result.seconds = timer.elapsed() / 1000.0;
    result.imagesPerSecond = imagesPerSecond;

    QJsonObject meta = files.front().metadata;
    meta.remove(QStringLiteral("checkpoint"));
    meta[QStringLiteral("name")] =
        opt.modelName.isEmpty() ? QStringLiteral("ChestLens %1 ensemble of %2 (%3 px)").arg(opt.arch).arg(spec.members).arg(opt.imageSize)
                                : opt.modelName;
    meta[QStringLiteral("architecture")] = spec.toJson();
    meta[QStringLiteral("created")] = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    meta[QStringLiteral("temperature")] = fit.temperature;
    QJsonObject training = firstTraining;
    training[QStringLiteral("options")] = opt.toJson();
    training[QStringLiteral("members")] = memberSummaries;
    training[QStringLiteral("epochs_run")] = result.epochsRun;
    training.remove(QStringLiteral("best_epoch"));
    training.remove(QStringLiteral("history"));
    training[QStringLiteral("stopped")] = cancelled ? QStringLiteral("cancelled") : QStringLiteral("all members finished");
    training[QStringLiteral("seconds")] = trainingSeconds;
    training[QStringLiteral("train_images_per_second")] = imagesPerSecond;
    meta[QStringLiteral("training")] = training;
    meta[QStringLiteral("metrics")] = metricsJson(result, fit);
    ModelFileContents c;
    c.metadata = meta;
    c.weights = serializeModule(*net);
    writeBytesAtomically(opt.outPath, encodeModelFile(c));
    result.modelPath = opt.outPath;
    if (!cancelled) // finished: the members live on inside the ensemble file
        for (const QString &path : memberPaths)
            QFile::remove(path);
    log(QStringLiteral("wrote %1 (ensemble of %2, T = %3)").arg(opt.outPath).arg(spec.members).arg(fit.temperature, 0, 'f', 3));
    return result;
}

std::vector<std::pair<QString, QString>> trainableArchitectures()
{
    return ml::availableArchitectures();
}

namespace ml {

void updateAverage(torch::nn::Module &average, const torch::nn::Module &current, double decay)
{
    torch::NoGradGuard noGrad;
    const std::vector<torch::Tensor> avg = average.parameters(), cur = current.parameters();
    for (std::size_t i = 0; i < avg.size(); ++i)
        avg[i].mul_(decay).add_(cur[i], 1.0 - decay);
    const std::vector<torch::Tensor> avgBuf = average.buffers(), curBuf = current.buffers();
    for (std::size_t i = 0; i < avgBuf.size(); ++i) {
        if (avgBuf[i].is_floating_point())
            avgBuf[i].mul_(decay).add_(curBuf[i], 1.0 - decay);
        else
            avgBuf[i].copy_(curBuf[i]);
    }
}

} // namespace ml

} // namespace chestlens
