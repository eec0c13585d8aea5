// chestlens-cli: every sub-command lives in core/cli; this file only starts Qt.
#include "app/cli/cli.h"
#include "core/allocator.h"

#include <chestlens/version.h>

#include <QCoreApplication>
#include <QGuiApplication>

#include <cstring>
#include <memory>

int main(int argc, char *argv[])
{
    chestlens::tuneAllocatorForFilms();
    // `report` draws text into a PDF, which needs Qt's font database, i.e. a QGuiApplication. A
    // command-line tool shows no window, so it runs on the offscreen platform (no display needed).
    const bool needsGui = argc > 1 && std::strcmp(argv[1], "report") == 0;
    if (needsGui)
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const std::unique_ptr<QCoreApplication> app = needsGui ? std::make_unique<QGuiApplication>(argc, argv)
                                                           : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("chestlens-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("ChestLens"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CHESTLENS_VERSION));
    return chestlens::cli::run(QCoreApplication::arguments());
}
