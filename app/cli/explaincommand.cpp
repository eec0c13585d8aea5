#include "app/cli/cli.h"
#include "app/cli/commands_p.h"
#include "app/cli/filmargs_p.h"
#include "app/cli/modelarg_p.h"
#include "core/colormap.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/film/display.h"
#include "core/film/filmloader.h"
#include "core/film/imagewriter.h"
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
    Applicability applicability; ///< whether the model may judge the film (header and pixels)
};

ExplainOutcome explainOne(const Classifier &classifier, const QString &file, const QString &out,
                          const ExplainJob &job)
{
    const Film film = loadFilm(file);
    const PreparedImage prepared = classifier.prepare(film);
    ExplainOutcome o;
    try {
        o.cam = explainPrepared(classifier, prepared, job.settings);
        o.applicability = Applicability::combine(classifier.checkFilm(film),
                                                 classifier.predictPrepared(prepared).applicability);
        if (job.sanity)
            o.sanity = randomisationTest(classifier, prepared, job.settings);
    } catch (const Error &e) {
        throw Error(e.code(), file, e.message());
    }
    o.inChest = inChestFraction(o.cam.heat, o.cam.width(), o.cam.height(), o.cam.geometry.chestFrame());
    const QImage heat8 = heatToImage(o.cam.heat, o.cam.width(), o.cam.height());
    const QImage image = job.heatmapOnly ? colorizeHeatmap(heat8, job.colormap, job.threshold)
                                         : overlayHeatmap(renderFilm(film, defaultWindow(film)), heat8,
                                                          job.colormap, job.opacity, job.threshold);
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

QJsonObject resultJson(const QString &file, const QString &out, const QStringList &classes,
                       const ExplainOutcome &o)
{
    QJsonObject probs;
    for (int c = 0; c < classes.size(); ++c)
        probs[classes[c]] = o.cam.probabilities[static_cast<std::size_t>(c)];
    QJsonObject j{
        {QStringLiteral("file"), file},
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
        {QStringLiteral("height"), o.cam.height()},
        {QStringLiteral("applicable"), o.applicability.applicable},
        {QStringLiteral("applicability"), o.applicability.toJson()}};
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
        const QString base = relDir == QLatin1String(".") ? fi.completeBaseName()
                                                          : relDir + QLatin1Char('/') + fi.completeBaseName();
        QString target = out.filePath(base + QStringLiteral(".png"));
        if (used.contains(target))
            target = out.filePath(base + QLatin1Char('_') + fi.suffix().toLower() + QStringLiteral(".png"));
        used.insert(target);
        jobs.append({f, target});
    }
    return jobs;
}

} // namespace

namespace {

/// The command line of `explain`, parsed.
struct ExplainOptions
{
    QCommandLineOption model = modelOption();
    QCommandLineOption out{QStringLiteral("out"),
                           QStringLiteral("Output image for FILE (PNG; the film's size)."),
                           QStringLiteral("OUT.png")};
    QCommandLineOption outDir{QStringLiteral("out-dir"),
                              QStringLiteral("Output folder for DIR (one PNG per film, same sub-folders)."),
                              QStringLiteral("OUTDIR")};
    QCommandLineOption csv{QStringLiteral("csv"),
                           QStringLiteral("Also write a summary CSV (one row per film)."),
                           QStringLiteral("SUMMARY.csv")};
    QCommandLineOption cls{
        QStringLiteral("class"),
        QStringLiteral("Class to explain, by name or index (default: the predicted class)."),
        QStringLiteral("C")};
    QCommandLineOption method{QStringLiteral("method"),
                              QStringLiteral("gradcam (default), gradcam++ or layercam."),
                              QStringLiteral("METHOD"), QStringLiteral("gradcam")};
    QCommandLineOption layer{
        QStringLiteral("layer"),
        QStringLiteral("Layer to explain (default: the last convolutional block; see --list-layers)."),
        QStringLiteral("NAME")};
    QCommandLineOption listLayers{QStringLiteral("list-layers"),
                                  QStringLiteral("Print the model's layers and exit.")};
    QCommandLineOption colormap{QStringLiteral("colormap"),
                                QStringLiteral("turbo (default), jet, inferno, magma or red."),
                                QStringLiteral("NAME"), QStringLiteral("turbo")};
    QCommandLineOption opacity{QStringLiteral("opacity"),
                               QStringLiteral("Overlay opacity, 0..1 (default 0.4)."), QStringLiteral("A"),
                               QStringLiteral("0.4")};
    QCommandLineOption threshold{
        QStringLiteral("threshold"),
        QStringLiteral("Hide heat below this fraction of the maximum, 0..1 (default 0)."),
        QStringLiteral("T"), QStringLiteral("0")};
    QCommandLineOption heatmapOnly{QStringLiteral("heatmap-only"),
                                   QStringLiteral("Write the coloured heatmap without the film.")};
    QCommandLineOption json{
        QStringLiteral("json"),
        QStringLiteral(
            "One JSON object per film: probabilities, class explained, method, layer, in-chest fraction.")};
    QCommandLineOption sanity{
        QStringLiteral("sanity"),
        QStringLiteral("Also run the model-randomisation test and report the rank correlation.")};

