#include "ui/viewer/screenshotrunner.h"

#include "ui/viewer/mainwindow.h"
#include "ui/viewer/viewersession.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QPixmap>
#include <QTimer>

namespace chestlens::ui {

ScreenshotRunner::ScreenshotRunner(MainWindow *window, const QString &filmPath, const QString &outputPath,
                                   int timeoutMs, QObject *parent)
    : QObject(parent), m_window(window), m_film(filmPath), m_output(outputPath), m_timeout(new QTimer(this))
{
    m_timeout->setSingleShot(true);
    m_timeout->setInterval(timeoutMs);
    connect(m_timeout, &QTimer::timeout, this, [this] {
        const ViewerSession *s = m_window->session();
        QString what = tr("the film");
        if (s->hasFilm() && s->pendingPath().isEmpty())
            what = s->hasPrediction() ? tr("the heatmap") : tr("the prediction");
        fail(TimedOut, tr("%1: timed out after %2 s waiting for %3")
                           .arg(QDir::toNativeSeparators(m_film))
                           .arg(m_timeout->interval() / 1000)
                           .arg(what));
    });
}

void ScreenshotRunner::start()
{
    ViewerSession *session = m_window->session();
    connect(m_window, &MainWindow::openFailed, this,
            [this](const QString &, const QString &message) { fail(OpenFailed, message); });
    connect(session, &ViewerSession::errorOccurred, this,
            [this](const QString &message) { fail(ComputeFailed, message); });
    connect(session, &ViewerSession::modelFailed, this, [this, session](const QString &message) {
        if (!session->hasModel() && !session->isModelLoading())
            fail(NoModel, tr("%1: cannot predict, no model loaded (%2)")
                              .arg(QDir::toNativeSeparators(m_film), message));
    });
    connect(m_window, &MainWindow::displayComplete, this, [this, session] {
        // Only the film asked for counts (displayComplete also follows a model load).
        if (session->hasFilm() && QFileInfo(session->film().path) == QFileInfo(m_film) &&
            session->hasPrediction())
            // Let the layouts settle first (captions re-wrap, splitters honour new minimum heights):
            // the grab must show what a user sees, not a frame mid-relayout.
            QTimer::singleShot(0, this, &ScreenshotRunner::capture);
    });
    m_timeout->start();
    m_window->openFile(m_film);
}

void ScreenshotRunner::capture()
{
    if (m_done)
        return;
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    const QImage shot = m_window->grab().toImage();
    if (shot.isNull() || !shot.save(m_output)) {
        fail(WriteFailed, tr("%1: cannot write the screenshot").arg(QDir::toNativeSeparators(m_output)));
        return;
    }
    m_done = true;
    m_timeout->stop();
    Q_EMIT finished(Saved, tr("Saved %1 (%2 × %3)")
                               .arg(QDir::toNativeSeparators(m_output))
                               .arg(shot.width())
                               .arg(shot.height()));
}

void ScreenshotRunner::fail(int code, const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    m_timeout->stop();
    Q_EMIT finished(code, message);
}

} // namespace chestlens::ui
