#include "core/ml/trainer.h"

#include "core/data/dedup.h"
#include "core/data/labelledfolder.h"
#include "core/data/split.h"
#include "core/error.h"
#include "core/film/imagewriter.h"
#include "core/ml/augment_p.h"
#include "core/ml/batchforward_p.h"
#include "core/ml/calibration.h"
#include "core/ml/distributed_p.h"
#include "core/ml/mobilenetv2_p.h"
#include "core/ml/modelfile_p.h"
#include "core/ml/sourceadversary_p.h"
#include "core/ml/tensorcache_p.h"
#include "core/ml/trainer_p.h"
#include "core/ml/transfer_p.h"
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
#include <QRegularExpression>
#include <QThread>
#include <QtEndian>

#include <cmath>
#include <thread>

namespace chestlens {

using namespace chestlens::ml;

namespace {

/// Minimum gain in validation macro-F1 that counts as an improvement for early stopping.
constexpr double kMinImprovement = 1e-4;
/// Validation films per forward pass (the training batch is far smaller; validation has no gradients).
constexpr int64_t kEvalBatch = 128;
/// Multiplier of the run seed in the per-epoch seeds: epochs of one run and runs of nearby seeds
/// get streams of their own.
constexpr quint64 kEpochSeedStride = 1000003ULL;
/// Mixed into the per-epoch seed of the global generator (dropout) so that its stream differs
/// from the per-epoch shuffling/augmentation generator's.
constexpr quint64 kDropoutSeedSalt = 0x9E3779B97F4A7C15ULL;
/// Data-parallel: mixed (times the rank) into the per-epoch seed of ranks > 0, which augment and
/// drop out with streams of their own; rank 0 keeps the single-process streams.
constexpr quint64 kRankSeedSalt = 0xD1B54A32D192ED03ULL;
/// How long a paused run sleeps between looks at its flags.
constexpr unsigned long kPausePollMs = 50;

/// The seed of epoch `epoch`'s shuffling and augmentation generator (dropout: xor kDropoutSeedSalt).
/// It depends on the epoch alone, so a resumed run draws exactly as the uninterrupted run would.
quint64 epochSeed(quint64 runSeed, int epoch)
{
    return runSeed * kEpochSeedStride + static_cast<quint64>(epoch);
}

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
            throw Error(ErrorCode::InvalidModel, path,
                        QStringLiteral("checkpoint training state is truncated"));
        const auto n = static_cast<qsizetype>(qFromLittleEndian<quint64>(bytes.constData() + pos));
        pos += 8;
        if (n < 0 || pos + n > bytes.size())
            throw Error(ErrorCode::InvalidModel, path,
                        QStringLiteral("checkpoint training state is truncated"));
        out << bytes.mid(pos, n);
        pos += n;
    }
    return out;
}

torch::Generator makeGenerator(quint64 seed)
{
    return at::detail::createCPUGenerator(seed);
}

QJsonArray relativePaths(const LabelledFolder &folder, const std::vector<int> &indices)
{
    const QDir root(folder.root);
    QJsonArray a;
    for (int i : indices)
        a.append(root.relativeFilePath(folder.items[static_cast<std::size_t>(i)].path));
    return a;
}

/// Source names for messages; films without a source show as "(none)".
QString sourceList(QStringList sources)
{
    for (QString &s : sources)
        if (s.isEmpty())
            s = QStringLiteral("(none)");
    return sources.join(QStringLiteral(", "));
}

} // namespace

namespace ml {

EvalOutput predictLogits(const ChestNet &net, const TensorCache &cache)
{
    EvalOutput out;
    out.logits = batchedLogits(*net, cache.images, kEvalBatch);
    out.labels = cache.labels;
    return out;
}

std::vector<int> indicesFromRelativePaths(const LabelledFolder &folder, const QJsonArray &paths,
                                          const QString &ckpt)
{
    const QDir root(folder.root);
    QHash<QString, int> byPath;
    for (int i = 0; i < static_cast<int>(folder.items.size()); ++i)
        byPath.insert(root.relativeFilePath(folder.items[static_cast<std::size_t>(i)].path), i);
    std::vector<int> out;
    for (const auto &v : paths) {
        const auto it = byPath.constFind(v.toString());
        if (it == byPath.constEnd())
            throw Error(
                ErrorCode::InvalidArgument, ckpt,
                QStringLiteral("the training folder changed since the checkpoint was written (%1 is missing)")
                    .arg(v.toString()));
        out.push_back(it.value());
    }
    return out;
}

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

int useTrainingThreads(const TrainOptions &options)
{
    const int threads = options.threads > 0
                            ? options.threads
                            : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(threads);
    return threads;
}

void logTo(const TrainCallbacks &callbacks, const QString &message)
{
    if (callbacks.onLog)
        callbacks.onLog(message);
}

} // namespace ml

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

namespace {

/// A checkpoint being resumed: its recipe and split win over the caller's options.
struct ResumePoint
{
    ModelFileContents contents;
    QJsonObject state; ///< the checkpoint block: last epoch, best so far, history

    bool active() const { return !state.isEmpty(); }
    QJsonObject training() const { return contents.metadata.value(QStringLiteral("training")).toObject(); }
};

ResumePoint loadResumePoint(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw Error(ErrorCode::FileUnreadable, path,
                    QStringLiteral("cannot open checkpoint (%1)").arg(f.errorString()));
    ResumePoint r;
    r.contents = decodeModelFile(path, f.readAll());
    r.state = r.contents.metadata.value(QStringLiteral("checkpoint")).toObject();
    if (r.state.isEmpty())
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("is a finished model, not a training checkpoint"));
    return r;
}

/// The checkpoint's recipe with what the caller decides about the run: where it writes, its
/// threads, its ranks and (when given) where the data is mounted now.
TrainOptions resumedOptions(const TrainOptions &given, const ResumePoint &resume)
{
    TrainOptions opt = TrainOptions::fromJson(resume.training().value(QStringLiteral("options")).toObject());
    opt.outPath =
        given.outPath.isEmpty() ? resume.state.value(QStringLiteral("out_path")).toString() : given.outPath;
    opt.threads = given.threads;
    opt.resumeFrom = given.resumeFrom;
    opt.worldSize = given.worldSize;
    opt.rank = given.rank;
    opt.master = given.master;
    opt.collectiveTimeoutSeconds = given.collectiveTimeoutSeconds;
    opt.diagnostics = given.diagnostics;
    if (!given.dataDir.isEmpty())
        opt.dataDir = given.dataDir;
    return opt;
}

