#include "core/worker/trainingjob.h"

#include "core/ml/distributed.h"

#include "core/error.h"

#include <QThread>

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

} // namespace

ThreadJob::ThreadJob(QObject *parent) : QObject(parent)
{
    registerTypes();
}

ThreadJob::~ThreadJob()
{
    if (m_thread) {
        m_cancel = true;
        m_pause = false;
        m_thread->wait();
        delete m_thread;
    }
}

bool ThreadJob::isRunning() const
{
    return m_thread && m_thread->isRunning();
}

void ThreadJob::cancel()
{
    if (isRunning())
        m_cancel = true;
}

bool ThreadJob::launch(std::function<void()> work)
{
    if (isRunning())
        return false;
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
    m_cancel = false;
    m_pause = false;
    m_thread = QThread::create(std::move(work));
    connect(m_thread, &QThread::finished, this, [this] { Q_EMIT runningChanged(false); });
    m_thread->start();
    Q_EMIT runningChanged(true);
    return true;
}

bool DedupPreviewJob::start(const QString &dataDir)
{
    return launch([this, dataDir] {
        try {
            const LabelledFolder folder = scanLabelledFolder(dataDir);
            Q_EMIT scanned(folder);
            const DedupReport report = findDuplicates(
                folder, DedupOptions{}, [this](int done, int total) { Q_EMIT progress(done, total); },
                cancelFlag());
            Q_EMIT finished(folder, report);
        } catch (const Error &e) {
            if (e.code() == ErrorCode::Cancelled)
                Q_EMIT cancelled();
            else
                Q_EMIT failed(e.message());
        } catch (const std::exception &e) {
            Q_EMIT failed(
                QStringLiteral("%1: duplicate search failed (%2)").arg(dataDir, QString::fromUtf8(e.what())));
        }
    });
}

bool TrainingJob::start(const TrainOptions &options, int processes)
{
    return launch([this, options, processes] {
        TrainCallbacks callbacks;
        callbacks.onPrepare = [this](const QString &stage, int done, int total) {
            Q_EMIT preparing(stage, done, total);
        };
        callbacks.onBatch = [this](const BatchProgress &p) { Q_EMIT batchDone(p); };
        callbacks.onEpoch = [this](const EpochProgress &p) { Q_EMIT epochDone(p); };
        callbacks.onLog = [this](const QString &message) { Q_EMIT logMessage(message); };
        try {
            // One process: an ordinary Trainer::run on this thread; more: this thread is rank 0
            // and the other ranks are local chestlens-cli processes (c10d/Gloo).
            Q_EMIT finished(runLocalProcesses(options, processes, callbacks, cancelFlag(), &m_pause));
        } catch (const Error &e) {
            Q_EMIT failed(e.message(), e.code() == ErrorCode::Cancelled);
        } catch (const std::exception &e) {
            Q_EMIT failed(
                QStringLiteral("%1: training failed (%2)").arg(options.dataDir, QString::fromUtf8(e.what())),
                false);
        }
    });
}

void TrainingJob::setPaused(bool paused)
{
    m_pause = paused && isRunning();
}

} // namespace chestlens
