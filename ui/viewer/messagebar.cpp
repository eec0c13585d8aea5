#include "ui/viewer/messagebar.h"

#include "ui/common/wrappinglabel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

namespace chestlens::ui {

namespace {

/// Information messages disappear after this long; errors and warnings stay.
constexpr int kInformationTimeoutMs = 6000;

} // namespace

MessageBar::MessageBar(QWidget *parent)
    : QWidget(parent), m_icon(new QLabel(this)), m_text(new WrappingLabel(this)),
      m_log(new QToolButton(this)), m_close(new QToolButton(this)), m_fade(new QTimer(this))
{
    setObjectName(QStringLiteral("MessageBar"));
    setAttribute(Qt::WA_StyledBackground);
    m_text->setObjectName(QStringLiteral("messageText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_log->setText(tr("Log"));
    m_log->setToolTip(tr("Show all messages"));
    m_log->setAutoRaise(true);
    m_close->setObjectName(QStringLiteral("messageClose"));
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setToolTip(tr("Dismiss"));
    m_close->setAutoRaise(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_log, 0, Qt::AlignTop);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    m_fade->setSingleShot(true);
    connect(m_fade, &QTimer::timeout, this, &MessageBar::dismiss);
    connect(m_close, &QToolButton::clicked, this, &MessageBar::dismiss);
    connect(m_log, &QToolButton::clicked, this, &MessageBar::logRequested);
    hide();
}

void MessageBar::showMessage(Level level, const QString &text)
{
    m_level = level;
    m_text->setText(text);
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    QString colours = QStringLiteral("background: #1d3a55; color: #e6f0fa;");
    if (level == Level::Warning) {
        icon = QStyle::SP_MessageBoxWarning;
        colours = QStringLiteral("background: #4a3a10; color: #ffe6b0;");
    } else if (level == Level::Error) {
        icon = QStyle::SP_MessageBoxCritical;
        colours = QStringLiteral("background: #5a1e1e; color: #ffe0e0;");
    }
    const int side = fontMetrics().height();
    m_icon->setPixmap(style()->standardIcon(icon).pixmap(side, side));
    setStyleSheet(
        QStringLiteral("#MessageBar { %1 border-radius: 3px; } #MessageBar QLabel { %1 }").arg(colours));
    show();
    if (level == Level::Information)
        m_fade->start(kInformationTimeoutMs);
    else
        m_fade->stop();
}

void MessageBar::dismiss()
{
    m_fade->stop();
    hide();
}

QString MessageBar::text() const
{
    return m_text->text();
}

} // namespace chestlens::ui
