#pragma once

// A report export as a background job: the GUI's export dialog owns one ReportJob and reads its
// progress() and outcome. The job loads its own Classifier from the model path, since a Classifier
// is not thread-safe and the viewer's belongs to the inference worker. Torch-free header.

#include "core/report/pdfreport.h"
#include "core/worker/backgroundjob.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace chestlens {

/// What to export. Plain value.
struct ReportRequest
{
    QStringList files; ///< one film, or a batch (summary page first when more than one)
    QString out;       ///< the PDF to write
    QString modelPath; ///< empty: the bundled default model
    ReportOptions options;
};

/// How an export ended. Plain value; crosses threads. ReportJob::finished() carries one with `ok`
/// set; the export dialog makes the others from failed() and cancelled().
struct ReportOutcome
{
    bool ok = false;
    bool cancelled = false;
    int errorCode = -1; ///< chestlens::ErrorCode when !ok
    QString message;    ///< user-facing: what was written, or what went wrong (file named)
    QString path;       ///< the PDF, when ok
    int pages = 0;
    int films = 0;       ///< films with a page
    QStringList leftOut; ///< "<file>: <cause>" for films of a batch that could not be read
};

/// Writes one report; follows BackgroundJob's contract. A cancelled or failed export writes
/// nothing (an older file at the output path stays): the job stops before its next film.
class ReportJob : public BackgroundJob
{
    Q_OBJECT
public:
    explicit ReportJob(QObject *parent = nullptr);

    /// Loads the model and writes the report. A run still going is superseded.
    void start(const chestlens::ReportRequest &request);

Q_SIGNALS:
    /// After each step (model loaded, each film, the file written).
    void progress(int done, int total, const QString &what);
    void finished(const chestlens::ReportOutcome &outcome);
};

} // namespace chestlens

Q_DECLARE_METATYPE(chestlens::ReportRequest)
Q_DECLARE_METATYPE(chestlens::ReportOutcome)
