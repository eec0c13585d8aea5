#include "ui/viewer/viewersettings.h"

#include <QSettings>

#include <algorithm>

namespace chestlens::ui {

namespace {

QString methodKey(CamMethod m)
{
    switch (m) {
    case CamMethod::GradCamPlusPlus:
        return QStringLiteral("gradcam++");
    case CamMethod::LayerCam:
        return QStringLiteral("layercam");
    case CamMethod::GradCam:
        break;
    }
    return QStringLiteral("gradcam");
}

CamMethod methodFromKey(const QString &key)
{
    if (key == QLatin1String("gradcam++"))
        return CamMethod::GradCamPlusPlus;
    if (key == QLatin1String("layercam"))
        return CamMethod::LayerCam;
    return CamMethod::GradCam;
}

} // namespace

ViewerSettings ViewerSettings::load(QSettings &s)
{
    ViewerSettings v;
    s.beginGroup(QStringLiteral("window"));
    v.geometry = s.value(QStringLiteral("geometry")).toByteArray();
    v.windowState = s.value(QStringLiteral("state")).toByteArray();
    v.mainSplitter = s.value(QStringLiteral("mainSplitter")).toByteArray();
    v.sideSplitter = s.value(QStringLiteral("sideSplitter")).toByteArray();
    s.endGroup();
    s.beginGroup(QStringLiteral("files"));
    v.lastFileFolder = s.value(QStringLiteral("lastFileFolder")).toString();
    v.lastBrowseFolder = s.value(QStringLiteral("lastBrowseFolder")).toString();
    v.recentFiles = s.value(QStringLiteral("recent")).toStringList();
    s.endGroup();
    s.beginGroup(QStringLiteral("overlay"));
    v.heatmapOn = s.value(QStringLiteral("enabled"), v.heatmapOn).toBool();
    v.method = methodFromKey(s.value(QStringLiteral("method")).toString());
    v.colormap = colormapFromName(s.value(QStringLiteral("colormap")).toString()).value_or(v.colormap);
    v.opacity = std::clamp(s.value(QStringLiteral("opacity"), v.opacity).toDouble(), 0.0, 1.0);
    v.threshold = std::clamp(s.value(QStringLiteral("threshold"), v.threshold).toDouble(), 0.0, 1.0);
    s.endGroup();
    v.modelPath = s.value(QStringLiteral("model/path")).toString();
    v.showPatient = s.value(QStringLiteral("privacy/showPatient"), false).toBool();
    return v;
}

void ViewerSettings::save(QSettings &s) const
{
    s.beginGroup(QStringLiteral("window"));
    s.setValue(QStringLiteral("geometry"), geometry);
    s.setValue(QStringLiteral("state"), windowState);
    s.setValue(QStringLiteral("mainSplitter"), mainSplitter);
    s.setValue(QStringLiteral("sideSplitter"), sideSplitter);
    s.endGroup();
    s.beginGroup(QStringLiteral("files"));
    s.setValue(QStringLiteral("lastFileFolder"), lastFileFolder);
    s.setValue(QStringLiteral("lastBrowseFolder"), lastBrowseFolder);
    s.setValue(QStringLiteral("recent"), recentFiles);
    s.endGroup();
    s.beginGroup(QStringLiteral("overlay"));
    s.setValue(QStringLiteral("enabled"), heatmapOn);
    s.setValue(QStringLiteral("method"), methodKey(method));
    s.setValue(QStringLiteral("colormap"), colormapName(colormap));
    s.setValue(QStringLiteral("opacity"), opacity);
    s.setValue(QStringLiteral("threshold"), threshold);
    s.endGroup();
    s.setValue(QStringLiteral("model/path"), modelPath);
    s.setValue(QStringLiteral("privacy/showPatient"), showPatient);
}

} // namespace chestlens::ui
