#pragma once

// Long-running data jobs for the GUI: a training run and the duplicate preview before it. Each
// runs on a worker thread of its own (never the GUI thread, never the inference worker's, so the
// viewer keeps predicting with the current model meanwhile). Both follow BackgroundJob's contract.

#include "core/data/dedup.h"
#include "core/data/labelledfolder.h"
#include "core/ml/trainer.h"
#include "core/worker/backgroundjob.h"

#include <QString>

namespace chestlens {

/// Scans a labelled folder and looks for duplicates and label conflicts: what the training
/// dialog shows before a run. A new start() (another folder) supersedes the running scan.
class DedupPreviewJob : public BackgroundJob
{
    Q_OBJECT
public:
    explicit DedupPreviewJob(QObject *parent = nullptr);
    void start(const QString &dataDir);

Q_SIGNALS:
    /// The folder has been scanned; the duplicate search goes on.
    void scanned(const chestlens::LabelledFolder &folder);
    void progress(int done, int total);
    void finished(const chestlens::LabelledFolder &folder, const chestlens::DedupReport &report);
};

/// A training run (Trainer::run, or runLocalProcesses() with several processes).
///
/// Cancel stops within one batch. A run cancelled after its first epoch still writes the best
/// epoch so far and delivers finished() with TrainResult::cancelled set; one cancelled earlier
/// delivers cancelled() and writes no model. A start() while a run is going cancels that run the
/// same way (the training dialog never does this: Start is disabled while a run is going).
class TrainingJob : public BackgroundJob
{
    Q_OBJECT
public:
    explicit TrainingJob(QObject *parent = nullptr);
    /// `processes` > 1 trains data-parallel with that many local processes (runLocalProcesses()).
    void start(const TrainOptions &options, int processes = 1);
    /// Pauses between batches (the thread waits; the model stays in memory). No-op when idle.
    void setPaused(bool paused);
    bool isPaused() const { return control() && control()->isPaused(); }

Q_SIGNALS:
    void preparing(const QString &stage, int done, int total);
    void batchDone(const chestlens::BatchProgress &progress);
    void epochDone(const chestlens::EpochProgress &progress);
    void logMessage(const QString &message);
    void finished(const chestlens::TrainResult &result);
};

} // namespace chestlens

Q_DECLARE_METATYPE(chestlens::LabelledFolder)
Q_DECLARE_METATYPE(chestlens::DedupReport)
Q_DECLARE_METATYPE(chestlens::BatchProgress)
Q_DECLARE_METATYPE(chestlens::EpochProgress)
Q_DECLARE_METATYPE(chestlens::TrainResult)
