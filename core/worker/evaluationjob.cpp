#include "core/worker/evaluationjob.h"

#include "core/data/labelledfolder.h"
#include "core/error.h"
#include "core/ml/calibration.h"
#include "core/ml/classifier.h"
#include "core/paths.h"

#include <exception>

namespace chestlens {

namespace {

enum class Outcome { Finished, Failed, Cancelled };

/// How many unreadable films a "nothing could be read" message quotes.
constexpr int kQuotedFailures = 3;

/// The whole evaluation, on the worker thread. Returns the outcome; `message` is set for Failed.
Outcome evaluate(const QString &modelPath, const QString &dataDir, int threads,
                 const std::atomic<bool> &cancel, const std::function<void(int, int)> &progress,
                 FolderEvaluation &out, QString &message)
{
    try {
        const LabelledFolder folder = scanLabelledFolder(dataDir, 1);
        if (cancel.load())
            return Outcome::Cancelled;
        const std::unique_ptr<Classifier> classifier = Classifier::load(modelPath);
        if (cancel.load())
            return Outcome::Cancelled;
        const ModelInfo &info = classifier->info();
        static_cast<EvaluationResult &>(out) = evaluateModel(*classifier, folder, threads, progress, &cancel);
        // The forward pass cannot be interrupted; a cancel that arrived during it still wins.
        if (cancel.load())
            return Outcome::Cancelled;
        if (out.metrics.n == 0) {
            message = QStringLiteral("%1: none of the %2 films could be read")
                          .arg(folder.root)
                          .arg(folder.items.size());
            if (!out.failures.isEmpty())
                message += QStringLiteral(" (%1)").arg(
                    out.failures.mid(0, kQuotedFailures).join(QStringLiteral("; ")));
            return Outcome::Failed;
        }
        out.modelPath = info.path;
        out.modelName = info.name;
        out.dataDir = folder.root;
        out.temperature = info.temperature;
        out.uncalibrated = computeMetrics(undoTemperatureScalingAll(out.probabilities, info.temperature),
                                          out.labels, info.classes);
        return Outcome::Finished;
    } catch (const Error &e) {
        if (e.code() == ErrorCode::Cancelled)
            return Outcome::Cancelled;
        message = e.message();
    } catch (const std::exception &e) {
        message = QStringLiteral("%1: evaluation failed: %2").arg(dataDir, QString::fromLocal8Bit(e.what()));
    }
    return Outcome::Failed;
}

} // namespace

EvaluationJob::EvaluationJob(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<chestlens::FolderEvaluation>();
    m_thread.setObjectName(QStringLiteral("ChestLens evaluation"));
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.start();
}

EvaluationJob::~EvaluationJob()
{
    if (m_cancel)
        m_cancel->store(true);
    m_thread.quit();
    m_thread.wait();
}

bool EvaluationJob::start(const QString &modelPath, const QString &dataDir, int threads)
{
    if (m_running)
        return false;
    m_running = true;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const QString model = modelPath.isEmpty() ? defaultModelPath() : modelPath;
    auto cancel = m_cancel;
    QMetaObject::invokeMethod(
        m_context,
        [this, model, dataDir, threads, cancel] {
            // Emitting from the decoding threads is safe: the signal is queued to receivers on
            // other threads, and this object outlives the run (its destructor joins the thread).
            const auto onProgress = [this](int done, int total) { Q_EMIT progress(done, total); };
            FolderEvaluation result;
            QString message;
            const Outcome outcome = evaluate(model, dataDir, threads, *cancel, onProgress, result, message);
            // Deliver on the job's thread so that isRunning() is false by the time receivers see
            // the signal; a job destroyed meanwhile drops the call with its pending events.
            QMetaObject::invokeMethod(
                this,
                [this, outcome, result = std::move(result), message] {
                    m_running = false;
                    m_cancel.reset();
                    switch (outcome) {
                    case Outcome::Finished:
                        Q_EMIT finished(result);
                        break;
                    case Outcome::Failed:
                        Q_EMIT failed(message);
                        break;
                    case Outcome::Cancelled:
                        Q_EMIT cancelled();
                        break;
                    }
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return true;
}

void EvaluationJob::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

} // namespace chestlens
