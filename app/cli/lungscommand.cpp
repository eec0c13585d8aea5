#include "app/cli/cli.h"
#include "app/cli/commands_p.h"
#include "core/atomicfile.h"
#include "core/error.h"
#include "core/film/filmloader.h"
#include "core/film/imagewriter.h"
#include "core/ml/lungsegmenter.h"
#include "core/ml/lungtraining.h"

#include <QJsonArray>

#include <atomic>
#include <csignal>
#include <functional>
#include <vector>

namespace chestlens::cli {

namespace {

std::atomic<bool> g_lungsInterrupted{false};

extern "C" void onLungsInterrupt(int)
{
    g_lungsInterrupted = true; // checked every batch; no model is written
}

QCommandLineOption lungModelOption()
{
    return {QStringLiteral("model"), QStringLiteral("Lung model (default: the bundled one)."),
            QStringLiteral("MODEL")};
}

QString lungModelFrom(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    return parser.isSet(option) ? parser.value(option) : defaultLungModelPath();
}

void printDice(Context &ctx, const QList<LungDice> &dice, bool json)
{
    if (json) {
        QJsonArray a;
        for (const LungDice &d : dice)
            a.append(d.toJson());
        ctx.printJson({{QStringLiteral("datasets"), a}});
        return;
    }
    for (const LungDice &d : dice)
        ctx.out() << QStringLiteral("%1: n %2, Dice median %3, 5th percentile %4, mean %5, min %6\n")
                         .arg(d.dataset)
                         .arg(d.n)
                         .arg(d.median, 0, 'f', 4)
                         .arg(d.p5, 0, 'f', 4)
                         .arg(d.mean, 0, 'f', 4)
                         .arg(d.min, 0, 'f', 4);
    ctx.out().flush();
}

int lungsTrain(Context &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Train a lung segmentation network (MobileNetV2 U-Net from ImageNet weights) on DIR/images and "
        "DIR/masks. --hold-out validates on whole datasets (file-name prefixes) it never trained on."));
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("Masks folder."),
                                  QStringLiteral("DIR"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Model file to write."),
                                 QStringLiteral("OUT"));
    const QCommandLineOption holdOut(
        QStringLiteral("hold-out"),
        QStringLiteral("Dataset to validate on and leave out of training (repeatable)."),
        QStringLiteral("PREFIX"));
    const LungTrainOptions defaults;
    const QCommandLineOption epochs(QStringLiteral("epochs"),
                                    QStringLiteral("Epochs (default %1).").arg(defaults.epochs),
                                    QStringLiteral("N"), QString::number(defaults.epochs));
    const QCommandLineOption size(QStringLiteral("image-size"),
                                  QStringLiteral("Network input side (default %1).").arg(defaults.imageSize),
                                  QStringLiteral("S"), QString::number(defaults.imageSize));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     QStringLiteral("CPU threads (default: all cores)."), QStringLiteral("N"),
                                     QStringLiteral("0"));
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("Model name."),
                                  QStringLiteral("NAME"));
    parser.addOptions({data, out, holdOut, epochs, size, threads, name});
    bool help = false;
    if (!ctx.parse(parser, args, help))
        return ExitUsage;
    if (help)
        return ExitOk;
    LungTrainOptions o;
    o.dataDir = parser.value(data);
    o.outPath = parser.value(out);
    o.holdOut = parser.values(holdOut);
    o.epochs = parser.value(epochs).toInt();
    o.imageSize = parser.value(size).toInt();
    o.threads = parser.value(threads).toInt();
    o.name = parser.value(name);
    if (o.dataDir.isEmpty() || o.outPath.isEmpty()) {
        ctx.error(QStringLiteral("lungs train: needs --data DIR and --out OUT"));
        return ExitUsage;
    }
    std::signal(SIGINT, onLungsInterrupt);
    std::signal(SIGTERM, onLungsInterrupt);
    int code = ExitOk;
    try {
        trainLungModel(
            o,
            [&ctx](const QString &line) {
                ctx.out() << line << '\n';
                ctx.out().flush();
            },
            &g_lungsInterrupted);
    } catch (const Error &e) {
        ctx.error(e.message());
        code = e.code() == ErrorCode::Cancelled ? ExitCancelled : ExitFailed;
    }
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    return code;
}

