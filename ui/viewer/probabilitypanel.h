#pragma once

#include "core/ml/classifier.h"

#include <QVector>
#include <QWidget>

class QLabel;

namespace chestlens::ui {

class ProbabilityBars;

/// The calibrated class probabilities of the current film as labelled bars with percentages, the
/// predicted class highlighted, and a plain-language caution when the model is unsure.
class ProbabilityPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ProbabilityPanel(QWidget *parent = nullptr);

    /// Shows `prediction`; for a film the model may not judge, greyed out with the reason (unless
    /// the user chose to see it anyway).
    void setPrediction(const chestlens::Prediction &prediction);
    /// "Show anyway" for an inapplicable film: the bars in colour, the reason kept as a caution.
    void setShowAnyway(bool showAnyway);
    /// The bars are greyed out because the model may not judge the film.
    bool isGreyedOut() const;
    /// A film is shown and its prediction is being computed.
    void setPending();
    /// No model is loaded, so there is nothing to predict with.
    void setNoModel();
    void clear();

    bool hasPrediction() const { return m_hasPrediction; }
    /// The probabilities as shown (0..1, one per class, in the model's class order).
    QVector<double> shownProbabilities() const;
    /// The class names on the bars, as displayed (translated), in the model's class order.
    QStringList shownClassNames() const;
    /// The headline ("Pneumonia — 82.0 %") with a prediction, else the status line.
    QString headlineText() const;
    /// The highlighted (predicted) class, -1 when none.
    int highlightedClass() const;
    bool isCautionShown() const;
    QString cautionText() const;

private:
    void setStatus(const QString &text);
    void render(const chestlens::Prediction &prediction);

    QLabel *m_headline;
    QLabel *m_status;
    ProbabilityBars *m_bars;
    QLabel *m_caution;
    bool m_hasPrediction = false;
    bool m_showAnyway = false;
    chestlens::Prediction m_prediction;
};

} // namespace chestlens::ui
