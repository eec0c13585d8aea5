// DICOM films written by DCMTK at test time: what ../shared/data/dicom lacks (MONOCHROME1
// uncompressed, signed data with rescale, VOI LUT, window presets, every lossless codec, colour,
// multi-frame, files without the Part 10 preamble, 8/12/16-bit).
#include "core/error.h"
#include "core/film/display.h"
#include "core/film/filmloader.h"
#include "support/dicomsynth.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>
#include <array>
#include <cmath>

using namespace chestlens;
using namespace chestlens::test;

Q_DECLARE_METATYPE(chestlens::test::SynthCodec)

namespace {

/// Loads `path`, turning a loader error into a test failure that shows the message.
#define LOAD_OR_FAIL(film, path)                                                                             \
    Film film;                                                                                               \
    try {                                                                                                    \
        film = loadFilm(path);                                                                               \
    } catch (const Error &e) {                                                                               \
        QFAIL(qPrintable(QStringLiteral("loadFilm threw: %1").arg(e.message())));                            \
    }

/// PS3.3 C.11.2.1.2.1 linear VOI function, output in [0, 1]; written out independently of
/// core/film/display.cpp so that a change there is checked against the standard, not against itself.
double linearVoi(double x, double c, double w)
{
    if (x <= c - 0.5 - (w - 1) / 2)
        return 0.0;
    if (x > c - 0.5 + (w - 1) / 2)
        return 1.0;
    return (x - (c - 0.5)) / (w - 1) + 0.5;
}

/// Index of the first pixel whose value differs from `expected`, or -1.
template <typename T>
long firstMismatch(const std::vector<float> &actual, const std::vector<T> &expected, double tolerance = 0.0)
{
    if (actual.size() != expected.size())
        return 0;
    for (std::size_t i = 0; i < actual.size(); ++i) {
        if (std::abs(static_cast<double>(actual[i]) - static_cast<double>(expected[i])) > tolerance)
            return static_cast<long>(i);
    }
    return -1;
}

QString mismatchText(long i, const std::vector<float> &actual, double expected)
{
    return QStringLiteral("pixel %1: got %2, expected %3")
        .arg(i)
        .arg(i >= 0 && static_cast<std::size_t>(i) < actual.size() ? actual[i] : NAN)
        .arg(expected);
}

} // namespace

