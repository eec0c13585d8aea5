#include "app/cli/cli.h"
#include "app/cli/commands_p.h"
#include "app/cli/filmargs_p.h"
#include "app/cli/modelarg_p.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/film/filmloader.h"
#include "core/film/imagewriter.h"
#include "core/ml/classifier.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QJsonArray>

namespace chestlens::cli {

int runPredict(Context &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Classify films (files or folders, searched recursively). Probabilities are calibrated. "
        "A film is flagged 'uncertain' when its top probability is below 60 % or, with --tta, when small "
        "shifts and zooms change the answer."));
    const QCommandLineOption model = modelOption();
    const QCommandLineOption csv(QStringLiteral("csv"),
                                 QStringLiteral("Also write the results to a CSV file."),
                                 QStringLiteral("OUT"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("One JSON object per film and line."));
    const QCommandLineOption tta(QStringLiteral("tta"),
                                 QStringLiteral("Test-time augmentation (5 views); reports their spread."));
    parser.addOptions({model, csv, json, tta});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Films or folders."),
                                 QStringLiteral("FILE|DIR..."));
    bool help = false;
    if (!ctx.parse(parser, args, help))
        return ExitUsage;
    if (help)
        return ExitOk;
    if (parser.positionalArguments().isEmpty()) {
        ctx.error(QStringLiteral("predict: no FILE or DIR given"));
        return ExitUsage;
    }
    const std::unique_ptr<Classifier> classifier = loadClassifierOrReport(ctx, parser, model);
    if (!classifier)
        return ExitFailed;
    const QStringList classes = classifier->info().classes;
    QStringList emptyFolders;
    const QStringList files =
        filmsOrReport(ctx, QStringLiteral("predict"), parser.positionalArguments(), emptyFolders);
    if (files.isEmpty())
        return ExitFailed;
    PredictOptions po;
    po.tta = parser.isSet(tta);
    QString csvText =
        QStringLiteral("file,predicted,probability,%1,uncertain,tta_spread,applicable,applicability,error\n")
            .arg(classes.join(QLatin1Char(',')));
    int failures = 0;
    if (!parser.isSet(json))
        ctx.out() << QStringLiteral("%1  %2  %3\n")
                         .arg(QStringLiteral("predicted").leftJustified(13),
                              QStringLiteral("prob").rightJustified(5), QStringLiteral("file"));
    for (const QString &file : files) {
        try {
            const Prediction p = classifier->predict(loadFilm(file), po);
            if (parser.isSet(json)) {
                QJsonObject probs;
                for (int c = 0; c < classes.size(); ++c)
                    probs[classes[c]] = p.probabilities[static_cast<std::size_t>(c)];
                ctx.printJson({{QStringLiteral("file"), file},
                               {QStringLiteral("ok"), true},
                               {QStringLiteral("predicted"), p.topClass()},
                               {QStringLiteral("probability"), p.topProbability},
                               {QStringLiteral("probabilities"), probs},
                               {QStringLiteral("uncertain"), p.uncertain},
                               {QStringLiteral("note"), p.uncertaintyNote},
                               {QStringLiteral("tta_spread"), p.ttaSpread},
                               {QStringLiteral("applicable"), p.applicability.applicable},
                               {QStringLiteral("applicability"), p.applicability.toJson()}});
            } else {
                if (p.applicability.applicable)
                    ctx.out() << QStringLiteral("%1  %2  %3%4\n")
                                     .arg(p.topClass().leftJustified(13))
                                     .arg(QString::number(p.topProbability, 'f', 3).rightJustified(5))
                                     .arg(file, p.uncertain ? QStringLiteral("  (uncertain)") : QString());
                else
                    ctx.out() << QStringLiteral("%1  %2  %3  (n/a: %4)\n")
                                     .arg(QStringLiteral("n/a").leftJustified(13),
                                          QStringLiteral("-").rightJustified(5), file,
                                          p.applicability.explanation);
                ctx.out().flush();
            }
            QStringList row{csvField(file), p.topClass(), QString::number(p.topProbability, 'f', 6)};
            for (float v : p.probabilities)
                row << QString::number(v, 'f', 6);
            row << (p.uncertain ? QStringLiteral("1") : QStringLiteral("0"))
                << QString::number(p.ttaSpread, 'f', 6)
                << (p.applicability.applicable ? QStringLiteral("1") : QStringLiteral("0"))
                << p.applicability.reasonCode() << QString();
            csvText += row.join(QLatin1Char(',')) + QLatin1Char('\n');
        } catch (const Error &e) {
            ++failures;
            ctx.error(e.message());
            if (parser.isSet(json))
                ctx.printJson(
                    {{QStringLiteral("file"), file},
                     {QStringLiteral("ok"), false},
                     {QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), errorCodeName(e.code())},
                                                           {QStringLiteral("message"), e.message()}}}});
            QStringList row{csvField(file), QString(), QString()};
            for (int c = 0; c < classes.size(); ++c)
                row << QString();
            row << QString() << QString() << QString() << QString() << csvField(e.message());
            csvText += row.join(QLatin1Char(',')) + QLatin1Char('\n');
        }
    }
    if (parser.isSet(csv)) {
        try {
            writeBytesAtomically(parser.value(csv), csvText.toUtf8());
        } catch (const Error &e) {
            ctx.error(e.message());
            return ExitFailed;
        }
    }
    return failures || !emptyFolders.isEmpty() ? ExitFailed : ExitOk;
}

} // namespace chestlens::cli
