#include "ui/viewer/mainwindow.h"

#include "core/paths.h"
#include "core/worker/inferencecontroller.h"
#include "ui/common/translations.h"
#include "ui/evaluation/evaluationdialog.h"
#include "ui/report/reportdialog.h"
#include "ui/training/trainingdialog.h"
#include "ui/viewer/applicabilitybanner.h"
#include "ui/viewer/filmbrowser.h"
#include "ui/viewer/filmview.h"
#include "ui/viewer/heatmapcontrols.h"
#include "ui/viewer/heatmapoverlay.h"
#include "ui/viewer/messagebar.h"
#include "ui/viewer/metadatapanel.h"
#include "ui/viewer/modelcarddialog.h"
#include "ui/viewer/probabilitypanel.h"
#include "ui/viewer/recentfiles.h"
#include "ui/viewer/shortcutsdialog.h"
#include "ui/viewer/viewersession.h"
#include "ui/viewer/viewersettings.h"
#include "ui/viewer/windowpresets.h"

#include <chestlens/version.h>

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSettings>
#include <QShowEvent>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

#include <algorithm>

namespace chestlens::ui {

namespace {

/// First-run sizes of browser | film | side panel; the film takes what is left.
constexpr int kBrowserWidth = 250;
constexpr int kSidePanelWidth = 330;
/// The side panel's share of a wider first-run window (values and bars need the room).
constexpr double kSidePanelShare = 0.24;
constexpr int kSidePanelMaxWidth = 480;
/// How long an information message stays in the status bar.
constexpr int kStatusMessageMs = 5000;

QGroupBox *group(const QString &title, QWidget *content, QWidget *parent)
{
    auto *box = new QGroupBox(title, parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(content);
    return box;
}

} // namespace

MainWindow::MainWindow(QWidget *parent) : MainWindow(Options(), parent) {}

MainWindow::MainWindow(const Options &options, QWidget *parent) : QMainWindow(parent), m_options(options)
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("ChestLens"));
    setAcceptDrops(true);
    m_controller = new InferenceController(this);
    m_session = new ViewerSession(m_controller, this);
    m_overlay = new HeatmapOverlay(this);
    buildWidgets();
    createActions();
    createMenus();
    connectSession();
    resize(1280, 800);
    applySettings();

    const QString model = !options.modelPath.isEmpty() ? options.modelPath : m_modelSetting;
    // A model remembered from last time that is gone now: say so, then use the bundled default.
    m_fallBackToDefault = options.modelPath.isEmpty() && !m_modelSetting.isEmpty();
    loadModel(model);
    updateStatus();
    updateProgress();
}

MainWindow::~MainWindow()
{
    // Stop the worker before the widgets that listen to it go.
    m_browser->setController(nullptr);
    delete m_controller;
    m_controller = nullptr;
}