int lungsEvaluate(Context &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Dice coefficients of a lung model on DIR/images and DIR/masks, per dataset (file-name prefix)."));
    const QCommandLineOption model = lungModelOption();
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("Masks folder."),
                                  QStringLiteral("DIR"));
    const QCommandLineOption dataset(QStringLiteral("dataset"),
                                     QStringLiteral("Only this dataset (repeatable)."),
                                     QStringLiteral("PREFIX"));
    const QCommandLineOption perFilm(QStringLiteral("per-film"),
                                     QStringLiteral("Also list each film's Dice."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object."));
    parser.addOptions({model, data, dataset, perFilm, json});
    bool help = false;
    if (!ctx.parse(parser, args, help))
        return ExitUsage;
    if (help)
        return ExitOk;
    if (!parser.isSet(data)) {
        ctx.error(QStringLiteral("lungs evaluate: needs --data DIR"));
        return ExitUsage;
    }
    try {
        QStringList films;
        const QList<LungDice> dice =
            evaluateLungModel(lungModelFrom(parser, model), parser.value(data), parser.values(dataset),
                              parser.isSet(perFilm) ? &films : nullptr);
        for (const QString &f : films)
            ctx.out() << f << '\n';
        printDice(ctx, dice, parser.isSet(json));
    } catch (const Error &e) {
        ctx.error(e.message());
        return ExitFailed;
    }
    return ExitOk;
}

int lungsSegment(Context &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Write the lung fields of a film as a mask PNG (255 inside)."));
    const QCommandLineOption model = lungModelOption();
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Mask PNG to write."),
                                 QStringLiteral("OUT"));
    parser.addOptions({model, out});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Film."));
    bool help = false;
    if (!ctx.parse(parser, args, help))
        return ExitUsage;
    if (help)
        return ExitOk;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(out)) {
        ctx.error(QStringLiteral("lungs segment: give one FILE and --out MASK.png"));
        return ExitUsage;
    }
    try {
        const auto segmenter = LungSegmenter::load(lungModelFrom(parser, model));
        const LungFields f = segmenter->segment(loadFilm(parser.positionalArguments().first()));
        writeImageAtomically(f.mask, parser.value(out));
        ctx.out() << QStringLiteral(
                         "%1 lung field(s), %2 % of the film, %3 % of it in the image's left half -> %4\n")
                         .arg(f.fields)
                         .arg(f.areaShare * 100.0, 0, 'f', 1)
                         .arg(f.leftShare * 100.0, 0, 'f', 0)
                         .arg(parser.value(out));
    } catch (const Error &e) {
        ctx.error(e.message());
        return ExitFailed;
    }
    return ExitOk;
}

} // namespace

int runLungs(Context &ctx, const QStringList &args)
{
    struct Sub
    {
        const char *name;
        const char *summary;
        std::function<int(Context &, const QStringList &)> run;
    };
    static const std::vector<Sub> subs = {
        {"train", "train a lung segmentation network on a masks folder", lungsTrain},
        {"evaluate", "Dice of a lung model on a masks folder, per dataset", lungsEvaluate},
        {"segment", "write a film's lung fields as a mask PNG", lungsSegment},
    };
    const QString sub = args.value(1);
    for (const Sub &s : subs)
        if (sub == QLatin1String(s.name))
            return s.run(ctx, args.mid(1));
    QString usage = QStringLiteral("Usage: chestlens-cli lungs SUBCOMMAND [options]\n");
    for (const Sub &s : subs)
        usage += QStringLiteral("  %1%2\n")
                     .arg(QString::fromLatin1(s.name).leftJustified(10), QString::fromLatin1(s.summary));
    const bool asked = sub == QLatin1String("--help") || sub == QLatin1String("-h");
    (asked ? ctx.out() : ctx.err()) << usage;
    return asked ? ExitOk : ExitUsage;
}

} // namespace chestlens::cli
