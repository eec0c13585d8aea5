#include "ui/common/application.h"

#include "ui/common/theme.h"
#include "ui/common/translations.h"
#include "ui/viewer/heatmapcontrols.h"
#include "ui/viewer/mainwindow.h"
#include "ui/viewer/screenshotrunner.h"

#include <chestlens/version.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QRegularExpression>
#include <QSettings>
#include <QTextStream>
#include <QTimer>

#include <cstdio>

namespace chestlens::ui {

namespace {

/// How long --screenshot waits for the film, prediction and heatmap before giving up.
constexpr int kDefaultScreenshotTimeoutS = 60;

int usageError(const QString &message)
{
    QTextStream(stderr) << QApplication::applicationName() << ": " << message << '\n';
    return 64; // EX_USAGE
}

} // namespace

int runApplication(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ChestLens"));
    QApplication::setOrganizationName(QStringLiteral("ChestLens"));
    QApplication::setApplicationVersion(QStringLiteral(CHESTLENS_VERSION));
    QApplication::setApplicationDisplayName(QStringLiteral("ChestLens"));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.chestlens.ChestLens"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("io.github.chestlens.ChestLens"),
                                                 QIcon(QStringLiteral(":/chestlens/chestlens.svg"))));
    // Before any translatable string is created: the command-line help is translated too.
    installTranslations(app, languageSetting(QSettings()));
    applyDarkTheme(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "main", "ChestLens chest X-ray viewer (research use only, not for clinical diagnosis)."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QApplication::translate("main", "Films or folders to open."),
                                 QStringLiteral("[FILE|DIR...]"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QApplication::translate(
            "main", "Open FILE, wait for its prediction and heatmap, save a picture of the window "
                    "to OUT.png and exit."),
        QStringLiteral("OUT.png"));
    const QCommandLineOption heatmapOption(QStringLiteral("heatmap"),
                                           QApplication::translate("main", "Show the heatmap (default: on)."),
                                           QStringLiteral("on|off"));
    const QCommandLineOption modelOption(
        QStringLiteral("model"), QApplication::translate("main", "Model file to use instead of the default."),
        QStringLiteral("FILE"));
    const QCommandLineOption sizeOption(
        QStringLiteral("window-size"),
        QApplication::translate("main", "Window size (default for screenshots: 1280x800)."),
        QStringLiteral("WxH"));
    const QCommandLineOption timeoutOption(
        QStringLiteral("timeout"),
        QApplication::translate("main", "Seconds --screenshot waits before failing (default: %1).")
            .arg(kDefaultScreenshotTimeoutS),
        QStringLiteral("S"));
    parser.addOptions({screenshotOption, heatmapOption, modelOption, sizeOption, timeoutOption});
    parser.process(app);

    const QStringList paths = parser.positionalArguments();
    const bool screenshot = parser.isSet(screenshotOption);
    bool heatmapOn = true;
    if (parser.isSet(heatmapOption)) {
        const QString v = parser.value(heatmapOption).toLower();
        if (v != QLatin1String("on") && v != QLatin1String("off"))
            return usageError(
                QApplication::translate("main", "--heatmap takes 'on' or 'off', not '%1'").arg(v));
        heatmapOn = v == QLatin1String("on");
    }
    QSize size = screenshot ? QSize(1280, 800) : QSize();
    if (parser.isSet(sizeOption)) {
        const auto m =
            QRegularExpression(QStringLiteral("^(\\d+)[xX](\\d+)$")).match(parser.value(sizeOption));
        if (!m.hasMatch())
            return usageError(
                QApplication::translate("main", "--window-size takes WIDTHxHEIGHT, e.g. 1920x1080"));
        size = QSize(m.captured(1).toInt(), m.captured(2).toInt());
    }
    int timeoutS = kDefaultScreenshotTimeoutS;
    if (parser.isSet(timeoutOption)) {
        bool ok = false;
        timeoutS = parser.value(timeoutOption).toInt(&ok);
        if (!ok || timeoutS <= 0)
            return usageError(
                QApplication::translate("main", "--timeout takes a positive number of seconds"));
    }
    if (screenshot && paths.size() != 1)
        return usageError(QApplication::translate("main", "--screenshot needs exactly one FILE"));

    MainWindow::Options options;
    options.useSettings = !screenshot;
    options.modelPath = parser.value(modelOption);
    MainWindow window(options);
    if (parser.isSet(heatmapOption) || screenshot)
        window.heatmapControls()->setHeatmapOn(heatmapOn);
    if (size.isValid())
        window.resize(size);
    window.show();

    if (!screenshot) {
        if (!paths.isEmpty())
            window.openPaths(paths);
        return QApplication::exec();
    }

    ScreenshotRunner runner(&window, paths.constFirst(), parser.value(screenshotOption), timeoutS * 1000);
    QObject::connect(&runner, &ScreenshotRunner::finished, &app, [](int code, const QString &message) {
        QTextStream(code == 0 ? stdout : stderr) << message << '\n';
        QApplication::exit(code);
    });
    QTimer::singleShot(0, &runner, &ScreenshotRunner::start);
    return QApplication::exec();
}

} // namespace chestlens::ui
