// Trainer::runEnsemble: a deep ensemble is its members trained one after another as ordinary
// single-network runs (OUT.member<i>), then combined into one network, calibrated and written.

#include "core/data/labelledfolder.h"
#include "core/error.h"
#include "core/film/imagewriter.h"
#include "core/ml/modelfile_p.h"
#include "core/ml/trainer.h"

#include "core/ml/applicabilityfit.h"
#include "core/ml/trainer_p.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

namespace chestlens {

using namespace chestlens::ml;

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
        return c.metadata.value(QStringLiteral("training"))
            .toObject()
            .value(QStringLiteral("options"))
            .toObject();
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

void checkEnsembleOptions(const TrainOptions &opt)
{
    const QStringList problems = opt.problems();
    if (!problems.isEmpty())
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("invalid training options: %1").arg(problems.join(QStringLiteral("; "))));
    if (opt.outPath.isEmpty())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("no output model path given (--out)"));
}

/// The caller's callbacks for member `i`: log lines tagged with the member, progress numbered.
TrainCallbacks memberCallbacks(const TrainCallbacks &cb, int i, int members, const QString &tag)
{
    TrainCallbacks mcb;
    mcb.onPrepare = cb.onPrepare;
    if (cb.onLog)
        mcb.onLog = [&cb, tag](const QString &msg) { cb.onLog(tag + QStringLiteral(": ") + msg); };
    if (cb.onBatch)
        mcb.onBatch = [&cb, i, members](BatchProgress b) {
            b.member = i + 1;
            b.members = members;
            cb.onBatch(b);
        };
    if (cb.onEpoch)
        mcb.onEpoch = [&cb, i, members](EpochProgress e) {
            e.member = i + 1;
            e.members = members;
            cb.onEpoch(e);
        };
    return mcb;
}

/// The members, loaded; all must share classes, architecture and split.
struct LoadedMembers
{
    QStringList paths;
    std::vector<LoadedModel> models;
    std::vector<ModelFileContents> files;

    QJsonObject firstTraining() const
    {
        return files.front().metadata.value(QStringLiteral("training")).toObject();
    }
};

LoadedMembers loadMembers(const QStringList &paths)
{
    LoadedMembers m;
    m.paths = paths;
    for (const QString &path : paths) {
        ModelFileContents raw;
        m.models.push_back(loadModel(path, &raw));
        m.files.push_back(std::move(raw));
    }
    const QJsonObject first = m.firstTraining();
    for (std::size_t i = 1; i < m.models.size(); ++i) {
        const QJsonObject training = m.files[i].metadata.value(QStringLiteral("training")).toObject();
        if (m.models[i].info.classes != m.models[0].info.classes ||
            m.models[i].spec.toJson() != m.models[0].spec.toJson() ||
            training.value(QStringLiteral("split")) != first.value(QStringLiteral("split")))
            throw Error(
                ErrorCode::InvalidModel, paths[static_cast<int>(i)],
                QStringLiteral("this ensemble member differs from %1 in its classes, architecture or split")
                    .arg(paths.front()));
    }
    return m;
}

/// One network whose output averages the members' probabilities (the member itself for one).
ChestNet combine(const LoadedMembers &m, ArchitectureSpec &spec)
{
    spec = m.models.front().spec;
    spec.members = static_cast<int>(m.models.size());
    ChestNet net = spec.members > 1 ? createNetwork(spec) : m.models.front().net;
    if (spec.members > 1) {
        const auto children = net->named_children();
        for (std::size_t i = 0; i < m.models.size(); ++i)
            deserializeModule(*children[QStringLiteral("member%1").arg(i + 1).toStdString()],
                              m.files[i].weights, m.paths[static_cast<int>(i)]);
    }
    return net;
}

