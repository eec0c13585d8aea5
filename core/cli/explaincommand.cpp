#include "core/cli/cli.h"
#include "core/cli/commands_p.h"
#include "core/cli/filmargs_p.h"
#include "core/cli/modelarg_p.h"
#include "core/colormap.h"
#include "core/display.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/filmloader.h"
#include "core/imagewriter.h"
#include "core/ml/camsanity.h"
#include "core/ml/classifier.h"
#include "core/ml/gradcam.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QJsonArray>
#include <QSet>

#include <optional>

namespace chestlens::cli {

namespace {

struct ExplainJob
{
    ExplainSettings settings;
    Colormap colormap = Colormap::Turbo;
    double opacity = 0.4;
    double threshold = 0.0;
    bool heatmapOnly = false;
    bool sanity = false;
};

struct ExplainOutcome
{
    CamMap cam;
    double inChest = 0.0;
    std::optional<RandomisationReport> sanity;
};

ExplainOutcome explainOne(const Classifier &classifier, const QString &file, const QString &out, const ExplainJob &job)
{
    const Film film = loadFilm(file);
    const PreparedImage prepared = classifier.prepare(film);
    ExplainOutcome o;
    try {
        o.cam = explainPrepared(classifier, prepared, job.settings);
        if (job.sanity)
            o.sanity = randomisationTest(classifier, prepared, job.settings);
    } catch (const Error &e) {
        throw Error(e.code(), file, e.message());
    }
    o.inChest = inChestFraction(o.cam.heat, o.cam.width(), o.cam.height(), o.cam.geometry.chestFrame());
    const QImage heat8 = heatToImage(o.cam.heat, o.cam.width(), o.cam.height());
    const QImage image = job.heatmapOnly
                             ? colorizeHeatmap(heat8, job.colormap, job.threshold)
                             : overlayHeatmap(renderFilm(film, defaultWindow(film)), heat8, job.colormap, job.opacity,
                                              job.threshold);
    writeImageAtomically(image, out);
    return o;
}

QJsonObject sanityJson(const RandomisationReport &r)
{
    QJsonArray cascade;
    for (const RandomisationStep &s : r.cascade)
        cascade.append(QJsonObject{{QStringLiteral("randomised"), QJsonArray::fromStringList(s.randomised)},
                                   {QStringLiteral("spearman"), s.spearman},
                                   {QStringLiteral("pearson"), s.pearson}});
    return {{QStringLiteral("test"), QStringLiteral("model randomisation (Adebayo et al. 2018)")},
            {QStringLiteral("spearman"), r.full.spearman},
            {QStringLiteral("pearson"), r.full.pearson},
            {QStringLiteral("max_spearman"), r.maxRandomisedSpearman},
            {QStringLiteral("passed"), r.passed},
            {QStringLiteral("cascade"), cascade}};
}

QJsonObject resultJson(const QString &file, const QString &out, const QStringList &classes, const ExplainOutcome &o)
{
    QJsonObject probs;
    for (int c = 0; c < classes.size(); ++c)
        probs[classes[c]] = o.cam.probabilities[static_cast<std::size_t>(c)];
    QJsonObject j{{QStringLiteral("file"), file},
                  {QStringLiteral("ok"), true},
                  {QStringLiteral("out"), out},
                  {QStringLiteral("predicted"), classes.value(o.cam.predicted)},
                  {QStringLiteral("probability"), o.cam.probabilities[static_cast<std::size_t>(o.cam.predicted)]},
                  {QStringLiteral("probabilities"), probs},
                  {QStringLiteral("class_explained"), o.cam.className},
                  {QStringLiteral("class_index"), o.cam.settings.classIndex},
                  {QStringLiteral("method"), camMethodName(o.cam.settings.method)},
                  {QStringLiteral("layer"), o.cam.settings.layer},
                  {QStringLiteral("in_chest_fraction"), o.inChest},
                  {QStringLiteral("width"), o.cam.width()},
                  {QStringLiteral("height"), o.cam.height()}};
    if (o.sanity)
        j[QStringLiteral("sanity")] = sanityJson(*o.sanity);
    return j;
}

/// Images under `dir` (recursively, sorted) with the output path each gets under `outDir`: the
/// same relative folder, the suffix replaced by .png ("a.dcm" -> "a.png"; if two films would
/// collide, the second keeps its suffix in the name: "a_dcm.png").
QList<QPair<QString, QString>> folderJobs(const QString &dir, const QString &outDir)
{
    const QStringList found = filmsInFolder(dir);
    const QDir in(dir), out(outDir);
    QSet<QString> used;
    QList<QPair<QString, QString>> jobs;
    for (const QString &f : found) {
        const QFileInfo fi(f);
        const QString relDir = in.relativeFilePath(fi.absolutePath());
        const QString base = relDir == QLatin1String(".") ? fi.completeBaseName() : relDir + QLatin1Char('/') + fi.completeBaseName();
        QString target = out.filePath(base + QStringLiteral(".png"));
        if (used.contains(target))
            target = out.filePath(base + QLatin1Char('_') + fi.suffix().toLower() + QStringLiteral(".png"));
        used.insert(target);
        jobs.append({f, target});
    }
    return jobs;
}

} // namespace

int runExplain(Context &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Explain a film's classification with a class-activation map (Grad-CAM family), drawn over the film at "
        "its full resolution, or explain every film in a folder. The in-chest heat fraction is the share of the "
        "heat inside the central chest region (a superellipse over the middle 84 % x 88 % of the film after "
        "border trim); low values point at shortcuts (borders, corners, labels). --sanity runs the "
        "model-randomisation test (Adebayo et al. 2018): the map must change when the weights are randomised."));
    const QCommandLineOption model = modelOption();
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Output image for FILE (PNG; the film's size)."), QStringLiteral("OUT.png"));
    const QCommandLineOption outDir(QStringLiteral("out-dir"), QStringLiteral("Output folder for DIR (one PNG per film, same sub-folders)."), QStringLiteral("OUTDIR"));
    const QCommandLineOption csv(QStringLiteral("csv"), QStringLiteral("Also write a summary CSV (one row per film)."), QStringLiteral("SUMMARY.csv"));
    const QCommandLineOption cls(QStringLiteral("class"), QStringLiteral("Class to explain, by name or index (default: the predicted class)."), QStringLiteral("C"));
    const QCommandLineOption method(QStringLiteral("method"), QStringLiteral("gradcam (default), gradcam++ or layercam."), QStringLiteral("METHOD"), QStringLiteral("gradcam"));
    const QCommandLineOption layer(QStringLiteral("layer"), QStringLiteral("Layer to explain (default: the last convolutional block; see --list-layers)."), QStringLiteral("NAME"));
    const QCommandLineOption listLayers(QStringLiteral("list-layers"), QStringLiteral("Print the model's layers and exit."));
    const QCommandLineOption colormap(QStringLiteral("colormap"), QStringLiteral("turbo (default), jet, inferno, magma or red."), QStringLiteral("NAME"), QStringLiteral("turbo"));
    const QCommandLineOption opacity(QStringLiteral("opacity"), QStringLiteral("Overlay opacity, 0..1 (default 0.4)."), QStringLiteral("A"), QStringLiteral("0.4"));
    const QCommandLineOption threshold(QStringLiteral("threshold"), QStringLiteral("Hide heat below this fraction of the maximum, 0..1 (default 0)."), QStringLiteral("T"), QStringLiteral("0"));
    const QCommandLineOption heatmapOnly(QStringLiteral("heatmap-only"), QStringLiteral("Write the coloured heatmap without the film."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object per film: probabilities, class explained, method, layer, in-chest fraction."));
    const QCommandLineOption sanity(QStringLiteral("sanity"), QStringLiteral("Also run the model-randomisation test and report the rank correlation."));
    parser.addOptions({model, out, outDir, csv, cls, method, layer, listLayers, colormap, opacity, threshold, heatmapOnly, json, sanity});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A film, or a folder of films (searched recursively)."), QStringLiteral("FILE|DIR"));
    bool help = false;
    if (!ctx.parse(parser, args, help))
        return ExitUsage;
    if (help)
        return ExitOk;

    ExplainJob job;
    if (const auto m = camMethodFromName(parser.value(method)))
        job.settings.method = *m;
    else {
        ctx.error(QStringLiteral("explain: unknown method '%1' (use %2)").arg(parser.value(method), camMethodNames().join(QStringLiteral(", "))));
        return ExitUsage;
    }
    if (const auto c = colormapFromName(parser.value(colormap)))
        job.colormap = *c;
    else {
        ctx.error(QStringLiteral("explain: unknown colormap '%1' (use %2)").arg(parser.value(colormap), colormapNames().join(QStringLiteral(", "))));
        return ExitUsage;
    }
    bool ok = false;
    job.opacity = parser.value(opacity).toDouble(&ok);
    if (!ok || job.opacity < 0.0 || job.opacity > 1.0) {
        ctx.error(QStringLiteral("explain: --opacity must be a number between 0 and 1"));
        return ExitUsage;
    }
    job.threshold = parser.value(threshold).toDouble(&ok);
    if (!ok || job.threshold < 0.0 || job.threshold > 1.0) {
        ctx.error(QStringLiteral("explain: --threshold must be a number between 0 and 1"));
        return ExitUsage;
    }
    job.heatmapOnly = parser.isSet(heatmapOnly);
    job.sanity = parser.isSet(sanity);
    job.settings.layer = parser.value(layer);

    const QStringList positional = parser.positionalArguments();
    if (!parser.isSet(listLayers)) {
        if (positional.size() != 1) {
            ctx.error(QStringLiteral("explain: give exactly one FILE or DIR"));
            return ExitUsage;
        }
        const bool isDir = QFileInfo(positional.first()).isDir();
        if (isDir && !parser.isSet(outDir)) {
            ctx.error(QStringLiteral("explain: %1 is a folder: give --out-dir").arg(positional.first()));
            return ExitUsage;
        }
        if (!isDir && !parser.isSet(out)) {
            ctx.error(QStringLiteral("explain: give --out OUT.png"));
            return ExitUsage;
        }
    }

    const std::unique_ptr<Classifier> classifier = loadClassifierOrReport(ctx, parser, model);
    if (!classifier)
        return ExitFailed;
    const QStringList classes = classifier->info().classes;
    const QStringList layers = classifier->camLayers();
    if (parser.isSet(listLayers)) {
        for (const QString &l : layers)
            ctx.out() << l << (l == layers.last() ? QStringLiteral("  (default)") : QString()) << '\n';
        ctx.out().flush();
        return ExitOk;
    }
    if (!job.settings.layer.isEmpty() && !layers.contains(job.settings.layer)) {
        ctx.error(QStringLiteral("explain: unknown layer '%1' (this model's layers: %2)").arg(job.settings.layer, layers.join(QStringLiteral(", "))));
        return ExitUsage;
    }
    if (parser.isSet(cls)) {
        const QString c = parser.value(cls);
        int index = c.toInt(&ok);
        if (!ok) {
            index = -1;
            for (int i = 0; i < classes.size(); ++i)
                if (classes[i].compare(c, Qt::CaseInsensitive) == 0)
                    index = i;
        }
        if (index < 0 || index >= classes.size()) {
            ctx.error(QStringLiteral("explain: unknown class '%1' (this model's classes: %2)").arg(c, classes.join(QStringLiteral(", "))));
            return ExitUsage;
        }
        job.settings.classIndex = index;
    }

    QList<QPair<QString, QString>> jobs;
    const QString &input = positional.first();
    if (QFileInfo(input).isDir()) {
        jobs = folderJobs(input, parser.value(outDir));
        if (jobs.isEmpty()) {
            ctx.error(QStringLiteral("explain: no films found in %1").arg(input));
            return ExitFailed;
        }
    } else {
        jobs.append({input, parser.value(out)});
    }

    QString csvText = QStringLiteral("file,output,predicted,probability,class_explained,method,layer,in_chest_fraction");
    if (job.sanity)
        csvText += QStringLiteral(",sanity_spearman,sanity_passed");
    csvText += QStringLiteral(",error\n");
    int failures = 0;
    for (const auto &[file, target] : jobs) {
        try {
            if (!QDir().mkpath(QFileInfo(target).absolutePath()))
                throw Error(ErrorCode::WriteFailed, target, QStringLiteral("cannot create its folder"));
            const ExplainOutcome o = explainOne(*classifier, file, target, job);
            if (parser.isSet(json)) {
                ctx.printJson(resultJson(file, target, classes, o));
            } else {
                ctx.out() << QStringLiteral("%1: predicted %2 (%3); explained %4 with %5 at %6; in-chest heat %7 -> %8\n")
                                 .arg(file, classes.value(o.cam.predicted))
                                 .arg(o.cam.probabilities[static_cast<std::size_t>(o.cam.predicted)], 0, 'f', 3)
                                 .arg(o.cam.className, camMethodName(o.cam.settings.method), o.cam.settings.layer)
                                 .arg(o.inChest, 0, 'f', 3)
                                 .arg(target);
                if (o.sanity)
                    ctx.out() << o.sanity->summary();
                ctx.out().flush();
            }
            QStringList row{csvField(file), csvField(target), classes.value(o.cam.predicted),
                            QString::number(o.cam.probabilities[static_cast<std::size_t>(o.cam.predicted)], 'f', 6),
                            o.cam.className, camMethodName(o.cam.settings.method), o.cam.settings.layer,
                            QString::number(o.inChest, 'f', 6)};
            if (o.sanity)
                row << QString::number(o.sanity->full.spearman, 'f', 6) << (o.sanity->passed ? QStringLiteral("1") : QStringLiteral("0"));
            row << QString();
            csvText += row.join(QLatin1Char(',')) + QLatin1Char('\n');
        } catch (const Error &e) {
            ++failures;
            ctx.error(e.message());
            if (parser.isSet(json))
                ctx.printJson({{QStringLiteral("file"), file},
                               {QStringLiteral("ok"), false},
                               {QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), errorCodeName(e.code())},
                                                                     {QStringLiteral("message"), e.message()}}}});
            QStringList row{csvField(file), csvField(target)};
            for (int i = 0; i < 6; ++i)
                row << QString();
            if (job.sanity)
                row << QString() << QString();
            row << csvField(e.message());
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
    return failures ? ExitFailed : ExitOk;
}

} // namespace chestlens::cli
