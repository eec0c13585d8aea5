#include "ui/viewer/probabilitypanel.h"

#include "ui/viewer/applicabilitybanner.h"

#include "ui/common/classnames.h"
#include "ui/common/wrappinglabel.h"

#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>

#include <algorithm>

namespace chestlens::ui {

/// One row per class: name, bar, percentage. Painted rather than built from QProgressBars so the
/// rows stay aligned and compact at any width.
class ProbabilityBars : public QWidget
{
public:
    explicit ProbabilityBars(QWidget *parent) : QWidget(parent)
    {
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    }

    void setRows(const QStringList &names, const QVector<double> &values, int highlighted)
    {
        m_names = names;
        m_values = values;
        m_highlighted = highlighted;
        updateGeometry();
        update();
    }

    QVector<double> values() const { return m_values; }
    QStringList names() const { return m_names; }
    int highlighted() const { return m_highlighted; }

    QSize sizeHint() const override { return {260, rowHeight() * int(m_names.size())}; }
    QSize minimumSizeHint() const override { return {180, sizeHint().height()}; }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        const QFontMetrics fm(boldFont());
        int nameWidth = 0;
        for (const QString &n : m_names)
            nameWidth = std::max(nameWidth, fm.horizontalAdvance(n));
        const int percentWidth = fm.horizontalAdvance(QStringLiteral("100.0 %"));
        const int gap = fm.horizontalAdvance(QLatin1Char(' ')) * 2;
        const int barLeft = nameWidth + gap;
        const int barWidth = std::max(20, width() - barLeft - gap - percentWidth);
        const QColor track = palette().color(QPalette::Base);
        const QColor accent = palette().color(QPalette::Highlight);
        const QColor muted = palette().color(QPalette::Mid);
        for (int i = 0; i < m_names.size(); ++i) {
            const int y = i * rowHeight();
            const bool top = i == m_highlighted;
            p.setFont(top ? boldFont() : font());
            p.setPen(palette().color(top ? QPalette::BrightText : QPalette::WindowText));
            const QRect row(0, y, width(), rowHeight());
            p.drawText(QRect(0, y, nameWidth, rowHeight()), Qt::AlignVCenter | Qt::AlignLeft, m_names[i]);
            const QRectF bar(barLeft, y + rowHeight() * 0.25, barWidth, rowHeight() * 0.5);
            p.setPen(Qt::NoPen);
            p.setBrush(track);
            p.drawRoundedRect(bar, 3, 3);
            const double v = std::clamp(m_values.value(i), 0.0, 1.0);
            if (v > 0.0) {
                p.setBrush(top ? accent : muted);
                p.drawRoundedRect(QRectF(bar.left(), bar.top(), std::max(2.0, bar.width() * v), bar.height()),
                                  3, 3);
            }
            p.setPen(palette().color(top ? QPalette::BrightText : QPalette::WindowText));
            p.drawText(QRect(row.right() - percentWidth, y, percentWidth, rowHeight()),
                       Qt::AlignVCenter | Qt::AlignRight,
                       ProbabilityPanel::tr("%1 %").arg(v * 100.0, 0, 'f', 1));
        }
    }

private:
    int rowHeight() const { return fontMetrics().height() * 2; }
    QFont boldFont() const
    {
        QFont f = font();
        f.setBold(true);
        return f;
    }

    QStringList m_names;
    QVector<double> m_values;
    int m_highlighted = -1;
};