class TestDicomSynth : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    /// A fresh file name in the temporary folder.
    QString tempPath(const QString &stem, const QString &suffix = QStringLiteral("dcm"))
    {
        return m_dir.filePath(QStringLiteral("%1-%2.%3").arg(stem).arg(++m_counter).arg(suffix));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString())); }

    void monochrome1RendersInverted()
    {
        SynthSpec spec;
        spec.photometric = QStringLiteral("MONOCHROME1");
        spec.windows = {{2048.0, 4096.0}};
        const QString path = tempPath(QStringLiteral("mono1"));
        const QString err = writeSynthetic(spec, path);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        LOAD_OR_FAIL(film, path);

        QCOMPARE(film.meta.photometric, QStringLiteral("MONOCHROME1"));
        QVERIFY(film.meta.invertedPolarity());
        const std::vector<std::int32_t> stored = firstFrameGrey(spec);
        const long bad = firstMismatch(film.pixels, stored);
        QVERIFY2(bad < 0, qPrintable(mismatchText(bad, film.pixels, stored[std::max(0L, bad)])));

        // In MONOCHROME1 the lowest value is white: pixel 0 holds the minimum, pixel 1 the maximum.
        const DisplayWindow window = defaultWindow(film);
        const std::vector<float> shown = renderDisplayValues(film, window);
        QCOMPARE(shown[0], 1.0f);
        QCOMPARE(shown[1], 0.0f);
        Film asMono2 = film;
        asMono2.meta.photometric = QStringLiteral("MONOCHROME2");
        const std::vector<float> plain = renderDisplayValues(asMono2, window);
        for (std::size_t i = 0; i < shown.size(); ++i) {
            QVERIFY2(
                std::abs(shown[i] + plain[i] - 1.0f) < 1e-6f,
                qPrintable(QStringLiteral("pixel %1: MONOCHROME1 %2 is not the inverse of MONOCHROME2 %3")
                               .arg(i)
                               .arg(shown[i])
                               .arg(plain[i])));
        }
        const QImage image = renderFilm(film, window);
        QCOMPARE(image.pixelColor(0, 0).red(), 255);
        QCOMPARE(image.pixelColor(1, 0).red(), 0);

        // The user's "invert" undoes the MONOCHROME1 inversion.
        DisplayWindow inverted = window;
        inverted.invert = true;
        QCOMPARE(renderDisplayValues(film, inverted), plain);

        // --raw: stored values inverted within the 12-bit range.
        const QImage raw = renderRaw16(film);
        QCOMPARE(raw.format(), QImage::Format_Grayscale16);
        const auto *row = reinterpret_cast<const quint16 *>(raw.constScanLine(0));
        QCOMPARE(int(row[0]), 4095 - stored[0]);
        QCOMPARE(int(row[1]), 4095 - stored[1]);
        QCOMPARE(int(row[5]), 4095 - stored[5]);
    }

    void rescale_data()
    {
        QTest::addColumn<int>("bitsStored");
        QTest::addColumn<bool>("isSigned");
        QTest::addColumn<double>("slope");
        QTest::addColumn<double>("intercept");
        QTest::newRow("signed 16-bit, CT intercept -1024") << 16 << true << 1.0 << -1024.0;
        QTest::newRow("signed 12-bit, fractional slope 0.5") << 12 << true << 0.5 << -10.25;
        QTest::newRow("signed 16-bit, slope 2.5 intercept 100") << 16 << true << 2.5 << 100.0;
        QTest::newRow("unsigned 16-bit, slope 0.0123") << 16 << false << 0.0123 << 3.7;
        QTest::newRow("unsigned 12-bit, no rescale") << 12 << false << 1.0 << 0.0;
    }

    void rescale()
    {
        QFETCH(int, bitsStored);
        QFETCH(bool, isSigned);
        QFETCH(double, slope);
        QFETCH(double, intercept);
        SynthSpec spec;
        spec.bitsStored = bitsStored;
        spec.isSigned = isSigned;
        spec.modality = QStringLiteral("CT");
        if (slope != 1.0 || intercept != 0.0) {
            spec.rescaleSlope = slope;
            spec.rescaleIntercept = intercept;
        }
        const QString path = tempPath(QStringLiteral("rescale"));
        const QString err = writeSynthetic(spec, path);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        LOAD_OR_FAIL(film, path);

        QCOMPARE(film.meta.isSigned, isSigned);
        QCOMPARE(film.meta.bitsStored, bitsStored);
        QCOMPARE(film.meta.rescaleSlope, slope);
        QCOMPARE(film.meta.rescaleIntercept, intercept);
        const std::vector<std::int32_t> stored = firstFrameGrey(spec);
        QVERIFY(*std::min_element(stored.begin(), stored.end()) < (isSigned ? 0 : 1));
        std::vector<double> expected(stored.size());
        for (std::size_t i = 0; i < stored.size(); ++i)
            expected[i] = stored[i] * slope + intercept;
        // float holds 24 bits of mantissa: relative error ~6e-8 of values up to ~1e5.
        const double tolerance = 1e-6 * (std::abs(intercept) + 65536.0 * slope);
        const long bad = firstMismatch(film.pixels, expected, tolerance);
        QVERIFY2(bad < 0, qPrintable(mismatchText(bad, film.pixels, expected[std::max(0L, bad)])));
        const double lo = (isSigned ? -(1 << (bitsStored - 1)) : 0) * slope + intercept;
        const double hi =
            (isSigned ? (1 << (bitsStored - 1)) - 1 : (1 << bitsStored) - 1) * slope + intercept;
        QVERIFY(std::abs(film.meta.minValue - lo) <= tolerance);
        QVERIFY(std::abs(film.meta.maxValue - hi) <= tolerance);
    }

    void voiLut_data()
    {
        QTest::addColumn<QString>("photometric");
        QTest::addColumn<bool>("isSigned");
        QTest::addColumn<int>("firstMapped");
        QTest::newRow("MONOCHROME2 unsigned") << QStringLiteral("MONOCHROME2") << false << 100;
        QTest::newRow("MONOCHROME1 unsigned") << QStringLiteral("MONOCHROME1") << false << 100;
        // PS3.3 C.11.2.1.1: the first mapped value is signed when Pixel Representation is 1.
        QTest::newRow("MONOCHROME2 signed, negative first value")
            << QStringLiteral("MONOCHROME2") << true << -1000;
    }

    void voiLut()
    {
        QFETCH(QString, photometric);
        QFETCH(bool, isSigned);
        QFETCH(int, firstMapped);
        SynthSpec spec;
        spec.photometric = photometric;
        spec.isSigned = isSigned;
        SynthVoiLut lut;
        lut.firstMapped = firstMapped;
        lut.bits = 12;
        // A curve no linear window reproduces: quadratic, then a flat plateau.
        constexpr int entries = 3000;
        for (int i = 0; i < entries; ++i) {
            const double t = std::min(1.0, i / 2000.0);
            lut.table.push_back(static_cast<std::uint16_t>(std::lround(4095.0 * t * t)));
        }
        spec.voiLut = lut;
        const QString path = tempPath(QStringLiteral("voilut"));
        const QString err = writeSynthetic(spec, path);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        LOAD_OR_FAIL(film, path);

        QVERIFY(film.meta.voiLut.has_value());
        QCOMPARE(film.meta.voiLut->firstMapped, firstMapped);
        QCOMPARE(film.meta.voiLut->bits, 12);
        QCOMPARE(film.meta.voiLut->table, lut.table);
        const DisplayWindow window = defaultWindow(film);
        QCOMPARE(window.kind, DisplayWindow::Kind::VoiLut);

        const std::vector<float> shown = renderDisplayValues(film, window);
        const std::vector<std::int32_t> stored = firstFrameGrey(spec);
        const bool flip = photometric == QLatin1String("MONOCHROME1");
        int belowTable = 0, aboveTable = 0;
        for (std::size_t i = 0; i < stored.size(); ++i) {
            const long index = std::clamp<long>(stored[i] - firstMapped, 0, entries - 1);
            belowTable += stored[i] < firstMapped;
            aboveTable += stored[i] >= firstMapped + entries;
            double expected = lut.table[static_cast<std::size_t>(index)] / 4095.0;
            if (flip)
                expected = 1.0 - expected;
            QVERIFY2(std::abs(shown[i] - expected) < 1e-6,
                     qPrintable(QStringLiteral("pixel %1 (value %2): got %3, LUT gives %4")
                                    .arg(i)
                                    .arg(stored[i])
                                    .arg(shown[i])
                                    .arg(expected)));
        }
        // The pattern must reach both clamped ends of the table, or the check above proves less.
        QVERIFY(belowTable > 0);
        QVERIFY(aboveTable > 0);
    }

    void windowPresets()
    {
        SynthSpec spec;
        spec.windows = {{1000.0, 501.0}, {2048.0, 4096.0}, {3000.0, 100.0}};
        const QString path = tempPath(QStringLiteral("presets"));
        const QString err = writeSynthetic(spec, path);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        LOAD_OR_FAIL(film, path);

        QCOMPARE(film.meta.windows.size(), 3);
        QCOMPARE(film.meta.windows[1].centre, 2048.0);
        QCOMPARE(film.meta.windows[1].width, 4096.0);
        QCOMPARE(film.meta.windows[2].explanation, QStringLiteral("PRESET3"));
        const DisplayWindow window = defaultWindow(film);
        QCOMPARE(window.kind, DisplayWindow::Kind::Linear);
        QCOMPARE(window.centre, 1000.0);
        QCOMPARE(window.width, 501.0);
        QCOMPARE(window.name, QStringLiteral("PRESET1"));

        const std::vector<float> shown = renderDisplayValues(film, window);
        const std::vector<std::int32_t> stored = firstFrameGrey(spec);
        int clippedLow = 0, clippedHigh = 0, inside = 0;
        for (std::size_t i = 0; i < stored.size(); ++i) {
            const double expected = linearVoi(stored[i], 1000.0, 501.0);
            clippedLow += expected == 0.0;
            clippedHigh += expected == 1.0;
            inside += expected > 0.0 && expected < 1.0;
            QVERIFY2(std::abs(shown[i] - expected) < 1e-6,
                     qPrintable(mismatchText(long(i), shown, expected)));
        }
        QVERIFY(clippedLow > 0 && clippedHigh > 0 && inside > 0);
    }

    void codecRoundTrip_data()
    {
        QTest::addColumn<SynthCodec>("codec");
        QTest::addColumn<int>("bitsAllocated");
        QTest::addColumn<int>("bitsStored");
        QTest::addColumn<bool>("isSigned");
        QTest::addColumn<QString>("photometric");
        QTest::addColumn<QString>("syntaxUid");
        const QString mono2 = QStringLiteral("MONOCHROME2");
        const QString mono1 = QStringLiteral("MONOCHROME1");
        const QString jpll = QStringLiteral("1.2.840.10008.1.2.4.70");
        const QString jls = QStringLiteral("1.2.840.10008.1.2.4.80");
        const QString rle = QStringLiteral("1.2.840.10008.1.2.5");
        QTest::newRow("JPEG lossless SV1, 8-bit")
            << SynthCodec::JpegLossless << 8 << 8 << false << mono2 << jpll;
        QTest::newRow("JPEG lossless SV1, 12-bit")
            << SynthCodec::JpegLossless << 16 << 12 << false << mono2 << jpll;
        QTest::newRow("JPEG lossless SV1, 16-bit MONOCHROME1")
            << SynthCodec::JpegLossless << 16 << 16 << false << mono1 << jpll;
        QTest::newRow("JPEG-LS lossless, 8-bit") << SynthCodec::JpegLs << 8 << 8 << false << mono2 << jls;
        QTest::newRow("JPEG-LS lossless, 12-bit") << SynthCodec::JpegLs << 16 << 12 << false << mono2 << jls;
        QTest::newRow("JPEG-LS lossless, 16-bit") << SynthCodec::JpegLs << 16 << 16 << false << mono2 << jls;
        QTest::newRow("RLE, 8-bit") << SynthCodec::Rle << 8 << 8 << false << mono2 << rle;
        QTest::newRow("RLE, 12-bit MONOCHROME1") << SynthCodec::Rle << 16 << 12 << false << mono1 << rle;
        QTest::newRow("RLE, signed 16-bit") << SynthCodec::Rle << 16 << 16 << true << mono2 << rle;
    }

    void codecRoundTrip()
    {
        QFETCH(SynthCodec, codec);
        QFETCH(int, bitsAllocated);
        QFETCH(int, bitsStored);
        QFETCH(bool, isSigned);
        QFETCH(QString, photometric);
        QFETCH(QString, syntaxUid);
        SynthSpec spec;
        spec.width = 97; // odd sizes catch row-padding and stride mistakes
        spec.height = 61;
        spec.bitsAllocated = bitsAllocated;
        spec.bitsStored = bitsStored;
        spec.isSigned = isSigned;
        spec.photometric = photometric;
        const QString plainPath = tempPath(QStringLiteral("plain"));
        const QString packedPath = tempPath(QStringLiteral("packed"));
        QString err = writeSynthetic(spec, plainPath);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        err = writeSynthetic(spec, packedPath, codec);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QVERIFY2(QFileInfo(packedPath).size() != QFileInfo(plainPath).size(),
                 "the codec did not change the file");

        LOAD_OR_FAIL(plain, plainPath);
        LOAD_OR_FAIL(packed, packedPath);
        QCOMPARE(packed.meta.transferSyntaxUid, syntaxUid);
        QCOMPARE(plain.meta.transferSyntaxUid, QStringLiteral("1.2.840.10008.1.2.1"));
        QCOMPARE(packed.meta.width, spec.width);
        QCOMPARE(packed.meta.height, spec.height);
        QCOMPARE(packed.meta.bitsStored, bitsStored);
        QCOMPARE(packed.meta.photometric, photometric);
        QCOMPARE(packed.meta.isSigned, isSigned);
        const std::vector<std::int32_t> stored = firstFrameGrey(spec);
        long bad = firstMismatch(plain.pixels, stored);
        QVERIFY2(bad < 0, qPrintable(QStringLiteral("uncompressed: ") +
                                     mismatchText(bad, plain.pixels, stored[std::max(0L, bad)])));
        bad = firstMismatch(packed.pixels, stored);
        QVERIFY2(bad < 0, qPrintable(codecName(codec) + QStringLiteral(": ") +
                                     mismatchText(bad, packed.pixels, stored[std::max(0L, bad)])));
        QCOMPARE(packed.pixels, plain.pixels);
    }

    void colourToLuminance_data()
    {
        QTest::addColumn<SynthCodec>("codec");
        QTest::newRow("RGB uncompressed") << SynthCodec::Uncompressed;
        QTest::newRow("RGB RLE") << SynthCodec::Rle;
    }

    void colourToLuminance()
    {
        QFETCH(SynthCodec, codec);
        SynthSpec spec;
        spec.width = 6;
        spec.height = 2;
        spec.bitsAllocated = spec.bitsStored = 8;
        spec.samplesPerPixel = 3;
        spec.photometric = QStringLiteral("RGB");
        spec.modality = QStringLiteral("OT");
        // Primaries, white, black and a mixed colour, then their mirror image.
        const std::vector<std::array<int, 3>> colours = {{255, 0, 0},     {0, 255, 0}, {0, 0, 255},
                                                         {255, 255, 255}, {0, 0, 0},   {200, 100, 50}};
        for (int y = 0; y < spec.height; ++y) {
            for (int x = 0; x < spec.width; ++x) {
                const auto &c = colours[static_cast<std::size_t>(y == 0 ? x : spec.width - 1 - x)];
                spec.values.insert(spec.values.end(), c.begin(), c.end());
            }
        }
        const QString path = tempPath(QStringLiteral("rgb"));
        const QString err = writeSynthetic(spec, path, codec);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        LOAD_OR_FAIL(film, path);

        QCOMPARE(film.meta.samplesPerPixel, 3);
        QCOMPARE(film.meta.photometric, QStringLiteral("RGB"));
        QVERIFY(!film.meta.invertedPolarity());
        QCOMPARE(film.pixels.size(), std::size_t(12));
        QVERIFY2(film.meta.notes.join(QLatin1Char(' ')).contains(QLatin1String("luminance")),
                 qPrintable(film.meta.notes.join(QLatin1Char(';'))));
        for (int y = 0; y < spec.height; ++y) {
            for (int x = 0; x < spec.width; ++x) {
                const auto &c = colours[static_cast<std::size_t>(y == 0 ? x : spec.width - 1 - x)];
                // ITU-R BT.601 luma; converters round differently, so allow one grey level.
                const double luma = 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
                QVERIFY2(std::abs(film.at(x, y) - luma) <= 1.0,
                         qPrintable(QStringLiteral("(%1,%2): got %3, luma %4")
                                        .arg(x)
                                        .arg(y)
                                        .arg(film.at(x, y))
                                        .arg(luma)));
            }
        }
    }

    void multiFrame_data()
    {
        QTest::addColumn<SynthCodec>("codec");
        QTest::newRow("uncompressed") << SynthCodec::Uncompressed;
        QTest::newRow("RLE") << SynthCodec::Rle;
        QTest::newRow("JPEG-LS") << SynthCodec::JpegLs;
    }

    void multiFrame()
    {
        QFETCH(SynthCodec, codec);
        SynthSpec spec;
        spec.frames = 3;
        spec.modality = QStringLiteral("OT");
        const QString path = tempPath(QStringLiteral("multiframe"));
        const QString err = writeSynthetic(spec, path, codec);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        LOAD_OR_FAIL(film, path);

        QCOMPARE(film.meta.frames, 3);
        QCOMPARE(film.pixels.size(), std::size_t(spec.width * spec.height));
        const QString notes = film.meta.notes.join(QLatin1Char(' '));
        QVERIFY2(notes.contains(QLatin1String("first frame")) && notes.contains(QLatin1String("3 frames")),
                 qPrintable(notes));
        const std::vector<std::int32_t> first = firstFrameGrey(spec);
        const long bad = firstMismatch(film.pixels, first);
        QVERIFY2(bad < 0, qPrintable(mismatchText(bad, film.pixels, first[std::max(0L, bad)])));
        // Frame 1 differs from frame 0, so the comparison above really identifies the first frame.
        const std::vector<std::int32_t> all = syntheticValues(spec);
        QVERIFY(
            !std::equal(first.begin(), first.end(), all.begin() + static_cast<std::ptrdiff_t>(first.size())));
    }

    void withoutPreamble_data()
    {
        QTest::addColumn<int>("bitsAllocated");
        QTest::addColumn<int>("bitsStored");
        QTest::addColumn<QString>("photometric");
        QTest::newRow("16-bit MONOCHROME2") << 16 << 12 << QStringLiteral("MONOCHROME2");
        QTest::newRow("8-bit MONOCHROME1") << 8 << 8 << QStringLiteral("MONOCHROME1");
    }

    void withoutPreamble()
    {
        QFETCH(int, bitsAllocated);
        QFETCH(int, bitsStored);
        QFETCH(QString, photometric);
        SynthSpec spec;
        spec.bitsAllocated = bitsAllocated;
        spec.bitsStored = bitsStored;
        spec.photometric = photometric;
        const QString path = tempPath(QStringLiteral("bare"));
        const QString err = writeSynthetic(spec, path, SynthCodec::Uncompressed, false);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().mid(128, 4).startsWith("DICM"), "the helper wrote a preamble");
        QVERIFY(!hasDicomPreamble(path));

        LOAD_OR_FAIL(film, path);
        QCOMPARE(film.meta.format, QStringLiteral("DICOM"));
        QCOMPARE(film.meta.photometric, photometric);
        QCOMPARE(film.meta.bitsStored, bitsStored);
        QCOMPARE(film.meta.transferSyntaxUid, QStringLiteral("1.2.840.10008.1.2"));
        const std::vector<std::int32_t> stored = firstFrameGrey(spec);
        const long bad = firstMismatch(film.pixels, stored);
        QVERIFY2(bad < 0, qPrintable(mismatchText(bad, film.pixels, stored[std::max(0L, bad)])));
    }

    void bitDepths_data()
    {
        QTest::addColumn<int>("bitsAllocated");
        QTest::addColumn<int>("bitsStored");
        QTest::addColumn<bool>("isSigned");
        QTest::addColumn<bool>("dirtyHighBits");
        QTest::newRow("8-bit unsigned") << 8 << 8 << false << false;
        QTest::newRow("8-bit signed") << 8 << 8 << true << false;
        QTest::newRow("10-bit unsigned") << 16 << 10 << false << false;
        QTest::newRow("12-bit unsigned") << 16 << 12 << false << false;
        // Bits above the high bit are not pixel data (old overlays); they must be masked off.
        QTest::newRow("12-bit, junk above the high bit") << 16 << 12 << false << true;
        QTest::newRow("12-bit signed") << 16 << 12 << true << false;
        QTest::newRow("14-bit unsigned") << 16 << 14 << false << false;
        QTest::newRow("16-bit unsigned") << 16 << 16 << false << false;
        QTest::newRow("16-bit signed") << 16 << 16 << true << false;
    }

    void bitDepths()
    {
        QFETCH(int, bitsAllocated);
        QFETCH(int, bitsStored);
        QFETCH(bool, isSigned);
        QFETCH(bool, dirtyHighBits);
        SynthSpec spec;
        spec.bitsAllocated = bitsAllocated;
        spec.bitsStored = bitsStored;
        spec.isSigned = isSigned;
        const std::vector<std::int32_t> stored = syntheticValues(spec);
        spec.values = stored;
        if (dirtyHighBits) {
            for (std::size_t i = 0; i < spec.values.size(); i += 3)
                spec.values[i] |= 0xA000;
        }
        const QString path = tempPath(QStringLiteral("depth"));
        const QString err = writeSynthetic(spec, path);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        LOAD_OR_FAIL(film, path);

        QCOMPARE(film.meta.bitsAllocated, bitsAllocated);
        QCOMPARE(film.meta.bitsStored, bitsStored);
        QCOMPARE(film.meta.isSigned, isSigned);
        const long bad = firstMismatch(film.pixels, stored);
        QVERIFY2(bad < 0, qPrintable(mismatchText(bad, film.pixels, stored[std::max(0L, bad)])));
        QCOMPARE(double(film.meta.minValue), double(*std::min_element(stored.begin(), stored.end())));
        QCOMPARE(double(film.meta.maxValue), double(*std::max_element(stored.begin(), stored.end())));
        // No preset: the default window is a percentile window inside the data range.
        const DisplayWindow window = defaultWindow(film);
        QCOMPARE(window.kind, DisplayWindow::Kind::Linear);
        QVERIFY(window.centre > film.meta.minValue && window.centre < film.meta.maxValue);
        const std::vector<float> shown = renderDisplayValues(film, window);
        const auto [lo, hi] = std::minmax_element(shown.begin(), shown.end());
        QCOMPARE(*lo, 0.0f);
        QCOMPARE(*hi, 1.0f);
    }
};

QTEST_GUILESS_MAIN(TestDicomSynth)
#include "test_dicomsynth.moc"
