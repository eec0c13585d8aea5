#include "app/cli/filmargs_p.h"

#include "app/cli/commands_p.h"

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

QStringList filmsOrReport(Context &ctx, const QString &command, const QStringList &inputs,
                          QStringList &emptyFolders)
{
    QStringList files = expandFilmArguments(inputs, &emptyFolders);
    for (const QString &folder : std::as_const(emptyFolders))
        ctx.error(QStringLiteral("%1: is a folder without films (looked for %2)")
                      .arg(folder, supportedImageSuffixes().join(QStringLiteral(", "))));
    if (files.isEmpty())
        ctx.error(QStringLiteral("%1: no films found in %2").arg(command, inputs.join(QStringLiteral(", "))));
    return files;
}

} // namespace chestlens::cli
