#include "ui/viewer/filmview.h"

#include "ui/common/backgroundtask.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <vector>

namespace chestlens::ui {

namespace {

/// Zoom step of the zoom-in/out keys (five steps double the size, about).
constexpr double kZoomStep = 1.25;
/// Wheel sensitivity: one notch (120 units) zooms by about 20 %.
constexpr double kWheelBase = 1.0015;
constexpr double kMinZoom = 0.02;
constexpr double kMaxZoom = 32.0;
/// Right-drag window/level: one screen pixel moves centre or width by this share of the film's
/// value range, so a drag across a typical view spans about the whole range.
constexpr double kWindowPerPixel = 1.0 / 512.0;
/// Dark grey rather than black around the film: the film's own black edges stay visible.
const QColor kBackground(18, 18, 20);

/// Area-averaging minification of an 8-bit grey film straight to RGB32 (what the raster engine
/// blits fastest). Qt's own smooth scaling of Format_Grayscale8 takes a generic path that is
/// ~20× slower on a 2k film; this is one pass over the source.
QImage downscaleGrey(const QImage &grey, QSize size)
{
    const int sw = grey.width(), sh = grey.height();
    const int dw = size.width(), dh = size.height();
    QImage out(size, QImage::Format_RGB32);
    std::vector<quint32> columnSums(size_t(sw), 0);
    for (int dy = 0; dy < dh; ++dy) {
        const int y0 = int(qint64(dy) * sh / dh);
        const int y1 = std::max(y0 + 1, int(qint64(dy + 1) * sh / dh));
        std::fill(columnSums.begin(), columnSums.end(), 0u);
        for (int y = y0; y < y1; ++y) {
            const uchar *row = grey.constScanLine(y);
            for (int x = 0; x < sw; ++x)
                columnSums[size_t(x)] += row[x];
        }
        auto *dst = reinterpret_cast<QRgb *>(out.scanLine(dy));
        for (int dx = 0; dx < dw; ++dx) {
            const int x0 = int(qint64(dx) * sw / dw);
            const int x1 = std::max(x0 + 1, int(qint64(dx + 1) * sw / dw));
            quint32 sum = 0;
            for (int x = x0; x < x1; ++x)
                sum += columnSums[size_t(x)];
            const int v = int((sum + quint32((x1 - x0) * (y1 - y0)) / 2) / quint32((x1 - x0) * (y1 - y0)));
            dst[dx] = qRgb(v, v, v);
        }
    }
    return out;
}

} // namespace

FilmView::FilmView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("FilmView"));
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(false);
    setCursor(Qt::OpenHandCursor);
    // One thread: the copies are made one at a time, the other core stays with the inference worker.
    m_pool.setMaxThreadCount(1);
}

FilmView::~FilmView()
{
    m_pool.clear();
    m_pool.waitForDone();
}

QSize FilmView::sizeHint() const
{
    return {800, 800};
}

QSize FilmView::minimumSizeHint() const
{
    return {200, 200};
}

void FilmView::setFilm(const QImage &grey, bool keepView)
{
    const bool sameSize = grey.size() == m_film.size();
    m_film = grey;
    if (!keepView || !sameSize) {
        m_fit = true;
        applyFit();
    }
    update();
}

void FilmView::clear()
{
    m_film = QImage();
    m_overlay = QImage();
    for (ScaledCopy &c : m_copies)
        c.image = QImage();
    update();
}

void FilmView::setOverlay(const QImage &overlay)
{
    m_overlay = overlay;
    update();
}

void FilmView::setOverlayOpacity(double opacity)
{
    opacity = std::clamp(opacity, 0.0, 1.0);
    if (qFuzzyCompare(opacity + 1.0, m_opacity + 1.0))
        return;
    m_opacity = opacity;
    update();
}

void FilmView::setOverlayVisible(bool visible)
{
    if (visible == m_overlayVisible)
        return;
    m_overlayVisible = visible;
    update();
}

void FilmView::setWindowing(const DisplayWindow &window, double minValue, double maxValue)
{
    m_window = window;
    m_rangeMin = minValue;
    m_rangeMax = std::max(maxValue, minValue + 1.0);
}

