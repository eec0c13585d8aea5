#pragma once

#include "core/colormap.h"

#include <QImage>
#include <QObject>
#include <QThreadPool>

namespace chestlens::ui {

/// Turns an explanation's heat (8-bit, film size) into the colour overlay the film view paints on
/// top of the film, on a background thread; the newest request wins.
///
/// The overlay's alpha is core's overlayHeatmap() blend weight without the opacity (the fade from
/// no heat, the threshold), so FilmView painting it at `opacity` gives exactly overlayHeatmap()'s
/// picture — the report and the viewer agree — while opacity changes and window changes
/// need no recolouring at all.
class HeatmapOverlay : public QObject
{
    Q_OBJECT
public:
    explicit HeatmapOverlay(QObject *parent = nullptr);
    ~HeatmapOverlay() override; ///< waits for a running job

    void setHeat(const QImage &heat8); ///< null: no overlay
    void setColormap(chestlens::Colormap map);
    void setThreshold(double threshold); ///< 0..1 of the maximum relevance
    chestlens::Colormap colormap() const { return m_map; }
    double threshold() const { return m_threshold; }

    /// The overlay for the current heat and settings is ready (no job pending).
    bool isCurrent() const { return m_done == m_requested; }
    QImage overlay() const { return m_overlay; }

    /// The overlay computation itself (reentrant; at most 1024 px on the longer side, to be
    /// stretched over the film): exposed for tests.
    static QImage colorize(const QImage &heat8, chestlens::Colormap map, double threshold);

Q_SIGNALS:
    void overlayReady(const QImage &overlay);

private:
    void recompute();

    QImage m_heat;
    chestlens::Colormap m_map = chestlens::Colormap::Turbo;
    double m_threshold = 0.0;
    QImage m_overlay;
    quint64 m_requested = 0;
    quint64 m_done = 0;
    QThreadPool m_pool;
};

} // namespace chestlens::ui