void MainWindow::buildWidgets()
{
    m_browser = new FilmBrowser(this);
    m_browser->setController(m_controller);
    m_view = new FilmView(this);
    m_messages = new MessageBar(this);
    m_applicability = new ApplicabilityBanner(this);
    m_probabilities = new ProbabilityPanel(this);
    m_heatmap = new HeatmapControls(this);
    m_metadata = new MetadataPanel(this);

    auto *viewer = new QWidget(this);
    auto *viewerLayout = new QVBoxLayout(viewer);
    viewerLayout->setContentsMargins(0, 0, 0, 0);
    viewerLayout->setSpacing(0);
    viewerLayout->addWidget(m_messages);
    viewerLayout->addWidget(m_applicability);
    viewerLayout->addWidget(m_view, 1);

    // Prediction and heatmap controls always whole (the splitter keeps their minimum height);
    // the metadata list takes the rest and scrolls.
    auto *controls = new QWidget(this);
    controls->setObjectName(QStringLiteral("controlsPanel"));
    auto *controlsLayout = new QVBoxLayout(controls);
    controlsLayout->setContentsMargins(6, 6, 6, 0);
    controlsLayout->addWidget(group(tr("Prediction"), m_probabilities, controls));
    controlsLayout->addWidget(group(tr("Heatmap"), m_heatmap, controls));
    controlsLayout->addStretch(1);
    auto *metadataBox = group(tr("Film information"), m_metadata, this);

    m_sideSplitter = new QSplitter(Qt::Vertical, this);
    m_sideSplitter->setObjectName(QStringLiteral("sideSplitter"));
    m_sideSplitter->addWidget(controls);
    m_sideSplitter->addWidget(metadataBox);
    m_sideSplitter->setStretchFactor(0, 0);
    m_sideSplitter->setStretchFactor(1, 1);
    m_sideSplitter->setChildrenCollapsible(false);

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->addWidget(m_browser);
    m_mainSplitter->addWidget(viewer);
    m_mainSplitter->addWidget(m_sideSplitter);
    m_mainSplitter->setStretchFactor(0, 0);
    m_mainSplitter->setStretchFactor(1, 1);
    m_mainSplitter->setStretchFactor(2, 0);
    m_mainSplitter->setCollapsible(1, false);
    m_mainSplitter->setSizes({kBrowserWidth, 1280 - kBrowserWidth - kSidePanelWidth, kSidePanelWidth});
    setCentralWidget(m_mainSplitter);

    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(QStringLiteral("logView"));
    m_log->setReadOnly(true);
    m_log->setAcceptDrops(false);
    m_log->setMaximumBlockCount(2000);
    m_logDock = new QDockWidget(tr("Log"), this);
    m_logDock->setObjectName(QStringLiteral("logDock"));
    m_logDock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
    m_logDock->hide();

    m_filmLabel = new QLabel(this);
    m_filmLabel->setObjectName(QStringLiteral("statusFilm"));
    m_windowLabel = new QLabel(this);
    m_zoomLabel = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("statusProgress"));
    m_progress->setMaximumWidth(200);
    m_progress->setTextVisible(true);
    m_disclaimer = new QLabel(tr("Research use only — not for clinical diagnosis"), this);
    m_disclaimer->setObjectName(QStringLiteral("disclaimer"));
    m_disclaimer->setStyleSheet(
        QStringLiteral("QLabel { color: #ffb74d; font-weight: bold; padding: 0 6px; }"));
    statusBar()->addWidget(m_filmLabel, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_windowLabel);
    statusBar()->addPermanentWidget(m_zoomLabel);
    statusBar()->addPermanentWidget(m_disclaimer);
}

