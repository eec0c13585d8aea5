#include "app/cli/cli.h"
#include "app/cli/commands_p.h"
#include "app/cli/filmargs_p.h"
#include "app/cli/modelarg_p.h"
#include "core/error.h"
#include "core/film/filmloader.h"
#include "core/ml/classifier.h"
#include "core/report/pdfreport.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QJsonArray>

#include <atomic>
#include <csignal>

namespace chestlens::cli {

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void onReportInterrupt(int)
{
    g_interrupted = true; // polled before every film; the half-written PDF is discarded
}

/// The command line of `report`.
struct ReportArgs
{
    QCommandLineOption model = modelOption();
    QCommandLineOption out{QStringLiteral("out"), QStringLiteral("The PDF to write."),
                           QStringLiteral("OUT.pdf")};
    QCommandLineOption anonymize{
        QStringLiteral("anonymize"),
        QStringLiteral("De-identify: no patient/study field, no file or folder name.")};
    QCommandLineOption includePatient{
        QStringLiteral("include-patient"),
        QStringLiteral("Print the DICOM patient/study fields (withheld by default).")};
    QCommandLineOption note{QStringLiteral("note"), QStringLiteral("Findings text for the findings box."),
                            QStringLiteral("TEXT")};
    QCommandLineOption pageSize{QStringLiteral("page-size"), QStringLiteral("A4 (default) or Letter."),
                                QStringLiteral("SIZE"), QStringLiteral("A4")};
    QCommandLineOption method{QStringLiteral("method"),
                              QStringLiteral("gradcam (default), gradcam++ or layercam."),
                              QStringLiteral("METHOD"), QStringLiteral("gradcam")};
    QCommandLineOption colormap{QStringLiteral("colormap"),
                                QStringLiteral("turbo (default), jet, inferno, magma or red."),
                                QStringLiteral("NAME"), QStringLiteral("turbo")};
    QCommandLineOption json{QStringLiteral("json"),
                            QStringLiteral("Print one JSON object: out, report_id, pages, films, failures.")};

