#include "app/cli/filmargs_p.h"

#include "core/film/filmloader.h"

#include <QDirIterator>
#include <QFileInfo>

namespace chestlens::cli {

QStringList filmsInFolder(const QString &dir)
{
    QStringList filters;
    for (const QString &s : supportedImageSuffixes())
        filters << QStringLiteral("*.") + s << QStringLiteral("*.") + s.toUpper();
    QStringList found;
    QDirIterator it(dir, filters, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        found << it.next();
    found.sort();
    return found;
}

QStringList expandFilmArguments(const QStringList &inputs, QStringList *emptyFolders)
{
    QStringList files;
    for (const QString &in : inputs) {
        if (!QFileInfo(in).isDir()) {
            files << in;
            continue;
        }
        const QStringList found = filmsInFolder(in);
        if (found.isEmpty() && emptyFolders)
            *emptyFolders << in;
        files += found;
    }
    return files;
}

} // namespace chestlens::cli
