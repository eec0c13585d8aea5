#include "app/cli/cli.h"
#include "app/cli/commands_p.h"
#include "app/cli/modelarg_p.h"
#include "core/error.h"
#include "core/ml/applicabilityfit.h"

namespace chestlens::cli {

int runFitApplicability(Context &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Add the pixel applicability check to a model trained without it: Gaussians of its pooled "
        "features fitted on its training films, the threshold set so that --accept of its validation "
        "films pass. Uses the split stored in the model when DIR is its training folder. Models written "
        "by 'train' carry the check already."));
    const QCommandLineOption model = modelOption();
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("The model's training folder."),
                                  QStringLiteral("DIR"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Model to write (may be MODEL)."),
                                 QStringLiteral("OUT"));
    const QCommandLineOption layer(QStringLiteral("layer"),
                                   QStringLiteral("Layer whose pooled activations are modelled "
                                                  "(default: the last convolutional block)."),
                                   QStringLiteral("NAME"));
    const QCommandLineOption components(QStringLiteral("components"),
                                        QStringLiteral("Principal directions kept (default 128)."),
                                        QStringLiteral("N"), QStringLiteral("128"));
    const QCommandLineOption accept(QStringLiteral("accept"),
                                    QStringLiteral("Share of validation films accepted (default 0.99)."),
                                    QStringLiteral("RATE"), QStringLiteral("0.99"));
    const QCommandLineOption grid(
        QStringLiteral("grid"), QStringLiteral("Average the activations over GRID x GRID cells (default 2)."),
        QStringLiteral("GRID"), QStringLiteral("2"));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     QStringLiteral("CPU threads (default: all cores)."), QStringLiteral("N"),
                                     QStringLiteral("0"));
    parser.addOptions({model, data, out, layer, components, accept, grid, threads});
    bool help = false;
    if (!ctx.parse(parser, args, help))
        return ExitUsage;
    if (help)
        return ExitOk;
    ApplicabilityFitOptions o;
    o.modelPath = modelPathFrom(parser, model);
    o.dataDir = parser.value(data);
    o.outPath = parser.value(out);
    o.layer = parser.value(layer);
    bool okC = false, okA = false;
    o.components = parser.value(components).toInt(&okC);
    o.acceptRate = parser.value(accept).toDouble(&okA);
    o.threads = parser.value(threads).toInt();
    o.grid = parser.value(grid).toInt();
    if (o.dataDir.isEmpty() || o.outPath.isEmpty() || !okC || o.components < 1 || !okA || o.acceptRate <= 0 ||
        o.acceptRate > 1 || o.grid < 1 || o.grid > 8) {
        ctx.error(QStringLiteral("fit-applicability: needs --data DIR and --out OUT; --components >= 1; "
                                 "0 < --accept <= 1; 1 <= --grid <= 8"));
        return ExitUsage;
    }
    try {
        const ApplicabilityFitResult r = fitApplicability(o);
        for (const QString &f : r.failures)
            ctx.error(f);
        ctx.out() << QStringLiteral("fitted on %1 training films, threshold %2 accepts %3 % of %4 validation "
                                    "films (%5)\nwrote %6\n")
                         .arg(r.trainFilms)
                         .arg(r.threshold, 0, 'f', 3)
                         .arg(o.acceptRate * 100.0, 0, 'f', 1)
                         .arg(r.valFilms)
                         .arg(r.storedSplit ? QStringLiteral("the model's own split, %1 films missing")
                                                  .arg(r.missingFromSplit)
                                            : QStringLiteral("a fresh split: the folder does not hold the "
                                                             "model's own"),
                              o.outPath);
    } catch (const Error &e) {
        ctx.error(e.message());
        return e.code() == ErrorCode::Cancelled ? ExitCancelled : ExitFailed;
    }
    return ExitOk;
}

} // namespace chestlens::cli