/// Refuses options a run cannot start with, before any film is read.
void checkRunnable(const TrainOptions &opt)
{
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
    const QStringList problems = opt.problems();
    if (!problems.isEmpty())
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("invalid training options: %1").arg(problems.join(QStringLiteral("; "))));
}

/// The films of a run: the folder, its duplicates, the split and both halves decoded.
struct PreparedData
{
    LabelledFolder folder;
    DedupReport dedup;
    Split split;
    PreprocessOptions prep;
    TensorCache train, val;

    int classCount() const { return static_cast<int>(folder.classes.size()); }
    int64_t trainCount() const { return train.images.size(0); }
};

/// What one epoch's training batches add up to.
struct EpochTotals
{
    QElapsedTimer timer; ///< started with the epoch; validation counts into the epoch's seconds
    double lossSum = 0;
    int64_t correct = 0, seen = 0;
    double adversaryWeightSum = 0, adversaryCorrect = 0; ///< weighted by the adversary's film weights
    double trainSeconds = 0;
};

/// The best epoch so far and the early-stopping count; saved in every checkpoint.
struct BestSoFar
{
    int epoch = 0;
    double score = -1.0, loss = 1e300;
    QByteArray weights;
    int badEpochs = 0;
    QJsonArray history;
};

/// One single-network run (TrainOptions::ensemble == 1), stage by stage: options, data, training
/// state, epochs, the written model. Used once.
class SingleRun
{
public:
    SingleRun(const TrainCallbacks &cb, const std::atomic<bool> *cancel, const std::atomic<bool> *pause)
        : m_cb(cb), m_cancel(cancel), m_pause(pause)
    {
    }

    TrainResult run(const TrainOptions &given)
    {
        m_runTimer.start();
        resolveOptions(given);
        checkRunnable(m_opt);
        m_threads = useTrainingThreads(m_opt);
        prepareData();
        buildNetworks();
        buildLossWeights();
        if (m_resume.active())
            restoreCheckpoint();
        planSchedule();
        describeRun();
        if (m_opt.worldSize > 1)
            startDistributed();
        bool stoppedEarly = false;
        const int epochsRun = runEpochs(stoppedEarly);
        return finish(epochsRun, stoppedEarly);
    }

private:
    void log(const QString &message) const { logTo(m_cb, message); }
    void prepareProgress(const QString &stage, int done, int total) const
    {
        if (m_cb.onPrepare)
            m_cb.onPrepare(stage, done, total);
    }
    /// Data-parallel runs (worldSize > 1) get a process group once the data is ready; from then on
    /// "cancelled" is what the ranks agreed on, never one rank's own flag.
    bool cancelled() const { return m_dist ? m_stopAgreed : m_cancel && m_cancel->load(); }
    bool isRoot() const { return !m_dist || m_dist->isRoot(); }

    // --- Options: the checkpoint's options and split win over the command line's. ---------------
    void resolveOptions(const TrainOptions &given)
    {
        m_opt = given;
        if (!given.resumeFrom.isEmpty())
            resumeOptions(given);
        if (!m_opt.fromModel.isEmpty())
            adoptParent();
    }

    void resumeOptions(const TrainOptions &given)
    {
        m_resume = loadResumePoint(given.resumeFrom);
        m_opt = resumedOptions(given, m_resume);
        log(QStringLiteral("Resuming %1 after epoch %2")
                .arg(given.resumeFrom)
                .arg(m_resume.state.value(QStringLiteral("epoch")).toInt()));
    }

    // --- Data: scan, deduplicate, split, decode. ---------------------------------------------------
    void prepareData()
    {
        scanFolder();
        chooseSplit();
        decodeFilms();
    }

    void scanFolder()
    {
        PreparedData &d = m_data;
        d.folder = scanLabelledFolder(m_opt.dataDir);
        log(QStringLiteral("%1 films in %2 classes (%3)")
                .arg(d.folder.items.size())
                .arg(d.folder.classes.size())
                .arg(d.folder.classes.join(QStringLiteral(", "))));
        prepareProgress(QStringLiteral("dedup"), 0, static_cast<int>(d.folder.items.size()));
        d.dedup = findDuplicates(
            d.folder, DedupOptions{},
            [this](int done, int total) { prepareProgress(QStringLiteral("dedup"), done, total); }, m_cancel);
        if (cancelled())
            throw Error(ErrorCode::Cancelled, QStringLiteral("training cancelled during duplicate search"));
        log(QStringLiteral("duplicates: %1 exact, %2 near, %3 label-conflict groups (%4 films)%5")
                .arg(d.dedup.exactDuplicates)
                .arg(d.dedup.nearDuplicates)
                .arg(d.dedup.conflictGroups)
                .arg(d.dedup.conflictImages)
                .arg(m_opt.keepDuplicates ? QStringLiteral(", kept")
                                          : QStringLiteral(", left out of training")));
    }

    void chooseSplit()
    {
        PreparedData &d = m_data;
        if (m_resume.active()) {
            const QJsonObject s = m_resume.training().value(QStringLiteral("split")).toObject();
            d.split.train = indicesFromRelativePaths(d.folder, s.value(QStringLiteral("train")).toArray(),
                                                     m_opt.resumeFrom);
            d.split.val = indicesFromRelativePaths(d.folder, s.value(QStringLiteral("val")).toArray(),
                                                   m_opt.resumeFrom);
            d.split.seed = m_opt.seed;
        } else if (!m_opt.holdOutPrefixes.isEmpty()) {
            holdOutSplit();
        } else {
            const std::vector<QString> patients =
                m_opt.groupBy.isEmpty() ? std::vector<QString>()
                                        : patientKeys(d.folder, QRegularExpression(m_opt.groupBy));
            d.split = stratifiedSplit(d.folder, d.dedup, m_opt.valSplit, m_opt.seed, !m_opt.keepDuplicates,
                                      patients);
        }
        if (d.split.train.empty() || d.split.val.empty())
            throw Error(ErrorCode::InvalidArgument, m_opt.dataDir,
                        QStringLiteral("too few films to split into training and validation sets"));
    }

    /// Source-held-out validation: every film whose file name starts with a given prefix is
    /// validation, the rest (minus excluded duplicates) is training.
    void holdOutSplit()
    {
        PreparedData &d = m_data;
        std::vector<bool> excluded(d.folder.items.size(), false);
        if (!m_opt.keepDuplicates)
            for (int i : d.dedup.excluded)
                excluded[static_cast<std::size_t>(i)] = true;
        for (int i = 0; i < static_cast<int>(d.folder.items.size()); ++i) {
            if (excluded[static_cast<std::size_t>(i)])
                continue;
            const QString name = QFileInfo(d.folder.items[static_cast<std::size_t>(i)].path).fileName();
            const bool held = std::any_of(m_opt.holdOutPrefixes.begin(), m_opt.holdOutPrefixes.end(),
                                          [&name](const QString &p) { return name.startsWith(p); });
            (held ? d.split.val : d.split.train).push_back(i);
        }
        d.split.seed = m_opt.seed;
    }

