#include "core/cli/cli.h"
#include "core/cli/commands_p.h"
#include "core/error.h"
#include "core/ml/trainer.h"

#include <QJsonObject>

#include <atomic>
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
    const int s = static_cast<int>(seconds + 0.5);
    if (s >= 3600)
        return QStringLiteral("%1h%2m").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    if (s >= 60)
        return QStringLiteral("%1m%2s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1s").arg(s);
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
    const QCommandLineOption keepDup(QStringLiteral("keep-duplicates"), QStringLiteral("Train on duplicates and label conflicts too."));
    const QCommandLineOption holdOut(QStringLiteral("hold-out"), QStringLiteral("Validate on files whose name starts with PREFIX instead of a random split (repeatable; source-held-out experiments)."), QStringLiteral("PREFIX"));
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("Model name shown in the model card."), QStringLiteral("TEXT"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Machine-readable progress: one JSON object per line on stdout."));
    parser.addOptions({data, out, arch, width, size, epochs, batch, lr, patience, valSplit, seed, threads, resume, noAugment,
                       augStrength, keepDup, holdOut, name, json});
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
    o.epochs = toInt(epochs);
    o.batch = toInt(batch);
    o.lr = toDouble(lr);
    o.patience = toInt(patience);
    o.valSplit = toDouble(valSplit);
    o.threads = toInt(threads);
    o.augmentStrength = toDouble(augStrength);
    bool seedOk = false;
    o.seed = parser.value(seed).toULongLong(&seedOk);
    if (!ok || !seedOk) {
        ctx.error(QStringLiteral("train: a numeric option has a value that is not a number"));
        return ExitUsage;
    }
    if (o.resumeFrom.isEmpty() && (o.dataDir.isEmpty() || o.outPath.isEmpty())) {
        ctx.error(QStringLiteral("train: --data DIR and --out MODEL are required (or --resume CKPT)"));
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
        ctx.err() << "\r\033[Kepoch " << b.epoch << '/' << b.epochs << " ["
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
        ctx.err() << (bar ? "\r\033[K" : "") << "epoch " << e.epoch << '/' << e.epochs << "  train loss "
                  << QString::number(e.trainLoss, 'f', 4) << " acc " << QString::number(e.trainAccuracy, 'f', 3)
                  << "  val loss " << QString::number(e.valLoss, 'f', 4) << " acc "
                  << QString::number(e.valAccuracy, 'f', 3) << " macro-F1 " << QString::number(e.valMacroF1, 'f', 3)
                  << "  " << QString::number(e.imagesPerSecond, 'f', 0) << " img/s  " << formatDuration(e.seconds)
                  << (e.improved ? "  *best" : "") << '\n';
        ctx.err().flush();
    };

    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    try {
        Trainer trainer(o);
        const TrainResult r = trainer.run(cb, &g_interrupted);
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
            ctx.out() << "Model written to " << r.modelPath << (r.cancelled ? " (cancelled: best epoch so far)" : "")
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
