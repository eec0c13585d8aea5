#pragma once

#include "core/film/display.h"

#include <QImage>
#include <QPointF>
#include <QThreadPool>
#include <QWidget>

namespace chestlens::ui {

/// Shows one film (8-bit grey, full resolution) with an optional colour overlay stretched over it.
///
/// Fit (kept on resize until the user zooms), zoom (wheel around the cursor, slots for keys, 1:1),
/// pan (left or middle drag), window/level (right drag). The view never re-windows pixels itself:
/// right-drag emits windowRequested() and the new rendering comes back through setFilm().
///
/// Large films stay smooth: while zoomed out, the view paints area-averaged copies made for the
/// current zoom on a background thread (cached), and until one is ready a fast nearest-neighbour
/// rendering of the visible part. isSharp()/sharpened() tell when the cached copies are current.
class FilmView : public QWidget
{
    Q_OBJECT
public:
    explicit FilmView(QWidget *parent = nullptr);
    ~FilmView() override; ///< waits for its background scaling jobs

    /// Shows `grey`. `keepView`: the same film re-rendered (e.g. another window): keep zoom and pan.
    void setFilm(const QImage &grey, bool keepView);
    void clear();
    bool hasFilm() const { return !m_film.isNull(); }
    QImage film() const { return m_film; }

    /// A colour overlay (ARGB, ideally premultiplied) of any size, stretched over the whole film.
    /// A null image removes it.
    void setOverlay(const QImage &overlay);
    QImage overlay() const { return m_overlay; }
    void setOverlayOpacity(double opacity); ///< 0..1, applied when painting (no recomputation)
    double overlayOpacity() const { return m_opacity; }
    void setOverlayVisible(bool visible);
    bool isOverlayVisible() const { return m_overlayVisible; }

    /// The window of the current rendering and the film's modality value range: the starting point
    /// and the scale of right-drag window/level.
    void setWindowing(const chestlens::DisplayWindow &window, double minValue, double maxValue);
    chestlens::DisplayWindow window() const { return m_window; }

    double zoom() const { return m_zoom; } ///< device-independent screen pixels per film pixel
    bool isFitMode() const { return m_fit; }
    /// Where the film lies in widget coordinates.
    QRectF filmRect() const;

    /// True when every layer is painted from an area-averaged copy for the current zoom and device
    /// pixel ratio (or needs none; a change of screen simply makes the copies stale). Otherwise the copies
    /// are being made and sharpened() follows.
    bool isSharp() const;
    /// Starts making the copies isSharp() needs, without waiting for a paint.
    void prepareSharp();

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    void zoomToFit();
    void zoomActualSize();
    /// Zooms to `zoom`, keeping the film point under `anchor` (widget coordinates) in place.
    void setZoom(double zoom, const QPointF &anchor);

Q_SIGNALS:
    /// Right-drag asks for another window (linear, in modality units). Frequent while dragging; the
    /// receiver should let the newest request win.
    void windowRequested(const chestlens::DisplayWindow &window);
    void zoomChanged(double zoom);
    void sharpened();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;

private:
    enum Layer { FilmLayer = 0, OverlayLayer = 1, LayerCount = 2 };
    struct ScaledCopy
    {
        qint64 sourceKey = 0;
        QImage image; ///< device pixels, devicePixelRatio set
        bool busy = false;
    };

    double fitZoom() const;
    QSize deviceSize() const; ///< the film's painted size in device pixels
    const QImage &layerImage(Layer layer) const;
    bool needsCopy(Layer layer) const;
    bool copyIsCurrent(Layer layer) const;
    void requestCopy(Layer layer);
    void drawLayer(QPainter &painter, Layer layer, const QRectF &target);
    void clampOffset();
    void applyFit();

    QImage m_film;
    QImage m_overlay;
    double m_opacity = 0.5;
    bool m_overlayVisible = true;

    chestlens::DisplayWindow m_window;
    double m_rangeMin = 0.0;
    double m_rangeMax = 255.0;

    double m_zoom = 1.0;
    bool m_fit = true;
    QPointF m_offset; ///< the film's top-left corner in widget coordinates

    enum class Drag { None, Pan, Window };
    Drag m_drag = Drag::None;
    QPointF m_dragStart;
    QPointF m_offsetAtDragStart;
    chestlens::DisplayWindow m_windowAtDragStart;

    ScaledCopy m_copies[LayerCount];
    QThreadPool m_pool;
};

} // namespace chestlens::ui