    void addTo(QCommandLineParser &parser) const
    {
        parser.setApplicationDescription(QStringLiteral(
            "Explain a film's classification with a class-activation map (Grad-CAM family), drawn over the "
            "film at "
            "its full resolution, or explain every film in a folder. The in-chest heat fraction is the share "
            "of the "
            "heat inside the central chest region (a superellipse over the middle 84 % x 88 % of the film "
            "after "
            "border trim); low values point at shortcuts (borders, corners, labels). --sanity runs the "
            "model-randomisation test (Adebayo et al. 2018): the map must change when the weights are "
            "randomised."));
        parser.addOptions({model, out, outDir, csv, cls, method, layer, listLayers, colormap, opacity,
                           threshold, heatmapOnly, json, sanity});
        parser.addPositionalArgument(QStringLiteral("FILE"),
                                     QStringLiteral("A film, or a folder of films (searched recursively)."),
                                     QStringLiteral("FILE|DIR"));
    }
};

/// A number in [0, 1] from `option`; nullopt after reporting a usage error.
std::optional<double> unitInterval(Context &ctx, const QCommandLineParser &parser,
                                   const QCommandLineOption &option)
{
    bool ok = false;
    const double v = parser.value(option).toDouble(&ok);
    if (!ok || v < 0.0 || v > 1.0) {
        ctx.error(QStringLiteral("explain: --%1 must be a number between 0 and 1")
                      .arg(option.names().constFirst()));
        return std::nullopt;
    }
    return v;
}

/// Reads the rendering settings (method, colormap, opacity, threshold, flags) into `job`.
bool readJobSettings(Context &ctx, const QCommandLineParser &parser, const ExplainOptions &o, ExplainJob &job)
{
    if (const auto m = camMethodFromName(parser.value(o.method)))
        job.settings.method = *m;
    else {
        ctx.error(QStringLiteral("explain: unknown method '%1' (use %2)")
                      .arg(parser.value(o.method), camMethodNames().join(QStringLiteral(", "))));
        return false;
    }
    if (const auto c = colormapFromName(parser.value(o.colormap)))
        job.colormap = *c;
    else {
        ctx.error(QStringLiteral("explain: unknown colormap '%1' (use %2)")
                      .arg(parser.value(o.colormap), colormapNames().join(QStringLiteral(", "))));
        return false;
    }
    const std::optional<double> opacity = unitInterval(ctx, parser, o.opacity);
    if (!opacity)
        return false;
    job.opacity = *opacity;
    const std::optional<double> threshold = unitInterval(ctx, parser, o.threshold);
    if (!threshold)
        return false;
    job.threshold = *threshold;
    job.heatmapOnly = parser.isSet(o.heatmapOnly);
    job.sanity = parser.isSet(o.sanity);
    job.settings.layer = parser.value(o.layer);
    return true;
}

/// Checks that one FILE or DIR was given with the matching output option.
bool checkInputAndOutput(Context &ctx, const QCommandLineParser &parser, const ExplainOptions &o)
{
    if (parser.isSet(o.listLayers))
        return true;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        ctx.error(QStringLiteral("explain: give exactly one FILE or DIR"));
        return false;
    }
    const bool isDir = QFileInfo(positional.first()).isDir();
    if (isDir && !parser.isSet(o.outDir)) {
        ctx.error(QStringLiteral("explain: %1 is a folder: give --out-dir").arg(positional.first()));
        return false;
    }
    if (!isDir && !parser.isSet(o.out)) {
        ctx.error(QStringLiteral("explain: give --out OUT.png"));
        return false;
    }
    return true;
}

