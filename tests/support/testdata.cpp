#include "support/testdata.h"

#include <QDir>
#include <QFileInfo>

namespace chestlens::test {

QString dataRoot()
{
    const QString env = qEnvironmentVariable("CHESTLENS_DATA");
    if (!env.isEmpty() && QFileInfo(env).isDir())
        return QDir(env).absolutePath();
    const QString beside = QDir(QStringLiteral(CHESTLENS_SOURCE_DIR)).absoluteFilePath(QStringLiteral("../shared/data"));
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

QString cliPath()
{
    return qEnvironmentVariable("CHESTLENS_CLI");
}

QString sourcePath(const QString &relative)
{
    return QStringLiteral(CHESTLENS_SOURCE_DIR "/") + relative;
}

} // namespace chestlens::test