    TensorCache decode(const std::vector<int> &indices, const QString &stage) const
    {
        std::vector<QString> paths;
        std::vector<int> labels;
        for (int i : indices) {
            paths.push_back(m_data.folder.items[static_cast<std::size_t>(i)].path);
            labels.push_back(m_data.folder.items[static_cast<std::size_t>(i)].label);
        }
        return buildTensorCache(
            paths, labels, indices, m_data.prep, m_threads,
            [this, &stage](int d, int t) { prepareProgress(stage, d, t); }, m_cancel);
    }

    void decodeFilms()
    {
        PreparedData &d = m_data;
        d.prep.imageSize = m_opt.imageSize;
        d.prep.trimBorders = m_opt.trimBorders;
        d.prep.equalize = m_opt.equalize;
        d.prep.fit = m_opt.centreCrop ? PreprocessOptions::Fit::CentreCrop : PreprocessOptions::Fit::Stretch;
        d.train = decode(d.split.train, QStringLiteral("decode training films"));
        d.val = decode(d.split.val, QStringLiteral("decode validation films"));
        for (const QString &f : d.train.failures + d.val.failures)
            log(QStringLiteral("skipped: %1").arg(f));
        if (d.trainCount() == 0 || d.val.images.size(0) == 0)
            throw Error(ErrorCode::InvalidArgument, m_opt.dataDir,
                        QStringLiteral("no readable films left to train on"));
        log(QStringLiteral("training on %1 films, validating on %2 (seed %3)")
                .arg(d.trainCount())
                .arg(d.val.images.size(0))
                .arg(m_opt.seed));
    }

    // --- Training state: network, weight average, source adversary, optimiser. --------------------
    /// Creates the networks in a fixed order: each creation draws from torch's global generator.
    void buildNetworks()
    {
        // Ensemble members share the split (opt.seed) but draw their weights, order, augmentation
        // and dropout from streams of their own.
        m_runSeed = m_opt.seed + static_cast<quint64>(m_opt.member);
        torch::manual_seed(m_runSeed);
        if (m_parent.net) {
            m_spec = m_parent.spec;
        } else {
            m_spec.name = m_opt.arch;
            m_spec.imageSize = m_opt.imageSize;
            m_spec.width = m_opt.width;
            m_spec.stemStride = m_opt.stemStride > 0 ? m_opt.stemStride : (m_opt.imageSize >= 192 ? 4 : 2);
        }
        m_spec.numClasses = m_data.classCount();
        m_net = createNetwork(m_spec);
        if (m_opt.effectiveInit() == QLatin1String("model"))
            startFromParent();
        else if (m_opt.effectiveInit() == QLatin1String("imagenet"))
            startFromImageNet();
        if (m_opt.sourceAdversary > 0)
            buildAdversary();
        buildOptimizer();
        // Weight averaging: `m_averaged` trails `m_net` and is what validation sees and the file holds.
        m_useEma = m_opt.emaDecay > 0;
        m_averaged = m_useEma ? createNetwork(m_spec) : m_net;
        if (m_useEma)
            deserializeModule(*m_averaged, serializeModule(*m_net), QString());
    }

    /// AdamW over the network (and the adversary). Pretrained layers learn at lrBackbone, in a
    /// group of their own whose rate follows the schedule scaled by lrBackbone / lr; a frozen
    /// backbone is left out of the optimiser. One group when every parameter learns at lr.
    void buildOptimizer()
    {
        const std::string head = m_net->classifierName() + ".";
        std::vector<torch::Tensor> backbone, rest;
        for (const auto &p : m_net->named_parameters())
            (p.key().rfind(head, 0) == 0 ? rest : backbone).push_back(p.value());
        if (m_adversary)
            for (const torch::Tensor &p : m_adversary->parameters())
                rest.push_back(p);
        const bool pretrained = m_opt.effectiveInit() != QLatin1String("random");
        const double backboneScale = pretrained ? m_opt.effectiveLrBackbone() / m_opt.lr : 1.0;
        std::vector<torch::optim::OptimizerParamGroup> groups;
        m_groupScale.clear();
        if (m_opt.freeze == QLatin1String("backbone")) {
            for (torch::Tensor &p : backbone)
                p.set_requires_grad(false);
        } else if (backboneScale != 1.0) {
            groups.emplace_back(backbone);
            m_groupScale.push_back(backboneScale);
        } else {
            rest.insert(rest.begin(), backbone.begin(), backbone.end());
        }
        groups.emplace_back(rest);
        m_groupScale.push_back(1.0);
        m_optimizer = std::make_unique<torch::optim::AdamW>(
            groups, torch::optim::AdamWOptions(m_opt.lr).weight_decay(m_opt.weightDecay));
    }

    /// --from: the parent's network and preprocessing replace what the options say (checked
    /// before any film is read).
    void adoptParent()
    {
        m_parent = loadModel(m_opt.fromModel);
        const ArchitectureSpec &p = m_parent.spec;
        if (m_parent.info.architecture == QLatin1String("torchscript") || p.members > 1 ||
            p.inputChannels != 1)
            throw Error(
                ErrorCode::InvalidArgument, m_opt.fromModel,
                p.inputChannels != 1
                    ? QStringLiteral("is not a film classifier (%1 input channels); use --init imagenet")
                          .arg(p.inputChannels)
                    : QStringLiteral("cannot be retrained: only a single ChestLens network can (not a "
                                     "TorchScript model or an ensemble)"));
        m_opt.arch = p.name;
        m_opt.imageSize = p.imageSize;
        m_opt.width = p.width;
        m_opt.stemStride = p.stemStride;
        const PreprocessOptions &prep = m_parent.info.preprocessing;
        m_opt.trimBorders = prep.trimBorders;
        m_opt.equalize = prep.equalize;
        m_opt.centreCrop = prep.fit == PreprocessOptions::Fit::CentreCrop;
        log(QStringLiteral("retraining %1 (%2): its network (%3, %4 px) and preprocessing are kept")
                .arg(m_parent.info.name, QFileInfo(m_opt.fromModel).fileName(), p.name)
                .arg(p.imageSize));
    }

