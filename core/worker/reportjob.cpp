#include "core/worker/reportjob.h"

#include "core/error.h"
#include "core/ml/classifier.h"
#include "core/paths.h"

namespace chestlens {

namespace {

/// The whole export, on the job's thread. @throws chestlens::Error (Cancelled when stopped)
ReportOutcome writeRequested(const ReportRequest &request, const ReportProgress &progress)
{
    if (progress.cancelled())
        throw Error(ErrorCode::Cancelled, request.out,
                    QStringLiteral("report cancelled; no file was written"));
    const auto classifier =
        Classifier::load(request.modelPath.isEmpty() ? defaultModelPath() : request.modelPath);
    const ReportResult r = writeReport(*classifier, request.files, request.out, request.options, progress);
    ReportOutcome outcome;
    outcome.ok = true;
    outcome.path = r.path;
    outcome.pages = r.pages;
    outcome.films = int(r.films.size());
    for (const ReportFailure &f : r.failures)
        outcome.leftOut << QStringLiteral("%1: %2").arg(f.file, f.message);
    outcome.message = QStringLiteral("%1 written: %2 page(s)").arg(r.path).arg(r.pages);
    if (!r.failures.isEmpty())
        outcome.message +=
            QStringLiteral("; %1 film(s) could not be read and were left out").arg(r.failures.size());
    return outcome;
}

} // namespace

ReportJob::ReportJob(QObject *parent) : BackgroundJob(QStringLiteral("ChestLens report"), parent)
{
    qRegisterMetaType<chestlens::ReportRequest>();
    qRegisterMetaType<chestlens::ReportOutcome>();
}

void ReportJob::start(const ReportRequest &request)
{
    launch<ReportOutcome>(
        [this, request](JobControl &control) {
            ReportProgress progress;
            progress.cancelled = [&control] { return control.isCancelled(); };
            progress.progress = [this, &control](int done, int total, const QString &what) {
                control.report([this, done, total, what] { Q_EMIT this->progress(done, total, what); });
            };
            return writeRequested(request, progress);
        },
        [this](const ReportOutcome &outcome) { Q_EMIT finished(outcome); }, request.out);
}

} // namespace chestlens
