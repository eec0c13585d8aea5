// chestlens-cli: every sub-command lives in core/cli; this file only starts Qt.
#include "core/cli/cli.h"

#include <chestlens/version.h>

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("chestlens-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("ChestLens"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CHESTLENS_VERSION));
    return chestlens::cli::run(QCoreApplication::arguments());
}
