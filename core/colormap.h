#pragma once

// Heatmap colouring for Grad-CAM overlays. Qt Gui only (no torch, no OpenCV): the viewer calls it
// on the GUI thread to recolour live when the user changes the colormap, opacity or threshold.
// All functions are pure and reentrant.

#include <QImage>
#include <QRgb>
#include <QSize>
#include <QString>
#include <QStringList>

#include <array>
#include <optional>

namespace chestlens {

enum class Colormap {
    Turbo, ///< rainbow-like, perceptually smoother than jet: dark blue → cyan → green → yellow → red
    Jet,   ///< the classic MATLAB rainbow (blue → cyan → yellow → red), as in most CAM papers
    Inferno, ///< perceptually uniform, black → purple → orange → pale yellow
    Magma,   ///< perceptually uniform, black → purple → pink → pale yellow
    Red,     ///< single hue ("hot red"): dark red → bright red; intensity also drives the opacity
};

/// "turbo", "jet", "inferno", "magma", "red".
QString colormapName(Colormap map);
/// Inverse of colormapName(), case-insensitive; also accepts "hot-red", "hotred" and "hot red".
std::optional<Colormap> colormapFromName(const QString &name);
QStringList colormapNames();

/// The colormap sampled at 256 levels (index = heat 0..255), opaque.
const std::array<QRgb, 256> &colormapTable(Colormap map);
/// The colour for a relevance in [0, 1] (clamped).
QRgb colormapColor(Colormap map, double value);

/// Blends a heatmap over a grey film: out = grey * (1 - a) + colour(heat) * a per channel, where
/// a = opacity * fade(heat). fade ramps linearly from 0 at heat 0 to 1 at 25 % of the maximum
/// (for Red: fade = heat itself), so the film stays plain grey where the model did not look, and
/// a = 0 wherever heat / 255 < threshold. `grey8` is converted to Format_Grayscale8 if needed;
/// `heat8` (Format_Grayscale8, 0..255 = relevance 0..1) is scaled to the film's size if it differs
/// and may be null (the film alone). opacity and threshold are clamped to [0, 1].
/// @returns a Format_RGB32 image of grey8's size (null if grey8 is null).
QImage overlayHeatmap(const QImage &grey8, const QImage &heat8, Colormap map, double opacity,
                      double threshold);

/// The heatmap alone in colour (Format_ARGB32): opaque colour(heat), fully transparent where
/// heat / 255 < threshold (threshold 0: every pixel is opaque).
QImage colorizeHeatmap(const QImage &heat8, Colormap map, double threshold = 0.0);

/// A colour bar of `size` (Format_ARGB32_Premultiplied, transparent background): horizontal
/// (low at the left) when size is wider than tall, else vertical (high at the top). `labels`
/// are spread evenly from the low to the high end, e.g. {"0", "0.5", "1"} or {"low", "high"};
/// they are drawn (white with a dark outline, readable on any background) only when a
/// QGuiApplication exists, since text needs its font database — without one the bar fills the
/// whole image.
QImage colormapLegend(Colormap map, QSize size, const QStringList &labels = {});

} // namespace chestlens
