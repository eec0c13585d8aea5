#include "core/cli/cli.h"
#include "core/cli/commands_p.h"
#include "core/error.h"
#include "core/ml/distributed.h"
#include "core/ml/trainer.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

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

} // namespace

int runTrain(Context &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Train a classifier on a labelled folder DIR/<class>/<image> (PNG, JPEG, TIFF or DICOM at any depth "
        "below the class folder). Exact and near duplicates are removed before an 80/20 stratified split; the "
        "best epoch is kept, calibrated by temperature scaling and written to MODEL with its metadata. "
        "A checkpoint MODEL.ckpt is written atomically after every epoch; Ctrl+C stops after the current "
        "batch and writes the best model so far."));
    const TrainOptions d;
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("Labelled folder."), QStringLiteral("DIR"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Model file to write."), QStringLiteral("MODEL"));
    const QCommandLineOption arch(QStringLiteral("arch"), QStringLiteral("Architecture: resnet (default) or seed (the published notebook's CNN)."), QStringLiteral("NAME"), d.arch);
    const QCommandLineOption width(QStringLiteral("width"), QStringLiteral("resnet: channels of the first block (default %1).").arg(d.width), QStringLiteral("N"), QString::number(d.width));
    const QCommandLineOption size(QStringLiteral("image-size"), QStringLiteral("Input side in pixels, multiple of 16 (default %1).").arg(d.imageSize), QStringLiteral("PX"), QString::number(d.imageSize));
    const QCommandLineOption stem(QStringLiteral("stem-stride"), QStringLiteral("resnet: down-sampling of the stem, 2 or 4 (default: 4 from 192 px up, else 2)."), QStringLiteral("N"), QString::number(d.stemStride));
    const QCommandLineOption epochs(QStringLiteral("epochs"), QStringLiteral("Maximum epochs (default %1).").arg(d.epochs), QStringLiteral("N"), QString::number(d.epochs));
    const QCommandLineOption batch(QStringLiteral("batch"), QStringLiteral("Batch size (default %1).").arg(d.batch), QStringLiteral("N"), QString::number(d.batch));
    const QCommandLineOption lr(QStringLiteral("lr"), QStringLiteral("Peak learning rate (default %1).").arg(d.lr), QStringLiteral("LR"), QString::number(d.lr));
    const QCommandLineOption patience(QStringLiteral("patience"), QStringLiteral("Early-stopping patience in epochs, 0 = off (default %1).").arg(d.patience), QStringLiteral("N"), QString::number(d.patience));
    const QCommandLineOption valSplit(QStringLiteral("val-split"), QStringLiteral("Validation fraction (default %1).").arg(d.valSplit), QStringLiteral("F"), QString::number(d.valSplit));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Random seed for split, initialisation and augmentation (default %1).").arg(d.seed), QStringLiteral("N"), QString::number(d.seed));
    const QCommandLineOption threads(QStringLiteral("threads"), QStringLiteral("CPU threads (default: all cores)."), QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption resume(QStringLiteral("resume"), QStringLiteral("Continue an interrupted run from its checkpoint."), QStringLiteral("CKPT"));
    const QCommandLineOption noAugment(QStringLiteral("no-augment"), QStringLiteral("Disable augmentation."));
    const QCommandLineOption augStrength(QStringLiteral("augment-strength"), QStringLiteral("Scale of all augmentation ranges (default 1)."), QStringLiteral("F"), QStringLiteral("1"));
    const QCommandLineOption noEqualize(QStringLiteral("no-equalize"), QStringLiteral("Do not histogram-equalise the films (default: equalise)."));
    const QCommandLineOption fit(QStringLiteral("fit"), QStringLiteral("How a film becomes a square: stretch (the whole film, squeezed) or crop (its central square, proportions kept) (default %1).").arg(d.centreCrop ? QStringLiteral("crop") : QStringLiteral("stretch")), QStringLiteral("MODE"), d.centreCrop ? QStringLiteral("crop") : QStringLiteral("stretch"));
    const QCommandLineOption ema(QStringLiteral("ema-decay"), QStringLiteral("Decay of the weight average used for validation and the model file, 0 = off (default %1).").arg(d.emaDecay), QStringLiteral("F"), QString::number(d.emaDecay));
    const QCommandLineOption ensemble(QStringLiteral("ensemble"), QStringLiteral("Train N networks with their own random initialisation on the same split and write them as one model averaging their probabilities (default %1). Running the same command again after an interruption reuses the finished members.").arg(d.ensemble), QStringLiteral("N"), QString::number(d.ensemble));
    const QCommandLineOption sourceBalance(QStringLiteral("source-balance"), QStringLiteral("Weigh the sources inside each class equally in the loss, 0 = off, 1 = fully (default %1). Sources come from DIR/MANIFEST.csv or sub-folders.").arg(d.sourceBalance), QStringLiteral("F"), QString::number(d.sourceBalance));
    const QCommandLineOption mixup(QStringLiteral("mixup"), QStringLiteral("Mixup: blend each training batch with a shuffled copy of itself, mixing ratio from Beta(A, A); 0 = off (default %1).").arg(d.mixup), QStringLiteral("A"), QString::number(d.mixup));
    const QCommandLineOption adversary(QStringLiteral("source-adversary"), QStringLiteral("Within-class source adversary: penalise features from which a small network can tell a film's source given its class, with weight W; 0 = off (default %1). Needs two or more sources in a class (DIR/MANIFEST.csv or sub-folders); not combinable with --mixup.").arg(d.sourceAdversary), QStringLiteral("W"), QString::number(d.sourceAdversary));
    const QCommandLineOption keepDup(QStringLiteral("keep-duplicates"), QStringLiteral("Train on duplicates and label conflicts too."));
    const QCommandLineOption holdOut(QStringLiteral("hold-out"), QStringLiteral("Validate on files whose name starts with PREFIX instead of a random split (repeatable; source-held-out experiments)."), QStringLiteral("PREFIX"));
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("Model name shown in the model card."), QStringLiteral("TEXT"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Machine-readable progress: one JSON object per line on stdout."));
    const QCommandLineOption processes(QStringLiteral("processes"), QStringLiteral("Data-parallel on this machine: train with N local processes (ranks on 127.0.0.1); --threads is then the total, split between them (default 1)."), QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption worldSize(QStringLiteral("world-size"), QStringLiteral("Data-parallel across machines: number of ranks training together, one process each (default 1)."), QStringLiteral("N"), QString::number(d.worldSize));
    const QCommandLineOption rank(QStringLiteral("rank"), QStringLiteral("Data-parallel: this process's rank, 0..N-1. Rank 0 validates, reports and writes MODEL; the others need no --out."), QStringLiteral("R"), QString::number(d.rank));
    const QCommandLineOption master(QStringLiteral("master"), QStringLiteral("Data-parallel: HOST:PORT where rank 0 serves the rendezvous; the same on every rank."), QStringLiteral("HOST:PORT"));
    const QCommandLineOption timeout(QStringLiteral("timeout"), QStringLiteral("Data-parallel: seconds a rank waits for the others (start-up and every exchange) before failing (default %1).").arg(d.collectiveTimeoutSeconds), QStringLiteral("S"), QString::number(d.collectiveTimeoutSeconds));
    // How --processes hands the caller's whole recipe (TrainOptions::toJson) to its worker ranks.
    QCommandLineOption recipe(QStringLiteral("recipe-json"), QStringLiteral("Internal: the training options as JSON."), QStringLiteral("JSON"));
    recipe.setFlags(QCommandLineOption::HiddenFromHelp);
    // Data-parallel diagnostics (RankDiagnostics, README "Training across machines"); hidden because
    // they serve checking the ranks, not training.
    QCommandLineOption fingerprints(QStringLiteral("rank-fingerprints"),
                                    QStringLiteral("Diagnostics: every rank appends parameter hashes per step and "
                                                   "epoch to DIR/rank<R>.txt."),
                                    QStringLiteral("DIR"));
    fingerprints.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption crash(QStringLiteral("rank-crash"),
                             QStringLiteral("Diagnostics: rank R exits abruptly (code 1) after step S (0-based)."),
                             QStringLiteral("R:S"));
    crash.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({data, out, arch, width, size, stem, epochs, batch, lr, patience, valSplit, seed, threads, resume, noAugment,
                       augStrength, noEqualize, fit, ema, ensemble, sourceBalance, mixup, adversary, keepDup, holdOut, name, json, processes, worldSize, rank, master, timeout, recipe,
                       fingerprints, crash});
    bool help = false;
    if (!ctx.parse(parser, args, help))
        return ExitUsage;
    if (help)
        return ExitOk;

    TrainOptions o;
    o.dataDir = parser.value(data);
    o.outPath = parser.value(out);
    o.arch = parser.value(arch);
    o.resumeFrom = parser.value(resume);
    o.augment = !parser.isSet(noAugment);
    o.equalize = !parser.isSet(noEqualize);
    if (parser.value(fit) != QLatin1String("stretch") && parser.value(fit) != QLatin1String("crop")) {
        ctx.error(QStringLiteral("train: --fit must be stretch or crop, not '%1'").arg(parser.value(fit)));
        return ExitUsage;
    }
    o.centreCrop = parser.value(fit) == QLatin1String("crop");
    o.keepDuplicates = parser.isSet(keepDup);
    o.holdOutPrefixes = parser.values(holdOut);
    o.modelName = parser.value(name);
    bool ok = true;
    auto toInt = [&](const QCommandLineOption &opt) {
        bool good = false;
        const int v = parser.value(opt).toInt(&good);
        ok = ok && good;
        return v;
    };
    auto toDouble = [&](const QCommandLineOption &opt) {
        bool good = false;
        const double v = parser.value(opt).toDouble(&good);
        ok = ok && good;
        return v;
    };
    o.width = toInt(width);
    o.imageSize = toInt(size);
    o.stemStride = toInt(stem);
    o.epochs = toInt(epochs);
    o.batch = toInt(batch);
    o.lr = toDouble(lr);
    o.patience = toInt(patience);
    o.valSplit = toDouble(valSplit);
    o.threads = toInt(threads);
    o.augmentStrength = toDouble(augStrength);
    o.emaDecay = toDouble(ema);
    o.ensemble = toInt(ensemble);
    o.sourceBalance = toDouble(sourceBalance);
    o.mixup = toDouble(mixup);
    o.sourceAdversary = toDouble(adversary);
    bool seedOk = false;
    o.seed = parser.value(seed).toULongLong(&seedOk);
    if (parser.isSet(recipe)) {
        const QJsonDocument doc = QJsonDocument::fromJson(parser.value(recipe).toUtf8());
        if (!doc.isObject()) {
            ctx.error(QStringLiteral("train: --recipe-json is not a JSON object"));
            return ExitUsage;
        }
        TrainOptions r = TrainOptions::fromJson(doc.object());
        r.outPath = o.outPath;
        r.resumeFrom = o.resumeFrom;
        r.threads = o.threads;
        r.modelName = o.modelName;
        o = r;
    }
    o.worldSize = toInt(worldSize);
    o.rank = toInt(rank);
    o.master = parser.value(master);
    o.collectiveTimeoutSeconds = toInt(timeout);
    o.diagnostics.fingerprintDir = parser.value(fingerprints);
    if (parser.isSet(crash)) {
        const QStringList rankStep = parser.value(crash).split(QLatin1Char(':'));
        bool rankOk = false, stepOk = false;
        o.diagnostics.crashRank = rankStep.value(0).toInt(&rankOk);
        o.diagnostics.crashAfterStep = rankStep.value(1).toLongLong(&stepOk);
        if (rankStep.size() != 2 || !rankOk || !stepOk || o.diagnostics.crashRank < 0 ||
            o.diagnostics.crashAfterStep < 0) {
            ctx.error(QStringLiteral("train: --rank-crash takes R:S (rank and 0-based step), not '%1'")
                          .arg(parser.value(crash)));
            return ExitUsage;
        }
    }
    const int localProcesses = toInt(processes);
    if (!ok || !seedOk) {
        ctx.error(QStringLiteral("train: a numeric option has a value that is not a number"));
        return ExitUsage;
    }
    if (o.resumeFrom.isEmpty() && (o.dataDir.isEmpty() || (o.outPath.isEmpty() && o.rank == 0))) {
        ctx.error(QStringLiteral("train: --data DIR and --out MODEL are required (or --resume CKPT)"));
        return ExitUsage;
    }
    if (localProcesses < 1 || (localProcesses > 1 && (o.worldSize > 1 || parser.isSet(master)))) {
        ctx.error(QStringLiteral("train: --processes N (N >= 1) runs every rank on this machine; it does not combine "
                                 "with --world-size/--master"));
        return ExitUsage;
    }
    if (o.worldSize > 1 && o.master.isEmpty()) {
        ctx.error(QStringLiteral("train: --world-size %1 needs --master HOST:PORT (rank 0's address)").arg(o.worldSize));
        return ExitUsage;
    }

    const bool asJson = parser.isSet(json);
    const bool bar = !asJson && ctx.stderrIsTerminal();
    TrainCallbacks cb;
    cb.onLog = [&](const QString &m) {
        if (asJson)
            ctx.printJson({{QStringLiteral("event"), QStringLiteral("log")}, {QStringLiteral("message"), m}});
        else
            ctx.err() << (bar ? "\r\033[K" : "") << m << '\n', ctx.err().flush();
    };
    cb.onPrepare = [&](const QString &stage, int done, int total) {
        if (bar && total > 0 && (done % 50 == 0 || done == total))
            ctx.err() << "\r\033[K" << stage << ' ' << done << '/' << total, ctx.err().flush();
    };
    cb.onBatch = [&](const BatchProgress &b) {
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
        constexpr int kBarWidth = 30;
        const int filled = kBarWidth * b.batch / std::max(1, b.batches);
        ctx.err() << "\r\033[K" << memberPrefix(b.member, b.members) << "epoch " << b.epoch << '/' << b.epochs << " ["
                  << QString(filled, QLatin1Char('#')) << QString(kBarWidth - filled, QLatin1Char('.')) << "] "
                  << b.batch << '/' << b.batches << "  loss " << QString::number(b.loss, 'f', 3) << "  "
                  << QString::number(b.imagesPerSecond, 'f', 0) << " img/s  ETA " << formatDuration(b.etaSeconds);
        ctx.err().flush();
    };
    cb.onEpoch = [&](const EpochProgress &e) {
        if (asJson) {
            QJsonObject o = e.toJson();
            o[QStringLiteral("event")] = QStringLiteral("epoch");
            ctx.printJson(o);
            return;
        }
        ctx.err() << (bar ? "\r\033[K" : "") << memberPrefix(e.member, e.members) << "epoch " << e.epoch << '/'
                  << e.epochs << "  train loss "
                  << QString::number(e.trainLoss, 'f', 4) << " acc " << QString::number(e.trainAccuracy, 'f', 3)
                  << "  val loss " << QString::number(e.valLoss, 'f', 4) << " acc "
                  << QString::number(e.valAccuracy, 'f', 3) << " macro-F1 " << QString::number(e.valMacroF1, 'f', 3)
                  << (e.sourceAdversaryAccuracy >= 0
                          ? QStringLiteral("  source adv. acc %1").arg(e.sourceAdversaryAccuracy, 0, 'f', 3)
                          : QString())
                  << "  " << QString::number(e.imagesPerSecond, 'f', 0) << " img/s  " << formatDuration(e.seconds)
                  << (e.improved ? "  *best" : "") << '\n';
        ctx.err().flush();
    };

    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    try {
        // --processes: this process is rank 0 (progress, Ctrl+C and the model file as usual), the
        // other ranks are copies of this executable whose failure fails the run.
        const TrainResult r = localProcesses > 1
                                  ? runLocalProcesses(o, localProcesses, cb, &g_interrupted, nullptr,
                                                      QCoreApplication::applicationFilePath())
                                  : Trainer(o).run(cb, &g_interrupted);
        if (o.rank > 0) {
            if (asJson) {
                ctx.printJson({{QStringLiteral("event"), QStringLiteral("done")},
                               {QStringLiteral("rank"), o.rank},
                               {QStringLiteral("cancelled"), r.cancelled},
                               {QStringLiteral("epochs_run"), r.epochsRun},
                               {QStringLiteral("seconds"), r.seconds},
                               {QStringLiteral("images_per_second"), r.imagesPerSecond}});
            } else {
                ctx.out() << "rank " << o.rank << " of " << o.worldSize << " done: " << r.epochsRun << " epochs, "
                          << formatDuration(r.seconds) << ", " << QString::number(r.imagesPerSecond, 'f', 1)
                          << " training images/s (all ranks); rank 0 wrote the model\n";
                ctx.out().flush();
            }
            return r.cancelled ? ExitCancelled : ExitOk;
        }
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
        } else {
            ctx.out() << "Model written to " << r.modelPath
                      << (r.cancelled ? (o.ensemble > 1 ? " (cancelled: the members finished so far; run the same command "
                                                          "again to continue)"
                                                        : " (cancelled: best epoch so far)")
                                      : "")
                      << "\n" << r.epochsRun << " epochs, best " << r.bestEpoch << ", " << formatDuration(r.seconds)
                      << ", " << QString::number(r.imagesPerSecond, 'f', 1) << " training images/s, temperature "
                      << QString::number(r.temperature, 'f', 3) << "\n\nValidation (" << r.valImages
                      << " films, calibrated):\n"
                      << r.validation.toText();
            ctx.out().flush();
        }
        return r.cancelled ? ExitCancelled : ExitOk;
    } catch (const Error &e) {
        ctx.error(e.message());
        return e.code() == ErrorCode::Cancelled ? ExitCancelled : ExitFailed;
    }
}

} // namespace chestlens::cli