/// The members' validation films (their shared split), decoded as the members preprocess them.
TensorCache decodeValidation(const TrainOptions &opt, const LoadedMembers &m, const TrainCallbacks &cb)
{
    const int threads = useTrainingThreads(opt);
    const LabelledFolder folder = scanLabelledFolder(opt.dataDir);
    const std::vector<int> valIndex = indicesFromRelativePaths(
        folder,
        m.firstTraining().value(QStringLiteral("split")).toObject().value(QStringLiteral("val")).toArray(),
        m.paths.front());
    std::vector<QString> valPaths;
    std::vector<int> valLabels;
    for (int i : valIndex) {
        valPaths.push_back(folder.items[static_cast<std::size_t>(i)].path);
        valLabels.push_back(folder.items[static_cast<std::size_t>(i)].label);
    }
    return buildTensorCache(valPaths, valLabels, valIndex, m.models.front().info.preprocessing, threads,
                            [&cb](int d, int t) {
                                if (cb.onPrepare)
                                    cb.onPrepare(QStringLiteral("decode validation films"), d, t);
                            });
}

/// One summary per member for the model card; adds the members' epochs to `result` and returns
/// their total training seconds.
QJsonArray memberSummaries(const LoadedMembers &m, TrainResult &result, double &trainingSeconds)
{
    QJsonArray summaries;
    double imagesPerSecond = 0;
    for (std::size_t i = 0; i < m.files.size(); ++i) {
        const QJsonObject meta = m.files[i].metadata;
        const QJsonObject training = meta.value(QStringLiteral("training")).toObject();
        const QJsonObject validation =
            meta.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("validation")).toObject();
        result.epochsRun += training.value(QStringLiteral("epochs_run")).toInt();
        trainingSeconds += training.value(QStringLiteral("seconds")).toDouble();
        imagesPerSecond += training.value(QStringLiteral("train_images_per_second")).toDouble() /
                           static_cast<double>(m.files.size());
        summaries.append(
            QJsonObject{{QStringLiteral("member"), static_cast<int>(i) + 1},
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
    result.imagesPerSecond = imagesPerSecond;
    return summaries;
}

/// Fits the ensemble's pixel applicability check (its members' pooled features side by side) on
/// the members' split and rewrites the model with it; a failure leaves the model without the check.
void addApplicability(const TrainOptions &opt, const TrainCallbacks &cb)
{
    ApplicabilityFitOptions fit;
    fit.modelPath = opt.outPath;
    fit.dataDir = opt.dataDir;
    fit.outPath = opt.outPath;
    fit.threads = useTrainingThreads(opt);
    try {
        const ApplicabilityFitResult r = fitApplicability(fit);
        logTo(cb, QStringLiteral("applicability check: fitted on %1 training films, threshold %2")
                      .arg(r.trainFilms)
                      .arg(r.threshold, 0, 'f', 3));
    } catch (const Error &e) {
        logTo(cb, QStringLiteral("applicability check not fitted: %1").arg(e.message()));
    } catch (const std::exception &e) { // a libtorch failure (memory, a decomposition)
        logTo(cb, QStringLiteral("applicability check not fitted: %1")
                      .arg(QString::fromUtf8(e.what()).section(QLatin1Char('\n'), 0, 0)));
    }
}

/// The ensemble's model file: the first member's metadata with the ensemble's name, architecture,
/// recipe, member summaries and calibration.
QJsonObject ensembleMetadata(const TrainOptions &opt, const LoadedMembers &m, const ArchitectureSpec &spec,
                             const TrainResult &result, const TemperatureFit &fit,
                             const QJsonArray &summaries, double trainingSeconds)
{
    QJsonObject meta = m.files.front().metadata;
    meta.remove(QStringLiteral("checkpoint"));
    meta.remove(QStringLiteral("applicability")); // the member's; the ensemble's is fitted after writing
    meta[QStringLiteral("name")] = opt.modelName.isEmpty()
                                       ? QStringLiteral("ChestLens %1 ensemble of %2 (%3 px)")
                                             .arg(opt.arch)
                                             .arg(spec.members)
                                             .arg(opt.imageSize)
                                       : opt.modelName;
    meta[QStringLiteral("architecture")] = spec.toJson();
    meta[QStringLiteral("created")] = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    meta[QStringLiteral("temperature")] = fit.temperature;
    QJsonObject training = m.firstTraining();
    training[QStringLiteral("options")] = opt.toJson();
    training[QStringLiteral("members")] = summaries;
    training[QStringLiteral("epochs_run")] = result.epochsRun;
    training.remove(QStringLiteral("best_epoch"));
    training.remove(QStringLiteral("history"));
    training[QStringLiteral("stopped")] =
        result.cancelled ? QStringLiteral("cancelled") : QStringLiteral("all members finished");
    training[QStringLiteral("seconds")] = trainingSeconds;
    training[QStringLiteral("train_images_per_second")] = result.imagesPerSecond;
    meta[QStringLiteral("training")] = training;
    meta[QStringLiteral("metrics")] = metricsJson(result, fit);
    return meta;
}

} // namespace

TrainResult Trainer::runEnsemble(const TrainCallbacks &cb, const std::atomic<bool> *cancel,
                                 const std::atomic<bool> *pause)
{
    const TrainOptions &opt = m_options;
    checkEnsembleOptions(opt);
    QElapsedTimer timer;
    timer.start();
    bool cancelled = false;
    const QStringList memberPaths = trainMembers(cb, cancel, pause, cancelled);

    const LoadedMembers members = loadMembers(memberPaths);
    ArchitectureSpec spec;
    const ChestNet net = combine(members, spec);
    const TensorCache val = decodeValidation(opt, members, cb);
    TrainResult result;
    result.cancelled = cancelled;
    const TemperatureFit fit =
        calibrateOnValidation(predictLogits(net, val), members.models.front().info.classes, result);
    const QJsonObject first = members.firstTraining();
    result.valImages = static_cast<int>(val.images.size(0));
    result.trainImages = first.value(QStringLiteral("train_images")).toInt();
    result.excludedDuplicates =
        first.value(QStringLiteral("dedup")).toObject().value(QStringLiteral("excluded")).toInt();
    double trainingSeconds = 0;
    const QJsonArray summaries = memberSummaries(members, result, trainingSeconds);
    result.seconds = timer.elapsed() / 1000.0;

    ModelFileContents c;
    c.metadata = ensembleMetadata(opt, members, spec, result, fit, summaries, trainingSeconds);
    c.weights = serializeModule(*net);
    writeBytesAtomically(opt.outPath, encodeModelFile(c));
    result.modelPath = opt.outPath;
    addApplicability(opt, cb);
    if (!cancelled) // finished: the members live on inside the ensemble file
        for (const QString &path : memberPaths)
            QFile::remove(path);
    logTo(cb, QStringLiteral("wrote %1 (ensemble of %2, T = %3)")
                  .arg(opt.outPath)
                  .arg(spec.members)
                  .arg(fit.temperature, 0, 'f', 3));
    return result;
}

QStringList Trainer::trainMembers(const TrainCallbacks &cb, const std::atomic<bool> *cancel,
                                  const std::atomic<bool> *pause, bool &cancelled)
{
    const TrainOptions &opt = m_options;
    QStringList memberPaths;
    for (int i = 0; i < opt.ensemble && !cancelled; ++i) {
        TrainOptions m = opt;
        m.ensemble = 1;
        m.member = i;
        m.outPath = memberPathFor(opt.outPath, i);
        const QString ckpt = checkpointPathFor(m.outPath);
        const QJsonObject recipe = m.toJson();
        const QString tag = QStringLiteral("member %1/%2").arg(i + 1).arg(opt.ensemble);
        if (QFileInfo::exists(m.outPath) && !QFileInfo::exists(ckpt) &&
            sameRecipe(recipeOf(m.outPath), recipe)) {
            logTo(cb,
                  QStringLiteral("%1: reusing %2, finished earlier with this recipe").arg(tag, m.outPath));
            memberPaths << m.outPath;
            continue;
        }
        if (QFileInfo::exists(ckpt) && sameRecipe(recipeOf(ckpt), recipe)) {
            m.resumeFrom = ckpt;
            logTo(cb, QStringLiteral("%1: continuing from %2").arg(tag, ckpt));
        }
        try {
            const TrainResult r = Trainer(m).run(memberCallbacks(cb, i, opt.ensemble, tag), cancel, pause);
            cancelled = r.cancelled;
        } catch (const Error &e) {
            if (e.code() != ErrorCode::Cancelled || memberPaths.isEmpty())
                throw;
            logTo(cb, QStringLiteral("%1: cancelled before its first epoch finished").arg(tag));
            cancelled = true;
            continue;
        }
        memberPaths << m.outPath;
    }
    return memberPaths;
}

} // namespace chestlens
