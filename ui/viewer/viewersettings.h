#pragma once

#include "core/colormap.h"
#include "core/worker/inferencetypes.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

class QSettings;

namespace chestlens::ui {

/// Everything the viewer remembers between sessions, with its defaults. Read and written in one
/// place so the keys cannot drift apart; stored with QSettings (organisation/application names
/// set by the application).
struct ViewerSettings
{
    QByteArray geometry;      ///< QMainWindow::saveGeometry()
    QByteArray windowState;   ///< QMainWindow::saveState() (docks)
    QByteArray mainSplitter;  ///< browser | film | side panel
    QByteArray sideSplitter;  ///< prediction and heatmap | metadata
    QString lastFileFolder;   ///< where File ▸ Open starts
    QString lastBrowseFolder; ///< where File ▸ Open Folder starts
    QStringList recentFiles;  ///< newest first, films and folders
    bool heatmapOn = true;
    chestlens::CamMethod method = chestlens::CamMethod::GradCam;
    chestlens::Colormap colormap = chestlens::Colormap::Turbo;
    double opacity = 0.45;    ///< half-transparent: the film stays readable under the heat
    double threshold = 0.0;   ///< 0: the blend's own fade hides faint relevance, without a hard edge
    QString modelPath;        ///< empty: the bundled default
    bool showPatient = false; ///< identifying fields are opt-in

    static ViewerSettings load(QSettings &settings);
    void save(QSettings &settings) const;
};

} // namespace chestlens::ui
