#include "ui/viewer/recentfiles.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>

namespace chestlens::ui {

RecentFiles::RecentFiles(QMenu *menu, QObject *parent) : QObject(parent), m_menu(menu)
{
    // Built when it opens: rebuilding from an action's own triggered() would delete its sender.
    connect(menu, &QMenu::aboutToShow, this, &RecentFiles::rebuildMenu);
    rebuildMenu();
}

void RecentFiles::add(const QString &path)
{
    const QString abs = QFileInfo(path).absoluteFilePath();
    m_paths.removeAll(abs);
    m_paths.prepend(abs);
    while (m_paths.size() > maxCount())
        m_paths.removeLast();
}

void RecentFiles::remove(const QString &path)
{
    m_paths.removeAll(QFileInfo(path).absoluteFilePath());
}

void RecentFiles::setPaths(const QStringList &paths)
{
    m_paths.clear();
    for (const QString &p : paths)
        if (!p.isEmpty() && !m_paths.contains(p) && m_paths.size() < maxCount())
            m_paths << p;
}

void RecentFiles::rebuildMenu()
{
    m_menu->clear();
    for (int i = 0; i < m_paths.size(); ++i) {
        const QString path = m_paths[i];
        const QFileInfo info(path);
        QString label = info.fileName();
        if (info.isDir())
            label = tr("%1 (folder)").arg(label);
        // &1 … &9, &0 as mnemonics for the first ten entries.
        QAction *a = m_menu->addAction(QStringLiteral("&%1  %2")
                                           .arg((i + 1) % 10)
                                           .arg(label.replace(QLatin1Char('&'), QStringLiteral("&&"))));
        a->setToolTip(QDir::toNativeSeparators(path));
        a->setStatusTip(QDir::toNativeSeparators(path));
        connect(a, &QAction::triggered, this, [this, path] { Q_EMIT openRequested(path); });
    }
    if (m_paths.isEmpty()) {
        m_menu->addAction(tr("No recent files"))->setEnabled(false);
        return;
    }
    m_menu->addSeparator();
    connect(m_menu->addAction(tr("Clear list")), &QAction::triggered, this, [this] { setPaths({}); });
}

} // namespace chestlens::ui