/// Checks --layer against the model and resolves --class (a name or an index) into `job`.
bool resolveLayerAndClass(Context &ctx, const QCommandLineParser &parser, const ExplainOptions &o,
                          const Classifier &classifier, ExplainJob &job)
{
    const QStringList classes = classifier.info().classes;
    const QStringList layers = classifier.camLayers();
    if (!job.settings.layer.isEmpty() && !layers.contains(job.settings.layer)) {
        ctx.error(QStringLiteral("explain: unknown layer '%1' (this model's layers: %2)")
                      .arg(job.settings.layer, layers.join(QStringLiteral(", "))));
        return false;
    }
    if (!parser.isSet(o.cls))
        return true;
    const QString c = parser.value(o.cls);
    bool ok = false;
    int index = c.toInt(&ok);
    if (!ok) {
        index = -1;
        for (int i = 0; i < classes.size(); ++i)
            if (classes[i].compare(c, Qt::CaseInsensitive) == 0)
                index = i;
    }
    if (index < 0 || index >= classes.size()) {
        ctx.error(QStringLiteral("explain: unknown class '%1' (this model's classes: %2)")
                      .arg(c, classes.join(QStringLiteral(", "))));
        return false;
    }
    job.settings.classIndex = index;
    return true;
}

/// One line of the text output for an explained film.
QString outcomeLine(const QString &file, const QString &target, const QStringList &classes,
                    const ExplainOutcome &o)
{
    QString line =
        QStringLiteral("%1: predicted %2 (%3); explained %4 with %5 at %6; in-chest heat %7 -> %8\n")
            .arg(file, classes.value(o.cam.predicted))
            .arg(o.cam.probabilities[static_cast<std::size_t>(o.cam.predicted)], 0, 'f', 3)
            .arg(o.cam.className, camMethodName(o.cam.settings.method), o.cam.settings.layer)
            .arg(o.inChest, 0, 'f', 3)
            .arg(target);
    if (o.applicability.applicable)
        return line;
    return QStringLiteral("%1: NOT APPLICABLE (%2): the prediction and heatmap below mean nothing\n")
               .arg(file, o.applicability.explanation) +
           line;
}

/// The summary CSV: its header and one row per film, explained or failed.
class ExplainCsv
{
public:
    explicit ExplainCsv(bool sanity) : m_sanity(sanity)
    {
        m_text = QStringLiteral(
            "file,output,predicted,probability,class_explained,method,layer,in_chest_fraction");
        if (m_sanity)
            m_text += QStringLiteral(",sanity_spearman,sanity_passed");
        m_text += QStringLiteral(",error\n");
    }

    void addOutcome(const QString &file, const QString &target, const QStringList &classes,
                    const ExplainOutcome &o)
    {
        QStringList row{
            csvField(file),
            csvField(target),
            classes.value(o.cam.predicted),
            QString::number(o.cam.probabilities[static_cast<std::size_t>(o.cam.predicted)], 'f', 6),
            o.cam.className,
            camMethodName(o.cam.settings.method),
            o.cam.settings.layer,
            QString::number(o.inChest, 'f', 6)};
        if (o.sanity)
            row << QString::number(o.sanity->full.spearman, 'f', 6)
                << (o.sanity->passed ? QStringLiteral("1") : QStringLiteral("0"));
        row << QString();
        addRow(row);
    }

