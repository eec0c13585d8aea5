#pragma once

#include <QWidget>

class QLabel;
class QTimer;
class QToolButton;

namespace chestlens::ui {

/// A dismissable, non-modal message strip above the film (in the spirit of KMessageWidget):
/// errors stay until closed or replaced, information fades after a few seconds. Never blocks.
class MessageBar : public QWidget
{
    Q_OBJECT
public:
    enum class Level { Information, Warning, Error };

    explicit MessageBar(QWidget *parent = nullptr);

    void showMessage(Level level, const QString &text);
    void dismiss();

    QString text() const;
    Level level() const { return m_level; }
    bool isShown() const { return !isHidden(); }

Q_SIGNALS:
    /// The "Log" button: show every message so far.
    void logRequested();

private:
    QLabel *m_icon;
    QLabel *m_text;
    QToolButton *m_log;
    QToolButton *m_close;
    QTimer *m_fade;
    Level m_level = Level::Information;
};

} // namespace chestlens::ui
