#include "ui/viewer/shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace chestlens::ui {

ShortcutsDialog::ShortcutsDialog(const QList<Group> &groups, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("ShortcutsDialog"));
    setWindowTitle(tr("Keyboard Shortcuts"));
    auto *tree = new QTreeWidget(this);
    tree->setColumnCount(2);
    tree->setHeaderLabels({tr("Action"), tr("Shortcut")});
    tree->setRootIsDecorated(false);
    tree->setSelectionMode(QAbstractItemView::NoSelection);
    tree->setFocusPolicy(Qt::NoFocus);
    auto addHeading = [tree](const QString &title) {
        auto *item = new QTreeWidgetItem(tree, {title});
        QFont f = item->font(0);
        f.setBold(true);
        item->setFont(0, f);
        item->setFirstColumnSpanned(true);
    };
    auto addRow = [this, tree](const QString &what, const QString &keys) {
        new QTreeWidgetItem(tree, {what, keys});
        m_rows.append({what, keys});
    };
    for (const Group &g : groups) {
        bool headed = false;
        for (QAction *a : g.actions) {
            if (!a || a->shortcuts().isEmpty())
                continue;
            if (!headed) {
                addHeading(g.title);
                headed = true;
            }
            QStringList keys;
            for (const QKeySequence &k : a->shortcuts())
                keys << k.toString(QKeySequence::NativeText);
            addRow(
                a->text().remove(QLatin1Char('&')).remove(QStringLiteral("…")).remove(QStringLiteral("...")),
                keys.join(tr(" or ")));
        }
    }
    addHeading(tr("Film view (mouse)"));
    addRow(tr("Zoom around the pointer"), tr("Wheel"));
    addRow(tr("Pan"), tr("Left or middle drag"));
    addRow(tr("Window/level (width: left–right, level: up–down)"), tr("Right drag"));
    addRow(tr("Fit to window"), tr("Double-click"));
    addRow(tr("Open films or a folder"), tr("Drop them on the window"));
    tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    tree->header()->setStretchLastSection(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tree);
    layout->addWidget(buttons);
    resize(560, 620);
}

} // namespace chestlens::ui
