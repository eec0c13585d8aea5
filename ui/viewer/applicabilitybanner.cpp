#include "ui/viewer/applicabilitybanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

namespace chestlens::ui {

ApplicabilityBanner::ApplicabilityBanner(QWidget *parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("applicabilityBanner"));
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, QColor(0xfd, 0xe8, 0xc8)); // amber: a caution, not an error
    pal.setColor(QPalette::WindowText, QColor(0x4a, 0x2a, 0x00));
    setPalette(pal);
    setFrameShape(QFrame::StyledPanel);
    auto *icon = new QLabel(this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(24, 24));
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("applicabilityText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_text->font();
    bold.setBold(true);
    m_text->setFont(bold);
    m_showAnyway = new QPushButton(tr("Show anyway"), this);
    m_showAnyway->setObjectName(QStringLiteral("showAnywayButton"));
    m_showAnyway->setCheckable(true);
    m_showAnyway->setToolTip(tr("Show the probabilities and the heatmap although the model was not made for "
                                "this image. They mean nothing here."));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addWidget(icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_showAnyway);
    connect(m_showAnyway, &QPushButton::toggled, this, [this](bool on) {
        m_showAnyway->setText(on ? tr("Hide again") : tr("Show anyway"));
        Q_EMIT showAnywayChanged(on);
    });
    hide();
}

QString ApplicabilityBanner::describe(const Applicability &a)
{
    QString why;
    switch (a.reason) {
    case Applicability::Reason::None:
        return {};
    case Applicability::Reason::LateralView:
        why = tr("lateral view");
        break;
    case Applicability::Reason::FarFromTraining:
        why = tr("far from the training films");
        break;
    case Applicability::Reason::NoLungFields:
        why = tr("no two lung fields found");
        break;
    case Applicability::Reason::Modality:
    case Applicability::Reason::BodyPart:
    case Applicability::Reason::MultiFrame:
        why = a.explanation; // names the DICOM value itself ("CT image", "body part examined is HIP…")
        break;
    }
    QString s = tr("This does not look like a frontal chest radiograph: %1.").arg(why);
    if (a.pixelChecked())
        s += QLatin1Char(' ') + tr("(Distance from the training films %1; films above %2 are refused.)")
                                    .arg(a.score, 0, 'f', 2)
                                    .arg(a.threshold, 0, 'f', 2);
    return s;
}

void ApplicabilityBanner::setApplicability(const Applicability &applicability)
{
    const QSignalBlocker block(m_showAnyway);
    m_showAnyway->setChecked(false);
    m_showAnyway->setText(tr("Show anyway"));
    if (applicability.applicable) {
        clear();
        return;
    }
    m_text->setText(describe(applicability) + QLatin1Char(' ') +
                    tr("The probabilities are greyed out and the heatmap is off."));
    show();
}

void ApplicabilityBanner::clear()
{
    m_text->clear();
    hide();
}

QString ApplicabilityBanner::text() const
{
    return m_text->text();
}

bool ApplicabilityBanner::showAnyway() const
{
    return m_showAnyway->isChecked();
}

} // namespace chestlens::ui
