// Heatmap colouring: the colormaps have the shapes their names promise, the overlay keeps the film
// grey where there is no heat (and under the threshold), opacity blends as documented, and the
// legend runs low-to-high in the documented direction.

#include "core/colormap.h"

#include <QGuiApplication>
#include <QtTest/QtTest>

#include <cmath>

using namespace chestlens;

Q_DECLARE_METATYPE(chestlens::Colormap)

namespace {

double luminance(QRgb c)
{
    return 0.2126 * qRed(c) + 0.7152 * qGreen(c) + 0.0722 * qBlue(c);
}

bool isGrey(QRgb c, int value)
{
    return qRed(c) == value && qGreen(c) == value && qBlue(c) == value;
}

/// A grey ramp film and a heat image with a hot square in the middle.
QImage greyRamp(int w, int h)
{
    QImage img(w, h, QImage::Format_Grayscale8);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            img.scanLine(y)[x] = static_cast<uchar>((x * 7 + y * 3) % 256);
    return img;
}

QImage heatSquare(int w, int h, uchar value)
{
    QImage img(w, h, QImage::Format_Grayscale8);
    img.fill(0);
    for (int y = h / 4; y < 3 * h / 4; ++y)
        for (int x = w / 4; x < 3 * w / 4; ++x)
            img.scanLine(y)[x] = value;
    return img;
}

} // namespace

class TestColormap : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void names();
    void shapes_data();
    void shapes();
    void overlayKeepsFilmGrey_data();
    void overlayKeepsFilmGrey();
    void overlayBlendsWithOpacity();
    void overlayThreshold();
    void overlayScalesHeatAndHandlesNull();
    void colorizeHeatmap();
    void legend_data();
    void legend();
    void legendWithLabels();
};

void TestColormap::names()
{
    for (const QString &n : colormapNames()) {
        const auto m = colormapFromName(n);
        QVERIFY2(m.has_value(), qPrintable(n));
        QCOMPARE(colormapName(*m), n);
    }
    QCOMPARE(colormapFromName(QStringLiteral("Hot-Red")), std::optional<Colormap>(Colormap::Red));
    QCOMPARE(colormapFromName(QStringLiteral(" TURBO ")), std::optional<Colormap>(Colormap::Turbo));
    QVERIFY(!colormapFromName(QStringLiteral("rainbow")));
    QCOMPARE(int(colormapNames().size()), 5);
}

void TestColormap::shapes_data()
{
    QTest::addColumn<Colormap>("map");
    QTest::newRow("turbo") << Colormap::Turbo;
    QTest::newRow("jet") << Colormap::Jet;
    QTest::newRow("inferno") << Colormap::Inferno;
    QTest::newRow("magma") << Colormap::Magma;
    QTest::newRow("red") << Colormap::Red;
}

void TestColormap::shapes()
{
    QFETCH(Colormap, map);
    const std::array<QRgb, 256> &t = colormapTable(map);
    for (int i = 0; i < 256; ++i)
        QCOMPARE(qAlpha(t[static_cast<std::size_t>(i)]), 255);
    QCOMPARE(colormapColor(map, 0.0), t[0]);
    QCOMPARE(colormapColor(map, 1.0), t[255]);
    QCOMPARE(colormapColor(map, 7.0), t[255]); // clamped
    QCOMPARE(colormapColor(map, -1.0), t[0]);
    QCOMPARE(colormapColor(map, std::nan("")), t[0]);
    switch (map) {
    case Colormap::Turbo:
    case Colormap::Jet:
        // Rainbow: blue at the low end, green dominates the middle, red the high end.
        QVERIFY(qBlue(t[0]) > qRed(t[0]) && qBlue(t[0]) > qGreen(t[0]));
        QVERIFY(qGreen(t[128]) >= qRed(t[128]) && qGreen(t[128]) > qBlue(t[128]));
        QVERIFY(qRed(t[255]) > qGreen(t[255]) && qRed(t[255]) > qBlue(t[255]));
        if (map == Colormap::Jet) {
            QCOMPARE(t[0], qRgb(0, 0, 128));
            QCOMPARE(t[255], qRgb(128, 0, 0));
        }
        break;
    case Colormap::Inferno:
    case Colormap::Magma:
        // Perceptually ordered: lightness never decreases, from near black to near white.
        for (int i = 1; i < 256; ++i)
            QVERIFY2(luminance(t[static_cast<std::size_t>(i)]) >=
                         luminance(t[static_cast<std::size_t>(i - 1)]) - 0.5,
                     qPrintable(QString::number(i)));
        QVERIFY(luminance(t[0]) < 5);
        QVERIFY(luminance(t[255]) > 220);
        break;
    case Colormap::Red:
        // One hue: green and blue stay 0, red grows.
        for (int i = 0; i < 256; ++i) {
            QCOMPARE(qGreen(t[static_cast<std::size_t>(i)]), 0);
            QCOMPARE(qBlue(t[static_cast<std::size_t>(i)]), 0);
            if (i > 0)
                QVERIFY(qRed(t[static_cast<std::size_t>(i)]) >= qRed(t[static_cast<std::size_t>(i - 1)]));
        }
        QVERIFY(qRed(t[255]) == 255 && qRed(t[0]) < 100);
        break;
    }
}

