#pragma once

#include "core/ml/applicability.h"

#include <QFrame>

class QLabel;
class QPushButton;

namespace chestlens::ui {

/// The viewer's plain statement that the model may not judge the film shown ("This does not look
/// like a frontal chest radiograph: CT image"), above the film. While it shows, the probabilities
/// are greyed out and no heatmap is computed, until the user presses "Show anyway".
class ApplicabilityBanner : public QFrame
{
    Q_OBJECT
public:
    explicit ApplicabilityBanner(QWidget *parent = nullptr);

    /// Shows the banner for an inapplicable verdict, hides it otherwise; "Show anyway" resets.
    void setApplicability(const chestlens::Applicability &applicability);
    void clear();
    QString text() const;
    bool showAnyway() const;

    /// The banner's sentence for `a`, translated where the reason allows it.
    static QString describe(const chestlens::Applicability &a);

Q_SIGNALS:
    /// The user chose to see the probabilities and heatmap anyway (true) or to hide them again.
    void showAnywayChanged(bool showAnyway);

private:
    QLabel *m_text;
    QPushButton *m_showAnyway;
};

} // namespace chestlens::ui
