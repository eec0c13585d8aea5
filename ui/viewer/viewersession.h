#pragma once

#include "core/worker/inferencetypes.h"

#include <QList>
#include <QObject>
#include <QPair>

namespace chestlens {
class InferenceController;
}

namespace chestlens::ui {

/// The current film and model as the viewer sees them: turns the controller's tagged requests
/// and replies into "what is shown now". Only the newest open/window/explain request counts;
/// replies to older ones are dropped. Knows nothing about widgets, so MainWindow stays a
/// switchboard and a report exporter can read the same state (film(), prediction(),
/// explanation(), model()).
///
/// Lives on the GUI thread; every call returns at once.
class ViewerSession : public QObject
{
    Q_OBJECT
public:
    explicit ViewerSession(chestlens::InferenceController *controller, QObject *parent = nullptr);

    /// Loads a model file; empty: the bundled default. modelChanged() or modelFailed() follows.
    void loadModel(const QString &path = {});
    /// A model is loaded (the worker keeps the previous model when loading another one fails).
    bool hasModel() const { return m_haveModel; }
    bool isModelLoading() const { return !m_modelRequests.isEmpty(); }
    const chestlens::ModelInfo &model() const { return m_model; }
    QStringList camLayers() const { return m_camLayers; }

    /// Opens a film; on failure the current one stays (openFailed()).
    void open(const QString &path);
    /// Re-renders the current film with `window` (newest wins).
    void setWindow(const chestlens::DisplayWindow &window);
    /// What the heatmap should explain; re-explains when it is wanted.
    void setExplainSettings(const chestlens::ExplainSettings &settings);
    chestlens::ExplainSettings explainSettings() const { return m_explainSettings; }
    /// Whether explanations are wanted at all (heatmap shown). Turning it on explains the
    /// current film unless its explanation for the current settings is already there.
    void setHeatmapWanted(bool wanted);
    bool heatmapWanted() const { return m_heatmapWanted; }

    bool hasFilm() const { return !m_film.path.isEmpty(); }
    const chestlens::FilmView &film() const { return m_film; }
    /// The window the film was first shown with (the file's default).
    chestlens::DisplayWindow defaultWindow() const { return m_defaultWindow; }
    /// The path being opened, empty when no open is pending.
    QString pendingPath() const { return m_pendingPath; }

    bool hasPrediction() const { return m_hasPrediction; }
    const chestlens::Prediction &prediction() const { return m_prediction; }
    bool hasExplanation() const { return m_hasExplanation; }
    const chestlens::Explanation &explanation() const { return m_explanation; }

    /// The current prediction says the model may not judge the film (Applicability).
    bool isInapplicable() const { return m_hasPrediction && !m_prediction.applicability.applicable; }
    /// The user asked to see the probabilities and heatmap of an inapplicable film anyway. Reset
    /// by every new film or model; turning it on explains the film when the heatmap is wanted.
    void setShowAnyway(bool showAnyway);
    bool showAnyway() const { return m_showAnyway; }

    /// True when everything asked for the current film is shown: the film, its prediction (when
    /// a model is loaded) and, when wanted, its explanation. Failures also settle.
    bool isSettled() const;

Q_SIGNALS:
    void modelChanged(const chestlens::ModelInfo &info, const QStringList &camLayers);
    void modelFailed(const QString &message);
    /// A film became current. `sameFilm`: the same file again (e.g. after a model change).
    void filmChanged(const chestlens::FilmView &film, bool sameFilm);
    /// The current film was re-rendered with another window.
    void filmRendered(const chestlens::FilmView &film);
    void openFailed(const QString &path, const QString &message);
    void predictionPending();
    void predictionChanged(const chestlens::Prediction &prediction);
    void explanationPending();
    void explanationChanged(const chestlens::Explanation &explanation);
    /// The shown explanation no longer applies (new film, heatmap off, other settings pending).
    void explanationCleared();
    /// Any other failure for the current film (window, prediction, explanation), file named.
    void errorOccurred(const QString &message);
    /// isSettled() became true.
    void settled();

private:
    void onModelLoaded(const chestlens::ModelInfo &info, const QStringList &camLayers);
    void onFilmOpened(const chestlens::FilmView &film);
    void onPrediction(const chestlens::PredictionResult &result);
    void onExplanation(const chestlens::Explanation &explanation);
    void onFailed(quint64 requestId, int code, const QString &message);
    void requestExplanation();
    void checkSettled();
    /// The shown explanation answers the current settings (class -1 and an empty layer resolved).
    bool explanationIsCurrent() const;
    /// An explanation may be computed: the film is applicable, or the user chose "Show anyway".
    bool explanationAllowed() const { return !isInapplicable() || m_showAnyway; }

    chestlens::InferenceController *m_controller;

    bool m_haveModel = false;
    QList<quint64> m_modelRequests; ///< loads in flight, oldest first
    chestlens::ModelInfo m_model;
    QStringList m_camLayers;

    quint64 m_openRequest = 0;
    QString m_pendingPath;
    /// Pending window requests: (request id, the film request they were made for).
    QList<QPair<quint64, quint64>> m_windowRequests;
    quint64 m_explainRequest = 0;

    chestlens::FilmView m_film;
    quint64 m_filmRequest = 0;       ///< the open request that produced m_film
    quint64 m_predictionRequest = 0; ///< the request whose prediction of m_film counts
    bool m_expectPrediction = false;
    chestlens::DisplayWindow m_defaultWindow;
    bool m_hasPrediction = false;
    bool m_predictionFailed = false;
    chestlens::Prediction m_prediction;
    bool m_heatmapWanted = true;
    bool m_showAnyway = false;
    chestlens::ExplainSettings m_explainSettings;
    bool m_hasExplanation = false;
    bool m_explanationFailed = false;
    chestlens::Explanation m_explanation;
    bool m_wasSettled = false;
};

} // namespace chestlens::ui