    /// The parent's weights; its classifier too when the classes are the same, else a new one
    /// whose rows of the classes both have are the parent's.
    void startFromParent()
    {
        const QStringList parentClasses = m_parent.info.classes;
        const bool sameClasses = parentClasses == m_data.folder.classes;
        const QStringList fresh = transferWeights(
            *m_parent.net, *m_net, sameClasses ? std::string() : m_net->classifierName() + ".");
        const QStringList copied =
            sameClasses ? parentClasses
                        : copyClassifierRows(*m_parent.net, parentClasses, *m_net, m_data.folder.classes);
        m_start = QJsonObject{
            {QStringLiteral("weights"), QStringLiteral("model")},
            {QStringLiteral("name"), m_parent.info.name},
            {QStringLiteral("file"), QFileInfo(m_opt.fromModel).absoluteFilePath()},
            {QStringLiteral("sha256"), m_parent.info.sha256},
            {QStringLiteral("classes"), QJsonArray::fromStringList(parentClasses)},
            {QStringLiteral("classifier"), sameClasses ? QStringLiteral("continued") : QStringLiteral("new")},
            {QStringLiteral("classifier_rows_from_parent"), QJsonArray::fromStringList(copied)},
            {QStringLiteral("new_layers"), QJsonArray::fromStringList(fresh)}};
        log(sameClasses
                ? QStringLiteral("same classes as the parent: its classifier continues")
                : QStringLiteral("classes differ from the parent's (%1): new classifier, rows kept for %2")
                      .arg(parentClasses.join(QStringLiteral(", ")),
                           copied.isEmpty() ? QStringLiteral("none") : copied.join(QStringLiteral(", "))));
    }

    /// The bundled ImageNet MobileNetV2's features under a new classifier, with its batch-norm
    /// statistics re-estimated on 64 training films spread over the split (recalibrateBatchNorm()),
    /// so that the first training batches see the function the features were trained for.
    void startFromImageNet()
    {
        const QString path = imagenetModelPath();
        const LoadedModel pretrained = loadModel(path);
        const QStringList fresh = transferWeights(*pretrained.net, *m_net);
        const int64_t n = m_data.train.images.size(0);
        const torch::Tensor rows =
            torch::linspace(0, static_cast<double>(n - 1), std::min<int64_t>(64, n)).to(torch::kLong);
        recalibrateBatchNorm(
            *m_net, normaliseInput(m_data.train.images.index_select(0, rows).to(torch::kFloat32).div(255.0)));
        m_start = QJsonObject{{QStringLiteral("weights"), QStringLiteral("imagenet")},
                              {QStringLiteral("name"), pretrained.info.name},
                              {QStringLiteral("file"), QFileInfo(path).fileName()},
                              {QStringLiteral("sha256"), pretrained.info.sha256},
                              {QStringLiteral("new_layers"), QJsonArray::fromStringList(fresh)}};
        log(QStringLiteral("starting from %1 (%2); new: %3")
                .arg(pretrained.info.name, QFileInfo(path).fileName(), fresh.join(QStringLiteral(", "))));
    }

    /// Within-class source adversary: trained by the same optimiser, its gradient reversed where it
    /// meets the classifier's pooled features.
    void buildAdversary()
    {
        const int k = m_data.classCount();
        m_sourceTarget = ml::sourceTargets(m_data.folder, m_data.train.itemIndex);
        if (!m_sourceTarget.active()) {
            log(QStringLiteral(
                "source adversary: no class has two sources in the training films; training without it"));
            return;
        }
        const torch::NoGradGuard noGrad;
        m_net->eval();
        const int64_t channels =
            m_net->forwardWithFeatures(torch::zeros({1, 1, m_opt.imageSize, m_opt.imageSize}), "")
                .features.size(1);
        m_adversary = ml::SourceAdversary(channels, k, m_sourceTarget.allowed);
        log(QStringLiteral("source adversary %1: %2 of %3 classes have two or more sources (%4)")
                .arg(m_opt.sourceAdversary)
                .arg(m_sourceTarget.adversarialClasses)
                .arg(k)
                .arg(sourceList(m_sourceTarget.sources)));
    }

    /// Inverse-frequency class weights and, with source balancing, per-film weights (class weight
    /// times source weight) that replace the class weights in the loss.
    void buildLossWeights()
    {
        const int k = m_data.classCount();
        const int64_t nTrain = m_data.trainCount();
        m_classWeight.assign(static_cast<std::size_t>(k), 1.0f);
        if (m_opt.classWeights) {
            std::vector<int> counts(static_cast<std::size_t>(k), 0);
            for (int l : m_data.train.labels)
                ++counts[static_cast<std::size_t>(l)];
            for (int c = 0; c < k; ++c)
                m_classWeight[static_cast<std::size_t>(c)] =
                    counts[static_cast<std::size_t>(c)] > 0
                        ? static_cast<float>(nTrain) / (k * counts[static_cast<std::size_t>(c)])
                        : 0.0f;
        }
        m_weightTensor = torch::tensor(m_classWeight);
        if (m_opt.sourceBalance > 0)
            buildSourceWeights();
        m_trainLabels = torch::tensor(
            std::vector<int64_t>(m_data.train.labels.begin(), m_data.train.labels.end()), torch::kLong);
    }

    void buildSourceWeights()
    {
        const LabelledFolder &folder = m_data.folder;
        const std::vector<float> sw =
            sourceBalanceWeights(folder, m_data.train.itemIndex, m_opt.sourceBalance);
        std::vector<float> w(sw.size());
        QMap<QString, QPair<int, float>> groups; // "class/source" -> (films, weight)
        for (std::size_t i = 0; i < sw.size(); ++i) {
            const LabelledImage &it = folder.items[static_cast<std::size_t>(m_data.train.itemIndex[i])];
            w[i] = sw[i] * m_classWeight[static_cast<std::size_t>(it.label)];
            auto &g = groups[folder.classes[it.label] + QLatin1Char('/') +
                             (it.source.isEmpty() ? QStringLiteral("?") : it.source)];
            ++g.first;
            g.second = sw[i];
        }
        m_sampleWeight = torch::tensor(w);
        QStringList parts;
        for (auto g = groups.cbegin(); g != groups.cend(); ++g)
            parts << QStringLiteral("%1 %2 x%3")
                         .arg(g.key())
                         .arg(g.value().first)
                         .arg(g.value().second, 0, 'f', 2);
        log(QStringLiteral("source balance %1: %2")
                .arg(m_opt.sourceBalance)
                .arg(parts.join(QStringLiteral(", "))));
    }