void MainWindow::createActions()
{
    auto action = [this](const QString &text, std::initializer_list<QKeySequence> keys, auto slot) {
        auto *a = new QAction(text, this);
        a->setShortcuts(QList<QKeySequence>(keys));
        connect(a, &QAction::triggered, this, slot);
        addAction(a); // shortcuts work even with the menu bar hidden (full screen)
        return a;
    };
    m_openAction = action(tr("&Open…"), {QKeySequence::Open}, [this] { chooseFiles(); });
    m_openFolderAction =
        action(tr("Open &Folder…"), {QKeySequence(tr("Ctrl+Shift+O"))}, [this] { chooseFolder(); });
    m_quitAction = action(tr("&Quit"), {QKeySequence::Quit}, [this] { close(); });

    m_zoomInAction = action(tr("Zoom &In"),
                            {QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal), QKeySequence::ZoomIn},
                            [this] { m_view->zoomIn(); });
    m_zoomOutAction = action(tr("Zoom &Out"), {QKeySequence(Qt::Key_Minus), QKeySequence::ZoomOut},
                             [this] { m_view->zoomOut(); });
    m_fitAction = action(tr("&Fit to Window"), {QKeySequence(Qt::Key_F), QKeySequence(tr("Ctrl+0"))},
                         [this] { m_view->zoomToFit(); });
    m_actualSizeAction =
        action(tr("&Actual Size (1:1)"), {QKeySequence(Qt::Key_1)}, [this] { m_view->zoomActualSize(); });
    m_invertAction = action(tr("&Invert"), {QKeySequence(Qt::Key_I)}, [this](bool on) {
        DisplayWindow w = m_view->window();
        w.invert = on;
        requestWindow(w);
    });
    m_invertAction->setCheckable(true);
    m_defaultWindowAction =
        action(tr("&Default Window"), {QKeySequence(Qt::Key_D)}, [this] { applyWindowPreset(-1); });
    m_lungWindowAction = action(tr("&Lung Window"), {QKeySequence(Qt::Key_L)}, [this] {
        applyWindowPreset(
            lungPresetIndex(windowPresets(m_session->film().meta, m_session->defaultWindow(), false)));
    });
    m_boneWindowAction = action(tr("&Bone Window"), {QKeySequence(Qt::Key_B)}, [this] {
        applyWindowPreset(
            bonePresetIndex(windowPresets(m_session->film().meta, m_session->defaultWindow(), false)));
    });
    m_resetAction = action(tr("&Reset View"), {QKeySequence(Qt::Key_R)}, [this] { resetView(); });
    m_nextAction = action(tr("&Next Film"), {QKeySequence(Qt::Key_PageDown), QKeySequence(Qt::Key_N)},
                          [this] { m_browser->selectNext(); });
    m_previousAction = action(tr("&Previous Film"), {QKeySequence(Qt::Key_PageUp), QKeySequence(Qt::Key_P)},
                              [this] { m_browser->selectPrevious(); });
    m_browserAction = action(tr("Film &List"), {QKeySequence(tr("Ctrl+B"))},
                             [this](bool on) { m_browser->setVisible(on); });
    m_browserAction->setCheckable(true);
    m_browserAction->setChecked(true);
    m_fullScreenAction = action(tr("F&ull Screen"), {QKeySequence::FullScreen}, [this](bool on) {
        setWindowState(on ? windowState() | Qt::WindowFullScreen : windowState() & ~Qt::WindowFullScreen);
    });
    m_fullScreenAction->setCheckable(true);

    m_loadModelAction =
        action(tr("&Load Model…"), {QKeySequence(tr("Ctrl+Shift+M"))}, [this] { chooseModel(); });
    m_modelCardAction = action(tr("Model &Card…"), {QKeySequence(tr("Ctrl+M"))}, [this] { showModelCard(); });
    m_trainAction =
        action(tr("&Train Model…"), {QKeySequence(tr("Ctrl+T"))}, [this] { showTrainingDialog(); });
    m_evaluateAction =
        action(tr("&Evaluate on Folder…"), {QKeySequence(tr("Ctrl+E"))}, [this] { showEvaluationDialog(); });
    m_exportReportAction = action(tr("Export &Report…"), {QKeySequence(tr("Ctrl+P"))}, [this] {
        if (m_session->hasFilm())
            exportReport({m_session->film().path});
    });
    m_exportBatchAction = action(tr("Export &Batch Report…"), {QKeySequence(tr("Ctrl+Shift+P"))}, [this] {
        if (!m_browser->files().isEmpty())
            exportReport(m_browser->files());
    });
    m_defaultModelAction = action(tr("&Restore Bundled Default"), {}, [this] {
        m_modelSetting.clear();
        loadModel(QString());
    });

    m_shortcutsAction =
        action(tr("&Keyboard Shortcuts…"), {QKeySequence::HelpContents}, [this] { showShortcuts(); });
    m_aboutAction = action(tr("&About ChestLens"), {}, [this] { showAbout(); });
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(tr("&File"));
    m_fileMenu->addAction(m_openAction);
    m_fileMenu->addAction(m_openFolderAction);
    m_recentMenu = m_fileMenu->addMenu(tr("Open &Recent"));
    m_recent = new RecentFiles(m_recentMenu, this);
    connect(m_recent, &RecentFiles::openRequested, this, [this](const QString &p) { openPaths({p}); });
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_exportReportAction);
    m_fileMenu->addAction(m_exportBatchAction);
    m_fileMenu->addSeparator();
    // Enabled when there is something to export (checked as the menu opens).
    connect(m_fileMenu, &QMenu::aboutToShow, this, [this] {
        m_exportReportAction->setEnabled(m_session->hasFilm());
        m_exportBatchAction->setEnabled(!m_browser->files().isEmpty());
    });
    m_fileMenu->addAction(m_quitAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_heatmap->toggleAction());
    addAction(m_heatmap->toggleAction());
    view->addSeparator();
    view->addAction(m_zoomInAction);
    view->addAction(m_zoomOutAction);
    view->addAction(m_fitAction);
    view->addAction(m_actualSizeAction);
    view->addSeparator();
    m_presetMenu = view->addMenu(tr("&Window/Level"));
    view->addAction(m_invertAction);
    view->addAction(m_resetAction);
    view->addSeparator();
    view->addAction(m_nextAction);
    view->addAction(m_previousAction);
    view->addSeparator();
    view->addAction(m_browserAction);
    QAction *logAction = m_logDock->toggleViewAction();
    logAction->setText(tr("&Log"));
    logAction->setShortcut(QKeySequence(tr("Ctrl+Shift+L")));
    view->addAction(logAction);
    view->addAction(m_fullScreenAction);
    view->addSeparator();
    createLanguageMenu(view->addMenu(tr("&Language")));
    rebuildPresetMenu();

    QMenu *model = menuBar()->addMenu(tr("&Model"));
    model->addAction(m_loadModelAction);
    model->addAction(m_modelCardAction);
    model->addAction(m_defaultModelAction);
    model->addSeparator();
    model->addAction(m_evaluateAction);
    model->addAction(m_trainAction);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_shortcutsAction);
    help->addSeparator();
    help->addAction(m_aboutAction);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::createLanguageMenu(QMenu *menu)
{
    auto *group = new QActionGroup(menu);
    const QString current = languageSetting(QSettings());
    for (const Language &language : availableLanguages()) {
        QAction *a = menu->addAction(language.code.isEmpty() ? tr("System Default") : language.nativeName);
        a->setCheckable(true);
        a->setChecked(language.code == current);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, code = language.code] {
            QSettings settings;
            setLanguageSetting(settings, code);
            reportMessage(int(MessageBar::Level::Information),
                          tr("The new language applies when ChestLens is restarted."));
        });
    }
}

