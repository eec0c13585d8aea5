#include "support/testdata.h"

#include <QDir>
#include <QFile>
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

QString copySmallLabelledFolder(const QString &cxr4, const QString &dst, int perClass)
{
    for (const QString &cls :
         {QStringLiteral("covid"), QStringLiteral("normal"), QStringLiteral("tuberculosis")}) {
        const QString from = cxr4 + QLatin1Char('/') + cls;
        const QStringList files = QDir(from).entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
        if (files.size() < perClass)
            return QStringLiteral("%1 has %2 PNG films, fewer than %3")
                .arg(from)
                .arg(files.size())
                .arg(perClass);
        const QString to = dst + QLatin1Char('/') + cls +
                           (cls == QLatin1String("normal") ? QStringLiteral("/sub") : QString());
        if (!QDir().mkpath(to))
            return QStringLiteral("cannot create %1").arg(to);
        for (int i = 0; i < perClass; ++i)
            if (!QFile::copy(from + QLatin1Char('/') + files[i], to + QLatin1Char('/') + files[i]))
                return QStringLiteral("cannot copy %1 to %2").arg(files[i], to);
    }
    return {};
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
