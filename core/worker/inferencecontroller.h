#pragma once

#include "core/worker/inferencetypes.h"

#include <QObject>
#include <QThread>

namespace chestlens {

class InferenceWorker;

/// Lives on the GUI thread; owns the worker thread and the one InferenceWorker on it, which owns
/// the model and is the only code touching torch at run time. All calls return at once; results
/// arrive as signals (queued, on the controller's thread). Every request gets an id; for
/// explanations and window changes only the newest request is computed (older queued ones are
/// dropped). Errors arrive as failed(requestId, code, message) with the file named.
class InferenceController : public QObject
{
    Q_OBJECT
public:
    explicit InferenceController(QObject *parent = nullptr);
    ~InferenceController() override; ///< quits and joins the worker thread

    /// Loads a model file (empty: the bundled default). Emits modelLoaded or failed.
    quint64 loadModel(const QString &path = {});
    /// Decodes a film, renders it with its default window and predicts it (if a model is loaded).
    /// Emits filmOpened, then predictionReady; or failed (the previous film stays current).
    quint64 openFilm(const QString &path);
    /// Re-renders the current film with another window. Newest request wins. Emits filmOpened.
    quint64 setWindow(const DisplayWindow &window);
    /// Explains the current film. Newest request wins. Emits explanationReady.
    quint64 explain(const ExplainSettings &settings);
    /// Predicts another film without making it current (folder browser). Emits predictionReady.
    /// Background priority: runs after pending interactive requests.
    quint64 predictFile(const QString &path);
    /// Drops queued predictFile requests (e.g. the browser switched folders).
    void cancelBackground();

    bool hasModel() const;

Q_SIGNALS:
    void modelLoaded(const chestlens::ModelInfo &info, const QStringList &camLayers);
    void filmOpened(const chestlens::FilmView &film);
    void predictionReady(const chestlens::PredictionResult &result);
    void explanationReady(const chestlens::Explanation &explanation);
    void failed(quint64 requestId, int code, const QString &message);
    void busyChanged(bool busy);

private:
    QThread m_thread;
    InferenceWorker *m_worker = nullptr;
    struct State;
    State *m_state = nullptr;
};

} // namespace chestlens