void MainWindow::connectSession()
{
    connect(m_controller, &InferenceController::busyChanged, this, [this](bool busy) {
        m_busy = busy;
        updateProgress();
        checkDisplayComplete();
    });
    connect(m_session, &ViewerSession::modelChanged, this,
            [this](const ModelInfo &info, const QStringList &layers) {
                m_heatmap->setModel(info.classes, layers);
                m_browser->setModelAvailable(true);
                m_modelCardAction->setEnabled(true);
                // Remember a model the user chose (not one given on the command line, not the default).
                if (m_options.modelPath.isEmpty() || QFileInfo(info.path) != QFileInfo(m_options.modelPath))
                    m_modelSetting =
                        QFileInfo(info.path) == QFileInfo(defaultModelPath()) ? QString() : info.path;
                m_fallBackToDefault = false;
                if (!m_session->hasFilm())
                    m_probabilities->clear();
                reportMessage(int(MessageBar::Level::Information), tr("Model loaded: %1").arg(info.name));
            });
    connect(m_session, &ViewerSession::modelFailed, this, [this](const QString &message) {
        if (m_fallBackToDefault) {
            m_fallBackToDefault = false;
            reportMessage(
                int(MessageBar::Level::Warning),
                tr("Could not load the model used last time (%1). Using the bundled default.").arg(message));
            m_modelSetting.clear();
            loadModel(QString());
            return;
        }
        if (!m_session->hasModel()) {
            m_probabilities->setNoModel();
            reportMessage(int(MessageBar::Level::Warning),
                          tr("No model loaded: %1. Load one with Model ▸ Load Model…").arg(message));
        } else {
            reportMessage(int(MessageBar::Level::Error),
                          tr("Could not load the model: %1. The previous model stays in use.").arg(message));
        }
    });
    connect(m_session, &ViewerSession::filmChanged, this, &MainWindow::onFilmChanged);
    connect(m_session, &ViewerSession::filmRendered, this, [this](const chestlens::FilmView &film) {
        m_view->setFilm(film.image, true);
        m_metadata->setWindow(film.window);
        updateStatus();
    });
    connect(m_session, &ViewerSession::openFailed, this, [this](const QString &path, const QString &message) {
        reportMessage(int(MessageBar::Level::Error),
                      tr("Cannot open %1: %2").arg(QFileInfo(path).fileName(), message));
        Q_EMIT openFailed(path, message);
    });
    connect(m_session, &ViewerSession::errorOccurred, this,
            [this](const QString &message) { reportMessage(int(MessageBar::Level::Error), message); });
    connect(m_session, &ViewerSession::predictionPending, m_probabilities, &ProbabilityPanel::setPending);
    connect(m_session, &ViewerSession::predictionChanged, this, [this](const Prediction &p) {
        m_probabilities->setPrediction(p);
        m_applicability->setApplicability(p.applicability);
    });
    connect(m_session, &ViewerSession::predictionPending, m_applicability, &ApplicabilityBanner::clear);
    connect(m_applicability, &ApplicabilityBanner::showAnywayChanged, this, [this](bool on) {
        m_probabilities->setShowAnyway(on);
        m_session->setShowAnyway(on);
        checkDisplayComplete();
    });
    connect(m_session, &ViewerSession::explanationPending, m_heatmap,
            &HeatmapControls::setExplanationPending);
    connect(m_session, &ViewerSession::explanationChanged, this, [this](const Explanation &e) {
        m_overlay->setHeat(e.heat);
        m_heatmap->setExplanation(e);
    });
    connect(m_session, &ViewerSession::explanationCleared, this, [this] {
        m_overlay->setHeat(QImage());
        m_heatmap->clearExplanation();
    });
    connect(m_session, &ViewerSession::settled, this, &MainWindow::checkDisplayComplete);
    connect(m_overlay, &HeatmapOverlay::overlayReady, this, [this](const QImage &overlay) {
        m_view->setOverlay(overlay);
        checkDisplayComplete();
    });
    connect(m_view, &FilmView::sharpened, this, &MainWindow::checkDisplayComplete);
    connect(m_view, &FilmView::windowRequested, this, &MainWindow::requestWindow);
    connect(m_view, &FilmView::zoomChanged, this, &MainWindow::updateStatus);

    connect(m_heatmap, &HeatmapControls::heatmapToggled, this, [this](bool on) {
        m_view->setOverlayVisible(on);
        m_session->setHeatmapWanted(on);
        checkDisplayComplete();
    });
    connect(m_heatmap, &HeatmapControls::explainSettingsChanged, m_session,
            &ViewerSession::setExplainSettings);
    connect(m_heatmap, &HeatmapControls::appearanceChanged, this, &MainWindow::onAppearanceChanged);

    connect(m_browser, &FilmBrowser::fileActivated, this, &MainWindow::openFile);
    connect(m_browser, &FilmBrowser::folderLoaded, this, [this](const QString &folder, int count) {
        const bool openFirst = QFileInfo(folder) == QFileInfo(m_openFirstOfFolder);
        m_openFirstOfFolder.clear();
        if (count == 0) {
            reportMessage(int(MessageBar::Level::Warning),
                          tr("No films found in %1 (looked for %2).")
                              .arg(QDir::toNativeSeparators(folder),
                                   FilmBrowser::filmSuffixes().join(QStringLiteral(", "))));
        } else if (openFirst) {
            openFile(m_browser->files().constFirst());
        }
    });
    connect(m_browser, &FilmBrowser::predictionProgress, this, [this](int done, int total) {
        m_backgroundDone = done;
        m_backgroundTotal = total;
        updateProgress();
    });
    connect(m_messages, &MessageBar::logRequested, this, [this] { m_logDock->show(); });
}

