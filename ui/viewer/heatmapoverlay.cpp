#include "ui/viewer/heatmapoverlay.h"

#include "ui/common/backgroundtask.h"

#include <algorithm>

namespace chestlens::ui {

namespace {

/// overlayHeatmap()'s fade: the blend weight rises linearly from heat 0 to full at this share of
/// the maximum, so the film stays grey where the model did not look.
constexpr double kFadeEnd = 0.25;
/// The overlay is coloured at most this many pixels on its longer side and stretched over the
/// film when painted: a Grad-CAM map is smooth (upsampled from a few cells per side), so a 2k
/// film's full-resolution overlay would cost 4× the memory and time for no visible difference.
constexpr int kMaxOverlaySide = 1024;

} // namespace

HeatmapOverlay::HeatmapOverlay(QObject *parent) : QObject(parent)
{
    m_pool.setMaxThreadCount(1);
}

HeatmapOverlay::~HeatmapOverlay()
{
    m_pool.clear();
    m_pool.waitForDone();
}

void HeatmapOverlay::setHeat(const QImage &heat8)
{
    m_heat = heat8;
    recompute();
}

void HeatmapOverlay::setColormap(Colormap map)
{
    if (map == m_map)
        return;
    m_map = map;
    recompute();
}

void HeatmapOverlay::setThreshold(double threshold)
{
    threshold = std::clamp(threshold, 0.0, 1.0);
    if (threshold == m_threshold)
        return;
    m_threshold = threshold;
    recompute();
}

QImage HeatmapOverlay::colorize(const QImage &heat8In, Colormap map, double threshold)
{
    if (heat8In.isNull())
        return {};
    QImage heat8 = heat8In.format() == QImage::Format_Grayscale8
                       ? heat8In
                       : heat8In.convertToFormat(QImage::Format_Grayscale8);
    if (std::max(heat8.width(), heat8.height()) > kMaxOverlaySide)
        heat8 = heat8.scaled(kMaxOverlaySide, kMaxOverlaySide, Qt::KeepAspectRatio, Qt::FastTransformation);
    // Per heat level: premultiplied colour with alpha = fade * (level >= threshold).
    const auto &table = colormapTable(map);
    std::array<QRgb, 256> lut{};
    for (int v = 0; v < 256; ++v) {
        const double h = v / 255.0;
        double a = map == Colormap::Red ? h : std::min(1.0, h / kFadeEnd);
        if (h < threshold)
            a = 0.0;
        const QRgb c = table[size_t(v)];
        lut[size_t(v)] = qPremultiply(qRgba(qRed(c), qGreen(c), qBlue(c), qRound(a * 255.0)));
    }
    QImage out(heat8.size(), QImage::Format_ARGB32_Premultiplied);
    for (int y = 0; y < heat8.height(); ++y) {
        const uchar *src = heat8.constScanLine(y);
        auto *dst = reinterpret_cast<QRgb *>(out.scanLine(y));
        for (int x = 0; x < heat8.width(); ++x)
            dst[x] = lut[src[x]];
    }
    return out;
}

void HeatmapOverlay::recompute()
{
    const quint64 id = ++m_requested;
    if (m_heat.isNull()) {
        m_pool.clear();
        m_done = id;
        m_overlay = QImage();
        Q_EMIT overlayReady(m_overlay);
        return;
    }
    m_pool.clear(); // a queued, not yet started job is superseded
    runInBackground(
        m_pool, this,
        [heat = m_heat, map = m_map, threshold = m_threshold]() { return colorize(heat, map, threshold); },
        [this, id](QImage overlay) {
            if (id != m_requested)
                return; // superseded while it ran
            m_done = id;
            m_overlay = std::move(overlay);
            Q_EMIT overlayReady(m_overlay);
        });
}

} // namespace chestlens::ui
