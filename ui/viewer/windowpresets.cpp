#include "ui/viewer/windowpresets.h"

#include <QCoreApplication>

#include <algorithm>

namespace chestlens::ui {

namespace {

QString trPreset(const char *text)
{
    return QCoreApplication::translate("WindowPresets", text);
}

/// Radiograph lung/bone windows relative to the default window: shift the centre by this share of
/// the default width towards the dark (lung) or bright (bone) end, and narrow the width.
constexpr double kLungShift = 0.15;
constexpr double kLungWidth = 0.7;
constexpr double kBoneShift = 0.2;
constexpr double kBoneWidth = 0.6;

const char *const kLungName = QT_TRANSLATE_NOOP("WindowPresets", "lung");
const char *const kBoneName = QT_TRANSLATE_NOOP("WindowPresets", "bone");

} // namespace

QVector<DisplayWindow> windowPresets(const FilmMetadata &meta, const DisplayWindow &fileDefault, bool invert)
{
    QVector<DisplayWindow> out;
    DisplayWindow d = fileDefault;
    d.invert = invert;
    d.name = QCoreApplication::translate("WindowPresets", "default: %1")
                 .arg(fileDefault.name.isEmpty() ? QCoreApplication::translate("WindowPresets", "file")
                                                 : fileDefault.name);
    out << d;
    for (int i = 0; i < meta.windows.size(); ++i) {
        DisplayWindow w;
        w.centre = meta.windows[i].centre;
        w.width = std::max(1.0, meta.windows[i].width);
        w.invert = invert;
        w.name = meta.windows[i].explanation.isEmpty()
                     ? QCoreApplication::translate("WindowPresets", "DICOM preset %1").arg(i + 1)
                     : meta.windows[i].explanation;
        out << w;
    }

    DisplayWindow lung, bone;
    lung.invert = bone.invert = invert;
    lung.name = trPreset(kLungName);
    bone.name = trPreset(kBoneName);
    if (meta.modality == QLatin1String("CT")) {
        lung.centre = -600.0;
        lung.width = 1500.0;
        bone.centre = 400.0;
        bone.width = 1800.0;
    } else {
        double centre = fileDefault.centre;
        double width = fileDefault.width;
        if (fileDefault.kind != DisplayWindow::Kind::Linear) {
            centre = (double(meta.minValue) + double(meta.maxValue)) / 2.0;
            width = std::max(1.0, double(meta.maxValue) - double(meta.minValue));
        }
        // With MONOCHROME1 high values are dark, so "towards the dark end" means upwards.
        const double darkSign = meta.invertedPolarity() ? 1.0 : -1.0;
        lung.centre = centre + darkSign * kLungShift * width;
        lung.width = std::max(1.0, kLungWidth * width);
        bone.centre = centre - darkSign * kBoneShift * width;
        bone.width = std::max(1.0, kBoneWidth * width);
    }
    out << lung << bone;
    return out;
}

int lungPresetIndex(const QVector<DisplayWindow> &presets)
{
    return int(presets.size()) - 2;
}

int bonePresetIndex(const QVector<DisplayWindow> &presets)
{
    return int(presets.size()) - 1;
}

} // namespace chestlens::ui
