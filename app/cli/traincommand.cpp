#include "app/cli/cli.h"
#include "app/cli/commands_p.h"
#include "core/error.h"
#include "core/ml/distributed.h"
#include "core/ml/trainer.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <vector>

#include <atomic>
#include <cmath>
#include <csignal>

namespace chestlens::cli {

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int)
{
    g_interrupted = true; // the trainer checks this every batch and writes the best model so far
}

QString formatDuration(double seconds)
{
    const int s = static_cast<int>(std::lround(seconds));
    if (s >= 3600)
        return QStringLiteral("%1h%2m").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    if (s >= 60)
        return QStringLiteral("%1m%2s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1s").arg(s);
}

/// "member 2/3  " while an ensemble trains; nothing for a single network.
QString memberPrefix(int member, int members)
{
    return members > 1 ? QStringLiteral("member %1/%2  ").arg(member).arg(members) : QString();
}

/// The options of `train`; the numeric ones come from the table of training-option limits.
struct TrainCommandLine
{
    QCommandLineParser parser;
    std::vector<std::pair<TrainOptionField, QCommandLineOption>> numeric;
    QCommandLineOption data{QStringLiteral("data"), QStringLiteral("Labelled folder."),
                            QStringLiteral("DIR")};
    QCommandLineOption out{QStringLiteral("out"), QStringLiteral("Model file to write."),
                           QStringLiteral("MODEL")};
    QCommandLineOption arch{
        QStringLiteral("arch"),
        QStringLiteral("Architecture: resnet (default), seed (the published notebook's CNN) or mobilenetv2 "
                       "(ImageNet-pretrained unless --init random)."),
        QStringLiteral("NAME"), TrainOptions().arch};
    QCommandLineOption init{
        QStringLiteral("init"),
        QStringLiteral(
            "Starting weights: imagenet (the bundled ImageNet MobileNetV2; default for mobilenetv2) "
            "or random (default for the others)."),
        QStringLiteral("WEIGHTS")};
    QCommandLineOption from{
        QStringLiteral("from"),
        QStringLiteral(
            "Retrain MODEL on DIR: its network and preprocessing are kept; same classes continue its "
            "classifier, other classes get a new one on the same features."),
        QStringLiteral("MODEL")};
    QCommandLineOption freeze{
        QStringLiteral("freeze"),
        QStringLiteral(
            "backbone: only the classifier learns (for a few dozen films); none (default): every layer "
            "learns, the pretrained ones at --lr-backbone."),
        QStringLiteral("PART"), TrainOptions().freeze};
    QCommandLineOption seed{
        QStringLiteral("seed"),
        QStringLiteral("Random seed for split, initialisation and augmentation (default %1).")
            .arg(TrainOptions().seed),
        QStringLiteral("N"), QString::number(TrainOptions().seed)};
    QCommandLineOption resume{QStringLiteral("resume"),
                              QStringLiteral("Continue an interrupted run from its checkpoint."),
                              QStringLiteral("CKPT")};
    QCommandLineOption noAugment{QStringLiteral("no-augment"), QStringLiteral("Disable augmentation.")};
    QCommandLineOption noEqualize{QStringLiteral("no-equalize"),
                                  QStringLiteral("Do not histogram-equalise the films (default: equalise).")};
    QCommandLineOption fit{
        QStringLiteral("fit"),
        QStringLiteral("How a film becomes a square: stretch (the whole film, squeezed) or crop (its "
                       "central square, proportions kept) (default %1).")
            .arg(fitName(TrainOptions().centreCrop)),
        QStringLiteral("MODE"), fitName(TrainOptions().centreCrop)};
    QCommandLineOption keepDup{QStringLiteral("keep-duplicates"),
                               QStringLiteral("Train on duplicates and label conflicts too.")};
    QCommandLineOption holdOut{
        QStringLiteral("hold-out"),
        QStringLiteral("Validate on files whose name starts with PREFIX instead of a random split "
                       "(repeatable; source-held-out experiments)."),
        QStringLiteral("PREFIX")};
    QCommandLineOption groupBy{
        QStringLiteral("group-by"),
        QStringLiteral("Regular expression on file names: films giving the same first capture group are one "
                       "patient's and stay on one side of the split (e.g. '^(nih_[^_]+)_')."),
        QStringLiteral("REGEX")};
    QCommandLineOption name{QStringLiteral("name"), QStringLiteral("Model name shown in the model card."),
                            QStringLiteral("TEXT")};
    QCommandLineOption json{QStringLiteral("json"),
                            QStringLiteral("Machine-readable progress: one JSON object per line on stdout.")};
    QCommandLineOption processes{
        QStringLiteral("processes"),
        QStringLiteral("Data-parallel on this machine: train with N local processes (ranks on "
                       "127.0.0.1); --threads is then the total, split between them (default 1)."),
        QStringLiteral("N"), QStringLiteral("1")};
    QCommandLineOption master{
        QStringLiteral("master"),
        QStringLiteral(
            "Data-parallel: HOST:PORT where rank 0 serves the rendezvous; the same on every rank."),
        QStringLiteral("HOST:PORT")};
    // How --processes hands the caller's whole recipe (TrainOptions::toJson) to its worker ranks.
    QCommandLineOption recipe{QStringLiteral("recipe-json"),
                              QStringLiteral("Internal: the training options as JSON."),
                              QStringLiteral("JSON")};
    // Data-parallel diagnostics (RankDiagnostics, README "Training across machines"); hidden because
    // they serve checking the ranks, not training.
    QCommandLineOption fingerprints{
        QStringLiteral("rank-fingerprints"),
        QStringLiteral("Diagnostics: every rank appends parameter hashes per step and "
                       "epoch to DIR/rank<R>.txt."),
        QStringLiteral("DIR")};
    QCommandLineOption crash{
        QStringLiteral("rank-crash"),
        QStringLiteral("Diagnostics: rank R exits abruptly (code 1) after step S (0-based)."),
        QStringLiteral("R:S")};