void MainWindow::applySettings()
{
    ViewerSettings s;
    if (m_options.useSettings) {
        QSettings settings;
        s = ViewerSettings::load(settings);
    }
    if (!s.geometry.isEmpty())
        restoreGeometry(s.geometry);
    if (!s.windowState.isEmpty())
        restoreState(s.windowState);
    if (!s.mainSplitter.isEmpty())
        m_mainSplitter->restoreState(s.mainSplitter);
    if (!s.sideSplitter.isEmpty())
        m_sideSplitter->restoreState(s.sideSplitter);
    // The film list appears once there is something to list (a folder or several films).
    m_browser->hide();
    m_browserAction->setChecked(false);
    m_splitterRestored = !s.mainSplitter.isEmpty();
    m_lastFileFolder = s.lastFileFolder;
    m_lastBrowseFolder = s.lastBrowseFolder;
    m_recent->setPaths(s.recentFiles);
    m_heatmap->setHeatmapOn(s.heatmapOn);
    m_heatmap->setMethod(s.method);
    m_heatmap->setColormap(s.colormap);
    m_heatmap->setOpacity(s.opacity);
    m_heatmap->setThreshold(s.threshold);
    m_metadata->setShowPatient(s.showPatient);
    m_modelSetting = s.modelPath;
    // Push the controls' state to the session, view and overlay (signals may not have fired if
    // the values equal the defaults).
    m_session->setHeatmapWanted(m_heatmap->isHeatmapOn());
    m_view->setOverlayVisible(m_heatmap->isHeatmapOn());
    m_session->setExplainSettings(m_heatmap->explainSettings());
    onAppearanceChanged();
}

void MainWindow::saveSettings() const
{
    ViewerSettings s;
    s.geometry = saveGeometry();
    s.windowState = saveState();
    s.mainSplitter = m_mainSplitter->saveState();
    s.sideSplitter = m_sideSplitter->saveState();
    s.lastFileFolder = m_lastFileFolder;
    s.lastBrowseFolder = m_lastBrowseFolder;
    s.recentFiles = m_recent->paths();
    s.heatmapOn = m_heatmap->isHeatmapOn();
    s.method = m_heatmap->method();
    s.colormap = m_heatmap->colormap();
    s.opacity = m_heatmap->opacity();
    s.threshold = m_heatmap->threshold();
    s.modelPath = m_modelSetting;
    s.showPatient = m_metadata->showsPatient();
    QSettings settings;
    s.save(settings);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_options.useSettings)
        saveSettings();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!event->mimeData()->hasUrls())
        return;
    for (const QUrl &url : event->mimeData()->urls()) {
        if (url.isLocalFile()) {
            event->acceptProposedAction();
            return;
        }
    }
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    openPaths(paths);
}

