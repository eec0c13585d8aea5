#pragma once

#include "core/worker/inferencetypes.h"

#include <QMutex>
#include <QObject>
#include <QString>

#include <atomic>
#include <deque>
#include <memory>

namespace chestlens {

class Classifier;

/// State shared between InferenceController (GUI thread) and InferenceWorker (worker thread).
/// Everything here is either atomic or guarded by `backgroundMutex`.
struct InferenceShared
{
    /// Ids of the newest explain / setWindow request: the worker skips older ones when it gets
    /// to them ("newest request wins").
    std::atomic<quint64> latestExplain{0};
    std::atomic<quint64> latestWindow{0};
    /// Interactive requests posted but not yet handled; background work waits while > 0.
    std::atomic<int> pendingInteractive{0};
    /// Requests of any kind posted but not yet handled or dropped (for busyChanged).
    std::atomic<int> pending{0};
    /// Bumped by cancelBackground(): background items of an older generation are dropped, and a
    /// prediction that was running when it changed is not reported.
    std::atomic<quint64> backgroundGeneration{0};
    /// Set by the controller's destructor: the worker skips whatever is still queued.
    std::atomic<bool> stopping{false};
    std::atomic<bool> hasModel{false};

    struct BackgroundItem
    {
        quint64 id = 0;
        QString path;
        quint64 generation = 0;
    };
    QMutex backgroundMutex;
    std::deque<BackgroundItem> background; ///< guarded by backgroundMutex
    bool backgroundScheduled = false;      ///< a processBackground() call is queued; guarded likewise
};

/// The one object that owns the model and the current film and runs torch. Lives on the
/// controller's worker thread; its slots are invoked through queued calls only, and it reports
/// through signals carrying values. Every exception becomes failed(requestId, code, message)
/// with the file named.
class InferenceWorker : public QObject
{
    Q_OBJECT
public:
    explicit InferenceWorker(std::shared_ptr<InferenceShared> shared, QObject *parent = nullptr);
    ~InferenceWorker() override;

    // Called on the worker thread (queued from the controller). Interactive requests decrement
    // InferenceShared::pendingInteractive when done.
    void loadModel(quint64 id, const QString &path);
    void openFilm(quint64 id, const QString &path);
    void setWindow(quint64 id, const chestlens::DisplayWindow &window);
    void explain(quint64 id, const chestlens::ExplainSettings &settings);
    /// Handles one queued background prediction, then re-queues itself behind any interactive
    /// request that arrived meanwhile.
    void processBackground();
    /// Queues a processBackground() call unless one is queued already or nothing is waiting.
    /// Thread-safe (the controller calls it after adding to InferenceShared::background).
    void scheduleBackground();

Q_SIGNALS:
    void modelLoaded(const chestlens::ModelInfo &info, const QStringList &camLayers);
    void filmOpened(const chestlens::FilmView &film);
    void predictionReady(const chestlens::PredictionResult &result);
    void explanationReady(const chestlens::Explanation &explanation);
    void failed(quint64 requestId, int code, const QString &message);
    void busyChanged(bool busy);

private:
    template <typename F> void run(quint64 id, bool interactive, F &&work);
    /// Accounts for a handled (or dropped) request; emits busyChanged(false) when none is left.
    void finish(bool interactive);
    void predictCurrent(quint64 id);

    std::shared_ptr<InferenceShared> m_shared;
    std::unique_ptr<Classifier> m_classifier;
    struct Current;
    std::unique_ptr<Current> m_current; ///< the open film, its rendering and its model input
    bool m_busy = false;
};

} // namespace chestlens