    void addFailure(const QString &file, const QString &target, const QString &message)
    {
        QStringList row{csvField(file), csvField(target)};
        for (int i = 0; i < 6; ++i)
            row << QString();
        if (m_sanity)
            row << QString() << QString();
        row << csvField(message);
        addRow(row);
    }

    const QString &text() const { return m_text; }

private:
    void addRow(const QStringList &row) { m_text += row.join(QLatin1Char(',')) + QLatin1Char('\n'); }

    bool m_sanity;
    QString m_text;
};

/// Explains every (film, output image) pair, printing each outcome; returns the number of failures.
int explainAll(Context &ctx, const Classifier &classifier, const QList<QPair<QString, QString>> &jobs,
               const ExplainJob &job, bool json, ExplainCsv &csv)
{
    const QStringList classes = classifier.info().classes;
    int failures = 0;
    for (const auto &[file, target] : jobs) {
        try {
            if (!QDir().mkpath(QFileInfo(target).absolutePath()))
                throw Error(ErrorCode::WriteFailed, target, QStringLiteral("cannot create its folder"));
            const ExplainOutcome o = explainOne(classifier, file, target, job);
            if (json) {
                ctx.printJson(resultJson(file, target, classes, o));
            } else {
                ctx.out() << outcomeLine(file, target, classes, o);
                if (o.sanity)
                    ctx.out() << o.sanity->summary();
                ctx.out().flush();
            }
            csv.addOutcome(file, target, classes, o);
        } catch (const Error &e) {
            ++failures;
            ctx.error(e.message());
            if (json)
                ctx.printJson(
                    {{QStringLiteral("file"), file},
                     {QStringLiteral("ok"), false},
                     {QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), errorCodeName(e.code())},
                                                           {QStringLiteral("message"), e.message()}}}});
            csv.addFailure(file, target, e.message());
        }
    }
    return failures;
}

void printLayers(Context &ctx, const Classifier &classifier)
{
    const QStringList layers = classifier.camLayers();
    for (const QString &l : layers)
        ctx.out() << l << (l == layers.last() ? QStringLiteral("  (default)") : QString()) << '\n';
    ctx.out().flush();
}

} // namespace

int runExplain(Context &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    const ExplainOptions o;
    o.addTo(parser);
    bool help = false;
    if (!ctx.parse(parser, args, help))
        return ExitUsage;
    if (help)
        return ExitOk;
    ExplainJob job;
    if (!readJobSettings(ctx, parser, o, job) || !checkInputAndOutput(ctx, parser, o))
        return ExitUsage;

    const std::unique_ptr<Classifier> classifier = loadClassifierOrReport(ctx, parser, o.model);
    if (!classifier)
        return ExitFailed;
    if (parser.isSet(o.listLayers)) {
        printLayers(ctx, *classifier);
        return ExitOk;
    }
    if (!resolveLayerAndClass(ctx, parser, o, *classifier, job))
        return ExitUsage;

    const QString &input = parser.positionalArguments().constFirst();
    QList<QPair<QString, QString>> jobs;
    if (QFileInfo(input).isDir()) {
        jobs = folderJobs(input, parser.value(o.outDir));
        if (jobs.isEmpty()) {
            ctx.error(QStringLiteral("explain: no films found in %1").arg(input));
            return ExitFailed;
        }
    } else {
        jobs.append({input, parser.value(o.out)});
    }
    ExplainCsv csv(job.sanity);
    const int failures = explainAll(ctx, *classifier, jobs, job, parser.isSet(o.json), csv);
    if (parser.isSet(o.csv)) {
        try {
            writeBytesAtomically(parser.value(o.csv), csv.text().toUtf8());
        } catch (const Error &e) {
            ctx.error(e.message());
            return ExitFailed;
        }
    }
    return failures ? ExitFailed : ExitOk;
}

} // namespace chestlens::cli
