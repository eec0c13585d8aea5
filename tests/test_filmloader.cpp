// loadFilm() on the real films of ../shared/data/dicom (checked against its MANIFEST.csv) and on
// PNG/JPEG/TIFF/BMP files written with OpenCV at test time.
#include "core/error.h"
#include "core/film/display.h"
#include "core/film/filmloader.h"
#include "support/manifest.h"
#include "support/testdata.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

using namespace chestlens;
using namespace chestlens::test;

namespace {

/// Caches decoded shared films: several tests look at the same large files.
const Film &sharedFilm(const QString &path)
{
    // std::map: references to its elements stay valid while others are inserted (QHash's do not).
    static std::map<QString, Film> cache;
    auto it = cache.find(path);
    if (it == cache.end())
        it = cache.emplace(path, loadFilm(path)).first;
    return it->second;
}

double mean(const std::vector<float> &v)
{
    return std::accumulate(v.begin(), v.end(), 0.0) / std::max<std::size_t>(1, v.size());
}

double stddev(const std::vector<float> &v)
{
    const double m = mean(v);
    double sum = 0;
    for (float x : v)
        sum += (x - m) * (x - m);
    return std::sqrt(sum / std::max<std::size_t>(1, v.size()));
}

/// Mean of `values` (row-major, `width` wide) over the rectangle given in fractions of the image.
double regionMean(const std::vector<float> &values, int width, int height, double x0, double x1, double y0,
                  double y1)
{
    double sum = 0;
    long n = 0;
    for (int y = int(y0 * height); y < int(y1 * height); ++y) {
        for (int x = int(x0 * width); x < int(x1 * width); ++x) {
            sum += values[static_cast<std::size_t>(y) * width + x];
            ++n;
        }
    }
    return sum / std::max(1L, n);
}

/// A smooth pattern (ramp + circle) of the given OpenCV type, covering the type's full range.
cv::Mat rasterPattern(int width, int height, int type)
{
    cv::Mat m(height, width, type);
    const double maxValue = CV_MAT_DEPTH(type) == CV_16U ? 65535.0 : 255.0;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const double ramp = double(x) / (width - 1);
            const double dx = x - width / 2.0, dy = y - height / 2.0;
            const bool inCircle = dx * dx + dy * dy < (height / 3.0) * (height / 3.0);
            for (int c = 0; c < m.channels(); ++c) {
                const double v =
                    inCircle ? 1.0 - ramp * (c + 1) / 3.0 : ramp * (0.4 + 0.3 * c) + double(y) / height * 0.3;
                const double clipped = std::clamp(v, 0.0, 1.0) * maxValue;
                if (CV_MAT_DEPTH(type) == CV_16U)
                    m.ptr<quint16>(y)[x * m.channels() + c] = static_cast<quint16>(std::lround(clipped));
                else
                    m.ptr<uchar>(y)[x * m.channels() + c] = static_cast<uchar>(std::lround(clipped));
            }
        }
    }
    return m;
}

/// ITU-R BT.601 luma of a BGR(A) pixel, as the loader documents for colour files.
double luma(const cv::Mat &m, int x, int y)
{
    auto at = [&](int c) {
        return CV_MAT_DEPTH(m.type()) == CV_16U ? double(m.ptr<quint16>(y)[x * m.channels() + c])
                                                : double(m.ptr<uchar>(y)[x * m.channels() + c]);
    };
    return 0.114 * at(0) + 0.587 * at(1) + 0.299 * at(2);
}

} // namespace

