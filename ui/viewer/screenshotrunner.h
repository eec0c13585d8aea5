#pragma once

#include <QObject>
#include <QString>

class QTimer;

namespace chestlens::ui {

class MainWindow;

/// `chestlens FILE --screenshot OUT.png`: opens the film in a shown main window, waits until the
/// prediction and (when on) the heatmap are on screen, grabs the window and saves the picture.
/// finished(exit code, message): 0 saved; non-zero when the film cannot be opened, there is no
/// model to predict with, a computation fails, the wait times out, or the file cannot be written.
class ScreenshotRunner : public QObject
{
    Q_OBJECT
public:
    enum ExitCode {
        Saved = 0,
        OpenFailed = 2,
        NoModel = 3,
        ComputeFailed = 4,
        TimedOut = 5,
        WriteFailed = 6
    };

    ScreenshotRunner(MainWindow *window, const QString &filmPath, const QString &outputPath, int timeoutMs,
                     QObject *parent = nullptr);

    void start();

Q_SIGNALS:
    void finished(int exitCode, const QString &message);

private:
    void capture();
    void fail(int code, const QString &message);

    MainWindow *m_window;
    QString m_film;
    QString m_output;
    QTimer *m_timeout;
    bool m_done = false;
};

} // namespace chestlens::ui
