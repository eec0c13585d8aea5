#include "ui/viewer/viewersession.h"

#include "core/worker/inferencecontroller.h"

#include <algorithm>

namespace chestlens::ui {

ViewerSession::ViewerSession(InferenceController *controller, QObject *parent)
    : QObject(parent), m_controller(controller)
{
    connect(controller, &InferenceController::modelLoaded, this, &ViewerSession::onModelLoaded);
    connect(controller, &InferenceController::filmOpened, this, &ViewerSession::onFilmOpened);
    connect(controller, &InferenceController::predictionReady, this, &ViewerSession::onPrediction);
    connect(controller, &InferenceController::explanationReady, this, &ViewerSession::onExplanation);
    connect(controller, &InferenceController::failed, this, &ViewerSession::onFailed);
}

void ViewerSession::loadModel(const QString &path)
{
    m_modelRequests.append(m_controller->loadModel(path));
    checkSettled();
}

void ViewerSession::open(const QString &path)
{
    m_pendingPath = path;
    m_openRequest = m_controller->openFilm(path);
    checkSettled();
}

void ViewerSession::setWindow(const DisplayWindow &window)
{
    if (!hasFilm())
        return;
    m_windowRequests.append({m_controller->setWindow(window), m_filmRequest});
}

void ViewerSession::setExplainSettings(const ExplainSettings &settings)
{
    m_explainSettings = settings;
    requestExplanation();
    checkSettled();
}

void ViewerSession::setHeatmapWanted(bool wanted)
{
    m_heatmapWanted = wanted;
    requestExplanation();
    checkSettled();
}

void ViewerSession::setShowAnyway(bool showAnyway)
{
    m_showAnyway = showAnyway;
    if (!explanationAllowed() && (m_hasExplanation || m_explainRequest != 0)) {
        m_hasExplanation = m_explanationFailed = false;
        m_explanation = Explanation();
        m_explainRequest = 0; // a reply still on its way is dropped
        Q_EMIT explanationCleared();
    }
    requestExplanation();
    checkSettled();
}

bool ViewerSession::explanationIsCurrent() const
{
    if (!m_hasExplanation)
        return false;
    const ExplainSettings &shown = m_explanation.settings;
    const ExplainSettings &want = m_explainSettings;
    if (shown.method != want.method)
        return false;
    const int wantClass = want.classIndex >= 0 ? want.classIndex : m_prediction.top;
    if (shown.classIndex != wantClass)
        return false;
    const QString wantLayer = want.layer.isEmpty() ? m_camLayers.value(m_camLayers.size() - 1) : want.layer;
    return wantLayer.isEmpty() || shown.layer == wantLayer;
}

bool ViewerSession::isSettled() const
{
    if (!m_pendingPath.isEmpty() || !hasFilm())
        return false;
    if (m_expectPrediction && !m_hasPrediction && !m_predictionFailed)
        return false;
    if (m_heatmapWanted && m_hasPrediction && explanationAllowed() && !m_explanationFailed &&
        !explanationIsCurrent())
        return false;
    return true;
}

void ViewerSession::checkSettled()
{
    const bool now = isSettled();
    const bool was = m_wasSettled;
    m_wasSettled = now;
    if (now && !was)
        Q_EMIT settled();
}

void ViewerSession::requestExplanation()
{
    if (!m_heatmapWanted || !hasFilm() || !m_hasPrediction || !explanationAllowed() || explanationIsCurrent())
        return;
    m_explanationFailed = false;
    m_explainRequest = m_controller->explain(m_explainSettings);
    Q_EMIT explanationPending();
}

void ViewerSession::onModelLoaded(const ModelInfo &info, const QStringList &camLayers)
{
    // modelLoaded carries no request id: loads complete in the order they were issued.
    const quint64 request = m_modelRequests.isEmpty() ? 0 : m_modelRequests.takeFirst();
    m_haveModel = true;
    m_model = info;
    m_camLayers = camLayers;
    if (hasFilm()) {
        // The worker predicts its current film again with the new model, tagged with the load's
        // id. Every film it opened before the load has reached us already (one queue), so its
        // current film is ours unless ours is stale, which the path check in onPrediction catches.
        m_predictionRequest = request;
        m_expectPrediction = true;
        m_hasPrediction = m_predictionFailed = false;
        m_prediction = Prediction();
        m_showAnyway = false;
        m_hasExplanation = m_explanationFailed = false;
        m_explanation = Explanation();
        m_explainRequest = 0;
        Q_EMIT explanationCleared();
    }
    Q_EMIT modelChanged(info, camLayers);
    if (hasFilm())
        Q_EMIT predictionPending();
    checkSettled();
}

void ViewerSession::onFilmOpened(const chestlens::FilmView &film)
{
    if (film.requestId == m_openRequest && !m_pendingPath.isEmpty()) {
        const bool same = film.path == m_film.path;
        m_film = film;
        m_filmRequest = film.requestId;
        m_predictionRequest = film.requestId;
        m_defaultWindow = film.window;
        m_pendingPath.clear();
        m_expectPrediction = m_haveModel;
        m_hasPrediction = m_predictionFailed = false;
        m_prediction = Prediction();
        m_showAnyway = false;
        m_hasExplanation = m_explanationFailed = false;
        m_explanation = Explanation();
        m_explainRequest = 0;
        // Window requests made for the previous film are void; those made since this open apply.
        m_windowRequests.erase(std::remove_if(m_windowRequests.begin(), m_windowRequests.end(),
                                              [this](const auto &r) { return r.second != m_filmRequest; }),
                               m_windowRequests.end());
        Q_EMIT explanationCleared();
        Q_EMIT filmChanged(film, same);
        if (m_expectPrediction)
            Q_EMIT predictionPending();
        checkSettled();
        return;
    }
    // A re-rendering: show it if it is for the current film and not older than one shown already.
    for (int i = 0; i < m_windowRequests.size(); ++i) {
        if (m_windowRequests[i].first != film.requestId)
            continue;
        const bool forThisFilm = m_windowRequests[i].second == m_filmRequest && film.path == m_film.path;
        m_windowRequests.remove(0, i + 1);
        if (forThisFilm) {
            m_film.window = film.window;
            m_film.image = film.image;
            m_film.requestId = film.requestId;
            Q_EMIT filmRendered(m_film);
        }
        return;
    }
}

void ViewerSession::onPrediction(const PredictionResult &result)
{
    if (result.requestId != m_predictionRequest || result.path != m_film.path)
        return; // a background prediction (folder browser) or a stale one
    m_prediction = result.prediction;
    m_hasPrediction = true;
    Q_EMIT predictionChanged(m_prediction);
    requestExplanation();
    checkSettled();
}

void ViewerSession::onExplanation(const Explanation &explanation)
{
    if (explanation.requestId != m_explainRequest || explanation.path != m_film.path)
        return;
    m_explanation = explanation;
    m_hasExplanation = true;
    Q_EMIT explanationChanged(explanation);
    checkSettled();
}

void ViewerSession::onFailed(quint64 requestId, int code, const QString &message)
{
    Q_UNUSED(code)
    for (int i = 0; i < m_modelRequests.size(); ++i) {
        if (m_modelRequests[i] == requestId) {
            m_modelRequests.removeAt(i);
            Q_EMIT modelFailed(message);
            checkSettled();
            return;
        }
    }
    if (requestId == m_openRequest && !m_pendingPath.isEmpty()) {
        const QString path = m_pendingPath;
        m_pendingPath.clear(); // the previous film stays current
        Q_EMIT openFailed(path, message);
        checkSettled();
        return;
    }
    if (requestId == m_predictionRequest && m_expectPrediction && !m_hasPrediction) {
        // The film was shown; its prediction failed.
        m_predictionFailed = true;
        Q_EMIT errorOccurred(message);
        checkSettled();
        return;
    }
    if (requestId == m_explainRequest) {
        m_explanationFailed = true;
        Q_EMIT errorOccurred(message);
        checkSettled();
        return;
    }
    for (int i = 0; i < m_windowRequests.size(); ++i) {
        if (m_windowRequests[i].first == requestId) {
            m_windowRequests.removeAt(i);
            Q_EMIT errorOccurred(message);
            return;
        }
    }
    // Anything else belongs to another requester (the folder browser's background predictions).
}

} // namespace chestlens::ui
