#include "ui/mainwindow.h"

#include <chestlens/version.h>

#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

namespace chestlens::ui {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("ChestLens"));
    resize(1280, 800);
    auto *placeholder = new QLabel(tr("Open a chest film (File ▸ Open) to begin."), this);
    placeholder->setAlignment(Qt::AlignCenter);
    setCentralWidget(placeholder);
    createMenus();
    m_disclaimer = new QLabel(tr("Research use only — not for clinical diagnosis"), this);
    statusBar()->addPermanentWidget(m_disclaimer);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About ChestLens"), this, &MainWindow::showAbout);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About ChestLens"),
                       tr("<h3>ChestLens %1</h3><p>Chest X-ray classification with Grad-CAM explanations.</p>"
                          "<p><b>Research use only — not for clinical diagnosis.</b></p>")
                           .arg(QStringLiteral(CHESTLENS_VERSION)));
}

} // namespace chestlens::ui