ProbabilityPanel::ProbabilityPanel(QWidget *parent)
    : QWidget(parent), m_headline(new WrappingLabel(this)), m_status(new WrappingLabel(this)),
      m_bars(new ProbabilityBars(this)), m_caution(new WrappingLabel(this))
{
    setObjectName(QStringLiteral("ProbabilityPanel"));
    m_headline->setObjectName(QStringLiteral("predictionHeadline"));
    m_headline->setWordWrap(true);
    QFont big = m_headline->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_headline->setFont(big);
    m_status->setWordWrap(true);
    m_status->setForegroundRole(QPalette::PlaceholderText);
    m_caution->setObjectName(QStringLiteral("uncertaintyCaution"));
    m_caution->setWordWrap(true);
    m_caution->setTextFormat(Qt::PlainText);
    // Amber on dark, readable in both the dark and a light theme.
    m_caution->setStyleSheet(
        QStringLiteral("QLabel { background: #4a3a10; color: #ffd98a; border: 1px solid #8a6a1a;"
                       " border-radius: 4px; padding: 6px; }"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_headline);
    layout->addWidget(m_status);
    layout->addWidget(m_bars);
    layout->addWidget(m_caution);
    setNoModel();
}

void ProbabilityPanel::setStatus(const QString &text)
{
    m_hasPrediction = false;
    m_headline->hide();
    m_bars->setRows({}, {}, -1);
    m_bars->hide();
    m_caution->hide();
    m_status->setText(text);
    m_status->show();
}

void ProbabilityPanel::setNoModel()
{
    setStatus(tr("No model loaded. Load one with Model ▸ Load model…"));
}

void ProbabilityPanel::setPending()
{
    setStatus(tr("Predicting…"));
}

void ProbabilityPanel::clear()
{
    setStatus(tr("Open a film to see the class probabilities."));
}

void ProbabilityPanel::setShowAnyway(bool showAnyway)
{
    m_showAnyway = showAnyway;
    if (m_hasPrediction)
        render(m_prediction);
}

bool ProbabilityPanel::isGreyedOut() const
{
    return m_hasPrediction && !m_bars->isEnabled();
}

void ProbabilityPanel::setPrediction(const Prediction &prediction)
{
    m_showAnyway = false; // "Show anyway" belongs to one film
    m_prediction = prediction;
    render(prediction);
}

void ProbabilityPanel::render(const Prediction &prediction)
{
    QStringList names;
    QVector<double> values;
    for (int i = 0; i < prediction.classes.size(); ++i) {
        names << displayClassName(prediction.classes[i]);
        values << (i < int(prediction.probabilities.size()) ? double(prediction.probabilities[size_t(i)])
                                                            : 0.0);
    }
    m_hasPrediction = true;
    m_status->hide();
    const bool shown = prediction.applicability.applicable || m_showAnyway;
    m_bars->setRows(names, values, shown ? prediction.top : -1); // no class stands out of a refused film
    m_bars->show();
    m_headline->setText(prediction.top >= 0 ? tr("%1 — %2 %")
                                                  .arg(displayClassName(prediction.topClass()))
                                                  .arg(prediction.topProbability * 100.0, 0, 'f', 1)
                                            : tr("No prediction"));
    m_headline->show();
    const bool judged = prediction.applicability.applicable;
    m_bars->setEnabled(shown);
    if (!judged) {
        if (!m_showAnyway)
            m_headline->setText(tr("Not applicable"));
        m_caution->setText(ApplicabilityBanner::describe(prediction.applicability) + QLatin1Char(' ') +
                           tr("The model was trained on frontal chest radiographs only; its probabilities "
                              "for this image mean nothing."));
        m_caution->show();
        return;
    }

    if (!prediction.uncertain) {
        m_caution->hide();
        return;
    }
    // Say why in plain words; the thresholds are the ones the classifier flags with.
    const PredictOptions limits;
    QStringList why;
    if (prediction.topProbability < limits.minConfidence)
        why << tr("Its highest probability is only %1 %, so no class clearly stands out.")
                   .arg(prediction.topProbability * 100.0, 0, 'f', 0);
    if (prediction.ttaViews > 1 && prediction.ttaSpread > limits.maxTtaSpread)
        why << tr("Slightly shifted or zoomed copies of the film change the answer.");
    if (why.isEmpty() && !prediction.uncertaintyNote.isEmpty())
        why << prediction.uncertaintyNote;
    m_caution->setText(
        tr("Caution: the model is unsure about this film. %1 Treat the result as inconclusive.")
            .arg(why.join(QLatin1Char(' '))));
    m_caution->show();
}

QStringList ProbabilityPanel::shownClassNames() const
{
    return m_hasPrediction ? m_bars->names() : QStringList();
}

QString ProbabilityPanel::headlineText() const
{
    return m_hasPrediction ? m_headline->text() : m_status->text();
}

QVector<double> ProbabilityPanel::shownProbabilities() const
{
    return m_hasPrediction ? m_bars->values() : QVector<double>();
}

int ProbabilityPanel::highlightedClass() const
{
    return m_hasPrediction ? m_bars->highlighted() : -1;
}

bool ProbabilityPanel::isCautionShown() const
{
    return !m_caution->isHidden();
}

QString ProbabilityPanel::cautionText() const
{
    return m_caution->text();
}

} // namespace chestlens::ui
