#include "core/worker/trainingjob.h"

#include "core/ml/distributed.h"

#include <utility>

namespace chestlens {

namespace {

void registerTypes()
{
    static const bool once = [] {
        qRegisterMetaType<LabelledFolder>();
        qRegisterMetaType<DedupReport>();
        qRegisterMetaType<BatchProgress>();
        qRegisterMetaType<EpochProgress>();
        qRegisterMetaType<TrainResult>();
        return true;
    }();
    Q_UNUSED(once);
}

/// A scanned folder and its duplicate report: the preview's result.
struct DedupPreview
{
    LabelledFolder folder;
    DedupReport report;
};

} // namespace

DedupPreviewJob::DedupPreviewJob(QObject *parent)
    : BackgroundJob(QStringLiteral("ChestLens duplicate preview"), parent)
{
    registerTypes();
}

void DedupPreviewJob::start(const QString &dataDir)
{
    launch<DedupPreview>(
        [this, dataDir](JobControl &control) {
            DedupPreview preview;
            preview.folder = scanLabelledFolder(dataDir);
            control.report([this, folder = preview.folder] { Q_EMIT scanned(folder); });
            const auto onProgress = [this, &control](int done, int total) {
                control.report([this, done, total] { Q_EMIT progress(done, total); });
            };
            preview.report = findDuplicates(preview.folder, DedupOptions{}, onProgress, control.cancelFlag());
            return preview;
        },
        [this](const DedupPreview &p) { Q_EMIT finished(p.folder, p.report); },
        QStringLiteral("%1: duplicate search failed").arg(dataDir));
}

TrainingJob::TrainingJob(QObject *parent) : BackgroundJob(QStringLiteral("ChestLens training"), parent)
{
    registerTypes();
}

void TrainingJob::start(const TrainOptions &options, int processes)
{
    launch<TrainResult>(
        [this, options, processes](JobControl &control) {
            // The callbacks run on this thread (or the trainer's); each report is queued to the owner.
            TrainCallbacks callbacks;
            callbacks.onPrepare = [this, &control](const QString &stage, int done, int total) {
                control.report([this, stage, done, total] { Q_EMIT preparing(stage, done, total); });
            };
            callbacks.onBatch = [this, &control](const BatchProgress &p) {
                control.report([this, p] { Q_EMIT batchDone(p); });
            };
            callbacks.onEpoch = [this, &control](const EpochProgress &p) {
                control.report([this, p] { Q_EMIT epochDone(p); });
            };
            callbacks.onLog = [this, &control](const QString &message) {
                control.report([this, message] { Q_EMIT logMessage(message); });
            };
            // One process: an ordinary Trainer::run on this thread; more: this thread is rank 0
            // and the other ranks are local chestlens-cli processes (c10d/Gloo).
            return runLocalProcesses(options, processes, callbacks, control.cancelFlag(),
                                     control.pauseFlag());
        },
        [this](const TrainResult &result) { Q_EMIT finished(result); },
        QStringLiteral("%1: training failed").arg(options.dataDir));
}

void TrainingJob::setPaused(bool paused)
{
    if (JobControl *c = control())
        c->setPaused(paused);
}

} // namespace chestlens