    static QString fitName(bool crop) { return crop ? QStringLiteral("crop") : QStringLiteral("stretch"); }

    TrainCommandLine()
    {
        parser.setApplicationDescription(QStringLiteral(
            "Train a classifier on a labelled folder DIR/<class>/<image> (PNG, JPEG, TIFF or DICOM at any "
            "depth "
            "below the class folder). Exact and near duplicates are removed before an 80/20 stratified "
            "split; the "
            "best epoch is kept, calibrated by temperature scaling and written to MODEL with its metadata. "
            "A checkpoint MODEL.ckpt is written atomically after every epoch; Ctrl+C stops after the current "
            "batch and writes the best model so far."));
        for (const TrainOptionField &f : trainOptionFields())
            if (f.onCommandLine)
                numeric.emplace_back(f, numericOption(*f.limit));
        recipe.setFlags(QCommandLineOption::HiddenFromHelp);
        fingerprints.setFlags(QCommandLineOption::HiddenFromHelp);
        crash.setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOptions({data,   out,       arch,       init,   from,    freeze,       seed,
                           resume, noAugment, noEqualize, fit,    keepDup, holdOut,      groupBy,
                           name,   json,      processes,  master, recipe,  fingerprints, crash});
        for (const auto &n : numeric)
            parser.addOption(n.second);
    }

    static QCommandLineOption numericOption(const OptionLimit &l)
    {
        const QString def = QString::number(l.defaultValue);
        return {QLatin1String(l.option),
                QStringLiteral("%1 (default %2).").arg(QLatin1String(l.description), def),
                l.integer ? QStringLiteral("N") : QStringLiteral("F"), def};
    }
};

/// The hidden --rank-fingerprints and --rank-crash R:S; false (with `error` set) for a bad R:S.
bool readDiagnostics(const TrainCommandLine &cl, RankDiagnostics &d, QString &error)
{
    const QCommandLineParser &p = cl.parser;
    d.fingerprintDir = p.value(cl.fingerprints);
    if (!p.isSet(cl.crash))
        return true;
    const QStringList rankStep = p.value(cl.crash).split(QLatin1Char(':'));
    bool rankOk = false, stepOk = false;
    d.crashRank = rankStep.value(0).toInt(&rankOk);
    d.crashAfterStep = rankStep.value(1).toLongLong(&stepOk);
    if (rankStep.size() != 2 || !rankOk || !stepOk || d.crashRank < 0 || d.crashAfterStep < 0) {
        error = QStringLiteral("train: --rank-crash takes R:S (rank and 0-based step), not '%1'")
                    .arg(p.value(cl.crash));
        return false;
    }
    return true;
}

