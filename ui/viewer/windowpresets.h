#pragma once

#include "core/film/display.h"
#include "core/film/film.h"

#include <QVector>

namespace chestlens::ui {

/// The window/level presets offered for a film, in menu order: the file's default (as first
/// shown), the DICOM presets stored in the file, then "lung" and "bone".
///
/// Radiographs have no calibrated units, so for them lung and bone are derived from the default
/// window: lung favours the dark (air-filled) end with more contrast, bone the bright end. CT
/// films (Hounsfield units) get the customary lung (C −600 / W 1500) and bone (C 400 / W 1800).
/// Every preset keeps `current.invert`.
QVector<chestlens::DisplayWindow> windowPresets(const chestlens::FilmMetadata &meta,
                                                const chestlens::DisplayWindow &fileDefault, bool invert);

/// Index of the lung/bone preset in windowPresets()'s list.
int lungPresetIndex(const QVector<chestlens::DisplayWindow> &presets);
int bonePresetIndex(const QVector<chestlens::DisplayWindow> &presets);

} // namespace chestlens::ui
