#include "core/cli/filmargs_p.h"

#include "core/filmloader.h"

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

QStringList expandFilmArguments(const QStringList &inputs)
{
    QStringList files;
    for (const QString &in : inputs)
        files += QFileInfo(in).isDir() ? filmsInFolder(in) : QStringList{in};
    return files;
}

} // namespace chestlens::cli