/// Fills `o` from the parsed command line; false (with `error` set) for a usage error.
bool readOptions(const TrainCommandLine &cl, TrainOptions &o, int &localProcesses, QString &error)
{
    const QCommandLineParser &p = cl.parser;
    if (p.value(cl.fit) != QLatin1String("stretch") && p.value(cl.fit) != QLatin1String("crop")) {
        error = QStringLiteral("train: --fit must be stretch or crop, not '%1'").arg(p.value(cl.fit));
        return false;
    }
    bool ok = true;
    TrainOptions given;
    for (const auto &[field, option] : cl.numeric) {
        bool good = false;
        const double v = field.intMember ? p.value(option).toInt(&good) : p.value(option).toDouble(&good);
        ok = ok && good;
        field.set(given, v);
    }
    bool seedOk = false;
    given.seed = p.value(cl.seed).toULongLong(&seedOk);
    given.dataDir = p.value(cl.data);
    given.outPath = p.value(cl.out);
    given.arch = p.value(cl.arch);
    given.init = p.value(cl.init);
    given.fromModel = p.value(cl.from);
    given.freeze = p.value(cl.freeze);
    given.resumeFrom = p.value(cl.resume);
    given.augment = !p.isSet(cl.noAugment);
    given.equalize = !p.isSet(cl.noEqualize);
    given.centreCrop = p.value(cl.fit) == QLatin1String("crop");
    given.keepDuplicates = p.isSet(cl.keepDup);
    given.holdOutPrefixes = p.values(cl.holdOut);
    given.groupBy = p.value(cl.groupBy);
    given.modelName = p.value(cl.name);
    given.master = p.value(cl.master);
    if (!readDiagnostics(cl, given.diagnostics, error))
        return false;
    bool processesOk = false;
    localProcesses = p.value(cl.processes).toInt(&processesOk);
    ok = ok && processesOk;
    o = given;
    if (p.isSet(cl.recipe)) {
        const QJsonDocument doc = QJsonDocument::fromJson(p.value(cl.recipe).toUtf8());
        if (!doc.isObject()) {
            error = QStringLiteral("train: --recipe-json is not a JSON object");
            return false;
        }
        // The recipe is the whole run but where this rank writes, its threads and its place in the run.
        o = TrainOptions::fromJson(doc.object());
        o.outPath = given.outPath;
        o.resumeFrom = given.resumeFrom;
        o.threads = given.threads;
        o.modelName = given.modelName;
        o.worldSize = given.worldSize;
        o.rank = given.rank;
        o.master = given.master;
        o.collectiveTimeoutSeconds = given.collectiveTimeoutSeconds;
        o.diagnostics = given.diagnostics;
    }
    if (!ok || !seedOk) {
        error = QStringLiteral("train: a numeric option has a value that is not a number");
        return false;
    }
    return true;
}
/// The usage errors of options that parsed: missing paths, impossible rank set-ups and every
/// rule of TrainOptions::problems().
QStringList usageProblems(const TrainCommandLine &cl, const TrainOptions &o, int localProcesses)
{
    if (o.resumeFrom.isEmpty() && (o.dataDir.isEmpty() || (o.outPath.isEmpty() && o.rank == 0)))
        return {QStringLiteral("--data DIR and --out MODEL are required (or --resume CKPT)")};
    if (localProcesses < 1 || (localProcesses > 1 && (o.worldSize > 1 || cl.parser.isSet(cl.master))))
        return {QStringLiteral("--processes N (N >= 1) runs every rank on this machine; it does not combine "
                               "with --world-size/--master")};
    if (o.worldSize > 1 && o.master.isEmpty())
        return {
            QStringLiteral("--world-size %1 needs --master HOST:PORT (rank 0's address)").arg(o.worldSize)};
    return o.problems();
}

