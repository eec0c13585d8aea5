#pragma once

#include "core/film/film.h"

#include <QImage>

#include <vector>

namespace chestlens {

/// How modality values become display values (the VOI stage of the DICOM grayscale pipeline).
struct DisplayWindow
{
    enum class Kind { Linear, VoiLut };
    Kind kind = Kind::Linear;
    double centre = 128.0; ///< modality units (Linear only); 128/256 is the 8-bit identity
    double width = 256.0;  ///< modality units, >= 1 (Linear only)
    bool invert = false;   ///< user inversion, applied on top of MONOCHROME1 handling
    QString name;          ///< "DICOM preset 1", "auto (0.5–99.5 %)", "lung"…
};

/// The default VOI: the file's first window preset, else its VOI LUT, else
/// percentileWindow() for DICOM and 16-bit data, else the full 8-bit range.
DisplayWindow defaultWindow(const Film &film);

/// A robust linear window spanning the [lowFraction, highFraction] quantiles of the pixels.
DisplayWindow percentileWindow(const Film &film, double lowFraction = 0.005, double highFraction = 0.995);

/// Applies the VOI stage and then the polarity (MONOCHROME1 inverted, so bone is white, then
/// `window.invert`). Returns width*height values in [0, 1], row-major. This is also the model input.
std::vector<float> renderDisplayValues(const Film &film, const DisplayWindow &window);

/// renderDisplayValues() quantised to an 8-bit (Format_Grayscale8) or 16-bit (Format_Grayscale16)
/// image of the film's size.
QImage renderFilm(const Film &film, const DisplayWindow &window, int outputBits = 8);

/// The film in its own units without windowing, for `convert --raw`: the stored values as a
/// 16-bit image (8-bit sources are widened), MONOCHROME1 inverted within the stored bit range.
QImage renderRaw16(const Film &film);

} // namespace chestlens
