#pragma once

// Model ▸ Evaluate on Folder… without blocking the GUI: a controller that owns one QThread and runs
// evaluateModel() there with a Classifier of its own (a Classifier is not thread-safe, and the
// viewer's belongs to the inference worker). Torch-free header.

#include "core/ml/evaluation.h"
#include "core/ml/metrics.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <memory>

namespace chestlens {

/// One model evaluated on one labelled folder: evaluateModel()'s result plus what the evaluation
/// view needs to label and compare it. Plain value; crosses threads.
struct FolderEvaluation : EvaluationResult
{
    QString modelPath; ///< the model file that was loaded
    QString modelName; ///< ModelInfo::name
    QString dataDir;   ///< LabelledFolder::root
    double temperature = 1.0;
    /// The same rows before temperature scaling (softmax of the raw logits): the "before" side of
    /// the reliability diagram and of the ECE comparison.
    Metrics uncalibrated;
};

/// Lives on the thread that creates it (the GUI thread); runs each evaluation on a worker thread it
/// owns. Signals are emitted on the job's own thread. Exactly one of finished(), failed() and
/// cancelled() follows every accepted start(); progress() comes before it.
class EvaluationJob : public QObject
{
    Q_OBJECT
public:
    explicit EvaluationJob(QObject *parent = nullptr);
    /// Cancels a running evaluation and joins the worker thread. The film being decoded is
    /// finished first, so this waits for at most one film per decoding thread, or for the
    /// network's forward pass when decoding is already over.
    ~EvaluationJob() override;

    /// Starts evaluating `modelPath` (empty: the bundled default model) on the labelled folder
    /// `dataDir` (DIR/<class>/<image>) with `threads` decoding threads (0: all cores). Returns false,
    /// and starts nothing, while an evaluation is running.
    bool start(const QString &modelPath, const QString &dataDir, int threads = 0);
    /// Asks the running evaluation to stop; cancelled() follows once it has (decoding stops within
    /// one film per thread). No-op when nothing runs. Call on the job's thread.
    void cancel();
    /// True from an accepted start() until its finished(), failed() or cancelled() is emitted.
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    /// Films decoded so far out of `total` (decoding is most of the time).
    void progress(int done, int total);
    void finished(const chestlens::FolderEvaluation &evaluation);
    /// A user-facing message naming the model or folder and the cause (bad folder, class the model
    /// does not know, unreadable model, no readable film).
    void failed(const QString &message);
    void cancelled();

private:
    QThread m_thread;
    QObject *m_context = nullptr; ///< lives on m_thread; runs the queued evaluation
    /// The running evaluation's flag; each run gets its own, so a late cancel never touches the next.
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_running = false;
};

} // namespace chestlens

Q_DECLARE_METATYPE(chestlens::FolderEvaluation)