QRectF FilmView::filmRect() const
{
    return {m_offset, QSizeF(m_film.size()) * m_zoom};
}

double FilmView::fitZoom() const
{
    if (m_film.isNull() || width() <= 0 || height() <= 0)
        return 1.0;
    return std::min(double(width()) / m_film.width(), double(height()) / m_film.height());
}

void FilmView::applyFit()
{
    const double old = m_zoom;
    m_zoom = std::clamp(fitZoom(), kMinZoom, kMaxZoom);
    clampOffset();
    if (!qFuzzyCompare(old, m_zoom))
        Q_EMIT zoomChanged(m_zoom);
}

void FilmView::clampOffset()
{
    // Like a scroll area: a film smaller than the view is centred, a larger one cannot be dragged
    // so far that its edge comes inside the view.
    const QSizeF s = QSizeF(m_film.size()) * m_zoom;
    auto clampAxis = [](double offset, double extent, double view) {
        if (extent <= view)
            return (view - extent) / 2.0;
        return std::clamp(offset, view - extent, 0.0);
    };
    m_offset.setX(clampAxis(m_offset.x(), s.width(), width()));
    m_offset.setY(clampAxis(m_offset.y(), s.height(), height()));
}

void FilmView::setZoom(double zoom, const QPointF &anchor)
{
    if (m_film.isNull())
        return;
    zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
    const QPointF filmPoint = (anchor - m_offset) / m_zoom;
    m_zoom = zoom;
    m_fit = false;
    m_offset = anchor - filmPoint * m_zoom;
    clampOffset();
    update();
    Q_EMIT zoomChanged(m_zoom);
}

void FilmView::zoomIn()
{
    setZoom(m_zoom * kZoomStep, rect().center());
}

void FilmView::zoomOut()
{
    setZoom(m_zoom / kZoomStep, rect().center());
}

void FilmView::zoomActualSize()
{
    setZoom(1.0, rect().center());
}

void FilmView::zoomToFit()
{
    m_fit = true;
    applyFit();
    update();
}

QSize FilmView::deviceSize() const
{
    const QSizeF s = QSizeF(m_film.size()) * m_zoom * devicePixelRatioF();
    return {std::max(1, qRound(s.width())), std::max(1, qRound(s.height()))};
}

const QImage &FilmView::layerImage(Layer layer) const
{
    return layer == FilmLayer ? m_film : m_overlay;
}

bool FilmView::needsCopy(Layer layer) const
{
    const QImage &img = layerImage(layer);
    if (img.isNull() || (layer == OverlayLayer && !m_overlayVisible))
        return false;
    // Only minification needs the area-averaged copy; magnification is drawn directly (bilinear).
    const QSize d = deviceSize();
    return d.width() < img.width() && d.height() < img.height();
}

bool FilmView::copyIsCurrent(Layer layer) const
{
    const ScaledCopy &c = m_copies[layer];
    return c.sourceKey == layerImage(layer).cacheKey() && c.image.size() == deviceSize();
}

bool FilmView::isSharp() const
{
    for (Layer l : {FilmLayer, OverlayLayer})
        if (needsCopy(l) && !copyIsCurrent(l))
            return false;
    return true;
}

void FilmView::prepareSharp()
{
    for (Layer l : {FilmLayer, OverlayLayer})
        if (needsCopy(l) && !copyIsCurrent(l))
            requestCopy(l);
}

void FilmView::requestCopy(Layer layer)
{
    ScaledCopy &copy = m_copies[layer];
    if (copy.busy)
        return; // one job per layer; its completion repaints and asks again if still stale
    copy.busy = true;
    const QImage source = layerImage(layer);
    const QSize size = deviceSize();
    const qreal dpr = devicePixelRatioF();
    runInBackground(
        m_pool, this,
        [source, size, dpr]() {
            // Area averaging (Qt's smooth minification), in a format the raster engine blits fast.
            QImage scaled =
                source.format() == QImage::Format_Grayscale8
                    ? downscaleGrey(source, size)
                    : source.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
                          .convertToFormat(source.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied
                                                                    : QImage::Format_RGB32);
            scaled.setDevicePixelRatio(dpr);
            return std::make_pair(source.cacheKey(), scaled);
        },
        [this, layer](std::pair<qint64, QImage> result) {
            ScaledCopy &c = m_copies[layer];
            c.busy = false;
            c.sourceKey = result.first;
            c.image = std::move(result.second);
            update();
            if (isSharp())
                Q_EMIT sharpened();
            else
                prepareSharp();
        });
}

