#include "core/colormap.h"

#include <QFont>
#include <QFontMetrics>
#include <QGuiApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <vector>

namespace chestlens {

namespace {

/// Below this relevance a multi-hue overlay fades out linearly, so the film stays plain grey
/// where the model did not look instead of being washed in the colormap's low-end colour.
constexpr double kFadeIn = 0.25;

struct Anchor
{
    double t;
    int r, g, b;
};

// Hand-placed anchor colours, linearly interpolated in RGB. They reproduce the look of the
// well-known maps closely enough for reading a heatmap; they are not the published tables.
const std::vector<Anchor> kTurbo = {{0.000, 48, 18, 59},   {0.125, 70, 100, 230}, {0.250, 40, 170, 240},
                                    {0.375, 30, 220, 180}, {0.500, 110, 250, 90}, {0.625, 200, 235, 50},
                                    {0.750, 250, 180, 40}, {0.875, 230, 90, 20},  {1.000, 122, 4, 3}};
const std::vector<Anchor> kInferno = {{0.0, 0, 0, 4},      {0.2, 50, 10, 95},   {0.4, 120, 28, 109},
                                      {0.6, 188, 55, 84},  {0.8, 245, 125, 21}, {0.9, 250, 190, 40},
                                      {1.0, 252, 255, 164}};
const std::vector<Anchor> kMagma = {{0.0, 0, 0, 4},      {0.2, 45, 17, 96},   {0.4, 114, 31, 129},
                                    {0.6, 183, 55, 121}, {0.8, 251, 135, 97}, {1.0, 252, 253, 191}};

QRgb fromAnchors(const std::vector<Anchor> &anchors, double t)
{
    auto hi = std::upper_bound(anchors.begin(), anchors.end(), t,
                               [](double v, const Anchor &a) { return v < a.t; });
    if (hi == anchors.begin())
        return qRgb(hi->r, hi->g, hi->b);
    if (hi == anchors.end())
        return qRgb(anchors.back().r, anchors.back().g, anchors.back().b);
    const Anchor &a = *(hi - 1);
    const Anchor &b = *hi;
    const double f = (t - a.t) / (b.t - a.t);
    auto mix = [f](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * f)); };
    return qRgb(mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b));
}

QRgb computeColor(Colormap map, double t)
{
    switch (map) {
    case Colormap::Turbo:
        return fromAnchors(kTurbo, t);
    case Colormap::Jet: {
        // Piecewise-linear ramps: blue peaks at 1/4, green at 1/2, red at 3/4.
        auto ramp = [t](double centre) {
            return static_cast<int>(
                std::lround(255.0 * std::clamp(1.5 - std::abs(4.0 * t - centre), 0.0, 1.0)));
        };
        return qRgb(ramp(3.0), ramp(2.0), ramp(1.0));
    }
    case Colormap::Inferno:
        return fromAnchors(kInferno, t);
    case Colormap::Magma:
        return fromAnchors(kMagma, t);
    case Colormap::Red:
        // Hue 0 throughout (green = blue = 0): only lightness changes.
        return qRgb(static_cast<int>(std::lround(64.0 + 191.0 * t)), 0, 0);
    }
    return qRgb(0, 0, 0);
}

std::array<QRgb, 256> makeTable(Colormap map)
{
    std::array<QRgb, 256> table{};
    for (int i = 0; i < 256; ++i)
        table[static_cast<std::size_t>(i)] = computeColor(map, i / 255.0);
    return table;
}

QImage toGrey8(const QImage &img)
{
    return img.format() == QImage::Format_Grayscale8 ? img : img.convertToFormat(QImage::Format_Grayscale8);
}

} // namespace

QString colormapName(Colormap map)
{
    switch (map) {
    case Colormap::Turbo:
        return QStringLiteral("turbo");
    case Colormap::Jet:
        return QStringLiteral("jet");
    case Colormap::Inferno:
        return QStringLiteral("inferno");
    case Colormap::Magma:
        return QStringLiteral("magma");
    case Colormap::Red:
        return QStringLiteral("red");
    }
    return {};
}