    // --- Resume: the checkpoint's weights, optimiser, average, adversary and best-so-far. ----------
    void restoreCheckpoint()
    {
        const QString &path = m_opt.resumeFrom;
        // The adversary's outputs are the training films' sources in sorted order: a resumed run
        // must see the same ones, or its restored weights would answer for other sources.
        const QStringList savedSources =
            m_resume.training().value(QStringLiteral("source_adversary_sources")).toVariant().toStringList();
        const QStringList nowSources = m_adversary ? m_sourceTarget.sources : QStringList();
        if (savedSources != nowSources)
            throw Error(
                ErrorCode::InvalidArgument, path,
                QStringLiteral("the checkpoint's source adversary was trained on the sources [%1], but the "
                               "training films now have [%2]; resume with the data the run started with")
                    .arg(sourceList(savedSources), sourceList(nowSources)));
        deserializeModule(*m_net, m_resume.contents.weights, path);
        const QList<QByteArray> extra = unpackBlobs(m_resume.contents.extra, path);
        if (extra.size() != 2 + (m_useEma ? 1 : 0) + (m_adversary ? 1 : 0))
            throw Error(ErrorCode::InvalidModel, path,
                        QStringLiteral("checkpoint training state is incomplete"));
        deserializeOptimizer(*m_optimizer, extra[0], path);
        m_best.weights = extra[1];
        if (m_useEma)
            deserializeModule(*m_averaged, extra[2], path);
        if (m_adversary)
            deserializeModule(*m_adversary, extra.back(), path);
        const QJsonObject &s = m_resume.state;
        m_startEpoch = s.value(QStringLiteral("epoch")).toInt() + 1;
        m_best.epoch = s.value(QStringLiteral("best_epoch")).toInt();
        m_best.score = s.value(QStringLiteral("best_score")).toDouble(-1.0);
        m_best.loss = s.value(QStringLiteral("best_loss")).toDouble(1e300);
        m_best.badEpochs = s.value(QStringLiteral("bad_epochs")).toInt();
        m_best.history = s.value(QStringLiteral("history")).toArray();
    }

    /// The checkpoint's training state, in the order restoreCheckpoint() reads it.
    QByteArray packState()
    {
        QList<QByteArray> state{serializeOptimizer(*m_optimizer), m_best.weights};
        if (m_useEma)
            state << serializeModule(*m_averaged);
        if (m_adversary)
            state << serializeModule(*m_adversary);
        return packBlobs(state);
    }

    void writeCheckpoint(int epoch)
    {
        QJsonObject meta = m_baseMetadata;
        meta[QStringLiteral("training")] = m_training;
        meta[QStringLiteral("checkpoint")] =
            QJsonObject{{QStringLiteral("epoch"), epoch},
                        {QStringLiteral("best_epoch"), m_best.epoch},
                        {QStringLiteral("best_score"), m_best.score},
                        {QStringLiteral("best_loss"), m_best.loss},
                        {QStringLiteral("bad_epochs"), m_best.badEpochs},
                        {QStringLiteral("history"), m_best.history},
                        {QStringLiteral("out_path"), QFileInfo(m_opt.outPath).absoluteFilePath()}};
        ModelFileContents c;
        c.metadata = meta;
        c.weights = serializeModule(*m_net);
        c.extra = packState();
        writeBytesAtomically(Trainer::checkpointPathFor(m_opt.outPath), encodeModelFile(c));
    }

    // --- Schedule: linear warm-up, then cosine decay per batch. -----------------------------------
    void planSchedule()
    {
        m_batches = static_cast<int>((m_data.trainCount() + m_opt.batch - 1) / m_opt.batch);
        m_totalSteps = static_cast<int64_t>(m_batches) * m_opt.epochs;
        m_warmupSteps = static_cast<int64_t>(m_batches) * std::max(0, m_opt.warmupEpochs);
        m_aug.strength = m_opt.augment ? m_opt.augmentStrength : 0.0;
    }

    double learningRateAt(int64_t step) const
    {
        if (step < m_warmupSteps)
            return m_opt.lr * (step + 1) / static_cast<double>(m_warmupSteps);
        const double progress =
            static_cast<double>(step - m_warmupSteps) / std::max<int64_t>(1, m_totalSteps - m_warmupSteps);
        return m_opt.lr * 0.5 * (1.0 + std::cos(std::acos(-1.0) * std::min(1.0, progress)));
    }

    // --- The model file's description of the run (also in every checkpoint). ---------------------
    void describeRun()
    {
        const LabelledFolder &folder = m_data.folder;
        m_baseMetadata[QStringLiteral("format")] = QStringLiteral("chestlens-model");
        m_baseMetadata[QStringLiteral("chestlens_version")] = QStringLiteral(CHESTLENS_VERSION);
        m_baseMetadata[QStringLiteral("name")] =
            m_opt.modelName.isEmpty()
                ? QStringLiteral("ChestLens %1 (%2 px)").arg(m_opt.arch).arg(m_opt.imageSize)
                : m_opt.modelName;
        m_baseMetadata[QStringLiteral("classes")] = QJsonArray::fromStringList(folder.classes);
        m_baseMetadata[QStringLiteral("architecture")] = m_spec.toJson();
        m_baseMetadata[QStringLiteral("preprocessing")] = m_data.prep.toJson();
        m_training[QStringLiteral("options")] = m_opt.toJson();
        m_training[QStringLiteral("start")] =
            m_start.isEmpty() ? QJsonObject{{QStringLiteral("weights"), QStringLiteral("random")}} : m_start;
        m_training[QStringLiteral("data_dir")] = QFileInfo(m_opt.dataDir).absoluteFilePath();
        m_training[QStringLiteral("manifest_sha256")] = manifestHash(folder);
        m_training[QStringLiteral("images_found")] = static_cast<int>(folder.items.size());
        QJsonObject classCounts;
        const std::vector<int> counts = folder.countsPerClass();
        for (int c = 0; c < m_data.classCount(); ++c)
            classCounts[folder.classes[c]] = counts[static_cast<std::size_t>(c)];
        m_training[QStringLiteral("class_counts")] = classCounts;
        m_training[QStringLiteral("dedup")] = dedupJson();
        m_training[QStringLiteral("split")] =
            QJsonObject{{QStringLiteral("seed"), QString::number(m_opt.seed)},
                        {QStringLiteral("train"), relativePaths(folder, m_data.split.train)},
                        {QStringLiteral("val"), relativePaths(folder, m_data.split.val)}};
        m_training[QStringLiteral("skipped_files")] =
            QJsonArray::fromStringList(m_data.train.failures + m_data.val.failures);
        m_training[QStringLiteral("threads")] = m_threads;
        if (m_adversary)
            m_training[QStringLiteral("source_adversary_sources")] =
                QJsonArray::fromStringList(m_sourceTarget.sources);
    }

    int excludedDuplicates() const
    {
        return m_opt.keepDuplicates ? 0 : static_cast<int>(m_data.dedup.excluded.size());
    }