/// Progress printing: JSON lines, a progress bar on a terminal, or plain epoch lines.
struct ProgressPrinter
{
    Context &ctx;
    bool asJson;
    bool bar; ///< redraw one progress line on a terminal

    void log(const QString &m) const
    {
        if (asJson)
            ctx.printJson({{QStringLiteral("event"), QStringLiteral("log")}, {QStringLiteral("message"), m}});
        else
            ctx.err() << (bar ? "\r\033[K" : "") << m << '\n', ctx.err().flush();
    }

    void prepare(const QString &stage, int done, int total) const
    {
        if (bar && total > 0 && (done % 50 == 0 || done == total))
            ctx.err() << "\r\033[K" << stage << ' ' << done << '/' << total, ctx.err().flush();
    }

    void batch(const BatchProgress &b) const
    {
        if (asJson) {
            if (b.batch % 10 == 0 || b.batch == b.batches)
                ctx.printJson({{QStringLiteral("event"), QStringLiteral("batch")},
                               {QStringLiteral("member"), b.member},
                               {QStringLiteral("members"), b.members},
                               {QStringLiteral("epoch"), b.epoch},
                               {QStringLiteral("batch"), b.batch},
                               {QStringLiteral("batches"), b.batches},
                               {QStringLiteral("loss"), b.loss},
                               {QStringLiteral("accuracy"), b.accuracy},
                               {QStringLiteral("images_per_second"), b.imagesPerSecond},
                               {QStringLiteral("eta_seconds"), b.etaSeconds}});
            return;
        }
        if (!bar)
            return;
        constexpr int kBarWidth = 30; // characters of the progress bar
        const int filled = kBarWidth * b.batch / std::max(1, b.batches);
        ctx.err() << "\r\033[K" << memberPrefix(b.member, b.members) << "epoch " << b.epoch << '/' << b.epochs
                  << " [" << QString(filled, QLatin1Char('#'))
                  << QString(kBarWidth - filled, QLatin1Char('.')) << "] " << b.batch << '/' << b.batches
                  << "  loss " << QString::number(b.loss, 'f', 3) << "  "
                  << QString::number(b.imagesPerSecond, 'f', 0) << " img/s  ETA "
                  << formatDuration(b.etaSeconds);
        ctx.err().flush();
    }

    void epoch(const EpochProgress &e) const
    {
        if (asJson) {
            QJsonObject o = e.toJson();
            o[QStringLiteral("event")] = QStringLiteral("epoch");
            ctx.printJson(o);
            return;
        }
        ctx.err() << (bar ? "\r\033[K" : "") << memberPrefix(e.member, e.members) << "epoch " << e.epoch
                  << '/' << e.epochs << "  train loss " << QString::number(e.trainLoss, 'f', 4) << " acc "
                  << QString::number(e.trainAccuracy, 'f', 3) << "  val loss "
                  << QString::number(e.valLoss, 'f', 4) << " acc " << QString::number(e.valAccuracy, 'f', 3)
                  << " macro-F1 " << QString::number(e.valMacroF1, 'f', 3)
                  << (e.sourceAdversaryAccuracy >= 0
                          ? QStringLiteral("  source adv. acc %1").arg(e.sourceAdversaryAccuracy, 0, 'f', 3)
                          : QString())
                  << "  " << QString::number(e.imagesPerSecond, 'f', 0) << " img/s  "
                  << formatDuration(e.seconds) << (e.improved ? "  *best" : "") << '\n';
        ctx.err().flush();
    }

    TrainCallbacks callbacks() const
    {
        TrainCallbacks cb;
        cb.onLog = [this](const QString &m) { log(m); };
        cb.onPrepare = [this](const QString &stage, int done, int total) { prepare(stage, done, total); };
        cb.onBatch = [this](const BatchProgress &b) { batch(b); };
        cb.onEpoch = [this](const EpochProgress &e) { epoch(e); };
        return cb;
    }
};