void TestColormap::overlayKeepsFilmGrey_data()
{
    shapes_data();
}

void TestColormap::overlayKeepsFilmGrey()
{
    QFETCH(Colormap, map);
    const QImage grey = greyRamp(64, 48);
    const QImage heat = heatSquare(64, 48, 255);
    const QImage out = overlayHeatmap(grey, heat, map, 0.4, 0.0);
    QCOMPARE(out.size(), grey.size());
    QCOMPARE(out.format(), QImage::Format_RGB32);
    int coloured = 0;
    for (int y = 0; y < 48; ++y)
        for (int x = 0; x < 64; ++x) {
            const int g = grey.constScanLine(y)[x];
            if (heat.constScanLine(y)[x] == 0)
                QVERIFY2(isGrey(out.pixel(x, y), g), qPrintable(QStringLiteral("(%1, %2)").arg(x).arg(y)));
            else
                coloured += isGrey(out.pixel(x, y), g) ? 0 : 1;
        }
    QCOMPARE(coloured, 32 * 24);
    // Opacity 0: the film alone, unchanged.
    const QImage none = overlayHeatmap(grey, heat, map, 0.0, 0.0);
    for (int y = 0; y < 48; ++y)
        for (int x = 0; x < 64; ++x)
            QVERIFY(isGrey(none.pixel(x, y), grey.constScanLine(y)[x]));
}

void TestColormap::overlayBlendsWithOpacity()
{
    const QImage grey = greyRamp(64, 48);
    const QImage heat = heatSquare(64, 48, 255);
    const QRgb c = colormapTable(Colormap::Turbo)[255];
    const QImage full = overlayHeatmap(grey, heat, Colormap::Turbo, 1.0, 0.0);
    QCOMPARE(full.pixel(32, 24), c);
    const QImage part = overlayHeatmap(grey, heat, Colormap::Turbo, 0.4, 0.0);
    const int g = grey.constScanLine(24)[32];
    const QRgb p = part.pixel(32, 24);
    QVERIFY(std::abs(qRed(p) - (0.6 * g + 0.4 * qRed(c))) <= 1.0);
    QVERIFY(std::abs(qGreen(p) - (0.6 * g + 0.4 * qGreen(c))) <= 1.0);
    QVERIFY(std::abs(qBlue(p) - (0.6 * g + 0.4 * qBlue(c))) <= 1.0);
    // Faint heat fades out (film stays nearly grey), strong heat is blended fully.
    const QImage faint = overlayHeatmap(grey, heatSquare(64, 48, 8), Colormap::Turbo, 1.0, 0.0);
    const QRgb f = faint.pixel(32, 24);
    const QRgb f8 = colormapTable(Colormap::Turbo)[8];
    const double fade = 8.0 / 255.0 / 0.25; // documented: ramps to full at 25 %
    QVERIFY(std::abs(qBlue(f) - ((1 - fade) * g + fade * qBlue(f8))) <= 1.0);
    // Single hue: the heat drives the opacity.
    const QImage red = overlayHeatmap(grey, heatSquare(64, 48, 128), Colormap::Red, 1.0, 0.0);
    const QRgb r = red.pixel(32, 24);
    const QRgb r128 = colormapTable(Colormap::Red)[128];
    QVERIFY(std::abs(qRed(r) - (g + (qRed(r128) - g) * 128.0 / 255.0)) <= 1.0);
}

void TestColormap::overlayThreshold()
{
    const QImage grey = greyRamp(40, 40);
    QImage heat(40, 40, QImage::Format_Grayscale8);
    for (int y = 0; y < 40; ++y)
        for (int x = 0; x < 40; ++x)
            heat.scanLine(y)[x] = static_cast<uchar>(x < 20 ? 100 : 200); // 0.39 | 0.78
    const QImage out = overlayHeatmap(grey, heat, Colormap::Jet, 0.5, 0.5);
    for (int y = 0; y < 40; ++y) {
        QVERIFY(isGrey(out.pixel(5, y), grey.constScanLine(y)[5]));
        QVERIFY(!isGrey(out.pixel(30, y), grey.constScanLine(y)[30]));
    }
    // Threshold 1: only the maximum shows.
    const QImage top = overlayHeatmap(grey, heatSquare(40, 40, 254), Colormap::Jet, 0.5, 1.0);
    QVERIFY(isGrey(top.pixel(20, 20), grey.constScanLine(20)[20]));
}

