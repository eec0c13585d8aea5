#include "core/paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace chestlens {

QString dataDirectory()
{
    const QString env = qEnvironmentVariable("CHESTLENS_DATADIR");
    if (!env.isEmpty())
        return QDir(env).absolutePath();
    if (QCoreApplication::instance()) {
        const QString rel = QDir(QCoreApplication::applicationDirPath())
                                .absoluteFilePath(QStringLiteral("../share/chestlens"));
        if (QFileInfo(rel).isDir())
            return QDir::cleanPath(rel);
    }
    return QDir::cleanPath(QStringLiteral(CHESTLENS_INSTALL_DATADIR));
}

QString defaultModelPath()
{
    return QDir(dataDirectory()).absoluteFilePath(QStringLiteral("models/default.clm"));
}

} // namespace chestlens
