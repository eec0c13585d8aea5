#include "core/worker/evaluationjob.h"

#include "core/data/labelledfolder.h"
#include "core/error.h"
#include "core/ml/calibration.h"
#include "core/ml/classifier.h"
#include "core/paths.h"

namespace chestlens {

namespace {

/// How many unreadable films a "nothing could be read" message quotes.
constexpr int kQuotedFailures = 3;

void throwIfCancelled(const JobControl &control, const QString &dataDir)
{
    if (control.isCancelled())
        throw Error(ErrorCode::Cancelled, dataDir, QStringLiteral("evaluation cancelled"));
}

/// The whole evaluation, on the job's thread.
/// @throws chestlens::Error (Cancelled when stopped; else naming the model or folder and the cause)
FolderEvaluation evaluate(const QString &modelPath, const QString &dataDir, int threads,
                          const JobControl &control, const std::function<void(int, int)> &progress)
{
    const LabelledFolder folder = scanLabelledFolder(dataDir, 1);
    throwIfCancelled(control, dataDir);
    const std::unique_ptr<Classifier> classifier = Classifier::load(modelPath);
    throwIfCancelled(control, dataDir);
    const ModelInfo &info = classifier->info();
    FolderEvaluation out;
    static_cast<EvaluationResult &>(out) =
        evaluateModel(*classifier, folder, threads, progress, control.cancelFlag());
    // The forward pass cannot be interrupted; a cancel that arrived during it still wins.
    throwIfCancelled(control, dataDir);
    if (out.metrics.n == 0) {
        QString message = out.inapplicable.isEmpty()
                              ? QStringLiteral("none of the %1 films could be read").arg(folder.items.size())
                              : QStringLiteral("the model may judge none of the %1 films (%2 not applicable)")
                                    .arg(folder.items.size())
                                    .arg(out.inapplicable.size());
        if (!out.failures.isEmpty())
            message +=
                QStringLiteral(" (%1)").arg(out.failures.mid(0, kQuotedFailures).join(QStringLiteral("; ")));
        throw Error(ErrorCode::InvalidArgument, folder.root, message);
    }
    out.modelPath = info.path;
    out.modelName = info.name;
    out.modelSha256 = info.sha256;
    out.dataDir = folder.root;
    out.temperature = info.temperature;
    out.uncalibrated = computeMetrics(undoTemperatureScalingAll(out.probabilities, info.temperature),
                                      out.labels, info.classes);
    return out;
}

} // namespace

EvaluationJob::EvaluationJob(QObject *parent) : BackgroundJob(QStringLiteral("ChestLens evaluation"), parent)
{
    qRegisterMetaType<chestlens::FolderEvaluation>();
}

void EvaluationJob::start(const QString &modelPath, const QString &dataDir, int threads)
{
    const QString model = modelPath.isEmpty() ? defaultModelPath() : modelPath;
    launch<FolderEvaluation>(
        [this, model, dataDir, threads](JobControl &control) {
            // Called from the decoding threads; the report is queued to the owner's thread.
            const auto onProgress = [this, &control](int done, int total) {
                control.report([this, done, total] { Q_EMIT progress(done, total); });
            };
            return evaluate(model, dataDir, threads, control, onProgress);
        },
        [this](const FolderEvaluation &evaluation) { Q_EMIT finished(evaluation); },
        QStringLiteral("%1: evaluation failed").arg(dataDir));
}

} // namespace chestlens
