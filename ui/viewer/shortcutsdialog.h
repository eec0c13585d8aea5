#pragma once

#include <QDialog>
#include <QList>

class QAction;

namespace chestlens::ui {

/// Help ▸ Keyboard shortcuts: every action with a shortcut, grouped by menu, plus the mouse
/// gestures of the film view. Built from the live actions, so it never goes out of date.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    struct Group
    {
        QString title;
        QList<QAction *> actions;
    };

    ShortcutsDialog(const QList<Group> &groups, QWidget *parent = nullptr);

    /// The rows shown as (what, keys), for tests.
    QList<QPair<QString, QString>> rows() const { return m_rows; }

private:
    QList<QPair<QString, QString>> m_rows;
};

} // namespace chestlens::ui