std::optional<Colormap> colormapFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    for (Colormap m : {Colormap::Turbo, Colormap::Jet, Colormap::Inferno, Colormap::Magma, Colormap::Red}) {
        if (n == colormapName(m))
            return m;
    }
    if (n == QLatin1String("hot-red") || n == QLatin1String("hotred") || n == QLatin1String("hot red"))
        return Colormap::Red;
    return std::nullopt;
}

QStringList colormapNames()
{
    return {QStringLiteral("turbo"), QStringLiteral("jet"), QStringLiteral("inferno"),
            QStringLiteral("magma"), QStringLiteral("red")};
}

const std::array<QRgb, 256> &colormapTable(Colormap map)
{
    // Built once each, thread-safely (function-local statics).
    static const std::array<QRgb, 256> turbo = makeTable(Colormap::Turbo);
    static const std::array<QRgb, 256> jet = makeTable(Colormap::Jet);
    static const std::array<QRgb, 256> inferno = makeTable(Colormap::Inferno);
    static const std::array<QRgb, 256> magma = makeTable(Colormap::Magma);
    static const std::array<QRgb, 256> red = makeTable(Colormap::Red);
    switch (map) {
    case Colormap::Turbo:
        return turbo;
    case Colormap::Jet:
        return jet;
    case Colormap::Inferno:
        return inferno;
    case Colormap::Magma:
        return magma;
    case Colormap::Red:
        return red;
    }
    return turbo;
}

QRgb colormapColor(Colormap map, double value)
{
    return computeColor(map, std::isfinite(value) ? std::clamp(value, 0.0, 1.0) : 0.0);
}

