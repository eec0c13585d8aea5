#pragma once

// Annotated PDF reports of one film or of a batch, drawn with QPdfWriter + QPainter (vector text,
// embedded font subsets). GUI-free: the CLI and the GUI's export dialog call the same functions.
//
// Layout (A4 or Letter, one page per film):
//   header    ChestLens version, date/time, report id, patient/study fields only when asked for;
//   images    the film as windowed beside the film with its heatmap, a colour legend (method,
//             class explained, layer, colormap);
//   results   calibrated probabilities (table with bars), predicted class, a plain-language
//             uncertainty note, the in-chest heat fraction; the findings box (reader's note);
//   model     name, architecture, file SHA-256, training date, validation metrics, classes;
//   footer    "Research use only — not for clinical diagnosis", page x/y.
// A batch (more than one film) starts with a summary: counts per predicted class, a table of every
// film with its top class, probability and flags (low confidence, heat outside the chest, could
// not be read); the table continues on further summary pages beyond ~40 films.
//
// Needs a QGuiApplication (text needs Qt's font database); the offscreen platform is enough.

#include "core/ml/modelinfo.h"
#include "core/report/reportdata.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace chestlens {

class Classifier;

/// Progress and cancellation of a report job. Both are called on the thread running the job.
struct ReportProgress
{
    /// After each step: `done` of `total` steps, `what` describes the step just finished
    /// ("Film 3 of 12 analysed"). May be empty.
    std::function<void(int done, int total, const QString &what)> progress;
    /// Polled before every film and before the file is committed. Returning true stops the job:
    /// Error (Cancelled) is thrown and no file is written (an existing file at the path is kept).
    /// May be empty.
    std::function<bool()> cancelled;
};

/// One film of a batch that could not be reported.
struct ReportFailure
{
    QString file;    ///< the path as given (for the caller; never printed when anonymised)
    QString label;   ///< as the report names it ("Film 3" when anonymised)
    QString message; ///< as the report prints it (scrubbed when anonymised)
};

/// What a written report contains.
struct ReportResult
{
    QString path;
    QString reportId;
    int pages = 0;
    int summaryPages = 0;          ///< 0 for a single film
    QList<ReportData> films;       ///< reported films, without their images (labels in `labels`)
    QStringList labels;            ///< how the report names each reported film
    QList<ReportFailure> failures; ///< films of a batch left out, in input order
};

/// A fresh report id, "CL-yyyyMMdd-xxxxxxxx" (date and 8 random hex digits): tells printed copies
/// apart without encoding anything about the films.
QString newReportId();

/// Collects (collectReportData()) and writes a report of `files` to `out`: one page for a single
/// file, a summary page first when there are several. In a batch a film that cannot be read is
/// listed as such on the summary page and gets no page of its own; a single film that cannot be
/// read is an error. The file is written atomically (temporary file beside it, renamed at the
/// end), so a failure or a cancellation leaves nothing at `out` (an older file there stays).
///
/// Memory: for a batch the summary must come first, so every film is analysed before the first
/// page is drawn; film images are kept while they fit in about 256 MB and re-computed for their
/// page beyond that. Call from the thread that owns `classifier`.
/// @throws chestlens::Error: WriteFailed naming `out` and the cause (folder missing or
///         unwritable, disk full), Cancelled, InvalidArgument (no files), the film's error for a
///         single film, or FileUnreadable when no film of a batch could be read.
ReportResult writeReport(const Classifier &classifier, const QStringList &files, const QString &out,
                         const ReportOptions &options = {}, const ReportProgress &progress = {});

/// Writes a report of films already collected (e.g. the viewer's current film). `model` fills the
/// model block. Same layout, atomicity and errors as above.
ReportResult writeReport(const ModelInfo &model, const QList<ReportData> &films, const QString &out,
                         const ReportOptions &options = {}, const ReportProgress &progress = {});

} // namespace chestlens