void MainWindow::openPaths(const QStringList &paths)
{
    QStringList files;
    QString folder;
    for (const QString &p : paths) {
        const QFileInfo info(p);
        if (info.isDir()) {
            if (folder.isEmpty())
                folder = info.absoluteFilePath();
        } else {
            files << info.absoluteFilePath();
        }
    }
    if (!folder.isEmpty() && files.isEmpty()) {
        openFolder(folder);
        return;
    }
    if (files.size() > 1) {
        m_browser->setFiles(files);
        showBrowser();
    }
    if (!files.isEmpty()) {
        // Films opened on purpose go to the recent list once they open; browsing does not.
        m_openedOnPurpose = files.constFirst();
        openFile(files.constFirst());
    }
}

void MainWindow::openFile(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        // Checked here too so that a stale recent entry or a typo fails at once, named.
        const QString message = tr("%1: file not found").arg(QDir::toNativeSeparators(path));
        reportMessage(int(MessageBar::Level::Error), tr("Cannot open %1: %2").arg(info.fileName(), message));
        m_recent->remove(path);
        Q_EMIT openFailed(path, message);
        return;
    }
    m_session->open(info.absoluteFilePath());
    m_wasComplete = false;
}

void MainWindow::openFolder(const QString &folder)
{
    if (!m_browser->setFolder(folder)) {
        const QString message = tr("%1: not a readable folder").arg(QDir::toNativeSeparators(folder));
        reportMessage(int(MessageBar::Level::Error), message);
        m_recent->remove(folder);
        Q_EMIT openFailed(folder, message);
        return;
    }
    m_openFirstOfFolder = folder;
    m_lastBrowseFolder = QFileInfo(folder).absoluteFilePath();
    m_recent->add(folder);
    showBrowser();
}

void MainWindow::showBrowser()
{
    m_browserAction->setChecked(true);
    m_browser->show();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_splitterRestored)
        return;
    // First run: give the side panel a share of the window, within limits; the film the rest.
    m_splitterRestored = true;
    const int total = m_mainSplitter->width();
    const int side = std::clamp(int(total * kSidePanelShare), kSidePanelWidth, kSidePanelMaxWidth);
    m_mainSplitter->setSizes({kBrowserWidth, std::max(200, total - side - kBrowserWidth), side});
}

void MainWindow::showTrainingDialog()
{
    // Non-modal: the viewer keeps working (with the current model) while a run trains.
    if (!m_trainingDialog) {
        auto *dialog = new TrainingDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &TrainingDialog::useModel, this, [this](const QString &path) { loadModel(path); });
        m_trainingDialog = dialog;
    }
    if (m_session->hasModel())
        static_cast<TrainingDialog *>(m_trainingDialog.data())
            ->setCurrentModel(m_session->model().path, m_session->model().name, m_session->model().classes);
    m_trainingDialog->show();
    m_trainingDialog->raise();
    m_trainingDialog->activateWindow();
}

void MainWindow::showEvaluationDialog()
{
    auto *dialog = new EvaluationDialog(m_session->hasModel() ? m_session->model().path : QString(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!m_lastBrowseFolder.isEmpty())
        dialog->setDataFolder(m_lastBrowseFolder);
    dialog->show();
}

void MainWindow::exportReport(const QStringList &files)
{
    ReportOptions analysis;
    if (files.size() == 1 && m_session->hasFilm() && files.constFirst() == m_session->film().path)
        analysis.window = m_session->film().window; // the window the user is looking at
    analysis.explain = m_heatmap->explainSettings();
    analysis.colormap = m_heatmap->colormap();
    analysis.opacity = m_heatmap->opacity();
    analysis.threshold = m_heatmap->threshold();
    auto *dialog =
        new ReportDialog(files, m_session->hasModel() ? m_session->model().path : QString(), analysis, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ReportDialog::exportFinished, this, [this](const ReportOutcome &outcome) {
        if (outcome.cancelled)
            return;
        reportMessage(int(outcome.ok ? (outcome.leftOut.isEmpty() ? MessageBar::Level::Information
                                                                  : MessageBar::Level::Warning)
                                     : MessageBar::Level::Error),
                      outcome.message);
    });
    dialog->open();
}

void MainWindow::loadModel(const QString &path)
{
    m_session->loadModel(path);
}

void MainWindow::chooseFiles()
{
    QStringList patterns;
    for (const QString &s : FilmBrowser::filmSuffixes())
        patterns << QStringLiteral("*.") + s;
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Open Films"), m_lastFileFolder,
        tr("Chest films (%1);;All files (*)").arg(patterns.join(QLatin1Char(' '))));
    if (!files.isEmpty())
        openPaths(files);
}