class TestFilmLoader : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString())); }

    void csvParser()
    {
        const QList<QStringList> rows =
            parseCsv(QStringLiteral("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n\n2,,\"multi\nline\"\n"));
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows[1],
                 (QStringList{QStringLiteral("1"), QStringLiteral("x, y"), QStringLiteral("say \"hi\"")}));
        QCOMPARE(rows[2], (QStringList{QStringLiteral("2"), QString(), QStringLiteral("multi\nline")}));
        QCOMPARE(uidInParentheses(QStringLiteral("JPEG Lossless SV1 (Process 14, first-order prediction) "
                                                 "(1.2.840.10008.1.2.4.70)")),
                 QStringLiteral("1.2.840.10008.1.2.4.70"));
    }

    void manifestCoversFolder()
    {
        CHESTLENS_REQUIRE_DATA(folder, "dicom");
        QString error;
        const QList<ManifestRow> manifest = readManifest(folder, &error);
        QVERIFY2(!manifest.isEmpty(), qPrintable(error));
        QStringList listed;
        for (const ManifestRow &row : manifest)
            listed << row.value(QStringLiteral("file"));
        QStringList present = QDir(folder).entryList(QDir::Files);
        present.removeAll(QStringLiteral("MANIFEST.csv"));
        listed.sort();
        present.sort();
        QCOMPARE(present, listed);
    }

    void sharedDicomMatchesManifest_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("columns");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("bitsStored");
        QTest::addColumn<QString>("photometric");
        QTest::addColumn<QString>("modality");
        QTest::addColumn<QString>("syntaxUid");
        CHESTLENS_REQUIRE_DATA(folder, "dicom");
        QString error;
        const QList<ManifestRow> manifest = readManifest(folder, &error);
        QVERIFY2(!manifest.isEmpty(), qPrintable(error));
        for (const ManifestRow &row : manifest) {
            const QString file = row.value(QStringLiteral("file"));
            QTest::newRow(qPrintable(file))
                << QDir(folder).absoluteFilePath(file) << row.value(QStringLiteral("columns")).toInt()
                << row.value(QStringLiteral("rows")).toInt()
                << row.value(QStringLiteral("bits_stored")).toInt()
                << row.value(QStringLiteral("photometric_interpretation"))
                << row.value(QStringLiteral("modality"))
                << uidInParentheses(row.value(QStringLiteral("transfer_syntax")));
        }
    }

    void sharedDicomMatchesManifest()
    {
        QFETCH(QString, path);
        QFETCH(int, columns);
        QFETCH(int, rows);
        QFETCH(int, bitsStored);
        QFETCH(QString, photometric);
        QFETCH(QString, modality);
        QFETCH(QString, syntaxUid);
        QVERIFY2(columns > 0 && rows > 0 && bitsStored > 0 && !syntaxUid.isEmpty(),
                 "malformed MANIFEST.csv row");
        try {
            const Film &film = sharedFilm(path);
            QCOMPARE(film.meta.format, QStringLiteral("DICOM"));
            QCOMPARE(film.meta.width, columns);
            QCOMPARE(film.meta.height, rows);
            QCOMPARE(film.meta.bitsStored, bitsStored);
            QCOMPARE(film.meta.photometric, photometric);
            QCOMPARE(film.meta.modality, modality);
            QCOMPARE(film.meta.transferSyntaxUid, syntaxUid);
            QCOMPARE(film.pixels.size(), std::size_t(columns) * rows);
            QVERIFY(std::all_of(film.pixels.begin(), film.pixels.end(),
                                [](float v) { return std::isfinite(v); }));
            const auto [lo, hi] = std::minmax_element(film.pixels.begin(), film.pixels.end());
            QCOMPARE(film.meta.minValue, *lo);
            QCOMPARE(film.meta.maxValue, *hi);
            QVERIFY2(*hi > *lo, "decoded to a constant image");
            // The rendering is not blank either: some spread of grey levels on screen.
            const std::vector<float> shown = renderDisplayValues(film, defaultWindow(film));
            QVERIFY2(stddev(shown) > 0.02,
                     qPrintable(QStringLiteral("rendered stddev %1").arg(stddev(shown))));
        } catch (const Error &e) {
            QFAIL(qPrintable(e.message()));
        }
    }

    void jpeg2000Decodes_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("CR chest, JPEG 2000 (lossy)") << QStringLiteral("CR_chest_RG1_J2KI.dcm");
        QTest::newRow("CR tibia, JPEG 2000 lossless") << QStringLiteral("CR_tibia_RG3_J2KR.dcm");
        QTest::newRow("CT, JPEG 2000 lossless") << QStringLiteral("CT_693_J2KR.dcm");
    }

    void jpeg2000Decodes()
    {
        QFETCH(QString, file);
        CHESTLENS_REQUIRE_DATA(folder, "dicom");
        const QString path = QDir(folder).absoluteFilePath(file);
        try {
            const Film &film = sharedFilm(path);
            QVERIFY(film.meta.transferSyntaxUid.startsWith(QLatin1String("1.2.840.10008.1.2.4.9")));
            // Not constant, not noise: a real image has a large spread and most neighbours close.
            QVERIFY2(stddev(film.pixels) > 0.05 * (film.meta.maxValue - film.meta.minValue),
                     qPrintable(QStringLiteral("stddev %1").arg(stddev(film.pixels))));
            long smooth = 0;
            for (std::size_t i = 1; i < film.pixels.size(); ++i)
                smooth += std::abs(film.pixels[i] - film.pixels[i - 1]) <
                          0.05f * (film.meta.maxValue - film.meta.minValue);
            QVERIFY(smooth > long(film.pixels.size() * 0.9));
        } catch (const Error &e) {
            QFAIL(qPrintable(e.message()));
        }
    }

    /// The same image in two syntaxes decodes to the same values (lossless) or nearly (lossy).
    void sameImageTwoSyntaxes_data()
    {
        QTest::addColumn<QString>("first");
        QTest::addColumn<QString>("second");
        QTest::addColumn<double>("maxMeanDifference"); // fraction of the value range
        QTest::newRow("CT: JPEG 2000 lossless vs uncompressed")
            << QStringLiteral("CT_693_J2KR.dcm") << QStringLiteral("CT_693_UNCR.dcm") << 0.0;
        QTest::newRow("CR hip: JPEG lossless vs RLE")
            << QStringLiteral("CR_hip_RG2_JPLL.dcm") << QStringLiteral("CR_hip_RG2_RLE.dcm") << 0.0;
        // Both lossy: JPEG 2000 irreversible and JPEG-LS near-lossless of the same chest.
        QTest::newRow("CR chest: JPEG 2000 vs JPEG-LS near-lossless")
            << QStringLiteral("CR_chest_RG1_J2KI.dcm") << QStringLiteral("CR_chest_RG1_JLSN.dcm") << 0.01;
    }

    void sameImageTwoSyntaxes()
    {
        QFETCH(QString, first);
        QFETCH(QString, second);
        QFETCH(double, maxMeanDifference);
        CHESTLENS_REQUIRE_DATA(folder, "dicom");
        try {
            const Film &a = sharedFilm(QDir(folder).absoluteFilePath(first));
            const Film &b = sharedFilm(QDir(folder).absoluteFilePath(second));
            QCOMPARE(a.width(), b.width());
            QCOMPARE(a.height(), b.height());
            if (maxMeanDifference == 0.0) {
                QVERIFY(a.pixels == b.pixels);
                return;
            }
            double diff = 0;
            for (std::size_t i = 0; i < a.pixels.size(); ++i)
                diff += std::abs(a.pixels[i] - b.pixels[i]);
            diff /= a.pixels.size() * double(b.meta.maxValue - b.meta.minValue);
            QVERIFY2(diff < maxMeanDifference,
                     qPrintable(QStringLiteral("mean difference %1 of the range").arg(diff)));
        } catch (const Error &e) {
            QFAIL(qPrintable(e.message()));
        }
    }

    void monochrome1IsInverseOfMonochrome2_data()
    {
        QTest::addColumn<QString>("path");
        CHESTLENS_REQUIRE_DATA(folder, "dicom");
        QString error;
        const QList<ManifestRow> manifest = readManifest(folder, &error);
        QVERIFY2(!manifest.isEmpty(), qPrintable(error));
        for (const ManifestRow &row : manifest) {
            if (row.value(QStringLiteral("photometric_interpretation")) == QLatin1String("MONOCHROME1"))
                QTest::newRow(qPrintable(row.value(QStringLiteral("file"))))
                    << QDir(folder).absoluteFilePath(row.value(QStringLiteral("file")));
        }
    }

    void monochrome1IsInverseOfMonochrome2()
    {
        QFETCH(QString, path);
        try {
            const Film &film = sharedFilm(path);
            QVERIFY(film.meta.invertedPolarity());
            const DisplayWindow window = defaultWindow(film);
            const QImage shown = renderFilm(film, window);
            Film asMono2 = film;
            asMono2.meta.photometric = QStringLiteral("MONOCHROME2");
            QVERIFY(!asMono2.meta.invertedPolarity());
            const QImage plain = renderFilm(asMono2, window);
            QCOMPARE(shown.size(), plain.size());
            for (int y = 0; y < shown.height(); ++y) {
                const uchar *s = shown.constScanLine(y);
                const uchar *p = plain.constScanLine(y);
                for (int x = 0; x < shown.width(); ++x) {
                    if (s[x] + p[x] != 255)
                        QFAIL(qPrintable(QStringLiteral("(%1,%2): MONOCHROME1 %3 + MONOCHROME2 %4 != 255")
                                             .arg(x)
                                             .arg(y)
                                             .arg(s[x])
                                             .arg(p[x])));
                }
            }
        } catch (const Error &e) {
            QFAIL(qPrintable(e.message()));
        }
    }

    /// On a PA chest film the spine and mediastinum (centre column) are bone and soft tissue,
    /// the lung fields either side are air: on screen the centre must be clearly brighter.
    void chestBoneIsBright_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("MONOCHROME1, JPEG-LS") << QStringLiteral("CR_chest_RG1_JLSN.dcm");
        QTest::newRow("MONOCHROME1, JPEG 2000") << QStringLiteral("CR_chest_RG1_J2KI.dcm");
    }

    void chestBoneIsBright()
    {
        QFETCH(QString, file);
        CHESTLENS_REQUIRE_DATA(folder, "dicom");
        try {
            const Film &film = sharedFilm(QDir(folder).absoluteFilePath(file));
            QCOMPARE(film.meta.photometric, QStringLiteral("MONOCHROME1"));
            for (const DisplayWindow &window : {defaultWindow(film), percentileWindow(film)}) {
                const std::vector<float> shown = renderDisplayValues(film, window);
                const int w = film.width(), h = film.height();
                // Upper half of the thorax, where both lungs are open and the heart does not reach.
                const double centre = regionMean(shown, w, h, 0.45, 0.55, 0.2, 0.5);
                const double leftLung = regionMean(shown, w, h, 0.2, 0.35, 0.2, 0.5);
                const double rightLung = regionMean(shown, w, h, 0.65, 0.8, 0.2, 0.5);
                // 0.1 of the display range: well above noise, far below the measured gap.
                QVERIFY2(centre > leftLung + 0.1 && centre > rightLung + 0.1,
                         qPrintable(QStringLiteral("%1: centre %2, lungs %3 / %4")
                                        .arg(window.name)
                                        .arg(centre)
                                        .arg(leftLung)
                                        .arg(rightLung)));
            }
        } catch (const Error &e) {
            QFAIL(qPrintable(e.message()));
        }
    }

    void raster_data()
    {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("cvType");
        QTest::addColumn<double>("tolerance"); // per pixel, in grey levels of the file's depth
        QTest::newRow("PNG 8-bit grey")
            << QStringLiteral("g8.png") << QStringLiteral("PNG") << int(CV_8UC1) << 0.0;
        QTest::newRow("PNG 16-bit grey")
            << QStringLiteral("g16.png") << QStringLiteral("PNG") << int(CV_16UC1) << 0.0;
        QTest::newRow("PNG 8-bit colour")
            << QStringLiteral("c8.png") << QStringLiteral("PNG") << int(CV_8UC3) << 1.0;
        QTest::newRow("PNG 16-bit colour")
            << QStringLiteral("c16.png") << QStringLiteral("PNG") << int(CV_16UC3) << 2.0;
        QTest::newRow("PNG 8-bit colour + alpha")
            << QStringLiteral("c8a.png") << QStringLiteral("PNG") << int(CV_8UC4) << 1.0;
        // JPEG is lossy: a few grey levels on a smooth pattern (edges of the circle ring more).
        QTest::newRow("JPEG 8-bit grey")
            << QStringLiteral("g8.jpg") << QStringLiteral("JPEG") << int(CV_8UC1) << 24.0;
        QTest::newRow("JPEG 8-bit colour")
            << QStringLiteral("c8.jpeg") << QStringLiteral("JPEG") << int(CV_8UC3) << 24.0;
        QTest::newRow("TIFF 8-bit grey")
            << QStringLiteral("g8.tif") << QStringLiteral("TIFF") << int(CV_8UC1) << 0.0;
        QTest::newRow("TIFF 16-bit grey")
            << QStringLiteral("g16.tiff") << QStringLiteral("TIFF") << int(CV_16UC1) << 0.0;
        QTest::newRow("TIFF 8-bit colour")
            << QStringLiteral("c8.tif") << QStringLiteral("TIFF") << int(CV_8UC3) << 1.0;
        QTest::newRow("TIFF 16-bit colour")
            << QStringLiteral("c16.tif") << QStringLiteral("TIFF") << int(CV_16UC3) << 2.0;
        QTest::newRow("BMP 8-bit grey")
            << QStringLiteral("g8.bmp") << QStringLiteral("BMP") << int(CV_8UC1) << 0.0;
        QTest::newRow("BMP 8-bit colour")
            << QStringLiteral("c8.bmp") << QStringLiteral("BMP") << int(CV_8UC3) << 1.0;
        // Recognised by content, not by name.
        QTest::newRow("PNG 16-bit named .dcm")
            << QStringLiteral("png16.dcm") << QStringLiteral("PNG") << int(CV_16UC1) << 0.0;
        QTest::newRow("TIFF 8-bit without suffix")
            << QStringLiteral("tiff8") << QStringLiteral("TIFF") << int(CV_8UC1) << 0.0;
    }

    void raster()
    {
        QFETCH(QString, fileName);
        QFETCH(QString, format);
        QFETCH(int, cvType);
        QFETCH(double, tolerance);
        const int width = 93, height = 67; // odd sizes catch stride mistakes
        const cv::Mat source = rasterPattern(width, height, cvType);
        const std::string ext = "." + format.toLower().toStdString();
        std::vector<uchar> bytes;
        QVERIFY(cv::imencode(ext == ".jpeg" ? ".jpg" : ext, source, bytes));
        const QString path = m_dir.filePath(fileName);
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QCOMPARE(f.write(reinterpret_cast<const char *>(bytes.data()), qint64(bytes.size())),
                     qint64(bytes.size()));
        }
        Film film;
        try {
            film = loadFilm(path);
        } catch (const Error &e) {
            QFAIL(qPrintable(e.message()));
        }
        const bool colour = CV_MAT_CN(cvType) > 1;
        const bool wide = CV_MAT_DEPTH(cvType) == CV_16U;
        QCOMPARE(film.meta.format, format);
        QCOMPARE(film.width(), width);
        QCOMPARE(film.height(), height);
        QCOMPARE(film.meta.bitsStored, wide ? 16 : 8);
        QCOMPARE(film.meta.samplesPerPixel, CV_MAT_CN(cvType));
        QCOMPARE(film.meta.photometric, colour ? QStringLiteral("RGB") : QStringLiteral("MONOCHROME2"));
        QCOMPARE(film.meta.notes.join(QLatin1Char(' ')).contains(QLatin1String("luminance")), colour);
        QVERIFY(film.meta.modality.isEmpty());
        QVERIFY(film.meta.transferSyntaxUid.isEmpty());
        double worst = 0;
        for (int y = 0; y < height; ++y) {
            for (int x = 0; x < width; ++x) {
                const double expected = colour ? luma(source, x, y)
                                        : wide ? double(source.at<quint16>(y, x))
                                               : double(source.at<uchar>(y, x));
                worst = std::max(worst, std::abs(film.at(x, y) - expected));
            }
        }
        QVERIFY2(worst <= tolerance,
                 qPrintable(QStringLiteral("largest difference %1 grey levels").arg(worst)));
        if (wide && !colour) {
            // 16-bit grey survives to --raw unchanged.
            const QImage raw = renderRaw16(film);
            QCOMPARE(raw.format(), QImage::Format_Grayscale16);
            for (int y = 0; y < height; ++y) {
                const auto *row = reinterpret_cast<const quint16 *>(raw.constScanLine(y));
                for (int x = 0; x < width; ++x)
                    QCOMPARE(row[x], source.at<quint16>(y, x));
            }
        }
        if (!wide && !colour && tolerance == 0.0) {
            // 8-bit grey renders as itself by default (identity window).
            const QImage shown = renderFilm(film, defaultWindow(film));
            for (int y = 0; y < height; ++y)
                QVERIFY(
                    std::equal(shown.constScanLine(y), shown.constScanLine(y) + width, source.ptr<uchar>(y)));
        }
    }
};

QTEST_GUILESS_MAIN(TestFilmLoader)
#include "test_filmloader.moc"