    void addTo(QCommandLineParser &parser) const
    {
        parser.setApplicationDescription(QStringLiteral(
            "Write an annotated PDF report: per film the film as displayed beside its Grad-CAM overlay with "
            "a "
            "colour "
            "legend, the calibrated probabilities, the predicted class, a plain-language uncertainty note, "
            "the "
            "in-chest heat fraction, a findings box and the model's identity (SHA-256, training date, "
            "validation "
            "metrics). Several films (or a folder) give a summary page first. Patient and study fields are "
            "printed "
            "only with --include-patient. --anonymize prints no identifying field (DICOM PS3.15 Basic "
            "Profile), "
            "labels films 'Film N' instead of their file names and keeps them out of the PDF metadata; it "
            "cannot "
            "be combined with --include-patient. Text burnt into the pixels is not removed."));
        parser.addOptions({model, out, anonymize, includePatient, note, pageSize, method, colormap, json});
        parser.addPositionalArgument(
            QStringLiteral("FILE"),
            QStringLiteral("A film, several films or a folder (searched recursively)."),
            QStringLiteral("FILE|DIR..."));
    }
};

/// Checks the films and output arguments and reads the report options; false after a usage error.
bool readReportOptions(Context &ctx, const QCommandLineParser &parser, const ReportArgs &a,
                       ReportOptions &options)
{
    if (parser.positionalArguments().isEmpty()) {
        ctx.error(QStringLiteral("report: no FILE or DIR given"));
        return false;
    }
    if (!parser.isSet(a.out)) {
        ctx.error(QStringLiteral("report: give --out OUT.pdf"));
        return false;
    }
    // Refused rather than silently resolved: whoever typed both expects names on paper, and an
    // anonymised report that quietly drops them would surprise as much as the opposite.
    if (parser.isSet(a.anonymize) && parser.isSet(a.includePatient)) {
        ctx.error(
            QStringLiteral("report: --anonymize and --include-patient contradict each other; give one"));
        return false;
    }
    options.anonymize = parser.isSet(a.anonymize);
    options.includePatient = parser.isSet(a.includePatient);
    options.note = parser.value(a.note);
    if (const auto size = reportPageSizeFromName(parser.value(a.pageSize)))
        options.pageSize = *size;
    else {
        ctx.error(QStringLiteral("report: unknown page size '%1' (use A4 or Letter)")
                      .arg(parser.value(a.pageSize)));
        return false;
    }
    if (const auto m = camMethodFromName(parser.value(a.method)))
        options.explain.method = *m;
    else {
        ctx.error(QStringLiteral("report: unknown method '%1' (use %2)")
                      .arg(parser.value(a.method), camMethodNames().join(QStringLiteral(", "))));
        return false;
    }
    if (const auto c = colormapFromName(parser.value(a.colormap)))
        options.colormap = *c;
    else {
        ctx.error(QStringLiteral("report: unknown colormap '%1' (use %2)")
                      .arg(parser.value(a.colormap), colormapNames().join(QStringLiteral(", "))));
        return false;
    }
    return true;
}

/// Writes the report with a progress line on a terminal; Ctrl+C cancels between films. Returns
/// the exit code (ExitOk when the PDF was written).
int writeReportInterruptibly(Context &ctx, const Classifier &classifier, const QStringList &files,
                             const QString &out, const ReportOptions &options, bool bar, ReportResult &result)
{
    ReportProgress progress;
    progress.cancelled = [] { return g_interrupted.load(); };
    progress.progress = [&](int done, int total, const QString &what) {
        if (!bar)
            return;
        ctx.err() << "\r\033[K[" << done << '/' << total << "] " << what;
        ctx.err().flush();
    };
    g_interrupted = false;
    std::signal(SIGINT, onReportInterrupt);
    std::signal(SIGTERM, onReportInterrupt);
    int code = ExitOk;
    try {
        result = writeReport(classifier, files, out, options, progress);
    } catch (const Error &e) {
        code = e.code() == ErrorCode::Cancelled ? ExitCancelled : ExitFailed;
        if (bar)
            ctx.err() << "\r\033[K";
        ctx.error(e.message());
    }
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (code == ExitOk && bar)
        ctx.err() << "\r\033[K";
    return code;
}

void printReportResult(Context &ctx, const ReportResult &result, bool json)
{
    // The user's own terminal: failures name the real file, whatever the report prints.
    for (const ReportFailure &f : result.failures)
        ctx.error(QStringLiteral("%1: left out of the report: %2").arg(f.file, f.message));
    if (json) {
        QJsonArray failures;
        for (const ReportFailure &f : result.failures)
            failures.append(QJsonObject{{QStringLiteral("file"), f.file},
                                        {QStringLiteral("label"), f.label},
                                        {QStringLiteral("message"), f.message}});
        ctx.printJson({{QStringLiteral("out"), result.path},
                       {QStringLiteral("report_id"), result.reportId},
                       {QStringLiteral("pages"), result.pages},
                       {QStringLiteral("films"), result.films.size()},
                       {QStringLiteral("failures"), failures}});
        return;
    }
    ctx.out()
        << QStringLiteral("%1: report %2, %3 page(s), %4 film(s)%5\n")
               .arg(result.path, result.reportId)
               .arg(result.pages)
               .arg(result.films.size())
               .arg(result.failures.isEmpty()
                        ? QString()
                        : QStringLiteral(", %1 left out (could not be read)").arg(result.failures.size()));
    ctx.out().flush();
}

} // namespace

int runReport(Context &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    const ReportArgs a;
    a.addTo(parser);
    bool help = false;
    if (!ctx.parse(parser, args, help))
        return ExitUsage;
    if (help)
        return ExitOk;
    ReportOptions options;
    if (!readReportOptions(ctx, parser, a, options))
        return ExitUsage;

    QStringList emptyFolders;
    const QStringList files =
        filmsOrReport(ctx, QStringLiteral("report"), parser.positionalArguments(), emptyFolders);
    if (files.isEmpty())
        return ExitFailed;
    const std::unique_ptr<Classifier> classifier = loadClassifierOrReport(ctx, parser, a.model);
    if (!classifier)
        return ExitFailed;

    const bool json = parser.isSet(a.json);
    ReportResult result;
    const int code = writeReportInterruptibly(ctx, *classifier, files, parser.value(a.out), options,
                                              ctx.stderrIsTerminal() && !json, result);
    if (code != ExitOk)
        return code;
    printReportResult(ctx, result, json);
    return result.failures.isEmpty() && emptyFolders.isEmpty() ? ExitOk : ExitFailed;
}

} // namespace chestlens::cli
