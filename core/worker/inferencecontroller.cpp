#include "core/worker/inferencecontroller.h"

#include "core/worker/inferenceworker.h"

#include <QMutexLocker>

namespace chestlens {

struct InferenceController::State
{
    std::shared_ptr<InferenceShared> shared = std::make_shared<InferenceShared>();
    quint64 lastId = 0; ///< touched on the controller's thread only
};

InferenceController::InferenceController(QObject *parent) : QObject(parent), m_state(new State)
{
    qRegisterMetaType<chestlens::ExplainSettings>();
    qRegisterMetaType<chestlens::FilmView>();
    qRegisterMetaType<chestlens::Explanation>();
    qRegisterMetaType<chestlens::PredictionResult>();
    qRegisterMetaType<chestlens::ModelInfo>();

    m_thread.setObjectName(QStringLiteral("ChestLens inference"));
    m_worker = new InferenceWorker(m_state->shared);
    m_worker->moveToThread(&m_thread);
    // The worker (and the model it owns) is destroyed on its own thread once the loop has ended.
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &InferenceWorker::modelLoaded, this, &InferenceController::modelLoaded);
    connect(m_worker, &InferenceWorker::filmOpened, this, &InferenceController::filmOpened);
    connect(m_worker, &InferenceWorker::predictionReady, this, &InferenceController::predictionReady);
    connect(m_worker, &InferenceWorker::explanationReady, this, &InferenceController::explanationReady);
    connect(m_worker, &InferenceWorker::failed, this, &InferenceController::failed);
    connect(m_worker, &InferenceWorker::busyChanged, this, &InferenceController::busyChanged);
    m_thread.start();
}

InferenceController::~InferenceController()
{
    // Whatever is still queued is skipped; a computation in progress finishes first (torch
    // cannot be interrupted mid-operation), so this waits at most for one request.
    m_state->shared->stopping.store(true);
    m_thread.quit();
    m_thread.wait();
    delete m_state;
}

namespace {

/// Posts `call` to the worker's thread as an interactive request.
template <typename F> void postInteractive(InferenceShared &shared, InferenceWorker *worker, F &&call)
{
    shared.pendingInteractive.fetch_add(1);
    shared.pending.fetch_add(1);
    QMetaObject::invokeMethod(worker, std::forward<F>(call), Qt::QueuedConnection);
}

} // namespace

quint64 InferenceController::loadModel(const QString &path)
{
    const quint64 id = ++m_state->lastId;
    InferenceWorker *w = m_worker;
    postInteractive(*m_state->shared, w, [w, id, path] { w->loadModel(id, path); });
    return id;
}

quint64 InferenceController::openFilm(const QString &path)
{
    const quint64 id = ++m_state->lastId;
    InferenceWorker *w = m_worker;
    postInteractive(*m_state->shared, w, [w, id, path] { w->openFilm(id, path); });
    return id;
}

quint64 InferenceController::setWindow(const DisplayWindow &window)
{
    const quint64 id = ++m_state->lastId;
    m_state->shared->latestWindow.store(id);
    InferenceWorker *w = m_worker;
    postInteractive(*m_state->shared, w, [w, id, window] { w->setWindow(id, window); });
    return id;
}

quint64 InferenceController::explain(const ExplainSettings &settings)
{
    const quint64 id = ++m_state->lastId;
    m_state->shared->latestExplain.store(id);
    InferenceWorker *w = m_worker;
    postInteractive(*m_state->shared, w, [w, id, settings] { w->explain(id, settings); });
    return id;
}

quint64 InferenceController::predictFile(const QString &path)
{
    const quint64 id = ++m_state->lastId;
    InferenceShared &shared = *m_state->shared;
    shared.pending.fetch_add(1);
    {
        QMutexLocker lock(&shared.backgroundMutex);
        shared.background.push_back({id, path, shared.backgroundGeneration.load()});
    }
    m_worker->scheduleBackground(); // thread-safe: touches only the shared queue and posts
    return id;
}

void InferenceController::cancelBackground()
{
    // Queued items of the old generation are dropped when the worker reaches them (instantly:
    // nothing is decoded), and a prediction in progress is not reported.
    m_state->shared->backgroundGeneration.fetch_add(1);
}

bool InferenceController::hasModel() const
{
    return m_state->shared->hasModel.load();
}

} // namespace chestlens
