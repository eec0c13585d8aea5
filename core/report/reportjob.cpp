#include "core/report/reportjob.h"

#include "core/error.h"
#include "core/ml/classifier.h"
#include "core/paths.h"

#include <exception>

namespace chestlens {

ReportJob::ReportJob(QObject *parent) : QObject(parent) {}

void ReportJob::run(const ReportRequest &request)
{
    ReportOutcome outcome;
    try {
        ReportProgress progress;
        progress.cancelled = [this] { return m_cancelled.load(); };
        progress.progress = [this](int done, int total, const QString &what) {
            Q_EMIT this->progress(done, total, what);
        };
        if (m_cancelled)
            throw Error(ErrorCode::Cancelled, request.out,
                        QStringLiteral("report cancelled; no file was written"));
        const auto classifier =
            Classifier::load(request.modelPath.isEmpty() ? defaultModelPath() : request.modelPath);
        const ReportResult r =
            writeReport(*classifier, request.files, request.out, request.options, progress);
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
    } catch (const Error &e) {
        outcome.cancelled = e.code() == ErrorCode::Cancelled;
        outcome.errorCode = int(e.code());
        outcome.message = e.message();
    } catch (const std::exception &e) {
        outcome.errorCode = int(ErrorCode::Internal);
        outcome.message = QStringLiteral("%1: %2").arg(request.out, QString::fromLocal8Bit(e.what()));
    }
    Q_EMIT finished(outcome);
}

} // namespace chestlens