void MainWindow::chooseFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Folder"), m_lastBrowseFolder);
    if (!folder.isEmpty())
        openFolder(folder);
}

void MainWindow::chooseModel()
{
    const QString start =
        m_session->hasModel() ? QFileInfo(m_session->model().path).absolutePath() : QString();
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Load Model"), start,
        tr("ChestLens models (*.clm);;TorchScript models (*.pt *.pth);;All files (*)"));
    if (!file.isEmpty())
        loadModel(file);
}

void MainWindow::showModelCard()
{
    if (!m_session->hasModel()) {
        reportMessage(int(MessageBar::Level::Information), tr("No model is loaded."));
        return;
    }
    auto *dialog = new ModelCardDialog(m_session->model(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::showShortcuts()
{
    if (!m_shortcutsDialog) {
        const QList<ShortcutsDialog::Group> groups = {
            {tr("File"), {m_openAction, m_openFolderAction, m_quitAction}},
            {tr("Film"),
             {m_zoomInAction, m_zoomOutAction, m_fitAction, m_actualSizeAction, m_defaultWindowAction,
              m_lungWindowAction, m_boneWindowAction, m_invertAction, m_resetAction}},
            {tr("Heatmap"), {m_heatmap->toggleAction()}},
            {tr("Browsing"),
             {m_nextAction, m_previousAction, m_browserAction, m_logDock->toggleViewAction(),
              m_fullScreenAction}},
            {tr("Model"), {m_loadModelAction, m_modelCardAction}},
            {tr("Help"), {m_shortcutsAction}},
        };
        m_shortcutsDialog = new ShortcutsDialog(groups, this);
    }
    m_shortcutsDialog->show();
    m_shortcutsDialog->raise();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About ChestLens"),
                       tr("<h3>ChestLens %1</h3>"
                          "<p>Chest X-ray classification (normal, COVID-19, pneumonia, tuberculosis) with "
                          "calibrated probabilities and Grad-CAM heatmaps.</p>"
                          "<p><b>Not for clinical use.</b> Research use only — not for clinical diagnosis. "
                          "The results have not been validated for patient care.</p>")
                           .arg(QStringLiteral(CHESTLENS_VERSION)));
}

void MainWindow::rebuildPresetMenu()
{
    m_presetMenu->clear();
    m_presetMenu->addAction(m_defaultWindowAction);
    m_presetMenu->addAction(m_lungWindowAction);
    m_presetMenu->addAction(m_boneWindowAction);
    const bool hasFilm = m_session->hasFilm();
    for (QAction *a :
         {m_defaultWindowAction, m_lungWindowAction, m_boneWindowAction, m_invertAction, m_resetAction})
        a->setEnabled(hasFilm);
    if (!hasFilm)
        return;
    const auto presets = windowPresets(m_session->film().meta, m_session->defaultWindow(), false);
    // The file's own presets (DICOM), between the default and lung/bone.
    if (presets.size() > 3) {
        m_presetMenu->addSeparator();
        for (int i = 1; i < lungPresetIndex(presets); ++i) {
            QAction *a = m_presetMenu->addAction(presets[i].name);
            connect(a, &QAction::triggered, this, [this, i] { applyWindowPreset(i); });
        }
    }
}

void MainWindow::applyWindowPreset(int which)
{
    if (!m_session->hasFilm())
        return;
    const auto presets =
        windowPresets(m_session->film().meta, m_session->defaultWindow(), m_invertAction->isChecked());
    if (which < 0) {
        DisplayWindow w = m_session->defaultWindow();
        requestWindow(w);
        return;
    }
    if (which < presets.size())
        requestWindow(presets[which]);
}

void MainWindow::requestWindow(DisplayWindow window)
{
    if (!m_session->hasFilm())
        return;
    window.invert = m_invertAction->isChecked();
    const FilmMetadata &meta = m_session->film().meta;
    m_view->setWindowing(window, meta.minValue, meta.maxValue);
    m_session->setWindow(window);
    updateStatus();
}

void MainWindow::resetView()
{
    {
        const QSignalBlocker block(m_invertAction);
        m_invertAction->setChecked(false);
    }
    m_view->zoomToFit();
    applyWindowPreset(-1);
}

void MainWindow::onFilmChanged(const chestlens::FilmView &film, bool sameFilm)
{
    m_wasComplete = false;
    {
        // The worker renders a newly opened film with its default window, not inverted.
        const QSignalBlocker block(m_invertAction);
        m_invertAction->setChecked(false);
    }
    m_view->setFilm(film.image, sameFilm);
    m_view->setWindowing(film.window, film.meta.minValue, film.meta.maxValue);
    m_metadata->setFilm(film);
    m_browser->setCurrentFile(film.path);
    if (QFileInfo(film.path) == QFileInfo(m_openedOnPurpose)) {
        m_recent->add(film.path);
        m_openedOnPurpose.clear();
    }
    m_lastFileFolder = QFileInfo(film.path).absolutePath();
    if (!m_session->hasModel())
        m_probabilities->setNoModel();
    setWindowTitle(tr("%1 — ChestLens").arg(QFileInfo(film.path).fileName()));
    rebuildPresetMenu();
    updateStatus();
}

void MainWindow::onAppearanceChanged()
{
    m_view->setOverlayOpacity(m_heatmap->opacity());
    m_overlay->setColormap(m_heatmap->colormap());
    m_overlay->setThreshold(m_heatmap->threshold());
}

void MainWindow::updateStatus()
{
    if (m_session->hasFilm()) {
        const FilmMetadata &m = m_session->film().meta;
        QString text =
            tr("%1 · %2 × %3").arg(QFileInfo(m_session->film().path).fileName()).arg(m.width).arg(m.height);
        if (!m.modality.isEmpty())
            text += QStringLiteral(" · ") + m.modality;
        m_filmLabel->setText(text);
        m_windowLabel->setText(describeWindow(m_view->window()));
        m_zoomLabel->setText(m_view->isFitMode() ? tr("Fit %1 %").arg(m_view->zoom() * 100.0, 0, 'f', 0)
                                                 : tr("Zoom %1 %").arg(m_view->zoom() * 100.0, 0, 'f', 0));
    } else {
        m_filmLabel->setText(tr("No film open"));
        m_windowLabel->clear();
        m_zoomLabel->clear();
    }
}

void MainWindow::updateProgress()
{
    if (m_backgroundTotal > 0 && m_backgroundDone < m_backgroundTotal) {
        m_progress->setRange(0, m_backgroundTotal);
        m_progress->setValue(m_backgroundDone);
        m_progress->setFormat(tr("%v of %m predicted"));
        m_progress->setToolTip(tr("Predicting the films of the folder in the background"));
        m_progress->show();
    } else if (m_busy) {
        m_progress->setRange(0, 0); // busy indicator
        m_progress->setFormat(QString());
        m_progress->setToolTip(tr("Working…"));
        m_progress->show();
    } else {
        m_progress->hide();
    }
}

void MainWindow::reportMessage(int level, const QString &text)
{
    const auto l = static_cast<MessageBar::Level>(level);
    // Information passes through the status bar; what needs attention stays in the message bar.
    if (l == MessageBar::Level::Information)
        statusBar()->showMessage(text, kStatusMessageMs);
    else
        m_messages->showMessage(l, text);
    const QString tag = l == MessageBar::Level::Error     ? tr("Error")
                        : l == MessageBar::Level::Warning ? tr("Warning")
                                                          : tr("Info");
    m_log->appendPlainText(QStringLiteral("%1  %2: %3")
                               .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), tag, text));
}

bool MainWindow::isDisplayComplete() const
{
    if (!m_session->isSettled())
        return false;
    // The worker finishing its last request (its busy indicator going off) is part of it, unless
    // it is busy with a folder's background predictions, which may take long.
    const bool backgroundRunning = m_backgroundTotal > 0 && m_backgroundDone < m_backgroundTotal;
    if (m_busy && !backgroundRunning)
        return false;
    if (m_heatmap->isHeatmapOn() && m_session->hasExplanation() &&
        (!m_overlay->isCurrent() || m_view->overlay().cacheKey() != m_overlay->overlay().cacheKey()))
        return false;
    return m_view->isSharp();
}

void MainWindow::checkDisplayComplete()
{
    bool complete = isDisplayComplete();
    if (complete) {
        // The panels just got new content (bars, texts) whose layout is still queued; lay it out
        // now so that "complete" means what a grab would show. It may resize the film view.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        complete = isDisplayComplete();
    }
    if (!complete && m_session->isSettled())
        m_view->prepareSharp();
    const bool was = m_wasComplete;
    m_wasComplete = complete;
    if (complete && !was)
        Q_EMIT displayComplete();
}

} // namespace chestlens::ui
