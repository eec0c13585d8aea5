// Film -> network input (core/ml/preprocess.h): border trimming, the exact geometry mapping
// between film and input, and the centre crop.
#include "core/ml/preprocess.h"

#include <QJsonObject>
#include <QtTest/QtTest>

using namespace chestlens;

class TestPreprocess : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void preprocessingTrimsBordersAndMapsExactly()
    {
        // 300 x 200 film: content in the middle, flat 20 px black border.
        Film film;
        film.meta.width = 300;
        film.meta.height = 200;
        film.meta.format = QStringLiteral("PNG");
        film.meta.bitsStored = 8;
        film.pixels.assign(300 * 200, 0.0f);
        for (int y = 20; y < 180; ++y)
            for (int x = 20; x < 280; ++x)
                film.pixels[static_cast<std::size_t>(y) * 300 + x] =
                    static_cast<float>((x * 7 + y * 13) % 256);
        PreprocessOptions o;
        o.imageSize = 64;
        const PreparedImage p = prepareFilm(film, o);
        QCOMPARE(p.pixels.size(), std::size_t(64 * 64));
        QCOMPARE(p.geometry.crop, QRect(20, 20, 260, 160));
        const QPointF src(123.0, 77.0);
        const QPointF back = p.geometry.toSource(p.geometry.toInput(src));
        QVERIFY(qAbs(back.x() - src.x()) < 1e-9 && qAbs(back.y() - src.y()) < 1e-9);
        // The crop's corners map to the input's corners (pixel-centre convention).
        const QPointF corner = p.geometry.toInput(QPointF(20 - 0.5 + 0.5, 20));
        QVERIFY(qAbs(corner.x() - (0.5 * 64.0 / 260 - 0.5)) < 1e-9);

        // Centre crop: the central 160 x 160 square of the trimmed 260 x 160 content, the same
        // scale along both axes, and exactly the pixels of a stretch of that square.
        PreprocessOptions crop = o;
        crop.fit = PreprocessOptions::Fit::CentreCrop;
        const DisplayWindow window = defaultWindow(film); // one window for both films below
        const PreparedImage q = prepareFilm(film, window, crop);
        QCOMPARE(q.geometry.crop, QRect(70, 20, 160, 160));
        const QPointF a = q.geometry.toInput(QPointF(70, 20)), b = q.geometry.toInput(QPointF(229, 179));
        QVERIFY(qAbs((b.x() - a.x()) - (b.y() - a.y())) < 1e-9);
        Film square;
        square.meta = film.meta;
        square.meta.width = square.meta.height = 160;
        for (int y = 20; y < 180; ++y)
            for (int x = 70; x < 230; ++x)
                square.pixels.push_back(film.pixels[static_cast<std::size_t>(y) * 300 + x]);
        PreprocessOptions noTrim = o;
        noTrim.trimBorders = false;
        QVERIFY2(prepareFilm(square, window, noTrim).pixels == q.pixels,
                 "the crop is the film's central square");
        QVERIFY(prepareFilm(film, window, o).pixels != q.pixels);
        // The choice travels with the model; files without it stretched.
        QCOMPARE(PreprocessOptions::fromJson(crop.toJson()).fit, PreprocessOptions::Fit::CentreCrop);
        QCOMPARE(PreprocessOptions::fromJson(o.toJson()).fit, PreprocessOptions::Fit::Stretch);
        QCOMPARE(PreprocessOptions::fromJson(QJsonObject{}).fit, PreprocessOptions::Fit::Stretch);
    }
};

QTEST_GUILESS_MAIN(TestPreprocess)
#include "test_preprocess.moc"
