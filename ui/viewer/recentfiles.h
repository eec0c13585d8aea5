#pragma once

#include <QObject>
#include <QStringList>

class QMenu;

namespace chestlens::ui {

/// The recent films and folders, newest first, shown in a menu; choosing one emits
/// openRequested(). Persisted by its owner (see ViewerSettings).
class RecentFiles : public QObject
{
    Q_OBJECT
public:
    explicit RecentFiles(QMenu *menu, QObject *parent = nullptr);

    /// Moves `path` to the top (absolute path; duplicates removed, at most maxCount()).
    void add(const QString &path);
    void remove(const QString &path);
    void setPaths(const QStringList &paths);
    QStringList paths() const { return m_paths; }
    static int maxCount() { return 10; }

    /// Fills the menu (done whenever it is about to show).
    void rebuildMenu();

Q_SIGNALS:
    void openRequested(const QString &path);

private:
    QMenu *m_menu;
    QStringList m_paths;
};

} // namespace chestlens::ui