void FilmView::drawLayer(QPainter &painter, Layer layer, const QRectF &target)
{
    const QImage &img = layerImage(layer);
    if (needsCopy(layer)) {
        if (copyIsCurrent(layer)) {
            // Snap to device pixels so the copy is blitted 1:1, not resampled again.
            const qreal dpr = devicePixelRatioF();
            const QPointF topLeft(std::round(target.left() * dpr) / dpr,
                                  std::round(target.top() * dpr) / dpr);
            painter.drawImage(topLeft, m_copies[layer].image);
            return;
        }
        requestCopy(layer);
        // Until the copy is ready: nearest neighbour costs only the painted pixels.
        painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    } else {
        painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
    }
    painter.drawImage(target, img);
}

void FilmView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), kBackground);
    if (m_film.isNull()) {
        painter.setPen(QColor(150, 150, 155));
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 1.2);
        painter.setFont(f);
        painter.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap,
                         tr("Open a chest film with File ▸ Open,\nor drop files or a folder here."));
        return;
    }
    const QRectF target = filmRect();
    drawLayer(painter, FilmLayer, target);
    if (m_overlayVisible && !m_overlay.isNull() && m_opacity > 0.0) {
        painter.setOpacity(m_opacity);
        drawLayer(painter, OverlayLayer, target);
        painter.setOpacity(1.0);
    }
}

void FilmView::resizeEvent(QResizeEvent *)
{
    if (m_fit)
        applyFit();
    else
        clampOffset();
}

void FilmView::wheelEvent(QWheelEvent *event)
{
    if (m_film.isNull())
        return;
    const double steps = event->angleDelta().y();
    if (steps == 0.0)
        return;
    setZoom(m_zoom * std::pow(kWheelBase, steps), event->position());
    event->accept();
}

void FilmView::mousePressEvent(QMouseEvent *event)
{
    if (m_film.isNull())
        return;
    m_dragStart = event->position();
    if (event->button() == Qt::LeftButton || event->button() == Qt::MiddleButton) {
        m_drag = Drag::Pan;
        m_offsetAtDragStart = m_offset;
        setCursor(Qt::ClosedHandCursor);
    } else if (event->button() == Qt::RightButton) {
        m_drag = Drag::Window;
        m_windowAtDragStart = m_window;
        if (m_window.kind != DisplayWindow::Kind::Linear) {
            // A VOI LUT has no centre/width: start from the full value range.
            m_windowAtDragStart.kind = DisplayWindow::Kind::Linear;
            m_windowAtDragStart.centre = (m_rangeMin + m_rangeMax) / 2.0;
            m_windowAtDragStart.width = m_rangeMax - m_rangeMin;
        }
        setCursor(Qt::SizeAllCursor);
    }
    event->accept();
}

void FilmView::mouseMoveEvent(QMouseEvent *event)
{
    const QPointF delta = event->position() - m_dragStart;
    if (m_drag == Drag::Pan) {
        m_offset = m_offsetAtDragStart + delta;
        clampOffset();
        update();
    } else if (m_drag == Drag::Window) {
        // Horizontal: width (contrast); vertical: centre (brightness), as in most PACS viewers.
        const double step = (m_rangeMax - m_rangeMin) * kWindowPerPixel;
        DisplayWindow w = m_windowAtDragStart;
        w.width = std::max(1.0, w.width + delta.x() * step);
        w.centre = w.centre + delta.y() * step;
        w.name = tr("manual");
        m_window = w;
        Q_EMIT windowRequested(w);
    }
    event->accept();
}

void FilmView::mouseReleaseEvent(QMouseEvent *event)
{
    m_drag = Drag::None;
    setCursor(Qt::OpenHandCursor);
    event->accept();
}

void FilmView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        zoomToFit();
}

} // namespace chestlens::ui
