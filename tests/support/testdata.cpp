#include "support/testdata.h"

#include <QDir>
#include <QFileInfo>

namespace chestlens::test {

QString dataRoot()
{
    const QString env = qEnvironmentVariable("CHESTLENS_DATA");
    if (!env.isEmpty() && QFileInfo(env).isDir())
        return QDir(env).absolutePath();
    const QString beside =
        QDir(QStringLiteral(CHESTLENS_SOURCE_DIR)).absoluteFilePath(QStringLiteral("../shared/data"));
    if (QFileInfo(beside).isDir())
        return QDir::cleanPath(beside);
    return {};
}

QString dataPath(const QString &sub)
{
    const QString root = dataRoot();
    if (root.isEmpty())
        return {};
    const QString p = QDir(root).absoluteFilePath(sub);
    return QFileInfo::exists(p) ? p : QString();
}

QStringList pngFilms(int n)
{
    const QString root = dataPath(QStringLiteral("cxr4"));
    if (root.isEmpty())
        return {};
    QStringList films;
    for (const QString &cls :
         {QStringLiteral("covid"), QStringLiteral("normal"), QStringLiteral("pneumonia")}) {
        const QDir dir(QDir(root).filePath(cls));
        for (const QString &f : dir.entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name).mid(0, n))
            films << dir.absoluteFilePath(f);
    }
    return films.mid(0, n);
}

QString cliPath()
{
    return qEnvironmentVariable("CHESTLENS_CLI");
}

QString sourcePath(const QString &relative)
{
    return QStringLiteral(CHESTLENS_SOURCE_DIR "/") + relative;
}

} // namespace chestlens::test
