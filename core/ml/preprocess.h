#pragma once

#include "core/film/display.h"
#include "core/film/film.h"

#include <QJsonObject>
#include <QPointF>
#include <QRect>

#include <cstdint>
#include <vector>

namespace chestlens {

/// How a film becomes the model's input. Stored in every model file so that inference repeats
/// exactly what training did.
struct PreprocessOptions
{
    int imageSize = 128; ///< square model input, pixels
    /// Trim nearly uniform bands at the film's edges (collimation, scanner borders, padding):
    /// they differ between hospitals and are a known shortcut.
    bool trimBorders = true;
    /// Global histogram equalisation of the model input: removes most of the exposure and
    /// contrast differences between sources.
    bool equalize = true;
    /// How the (trimmed) film becomes a square. Stretch: the whole film, squeezed to the square, as
    /// the published recipe does. CentreCrop: the central square of the film (its shorter side),
    /// so anatomy keeps its proportions. In the development data the films' aspect ratio follows
    /// the source and the class (children's pneumonia films median width/height 1.44, normal and
    /// tuberculosis films 1.00), so stretching lets a network read the source from the squeeze.
    /// The price: a wide film loses its lateral edges (a 1.22 film about 18 % of its width), a tall
    /// one its top and bottom (lung apices, costophrenic angles).
    enum class Fit { Stretch, CentreCrop };
    Fit fit = Fit::Stretch;

    QJsonObject toJson() const;
    static PreprocessOptions fromJson(const QJsonObject &o);
};

/// Where the model input lies on the original film: input pixel (u, v) of the S x S input
/// covers source pixels crop.x() + (u + 0.5) * crop.width() / S - 0.5 (likewise for v).
/// The crop is stretched (never letterboxed) into the square, so there is no padding a model could
/// learn; the mapping is exact for any aspect ratio (with PreprocessOptions::Fit::CentreCrop the
/// crop is square and the scale the same along both axes).
struct InputGeometry
{
    int sourceWidth = 0;
    int sourceHeight = 0;
    QRect crop; ///< region of the film that was used, in source pixels
    /// The film after border trimming, before any centre crop: the frame ChestRegion is drawn on,
    /// so that "inside the chest" means the same for a cropped and a stretched model. Empty in
    /// geometries made elsewhere; chestFrame() then falls back to `crop`.
    QRect content;
    int size = 0; ///< model input side

    QRect chestFrame() const { return content.isEmpty() ? crop : content; }

    QPointF toInput(const QPointF &source) const;
    QPointF toSource(const QPointF &input) const;
};

/// A film ready for the network: size x size 8-bit grey values, row-major.
struct PreparedImage
{
    std::vector<std::uint8_t> pixels;
    InputGeometry geometry;
};

/// Display pipeline (`window`, MONOCHROME1 inversion) → border trim → centre crop (if chosen) →
/// resize → equalisation.
PreparedImage prepareFilm(const Film &film, const DisplayWindow &window, const PreprocessOptions &options);

/// prepareFilm() with the film's default window.
PreparedImage prepareFilm(const Film &film, const PreprocessOptions &options);

} // namespace chestlens
