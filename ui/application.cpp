#include "ui/application.h"

#include "ui/mainwindow.h"

#include <chestlens/version.h>

#include <QApplication>
#include <QCommandLineParser>

namespace chestlens::ui {

int runApplication(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ChestLens"));
    QApplication::setOrganizationName(QStringLiteral("ChestLens"));
    QApplication::setApplicationVersion(QStringLiteral(CHESTLENS_VERSION));
    QApplication::setApplicationDisplayName(QStringLiteral("ChestLens"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("ChestLens chest X-ray viewer (research use only)."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Films or folders to open."),
                                 QStringLiteral("[FILE|DIR...]"));
    parser.process(app);

    MainWindow window;
    window.show();
    return QApplication::exec();
}

} // namespace chestlens::ui