/// What a data-parallel rank > 0 reports: rank 0 wrote the model.
void printRankResult(Context &ctx, bool asJson, const TrainOptions &o, const TrainResult &r)
{
    if (asJson) {
        ctx.printJson({{QStringLiteral("event"), QStringLiteral("done")},
                       {QStringLiteral("rank"), o.rank},
                       {QStringLiteral("cancelled"), r.cancelled},
                       {QStringLiteral("epochs_run"), r.epochsRun},
                       {QStringLiteral("seconds"), r.seconds},
                       {QStringLiteral("images_per_second"), r.imagesPerSecond}});
        return;
    }
    ctx.out() << "rank " << o.rank << " of " << o.worldSize << " done: " << r.epochsRun << " epochs, "
              << formatDuration(r.seconds) << ", " << QString::number(r.imagesPerSecond, 'f', 1)
              << " training images/s (all ranks); rank 0 wrote the model\n";
    ctx.out().flush();
}

void printResult(Context &ctx, bool asJson, const TrainOptions &o, const TrainResult &r)
{
    if (asJson) {
        ctx.printJson({{QStringLiteral("event"), QStringLiteral("done")},
                       {QStringLiteral("model"), r.modelPath},
                       {QStringLiteral("cancelled"), r.cancelled},
                       {QStringLiteral("epochs_run"), r.epochsRun},
                       {QStringLiteral("best_epoch"), r.bestEpoch},
                       {QStringLiteral("seconds"), r.seconds},
                       {QStringLiteral("images_per_second"), r.imagesPerSecond},
                       {QStringLiteral("temperature"), r.temperature},
                       {QStringLiteral("validation"), r.validation.toJson()}});
        return;
    }
    ctx.out() << "Model written to " << r.modelPath
              << (r.cancelled
                      ? (o.ensemble > 1 ? " (cancelled: the members finished so far; run the same command "
                                          "again to continue)"
                                        : " (cancelled: best epoch so far)")
                      : "")
              << "\n"
              << r.epochsRun << " epochs, best " << r.bestEpoch << ", " << formatDuration(r.seconds) << ", "
              << QString::number(r.imagesPerSecond, 'f', 1) << " training images/s, temperature "
              << QString::number(r.temperature, 'f', 3) << "\n\nValidation (" << r.valImages
              << " films, calibrated):\n"
              << r.validation.toText();
    ctx.out().flush();
}

} // namespace

int runTrain(Context &ctx, const QStringList &args)
{
    TrainCommandLine cl;
    bool help = false;
    if (!ctx.parse(cl.parser, args, help))
        return ExitUsage;
    if (help)
        return ExitOk;
    TrainOptions o;
    int localProcesses = 1;
    QString usage;
    if (!readOptions(cl, o, localProcesses, usage)) {
        ctx.error(usage);
        return ExitUsage;
    }
    const QStringList problems = usageProblems(cl, o, localProcesses);
    for (const QString &problem : problems)
        ctx.error(QStringLiteral("train: %1").arg(problem));
    if (!problems.isEmpty())
        return ExitUsage;

    const bool asJson = cl.parser.isSet(cl.json);
    const ProgressPrinter printer{ctx, asJson, !asJson && ctx.stderrIsTerminal()};
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    try {
        // --processes: this process is rank 0 (progress, Ctrl+C and the model file as usual), the
        // other ranks are copies of this executable whose failure fails the run.
        const TrainResult r = localProcesses > 1
                                  ? runLocalProcesses(o, localProcesses, printer.callbacks(), &g_interrupted,
                                                      nullptr, QCoreApplication::applicationFilePath())
                                  : Trainer(o).run(printer.callbacks(), &g_interrupted);
        if (o.rank > 0)
            printRankResult(ctx, asJson, o, r);
        else
            printResult(ctx, asJson, o, r);
        return r.cancelled ? ExitCancelled : ExitOk;
    } catch (const Error &e) {
        ctx.error(e.message());
        return e.code() == ErrorCode::Cancelled ? ExitCancelled : ExitFailed;
    }
}

} // namespace chestlens::cli
