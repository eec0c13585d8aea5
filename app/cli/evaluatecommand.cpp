#include "app/cli/cli.h"
#include "app/cli/commands_p.h"
#include "app/cli/modelarg_p.h"
#include "core/data/labelledfolder.h"
#include "core/error.h"
#include "core/ml/classifier.h"
#include "core/ml/evaluation.h"
#include "core/report/evaluationexport.h"

namespace chestlens::cli {

int runEvaluate(Context &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Evaluate a model on a labelled folder DIR/<class>/<image>: accuracy, per-class precision/recall/F1, "
        "macro-F1, one-vs-rest AUROC, confusion matrix (rows = true class, columns = predicted) and expected "
        "calibration error (15 bins), with calibrated probabilities."));
    const QCommandLineOption model = modelOption();
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("Labelled folder."),
                                  QStringLiteral("DIR"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the metrics as one JSON object."));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     QStringLiteral("CPU threads (default: all cores)."), QStringLiteral("N"),
                                     QStringLiteral("0"));
    const QCommandLineOption tta(
        QStringLiteral("tta"),
        QStringLiteral(
            "Average each film over the test-time views (5 shifted/zoomed views, as predict --tta)."));
    parser.addOptions({model, data, json, threads, tta});
    bool help = false;
    if (!ctx.parse(parser, args, help))
        return ExitUsage;
    if (help)
        return ExitOk;
    if (!parser.isSet(data)) {
        ctx.error(QStringLiteral("evaluate: --data DIR is required"));
        return ExitUsage;
    }
    try {
        const auto classifier = Classifier::load(modelPathFrom(parser, model));
        const LabelledFolder folder = scanLabelledFolder(parser.value(data), 1);
        const EvaluationResult r =
            evaluateModel(*classifier, folder, parser.value(threads).toInt(), {}, nullptr, parser.isSet(tta));
        for (const QString &f : r.failures)
            ctx.error(QStringLiteral("skipped %1").arg(f));
        for (const QString &f : r.inapplicable)
            ctx.error(QStringLiteral("not applicable, left out: %1").arg(f));
        if (parser.isSet(json)) {
            EvaluationRecord record;
            record.metrics = r.metrics;
            record.perSource = r.perSource;
            record.modelPath = classifier->info().path;
            record.modelSha256 = classifier->info().sha256;
            record.dataDir = folder.root;
            record.temperature = classifier->info().temperature;
            record.tta = parser.isSet(tta);
            record.skipped = r.failures;
            record.inapplicable = r.inapplicable;
            const QJsonObject o = evaluationToJson(record);
            ctx.printJson(o);
        } else {
            ctx.out() << "Model: " << classifier->info().name << " (" << classifier->info().path << ")\n"
                      << "Data:  " << folder.root << "\n\n"
                      << r.metrics.toText();
            if (!r.inapplicable.isEmpty())
                ctx.out() << QStringLiteral(
                                 "\n%1 film(s) not applicable (not frontal chest radiographs, or far "
                                 "from the training films), left out of the metrics above\n")
                                 .arg(r.inapplicable.size());
            for (auto it = r.perSource.cbegin(); it != r.perSource.cend(); ++it)
                ctx.out() << "\nsource " << it.key() << ": n " << it.value().n << ", accuracy "
                          << QString::number(it.value().accuracy, 'f', 3) << ", macro-F1 "
                          << QString::number(it.value().macroF1, 'f', 3);
            ctx.out() << '\n';
            ctx.out().flush();
        }
        return r.failures.isEmpty() ? ExitOk : ExitFailed;
    } catch (const Error &e) {
        ctx.error(e.message());
        return ExitFailed;
    }
}

} // namespace chestlens::cli