void TestColormap::overlayScalesHeatAndHandlesNull()
{
    const QImage grey = greyRamp(200, 100);
    const QImage smallHeat = heatSquare(20, 10, 255); // hot in the middle half
    const QImage out = overlayHeatmap(grey, smallHeat, Colormap::Magma, 0.7, 0.0);
    QCOMPARE(out.size(), QSize(200, 100));
    QVERIFY(!isGrey(out.pixel(100, 50), grey.constScanLine(50)[100]));
    QVERIFY(isGrey(out.pixel(5, 5), grey.constScanLine(5)[5]));
    const QImage plain = overlayHeatmap(grey, QImage(), Colormap::Magma, 0.7, 0.0);
    QCOMPARE(plain.size(), grey.size());
    QVERIFY(isGrey(plain.pixel(150, 70), grey.constScanLine(70)[150]));
    QVERIFY(overlayHeatmap(QImage(), smallHeat, Colormap::Magma, 0.5, 0.0).isNull());
    // A colour (RGB) film is shown as grey.
    QImage rgb(10, 10, QImage::Format_RGB32);
    rgb.fill(qRgb(90, 90, 90));
    QVERIFY(isGrey(overlayHeatmap(rgb, QImage(), Colormap::Jet, 0.5, 0.0).pixel(3, 3), 90));
}

void TestColormap::colorizeHeatmap()
{
    QImage heat(256, 2, QImage::Format_Grayscale8);
    for (int x = 0; x < 256; ++x)
        heat.scanLine(0)[x] = heat.scanLine(1)[x] = static_cast<uchar>(x);
    const QImage all = chestlens::colorizeHeatmap(heat, Colormap::Inferno);
    QCOMPARE(all.format(), QImage::Format_ARGB32);
    for (int x = 0; x < 256; ++x)
        QCOMPARE(all.pixel(x, 0), colormapTable(Colormap::Inferno)[static_cast<std::size_t>(x)]);
    const QImage cut = chestlens::colorizeHeatmap(heat, Colormap::Inferno, 0.5);
    QCOMPARE(qAlpha(cut.pixel(100, 1)), 0);
    QCOMPARE(cut.pixel(200, 1), colormapTable(Colormap::Inferno)[200]);
}

void TestColormap::legend_data()
{
    shapes_data();
}

void TestColormap::legend()
{
    QFETCH(Colormap, map);
    const std::array<QRgb, 256> &t = colormapTable(map);
    const QImage h = colormapLegend(map, QSize(256, 20)).convertToFormat(QImage::Format_ARGB32);
    QCOMPARE(h.size(), QSize(256, 20));
    for (int x = 0; x < 256; ++x) // no labels: the bar fills the image, low at the left
        QCOMPARE(h.pixel(x, 10), t[static_cast<std::size_t>(x)]);
    const QImage v = colormapLegend(map, QSize(16, 256)).convertToFormat(QImage::Format_ARGB32);
    QCOMPARE(v.pixel(8, 0), t[255]); // high at the top
    QCOMPARE(v.pixel(8, 255), t[0]);
    QVERIFY(colormapLegend(map, QSize(0, 10)).isNull());
}

void TestColormap::legendWithLabels()
{
    QVERIFY(qobject_cast<QGuiApplication *>(QCoreApplication::instance()));
    const QImage img = colormapLegend(Colormap::Turbo, QSize(300, 40),
                                      {QStringLiteral("0"), QStringLiteral("0.5"), QStringLiteral("1")})
                           .convertToFormat(QImage::Format_ARGB32);
    QCOMPARE(img.size(), QSize(300, 40));
    // The bar is at the top, still running low -> high; the labels below it draw something.
    QCOMPARE(img.pixel(0, 2), colormapTable(Colormap::Turbo)[0]);
    QCOMPARE(img.pixel(299, 2), colormapTable(Colormap::Turbo)[255]);
    int opaqueBelow = 0;
    for (int y = 30; y < 40; ++y)
        for (int x = 0; x < 300; ++x)
            opaqueBelow += qAlpha(img.pixel(x, y)) > 0 ? 1 : 0;
    QVERIFY2(opaqueBelow > 10, "no label text drawn");
    QVERIFY(opaqueBelow < 300 * 10 / 2); // text, not a filled band
}

QTEST_MAIN(TestColormap)
#include "test_colormap.moc"