    QJsonObject dedupJson() const
    {
        const DedupReport &d = m_data.dedup;
        return {{QStringLiteral("exact_duplicates"), d.exactDuplicates},
                {QStringLiteral("near_duplicates"), d.nearDuplicates},
                {QStringLiteral("conflict_groups"), d.conflictGroups},
                {QStringLiteral("conflict_images"), d.conflictImages},
                {QStringLiteral("excluded"), excludedDuplicates()}};
    }

    // --- Data-parallel set-up: same run on every rank, rank 0's initial weights everywhere. --------
    void startDistributed()
    {
        m_dist = std::make_unique<DistributedContext>(m_opt, m_cancel);
        m_dist->checkSameRun(runFingerprint(m_training, m_resume.contents.weights + m_resume.contents.extra));
        m_dist->broadcastModule(*m_net);
        m_training[QStringLiteral("distributed")] = m_dist->summary(m_opt.batch);
        log(m_dist->describe());
    }

    // --- Epochs. ------------------------------------------------------------------------------------
    /// Trains from m_startEpoch on; returns the number of the last epoch run.
    int runEpochs(bool &stoppedEarly)
    {
        int epoch = m_startEpoch;
        for (; epoch <= m_opt.epochs; ++epoch) {
            EpochTotals totals = trainEpoch(epoch);
            m_trainingSeconds += totals.trainSeconds;
            if (cancelled())
                break;
            if (m_dist) {
                m_dist->averageBuffers(*m_net); // batch-norm running statistics of every rank's shards
                m_dist->afterEpoch(*m_net, epoch);
                if (!m_dist->isRoot()) { // rank 0 validates, writes and decides
                    if (m_dist->broadcastDecision(false)) {
                        stoppedEarly = true;
                        ++epoch;
                        break;
                    }
                    continue;
                }
            }
            if (validateEpoch(epoch, totals)) {
                stoppedEarly = true;
                ++epoch;
                break;
            }
        }
        return epoch - 1;
    }

    EpochTotals trainEpoch(int epoch)
    {
        EpochTotals totals;
        totals.timer.start();
        m_net->train();
        if (m_adversary)
            m_adversary->train();
        // Per-epoch generator: a resumed run shuffles and augments exactly as the original would.
        const quint64 seed = epochSeed(m_runSeed, epoch);
        torch::Generator gen = makeGenerator(seed);
        // Dropout draws from torch's global generator, whose state a checkpoint does not hold:
        // reseed it per epoch too, or a run resumed after a crash drops other units than the
        // uninterrupted run would and ends with different weights.
        torch::manual_seed(seed ^ kDropoutSeedSalt);
        const torch::Tensor order = torch::randperm(m_data.trainCount(), gen, torch::kLong);
        torch::Generator augGen = gen;
        if (m_dist && !m_dist->isRoot()) {
            const quint64 rankSeed = seed ^ (kRankSeedSalt * static_cast<quint64>(m_dist->rank()));
            augGen = makeGenerator(rankSeed);
            torch::manual_seed(rankSeed ^ kDropoutSeedSalt);
        }
        const int64_t nTrain = m_data.trainCount();
        for (int b = 0; b < m_batches; ++b) {
            if (!waitWhilePaused())
                break;
            const int64_t start = static_cast<int64_t>(b) * m_opt.batch;
            const int64_t len = std::min<int64_t>(m_opt.batch, nTrain - start);
            const torch::Tensor globalIdx = order.narrow(0, start, len);
            // Data-parallel: each rank takes its slice of the global batch; a tail batch with fewer
            // films than ranks is skipped (by every rank alike).
            if (m_dist && len < m_dist->worldSize())
                continue;
            const auto [loss, correct] = trainStep(epoch, b, globalIdx, augGen, totals);
            totals.lossSum += loss * len;
            totals.correct += correct;
            totals.seen += len;
            m_imagesSeen += len;
            reportBatch(epoch, b, loss, correct, len, totals);
        }
        totals.trainSeconds = totals.timer.elapsed() / 1000.0;
        return totals;
    }

    /// Blocks while paused; false once the run is cancelled. Data-parallel ranks pause and stop
    /// together.
    bool waitWhilePaused()
    {
        if (m_dist)
            m_stopAgreed = m_dist->agreeToStop(m_cancel, m_pause);
        while (!m_dist && m_pause && m_pause->load() && !cancelled())
            QThread::msleep(kPausePollMs);
        return !cancelled();
    }

    /// One optimiser step on the films `globalIdx` (this rank's shard of them); returns the batch's
    /// loss and correct count (the global batch's when data-parallel).
    std::pair<double, int64_t> trainStep(int epoch, int b, const torch::Tensor &globalIdx,
                                         torch::Generator &augGen, EpochTotals &totals)
    {
        const torch::Tensor idx = m_dist ? m_dist->shard(globalIdx) : globalIdx;
        torch::Tensor x = m_data.train.images.index_select(0, idx).to(torch::kFloat32).div(255.0);
        const torch::Tensor y = m_trainLabels.index_select(0, idx);
        if (m_aug.strength > 0)
            x = augmentBatch(x, m_aug, augGen);
        x = normaliseInput(x);

        const int64_t step = static_cast<int64_t>(epoch - 1) * m_batches + b;
        const double lr = learningRateAt(step);
        auto &groups = m_optimizer->param_groups();
        for (std::size_t g = 0; g < groups.size(); ++g)
            static_cast<torch::optim::AdamWOptions &>(groups[g].options()).lr(lr * m_groupScale[g]);

        // Mixup: blend the batch with a shuffled copy of itself; the loss blends both labels.
        MixedBatch mixed;
        if (m_opt.mixup > 0) {
            mixed = mixBatch(x, m_opt.mixup, augGen);
            x = mixed.images;
        }

        m_optimizer->zero_grad();
        torch::Tensor adversaryTerm;
        const torch::Tensor logits = forward(x, y, idx, step, totals, adversaryTerm);
        const torch::Tensor loss =
            mixupLoss(mixed, y, idx, [&](const torch::Tensor &targets, const torch::Tensor &rows) {
                return classificationLoss(logits, targets, rows);
            });
        (adversaryTerm.defined() ? loss + adversaryTerm : loss).backward();
        auto l = loss.item<double>();
        auto c = logits.argmax(1).eq(y).sum().item<int64_t>();
        // Data-parallel: the ranks' losses are combined by their films' weights (with mixup the
        // partners are a permutation of the rank's own films, so the weight sum is the same).
        if (m_dist) { // averaged gradients; l and c become the global batch's
            const BatchTotals t =
                m_dist->averageGradients(m_net->parameters(), rowWeights(idx), rowWeights(globalIdx), l, c);
            l = t.loss;
            c = t.correct;
        }
        m_optimizer->step();
        if (m_dist)
            m_dist->afterStep(*m_net, step);
        if (m_useEma)
            updateAverage(*m_averaged, *m_net, std::min(m_opt.emaDecay, (1.0 + step) / (10.0 + step)));
        return {l, c};
    }

