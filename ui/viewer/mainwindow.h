#pragma once

#include "core/worker/inferencetypes.h"

#include <QMainWindow>
#include <QPointer>

class QDialog;

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QSplitter;

namespace chestlens {
class InferenceController;
}

namespace chestlens::ui {

class ApplicabilityBanner;
class FilmBrowser;
class FilmView;
class HeatmapControls;
class HeatmapOverlay;
class MessageBar;
class MetadataPanel;
class ProbabilityPanel;
class RecentFiles;
class ViewerSession;

/// The ChestLens main window. Builds the widgets, menus and status bar and wires them to the
/// ViewerSession (current film and model) and to each other; it holds no viewing logic itself.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    struct Options
    {
        /// Read settings at start and write them when the window closes. Off for --screenshot,
        /// which must be reproducible and must not disturb the user's settings.
        bool useSettings = true;
        /// Model to load; empty: the one chosen last time (settings), else the bundled default.
        QString modelPath;
    };

    explicit MainWindow(QWidget *parent = nullptr);
    explicit MainWindow(const Options &options, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens films and folders (command line, drop, recent files): a single folder fills the
    /// browser and shows its first film; several files fill the browser with just them.
    void openPaths(const QStringList &paths);
    void openFile(const QString &path);
    void openFolder(const QString &folder);
    void loadModel(const QString &path);

    /// Everything requested for the current film is on screen: the film (sharp), its prediction
    /// and, when the heatmap is on, the heatmap, and the worker is idle (folder predictions in the
    /// background aside). displayComplete() signals the transition.
    bool isDisplayComplete() const;

    void saveSettings() const;

    // The parts, for the application (screenshots), tests and the report exporter.
    ViewerSession *session() const { return m_session; }
    FilmView *filmView() const { return m_view; }
    FilmBrowser *browser() const { return m_browser; }
    ProbabilityPanel *probabilityPanel() const { return m_probabilities; }
    HeatmapControls *heatmapControls() const { return m_heatmap; }
    MetadataPanel *metadataPanel() const { return m_metadata; }
    MessageBar *messageBar() const { return m_messages; }
    ApplicabilityBanner *applicabilityBanner() const { return m_applicability; }
    RecentFiles *recentFiles() const { return m_recent; }
    QMenu *fileMenu() const { return m_fileMenu; }

Q_SIGNALS:
    void displayComplete();
    /// A film or folder given to openPaths()/openFile() could not be opened (message names it).
    void openFailed(const QString &path, const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void buildWidgets();
    void createActions();
    void createMenus();
    void createLanguageMenu(QMenu *menu);
    void connectSession();
    void applySettings();
    void showBrowser();
    void chooseFiles();
    void chooseFolder();
    void chooseModel();
    void showModelCard();
    void showTrainingDialog();
    void showEvaluationDialog();
    void exportReport(const QStringList &files);
    void showShortcuts();
    void showAbout();

    void applyWindowPreset(int which); ///< index into windowPresets(), -1: the file default
    void requestWindow(chestlens::DisplayWindow window);
    void rebuildPresetMenu();
    void resetView();
    void onFilmChanged(const chestlens::FilmView &film, bool sameFilm);
    void onAppearanceChanged();
    void updateStatus();
    void updateProgress();
    void reportMessage(int level, const QString &text); ///< MessageBar::Level; logged too
    void checkDisplayComplete();

    Options m_options;
    chestlens::InferenceController *m_controller = nullptr;
    ViewerSession *m_session = nullptr;
    HeatmapOverlay *m_overlay = nullptr;

    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_sideSplitter = nullptr;
    FilmBrowser *m_browser = nullptr;
    FilmView *m_view = nullptr;
    MessageBar *m_messages = nullptr;
    ApplicabilityBanner *m_applicability = nullptr;
    ProbabilityPanel *m_probabilities = nullptr;
    HeatmapControls *m_heatmap = nullptr;
    MetadataPanel *m_metadata = nullptr;
    QDockWidget *m_logDock = nullptr;
    QPlainTextEdit *m_log = nullptr;

    QLabel *m_filmLabel = nullptr;
    QLabel *m_windowLabel = nullptr;
    QLabel *m_zoomLabel = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_disclaimer = nullptr;

    QMenu *m_fileMenu = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_presetMenu = nullptr;
    RecentFiles *m_recent = nullptr;
    QPointer<QDialog> m_shortcutsDialog;

    // File
    QAction *m_openAction = nullptr;
    QAction *m_openFolderAction = nullptr;
    QAction *m_quitAction = nullptr;
    // View
    QAction *m_zoomInAction = nullptr;
    QAction *m_zoomOutAction = nullptr;
    QAction *m_fitAction = nullptr;
    QAction *m_actualSizeAction = nullptr;
    QAction *m_invertAction = nullptr;
    QAction *m_defaultWindowAction = nullptr;
    QAction *m_lungWindowAction = nullptr;
    QAction *m_boneWindowAction = nullptr;
    QAction *m_resetAction = nullptr;
    QAction *m_nextAction = nullptr;
    QAction *m_previousAction = nullptr;
    QAction *m_browserAction = nullptr;
    QAction *m_fullScreenAction = nullptr;
    // Model
    QAction *m_loadModelAction = nullptr;
    QAction *m_modelCardAction = nullptr;
    QAction *m_defaultModelAction = nullptr;
    QAction *m_trainAction = nullptr;
    QAction *m_evaluateAction = nullptr;
    QAction *m_exportReportAction = nullptr;
    QAction *m_exportBatchAction = nullptr;
    // Help
    QAction *m_shortcutsAction = nullptr;
    QAction *m_aboutAction = nullptr;

    QString m_lastFileFolder;
    QString m_lastBrowseFolder;
    QPointer<QDialog> m_trainingDialog;
    QString m_modelSetting; ///< the model path the settings remember (empty: default)
    bool m_fallBackToDefault = false;
    QString m_openFirstOfFolder;     ///< a folder whose first film opens once listed
    QString m_openedOnPurpose;       ///< a film to add to the recent list once it opens
    bool m_splitterRestored = false; ///< sizes came from the settings (or were set at first show)
    bool m_busy = false;
    int m_backgroundDone = 0;
    int m_backgroundTotal = 0;
    bool m_wasComplete = false;
};

} // namespace chestlens::ui
