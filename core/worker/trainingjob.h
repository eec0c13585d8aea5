#pragma once

// Long-running data jobs for the GUI: a training run and the duplicate preview before it. Each
// runs on a thread of its own (never the GUI thread, never the inference worker's, so the viewer
// keeps predicting with the current model meanwhile) and reports through queued signals.

#include "core/data/dedup.h"
#include "core/data/labelledfolder.h"
#include "core/ml/trainer.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

class QThread;

namespace chestlens {

/// One worker thread running one function, with cancel and pause flags the function polls.
/// Base of the jobs below; destroying a job cancels it and waits for its thread.
class ThreadJob : public QObject
{
    Q_OBJECT
public:
    explicit ThreadJob(QObject *parent = nullptr);
    ~ThreadJob() override;

    bool isRunning() const;
    /// Asks the job to stop at its next check (training: within one batch). Returns at once.
    void cancel();
    bool isCancelling() const { return m_cancel.load(); }

Q_SIGNALS:
    void runningChanged(bool running);

protected:
    /// Runs `work` on a new thread; false (and nothing runs) when a run is still going.
    bool launch(std::function<void()> work);
    const std::atomic<bool> *cancelFlag() const { return &m_cancel; }
    std::atomic<bool> m_pause{false};

private:
    QThread *m_thread = nullptr;
    std::atomic<bool> m_cancel{false};
};

/// Scans a labelled folder and looks for duplicates and label conflicts: what the training
/// dialog shows before a run.
class DedupPreviewJob : public ThreadJob
{
    Q_OBJECT
public:
    using ThreadJob::ThreadJob;
    bool start(const QString &dataDir);

Q_SIGNALS:
    void scanned(const chestlens::LabelledFolder &folder);
    void progress(int done, int total);
    void finished(const chestlens::LabelledFolder &folder, const chestlens::DedupReport &report);
    void failed(const QString &message);
    void cancelled();
};

/// A training run (Trainer::run, or runLocalProcesses() with several processes) on its own thread.
class TrainingJob : public ThreadJob
{
    Q_OBJECT
public:
    using ThreadJob::ThreadJob;
    /// `processes` > 1 trains data-parallel with that many local processes (runLocalProcesses()).
    bool start(const TrainOptions &options, int processes = 1);
    /// Pauses between batches (the thread waits; the model stays in memory).
    void setPaused(bool paused);
    bool isPaused() const { return m_pause.load(); }

Q_SIGNALS:
    void preparing(const QString &stage, int done, int total);
    void batchDone(const chestlens::BatchProgress &progress);
    void epochDone(const chestlens::EpochProgress &progress);
    void logMessage(const QString &message);
    /// Also after Cancel once an epoch has finished: result.cancelled is then true and the model
    /// file holds the best epoch so far.
    void finished(const chestlens::TrainResult &result);
    /// Invalid data or options, a write failure, or a cancel before the first epoch ended.
    void failed(const QString &message, bool cancelled);
};

} // namespace chestlens

Q_DECLARE_METATYPE(chestlens::LabelledFolder)
Q_DECLARE_METATYPE(chestlens::DedupReport)
Q_DECLARE_METATYPE(chestlens::BatchProgress)
Q_DECLARE_METATYPE(chestlens::EpochProgress)
Q_DECLARE_METATYPE(chestlens::TrainResult)