QImage overlayHeatmap(const QImage &grey8, const QImage &heat8, Colormap map, double opacity,
                      double threshold)
{
    if (grey8.isNull())
        return {};
    const QImage grey = toGrey8(grey8);
    QImage heat;
    if (!heat8.isNull()) {
        heat = toGrey8(heat8);
        if (heat.size() != grey.size())
            heat = heat.scaled(grey.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    }
    opacity = std::isfinite(opacity) ? std::clamp(opacity, 0.0, 1.0) : 0.0;
    threshold = std::isfinite(threshold) ? std::clamp(threshold, 0.0, 1.0) : 0.0;

    // Per heat level h: the colour's weight a out of 256, and the blend
    // out = (grey * (256 - a) + colour * a + 128) / 256 split into a grey factor and a colour
    // term per channel, so the pixel loop is branch-free integer arithmetic.
    const std::array<QRgb, 256> &table = colormapTable(map);
    std::array<int, 256> keep{}, addR{}, addG{}, addB{};
    for (int h = 0; h < 256; ++h) {
        const double v = h / 255.0;
        int a = 0;
        if (h > 0 && v >= threshold) {
            const double fade = map == Colormap::Red ? v : std::min(1.0, v / kFadeIn);
            a = static_cast<int>(std::lround(256.0 * opacity * fade));
        }
        const auto k = static_cast<std::size_t>(h);
        const QRgb c = table[k];
        keep[k] = 256 - a;
        addR[k] = qRed(c) * a + 128;
        addG[k] = qGreen(c) * a + 128;
        addB[k] = qBlue(c) * a + 128;
    }

    QImage out(grey.size(), QImage::Format_RGB32);
    for (int y = 0; y < grey.height(); ++y) {
        const uchar *g = grey.constScanLine(y);
        auto *o = reinterpret_cast<QRgb *>(out.scanLine(y));
        if (heat.isNull()) {
            for (int x = 0; x < grey.width(); ++x)
                o[x] = qRgb(g[x], g[x], g[x]);
            continue;
        }
        const uchar *h = heat.constScanLine(y);
        for (int x = 0; x < grey.width(); ++x) {
            const int gv = g[x] * keep[h[x]];
            o[x] = qRgb((gv + addR[h[x]]) >> 8, (gv + addG[h[x]]) >> 8, (gv + addB[h[x]]) >> 8);
        }
    }
    return out;
}

QImage colorizeHeatmap(const QImage &heat8, Colormap map, double threshold)
{
    if (heat8.isNull())
        return {};
    const QImage heat = toGrey8(heat8);
    threshold = std::isfinite(threshold) ? std::clamp(threshold, 0.0, 1.0) : 0.0;
    const std::array<QRgb, 256> &table = colormapTable(map);
    QImage out(heat.size(), QImage::Format_ARGB32);
    for (int y = 0; y < heat.height(); ++y) {
        const uchar *h = heat.constScanLine(y);
        auto *o = reinterpret_cast<QRgb *>(out.scanLine(y));
        for (int x = 0; x < heat.width(); ++x)
            o[x] = h[x] / 255.0 < threshold ? qRgba(0, 0, 0, 0) : table[h[x]];
    }
    return out;
}

QImage colormapLegend(Colormap map, QSize size, const QStringList &labels)
{
    if (size.isEmpty())
        return {};
    QImage img(size, QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::transparent);
    const bool horizontal = size.width() > size.height();
    const bool text =
        !labels.isEmpty() && qobject_cast<QGuiApplication *>(QCoreApplication::instance()) != nullptr;

    QFont font;
    // Labels take at most 40 % of the legend's short side (or 60 % of a vertical bar's width).
    const int shortSide = horizontal ? size.height() : size.width();
    font.setPixelSize(std::clamp(shortSide * 2 / 5, 8, 14));
    const int textExtent = text ? (horizontal ? font.pixelSize() + 4 : size.width() * 3 / 5) : 0;
    const QRect bar = horizontal ? QRect(0, 0, size.width(), size.height() - textExtent)
                                 : QRect(0, 0, size.width() - textExtent, size.height());
    if (bar.isEmpty())
        return img;

    const std::array<QRgb, 256> &table = colormapTable(map);
    const int length = horizontal ? bar.width() : bar.height();
    for (int i = 0; i < length; ++i) {
        // Position i along the bar -> level; vertical bars have the high end at the top.
        const int along = horizontal ? i : length - 1 - i;
        const int level = length > 1 ? static_cast<int>(std::lround(255.0 * along / (length - 1))) : 255;
        const QRgb c = table[static_cast<std::size_t>(level)];
        if (horizontal) {
            for (int y = bar.top(); y <= bar.bottom(); ++y)
                reinterpret_cast<QRgb *>(img.scanLine(y))[i] = c;
        } else {
            auto *line = reinterpret_cast<QRgb *>(img.scanLine(i));
            std::fill(line + bar.left(), line + bar.right() + 1, c);
        }
    }
    if (!text)
        return img;

    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing);
    p.setFont(font);
    const QFontMetrics fm(font);
    const int n = static_cast<int>(labels.size());
    for (int k = 0; k < n; ++k) {
        const double f = n > 1 ? static_cast<double>(k) / (n - 1) : 0.5;
        const QString &label = labels[k];
        const int w = fm.horizontalAdvance(label);
        QPointF baseline;
        if (horizontal) {
            const double x =
                std::clamp(f * (size.width() - 1) - w / 2.0, 0.0, static_cast<double>(size.width() - w));
            baseline = QPointF(x, bar.bottom() + 2 + fm.ascent());
        } else {
            const double centreY = (1.0 - f) * (size.height() - 1);
            const double y =
                std::clamp(centreY + (fm.ascent() - fm.descent()) / 2.0, static_cast<double>(fm.ascent()),
                           static_cast<double>(size.height() - fm.descent()));
            baseline = QPointF(bar.right() + 4, y);
        }
        QPainterPath path;
        path.addText(baseline, font, label);
        p.strokePath(path, QPen(QColor(0, 0, 0, 200), 2.0));
        p.fillPath(path, Qt::white);
    }
    return img;
}

} // namespace chestlens
