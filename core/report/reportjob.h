#pragma once

// A report export as a worker object for a thread: the GUI's export dialog moves one ReportJob to
// a QThread it owns, calls run() there (queued) and reads progress() and finished(). The job loads
// its own Classifier from the model path, since a Classifier is not thread-safe and the viewer's
// belongs to the inference worker. Torch-free header.

#include "core/report/pdfreport.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>

namespace chestlens {

/// What to export. Plain value.
struct ReportRequest
{
    QStringList files; ///< one film, or a batch (summary page first when more than one)
    QString out;       ///< the PDF to write
    QString modelPath; ///< empty: the bundled default model
    ReportOptions options;
};

/// How an export ended. Plain value; crosses threads.
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

class ReportJob : public QObject
{
    Q_OBJECT
public:
    explicit ReportJob(QObject *parent = nullptr);

    /// Thread-safe, callable from any thread while run() blocks the job's own thread: the job stops
    /// before its next film and writes nothing. A job cancelled before run() starts writes nothing.
    void cancel() { m_cancelled = true; }

public Q_SLOTS:
    /// Loads the model, writes the report and emits finished() once (never throws). Emits
    /// progress() after each step. Call on the job's thread.
    void run(const chestlens::ReportRequest &request);

Q_SIGNALS:
    void progress(int done, int total, const QString &what);
    void finished(const chestlens::ReportOutcome &outcome);

private:
    std::atomic<bool> m_cancelled{false};
};

} // namespace chestlens

Q_DECLARE_METATYPE(chestlens::ReportRequest)
Q_DECLARE_METATYPE(chestlens::ReportOutcome)