    /// The classifier's logits for `x`; with the source adversary also its loss term (in
    /// `adversaryTerm`) and its score on these films (in `totals`).
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &y, const torch::Tensor &idx,
                          int64_t step, EpochTotals &totals, torch::Tensor &adversaryTerm)
    {
        if (!m_adversary)
            return m_net->forward(x);
        const ml::ForwardResult fr = m_net->forwardWithFeatures(x, "");
        const torch::Tensor pooled = torch::adaptive_avg_pool2d(fr.features, {1, 1}).flatten(1);
        const double lambda = adversaryWeightAt(
            m_opt.sourceAdversary, static_cast<double>(step) / std::max<int64_t>(1, m_totalSteps));
        const torch::Tensor advLogits = m_adversary->forward(reverseGradient(pooled, lambda), y);
        const torch::Tensor rowSource = m_sourceTarget.source.index_select(0, idx);
        const torch::Tensor rowWeight = m_sourceTarget.weight.index_select(0, idx);
        adversaryTerm = adversaryLoss(advLogits, rowSource, rowWeight);
        const auto w = rowWeight.sum().item<double>();
        totals.adversaryWeightSum += w;
        totals.adversaryCorrect +=
            (advLogits.argmax(1).eq(rowSource).to(torch::kFloat32) * rowWeight).sum().item<double>();
        return fr.logits;
    }

    /// Loss of `logits` against `targets` for the films `rows` (indices into the training set).
    torch::Tensor classificationLoss(const torch::Tensor &logits, const torch::Tensor &targets,
                                     const torch::Tensor &rows) const
    {
        namespace F = torch::nn::functional;
        if (m_sampleWeight.defined()) {
            const torch::Tensor w = m_sampleWeight.index_select(0, rows);
            const torch::Tensor perFilm = F::cross_entropy(
                logits, targets,
                F::CrossEntropyFuncOptions().reduction(torch::kNone).label_smoothing(m_opt.labelSmoothing));
            return (perFilm * w).sum() / w.sum();
        }
        return F::cross_entropy(
            logits, targets,
            F::CrossEntropyFuncOptions().weight(m_weightTensor).label_smoothing(m_opt.labelSmoothing));
    }

    /// The loss weights of the training films `rows`.
    torch::Tensor rowWeights(const torch::Tensor &rows) const
    {
        return m_sampleWeight.defined() ? m_sampleWeight.index_select(0, rows)
                                        : m_weightTensor.index_select(0, m_trainLabels.index_select(0, rows));
    }

    void reportBatch(int epoch, int b, double loss, int64_t correct, int64_t len,
                     const EpochTotals &totals) const
    {
        if (!m_cb.onBatch || !isRoot())
            return;
        const int64_t nTrain = m_data.trainCount();
        BatchProgress bp;
        bp.epoch = epoch;
        bp.epochs = m_opt.epochs;
        bp.batch = b + 1;
        bp.batches = m_batches;
        bp.loss = loss;
        bp.accuracy = static_cast<double>(correct) / len;
        const double secs = std::max(1e-3, totals.timer.elapsed() / 1000.0);
        bp.imagesPerSecond = totals.seen / secs;
        const double remainingImages =
            static_cast<double>(m_opt.epochs - epoch) * nTrain + (nTrain - totals.seen);
        bp.etaSeconds = remainingImages / std::max(1e-3, bp.imagesPerSecond);
        m_cb.onBatch(bp);
    }

    // --- Validation: score the average, keep the best, checkpoint, decide on early stopping. -------
    /// Returns whether the run stops early after this epoch.
    bool validateEpoch(int epoch, const EpochTotals &totals)
    {
        const EvalOutput ev = predictLogits(m_averaged, m_data.val);
        const Metrics m = computeMetrics(softmaxAll(ev.logits), ev.labels, m_data.folder.classes);
        const double valLoss = negativeLogLikelihood(ev.logits, ev.labels, 1.0);
        const bool improved =
            m.macroF1 > m_best.score + kMinImprovement ||
            (std::abs(m.macroF1 - m_best.score) <= kMinImprovement && valLoss < m_best.loss);
        if (improved) {
            m_best.score = m.macroF1;
            m_best.loss = valLoss;
            m_best.epoch = epoch;
            m_best.weights = serializeModule(*m_averaged);
            m_best.badEpochs = 0;
        } else {
            ++m_best.badEpochs;
        }
        const EpochProgress ep = epochProgress(epoch, totals, m, valLoss, improved);
        m_best.history.append(ep.toJson());
        writeCheckpoint(epoch);
        if (m_cb.onEpoch)
            m_cb.onEpoch(ep);
        const bool stopEarly = m_opt.patience > 0 && m_best.badEpochs >= m_opt.patience;
        if (m_dist)
            m_dist->broadcastDecision(stopEarly);
        if (stopEarly)
            log(QStringLiteral("early stopping: no improvement for %1 epochs (best epoch %2)")
                    .arg(m_opt.patience)
                    .arg(m_best.epoch));
        return stopEarly;
    }

    EpochProgress epochProgress(int epoch, const EpochTotals &totals, const Metrics &m, double valLoss,
                                bool improved) const
    {
        EpochProgress ep;
        ep.epoch = epoch;
        ep.epochs = m_opt.epochs;
        ep.trainLoss = totals.lossSum / std::max<int64_t>(1, totals.seen);
        ep.trainAccuracy = static_cast<double>(totals.correct) / std::max<int64_t>(1, totals.seen);
        ep.valLoss = valLoss;
        ep.valAccuracy = m.accuracy;
        ep.valMacroF1 = m.macroF1;
        ep.learningRate = learningRateAt(static_cast<int64_t>(epoch) * m_batches - 1);
        ep.seconds = totals.timer.elapsed() / 1000.0;
        ep.imagesPerSecond = totals.seen / std::max(1e-3, totals.trainSeconds);
        ep.improved = improved;
        ep.bestEpoch = m_best.epoch;
        if (m_adversary && totals.adversaryWeightSum > 0)
            ep.sourceAdversaryAccuracy = totals.adversaryCorrect / totals.adversaryWeightSum;
        return ep;
    }

    // --- Finalisation: best weights, calibration, model file. ---------------------------------------
    TrainResult finish(int epochsRun, bool stoppedEarly)
    {
        TrainResult result;
        result.checkpointPath = Trainer::checkpointPathFor(m_opt.outPath);
        result.cancelled = cancelled();
        result.epochsRun = epochsRun;
        result.bestEpoch = m_best.epoch;
        if (!isRoot()) { // rank 0 writes the model
            result.trainImages = static_cast<int>(m_data.trainCount());
            result.seconds = m_runTimer.elapsed() / 1000.0;
            result.imagesPerSecond = m_imagesSeen / std::max(1e-3, m_trainingSeconds);
            return result;
        }
        if (m_best.weights.isEmpty())
            throw Error(
                ErrorCode::Cancelled,
                QStringLiteral("training cancelled before the first epoch finished; no model written"));
        deserializeModule(*m_averaged, m_best.weights, result.checkpointPath);
        const EvalOutput ev = predictLogits(m_averaged, m_data.val);
        const TemperatureFit fit = calibrateOnValidation(ev, m_data.folder.classes, result);
        result.trainImages = static_cast<int>(m_data.trainCount());
        result.valImages = static_cast<int>(m_data.val.images.size(0));
        result.excludedDuplicates = excludedDuplicates();
        result.seconds = m_runTimer.elapsed() / 1000.0;
        result.imagesPerSecond = m_imagesSeen / std::max(1e-3, m_trainingSeconds);
        writeModel(result, fit, stoppedEarly);
        return result;
    }

    void writeModel(TrainResult &result, const TemperatureFit &fit, bool stoppedEarly)
    {
        QJsonObject meta = m_baseMetadata;
        meta[QStringLiteral("created")] = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
        meta[QStringLiteral("temperature")] = fit.temperature;
        m_training[QStringLiteral("epochs_run")] = result.epochsRun;
        m_training[QStringLiteral("best_epoch")] = m_best.epoch;
        m_training[QStringLiteral("stopped")] = result.cancelled ? QStringLiteral("cancelled")
                                                : stoppedEarly   ? QStringLiteral("early stopping")
                                                                 : QStringLiteral("epoch limit");
        m_training[QStringLiteral("seconds")] = result.seconds;
        m_training[QStringLiteral("train_images_per_second")] = result.imagesPerSecond;
        m_training[QStringLiteral("train_images")] = result.trainImages;
        m_training[QStringLiteral("val_images")] = result.valImages;
        m_training[QStringLiteral("history")] = m_best.history;
        meta[QStringLiteral("training")] = m_training;
        meta[QStringLiteral("metrics")] = metricsJson(result, fit);
        ModelFileContents c;
        c.metadata = meta;
        c.weights = m_best.weights;
        attachApplicability(c);
        writeBytesAtomically(m_opt.outPath, encodeModelFile(c));
        result.modelPath = m_opt.outPath;
        if (!result.cancelled)
            QFile::remove(result.checkpointPath); // finished: nothing left to resume
        log(QStringLiteral("wrote %1 (best epoch %2, T = %3)")
                .arg(m_opt.outPath)
                .arg(m_best.epoch)
                .arg(fit.temperature, 0, 'f', 3));
    }

    /// The pixel applicability check (FeatureDensity) of the final network: Gaussians fitted on the
    /// training films, threshold on the validation films. A run too small to fit it writes its
    /// model without the check and says so.
    void attachApplicability(ModelFileContents &c)
    {
        c.metadata.remove(QStringLiteral("applicability")); // a parent's statistics describe the parent
        try {
            const DensityOptions options;
            const FeatureDensity fd = fitFeatureDensity(
                pooledForwardAll(*m_averaged, m_data.train.images, options.layer, options.grid).features,
                m_data.train.labels, m_data.classCount(),
                pooledForwardAll(*m_averaged, m_data.val.images, options.layer, options.grid).features,
                options);
            c.metadata[QStringLiteral("applicability")] = fd.toJson();
            c.extra = fd.tensorBlob();
            log(QStringLiteral(
                    "applicability check: fitted on %1 training films, threshold %2 (accepts %3 % of "
                    "the validation films)")
                    .arg(fd.fittedOn)
                    .arg(fd.threshold, 0, 'f', 3)
                    .arg(options.acceptRate * 100.0, 0, 'f', 0));
        } catch (const Error &e) {
            log(QStringLiteral("applicability check not fitted: %1").arg(e.message()));
        } catch (const std::exception &e) { // a libtorch failure (memory, a decomposition)
            log(QStringLiteral("applicability check not fitted: %1")
                    .arg(QString::fromUtf8(e.what()).section(QLatin1Char('\n'), 0, 0)));
        }
    }

    const TrainCallbacks &m_cb;
    const std::atomic<bool> *m_cancel;
    const std::atomic<bool> *m_pause;
    QElapsedTimer m_runTimer;

    TrainOptions m_opt;
    ResumePoint m_resume;
    LoadedModel m_parent;             ///< --from: the model retrained (empty otherwise)
    std::vector<double> m_groupScale; ///< per optimiser group: its share of the scheduled rate
    int m_threads = 1;
    PreparedData m_data;

    quint64 m_runSeed = 0;
    ArchitectureSpec m_spec;
    ChestNet m_net, m_averaged;
    bool m_useEma = false;
    ml::SourceTargets m_sourceTarget;
    ml::SourceAdversary m_adversary{nullptr};
    std::unique_ptr<torch::optim::AdamW> m_optimizer;
    std::vector<float> m_classWeight;
    torch::Tensor m_weightTensor, m_sampleWeight, m_trainLabels;
    BestSoFar m_best;
    int m_startEpoch = 1;

    int m_batches = 0;
    int64_t m_totalSteps = 0, m_warmupSteps = 0;
    AugmentOptions m_aug;

    QJsonObject m_baseMetadata, m_training;
    QJsonObject m_start; ///< where the weights began, when not from random (training.start)

    std::unique_ptr<DistributedContext> m_dist;
    bool m_stopAgreed = false;
    int64_t m_imagesSeen = 0;
    double m_trainingSeconds = 0;
};

} // namespace

Trainer::Trainer(TrainOptions options) : m_options(std::move(options)) {}
Trainer::~Trainer() = default;

QString Trainer::checkpointPathFor(const QString &outPath)
{
    return outPath + QStringLiteral(".ckpt");
}

TrainResult Trainer::run(const TrainCallbacks &cb, const std::atomic<bool> *cancel,
                         const std::atomic<bool> *pause)
{
    if (m_options.ensemble != 1)
        return runEnsemble(cb, cancel, pause);
    return SingleRun(cb, cancel, pause).run(m_options);
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
