#include "core/worker/inferenceworker.h"

#include "core/error.h"
#include "core/film/filmloader.h"
#include "core/ml/camsanity.h"
#include "core/ml/classifier.h"
#include "core/ml/gradcam.h"
#include "core/paths.h"

#include <QFileInfo>
#include <QMutexLocker>

#include <optional>

namespace chestlens {

struct InferenceWorker::Current
{
    QString path;
    Film film;
    DisplayWindow window;
    std::optional<PreparedImage> prepared; ///< model input for the current classifier, made lazily
};

namespace {

/// "<file>: <message>" unless the message already names the file.
QString withFile(const QString &path, const QString &message)
{
    if (path.isEmpty() || message.contains(QFileInfo(path).fileName()))
        return message;
    return path + QStringLiteral(": ") + message;
}

FilmView makeView(quint64 id, const QString &path, const Film &film, const DisplayWindow &window)
{
    FilmView v;
    v.requestId = id;
    v.path = path;
    v.meta = film.meta;
    v.patient = film.patient;
    v.window = window;
    v.image = renderFilm(film, window, 8);
    return v;
}

} // namespace

InferenceWorker::InferenceWorker(std::shared_ptr<InferenceShared> shared, QObject *parent)
    : QObject(parent), m_shared(std::move(shared))
{
}

InferenceWorker::~InferenceWorker() = default;

template <typename F> void InferenceWorker::run(quint64 id, bool interactive, F &&work)
{
    if (!m_shared->stopping.load()) {
        if (!m_busy) {
            m_busy = true;
            Q_EMIT busyChanged(true);
        }
        try {
            work();
        } catch (const Error &e) {
            Q_EMIT failed(id, static_cast<int>(e.code()), e.message());
        } catch (const std::exception &e) {
            Q_EMIT failed(id, static_cast<int>(ErrorCode::Internal),
                          QStringLiteral("internal error: %1").arg(QString::fromUtf8(e.what())));
        } catch (...) {
            Q_EMIT failed(id, static_cast<int>(ErrorCode::Internal), QStringLiteral("internal error"));
        }
    }
    finish(interactive);
}

void InferenceWorker::finish(bool interactive)
{
    if (interactive)
        m_shared->pendingInteractive.fetch_sub(1);
    if (m_shared->pending.fetch_sub(1) == 1 && m_busy) {
        m_busy = false;
        Q_EMIT busyChanged(false);
    }
}

void InferenceWorker::loadModel(quint64 id, const QString &path)
{
    run(id, true, [&] {
        const QString file = path.isEmpty() ? defaultModelPath() : path;
        std::unique_ptr<Classifier> c = Classifier::load(file); // throws: the previous model stays
        m_classifier = std::move(c);
        m_shared->hasModel.store(true);
        if (m_current)
            m_current->prepared.reset(); // another model may preprocess differently
        Q_EMIT modelLoaded(m_classifier->info(), m_classifier->camLayers());
        if (m_current)
            predictCurrent(id);
    });
}

void InferenceWorker::openFilm(quint64 id, const QString &path)
{
    run(id, true, [&] {
        auto next = std::make_unique<Current>();
        next->path = path;
        next->film = loadFilm(path); // throws: the previous film stays current
        next->window = defaultWindow(next->film);
        const FilmView view = makeView(id, path, next->film, next->window);
        m_current = std::move(next);
        Q_EMIT filmOpened(view);
        if (m_classifier)
            predictCurrent(id);
    });
}

void InferenceWorker::setWindow(quint64 id, const DisplayWindow &window)
{
    if (id < m_shared->latestWindow.load()) { // a newer window is queued: skip this one
        finish(true);
        return;
    }
    run(id, true, [&] {
        if (!m_current)
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("no film is open"));
        m_current->window = window;
        Q_EMIT filmOpened(makeView(id, m_current->path, m_current->film, window));
    });
}

void InferenceWorker::explain(quint64 id, const ExplainSettings &settings)
{
    if (id < m_shared->latestExplain.load()) { // a newer explanation is queued: drop this one
        finish(true);
        return;
    }
    run(id, true, [&] {
        if (!m_current)
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("no film is open to explain"));
        const QString path = m_current->path;
        if (!m_classifier)
            throw Error(ErrorCode::InvalidModel, path, QStringLiteral("cannot explain: no model is loaded"));
        try {
            if (!m_current->prepared)
                m_current->prepared = m_classifier->prepare(m_current->film);
            const CamMap cam = explainPrepared(*m_classifier, *m_current->prepared, settings);
            Explanation e;
            e.requestId = id;
            e.path = path;
            e.settings = cam.settings;
            e.className = cam.className;
            e.heat = heatToImage(cam.heat, cam.width(), cam.height());
            e.crop = cam.geometry.crop;
            e.inChestFraction =
                inChestFraction(cam.heat, cam.width(), cam.height(), cam.geometry.chestFrame());
            Q_EMIT explanationReady(e);
        } catch (const Error &err) {
            throw Error(err.code(), withFile(path, err.message()));
        }
    });
}

void InferenceWorker::predictCurrent(quint64 id)
{
    if (!m_current->prepared)
        m_current->prepared = m_classifier->prepare(m_current->film);
    PredictionResult r;
    r.requestId = id;
    r.path = m_current->path;
    r.prediction = m_classifier->predictPrepared(*m_current->prepared);
    r.prediction.applicability =
        Applicability::combine(m_classifier->checkFilm(m_current->film), r.prediction.applicability);
    Q_EMIT predictionReady(r);
}

void InferenceWorker::scheduleBackground()
{
    QMutexLocker lock(&m_shared->backgroundMutex);
    if (m_shared->backgroundScheduled || m_shared->background.empty())
        return;
    m_shared->backgroundScheduled = true;
    QMetaObject::invokeMethod(
        this, [this] { processBackground(); }, Qt::QueuedConnection);
}

void InferenceWorker::processBackground()
{
    if (m_shared->pendingInteractive.load() > 0 && !m_shared->stopping.load()) {
        // Interactive requests are queued behind us: go to the back of the queue.
        QMetaObject::invokeMethod(
            this, [this] { processBackground(); }, Qt::QueuedConnection);
        return;
    }
    InferenceShared::BackgroundItem item;
    {
        QMutexLocker lock(&m_shared->backgroundMutex);
        m_shared->backgroundScheduled = false;
        if (m_shared->background.empty())
            return;
        item = m_shared->background.front();
        m_shared->background.pop_front();
    }
    if (item.generation != m_shared->backgroundGeneration.load()) { // cancelled by cancelBackground()
        finish(false);
        scheduleBackground();
        return;
    }
    run(item.id, false, [&] {
        if (!m_classifier)
            throw Error(ErrorCode::InvalidModel, item.path,
                        QStringLiteral("cannot predict: no model is loaded"));
        PredictionResult r;
        r.requestId = item.id;
        r.path = item.path;
        r.prediction = m_classifier->predict(loadFilm(item.path));
        if (item.generation == m_shared->backgroundGeneration.load()) // not cancelled meanwhile
            Q_EMIT predictionReady(r);
    });
    scheduleBackground();
}

} // namespace chestlens
