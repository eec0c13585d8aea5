#include "app/cli/cli.h"
#include "app/cli/commands_p.h"
#include "core/error.h"
#include "core/film/filmjson.h"
#include "core/film/filmloader.h"
#include "core/ml/classifier.h"

#include <QJsonArray>

namespace chestlens::cli {

namespace {

/// A model file's card: the text of the viewer's model card, or one JSON object.
void printModel(Context &ctx, const QString &file, bool json)
{
    const ModelInfo info = Classifier::load(file)->info();
    if (!json) {
        ctx.out() << info.summary();
        ctx.out().flush();
        return;
    }
    const QJsonObject training = info.metadata.value(QStringLiteral("training")).toObject();
    ctx.printJson({{QStringLiteral("file"), file},
                   {QStringLiteral("ok"), true},
                   {QStringLiteral("model"),
                    QJsonObject{{QStringLiteral("name"), info.name},
                                {QStringLiteral("sha256"), info.sha256},
                                {QStringLiteral("architecture"), info.architecture},
                                {QStringLiteral("classes"), QJsonArray::fromStringList(info.classes)},
                                {QStringLiteral("started_from"), info.startedFrom()},
                                {QStringLiteral("start"), training.value(QStringLiteral("start"))},
                                {QStringLiteral("validation"), info.validationMetrics()}}}});
}

} // namespace

int runInfo(Context &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Print the metadata of chest films (DICOM or raster), or the card of a model (.clm)."));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("One JSON object per file and line."));
    const QCommandLineOption patient(
        QStringLiteral("include-patient"),
        QStringLiteral("Also print patient/study fields (withheld by default)."));
    parser.addOptions({json, patient});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Films to describe."),
                                 QStringLiteral("FILE..."));
    bool help = false;
    if (!ctx.parse(parser, args, help))
        return ExitUsage;
    if (help)
        return ExitOk;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        ctx.error(QStringLiteral("info: no FILE given"));
        return ExitUsage;
    }
    int failures = 0;
    for (const QString &file : files) {
        try {
            if (file.endsWith(QLatin1String(".clm"), Qt::CaseInsensitive)) {
                printModel(ctx, file, parser.isSet(json));
                continue;
            }
            const Film film = loadFilm(file);
            const QJsonObject o = filmMetadataToJson(film, parser.isSet(patient));
            if (parser.isSet(json)) {
                QJsonObject line = o;
                line[QStringLiteral("ok")] = true;
                ctx.printJson(line);
                continue;
            }
            const FilmMetadata &m = film.meta;
            QTextStream &out = ctx.out();
            out << file << '\n'
                << "  format:       " << m.format << '\n'
                << "  size:         " << m.width << " x " << m.height << '\n'
                << "  bits:         " << m.bitsStored << " stored / " << m.bitsAllocated << " allocated"
                << (m.isSigned ? ", signed" : "") << '\n'
                << "  photometric:  " << m.photometric << '\n';
            if (!m.modality.isEmpty())
                out << "  modality:     " << m.modality << '\n';
            if (!m.transferSyntaxUid.isEmpty())
                out << "  syntax:       " << m.transferSyntaxName << " (" << m.transferSyntaxUid << ")\n";
            if (m.pixelSpacing)
                out << "  spacing:      " << m.pixelSpacing->first << " x " << m.pixelSpacing->second
                    << " mm\n";
            if (m.imagerPixelSpacing)
                out << "  imager spac.: " << m.imagerPixelSpacing->first << " x "
                    << m.imagerPixelSpacing->second << " mm\n";
            if (m.rescaleSlope != 1.0 || m.rescaleIntercept != 0.0)
                out << "  rescale:      " << m.rescaleSlope << " * x + " << m.rescaleIntercept << '\n';
            for (const WindowPreset &w : m.windows)
                out << "  window:       C " << w.centre << " / W " << w.width
                    << (w.explanation.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(w.explanation))
                    << '\n';
            if (m.voiLut)
                out << "  VOI LUT:      " << m.voiLut->table.size() << " entries from "
                    << m.voiLut->firstMapped << '\n';
            out << "  values:       " << m.minValue << " .. " << m.maxValue << '\n';
            for (const QString &note : m.notes)
                out << "  note:         " << note << '\n';
            if (parser.isSet(patient)) {
                for (const auto &[key, value] : film.patient.fields())
                    out << "  " << (key + QLatin1Char(':')).leftJustified(14) << value << '\n';
            }
            out.flush();
        } catch (const Error &e) {
            ++failures;
            if (parser.isSet(json))
                ctx.printJson(QJsonObject{
                    {QStringLiteral("file"), file},
                    {QStringLiteral("ok"), false},
                    {QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), errorCodeName(e.code())},
                                                          {QStringLiteral("message"), e.message()}}}});
            ctx.error(e.message());
        }
    }
    return failures ? ExitFailed : ExitOk;
}

} // namespace chestlens::cli
