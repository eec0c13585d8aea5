// Bad input never crashes and never becomes a silent black image: loadFilm() throws one
// chestlens::Error whose code callers can branch on and whose message names the file and the cause.
#include "core/error.h"
#include "core/film/filmloader.h"
#include "support/dicomsynth.h"
#include "support/process.h"
#include "support/testdata.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest/QtTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <array>
#include <unistd.h>

using namespace chestlens;
using namespace chestlens::test;

namespace {

/// CRC-32 of PNG chunks (ISO 3309 / ITU-T V.42, PNG spec 5.5).
quint32 crc32(const QByteArray &data)
{
    static const std::array<quint32, 256> table = [] {
        std::array<quint32, 256> t{};
        for (quint32 n = 0; n < 256; ++n) {
            quint32 c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    quint32 c = 0xFFFFFFFFu;
    for (const char byte : data)
        c = table[(c ^ static_cast<quint8>(byte)) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

void putBe32(QByteArray &b, int at, quint32 v)
{
    for (int i = 0; i < 4; ++i)
        b[at + i] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
}

/// A PNG's IHDR chunk starts at byte 8: length(4) "IHDR"(4) width(4) height(4) … CRC at 29.
constexpr int kIhdrWidth = 16;
constexpr int kIhdrCrc = 29;

/// `png` with its IHDR size replaced and the chunk CRC recomputed, so that only the size is odd.
QByteArray withPngSize(QByteArray png, quint32 width, quint32 height)
{
    putBe32(png, kIhdrWidth, width);
    putBe32(png, kIhdrWidth + 4, height);
    putBe32(png, kIhdrCrc, crc32(png.mid(12, 17))); // CRC covers type and data
    return png;
}

QByteArray encode(const cv::Mat &image, const char *ext)
{
    std::vector<uchar> bytes;
    cv::imencode(ext, image, bytes);
    return QByteArray(reinterpret_cast<const char *>(bytes.data()), static_cast<int>(bytes.size()));
}

cv::Mat testPattern()
{
    cv::Mat m(120, 160, CV_8UC1);
    for (int y = 0; y < m.rows; ++y)
        for (int x = 0; x < m.cols; ++x)
            m.at<uchar>(y, x) = static_cast<uchar>((x * 7 + y * 3 + (x * y) % 13) & 0xFF);
    return m;
}

/// `tiff` (little-endian, as OpenCV writes it) with ImageWidth/ImageLength in its first IFD set
/// to `width` x `height`, keeping each entry's type (SHORT or LONG).
QByteArray withTiffSize(QByteArray tiff, quint32 width, quint32 height)
{
    auto u16 = [&](int at) { return qFromLittleEndian<quint16>(tiff.constData() + at); };
    const int ifd = static_cast<int>(qFromLittleEndian<quint32>(tiff.constData() + 4));
    for (int i = 0; i < u16(ifd); ++i) {
        const int entry = ifd + 2 + 12 * i;
        if (u16(entry) != 256 && u16(entry) != 257)
            continue;
        const quint32 value = u16(entry) == 256 ? width : height;
        if (u16(entry + 2) == 3)
            qToLittleEndian<quint16>(static_cast<quint16>(value), tiff.data() + entry + 8);
        else
            qToLittleEndian<quint32>(value, tiff.data() + entry + 8);
    }
    return tiff;
}

struct Case
{
    QString name;
    QString path;
    ErrorCode code;
    QStringList causes; ///< substrings the message must contain (case-insensitive)
};

} // namespace

class TestBadInput : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QVector<Case> m_cases;
    QString m_goodDicom;

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            return {};
        return path;
    }

    void add(const QString &name, const QString &path, ErrorCode code, const QStringList &causes)
    {
        QVERIFY2(!path.isEmpty(), qPrintable(QStringLiteral("could not create the file for '%1'").arg(name)));
        m_cases.append({name, path, code, causes});
    }

    /// Writes a synthetic dataset changed by `edit` (uncompressed Part 10).
    template <typename Edit> QString writeEdited(const QString &name, Edit edit)
    {
        SynthSpec spec;
        std::unique_ptr<DcmDataset> ds = makeDataset(spec);
        edit(*ds);
        const QString path = m_dir.filePath(name);
        const QString err = writeDataset(*ds, path);
        return err.isEmpty() ? path : QString();
    }

    QString writeGarbageEncapsulated(const QString &name, const char *uid)
    {
        SynthSpec spec;
        std::unique_ptr<DcmDataset> ds = makeDataset(spec);
        QByteArray garbage;
        for (int i = 0; i < 600; ++i)
            garbage.append(static_cast<char>((i * 37 + 11) & 0xFF));
        const QString path = m_dir.filePath(name);
        const QString err = writeEncapsulated(*ds, path, uid, garbage);
        if (!err.isEmpty())
            qWarning("%s", qPrintable(err));
        return err.isEmpty() ? path : QString();
    }

    void buildDicomCases()
    {
        // A valid 256 x 256 16-bit film, cut at three places.
        SynthSpec spec;
        spec.width = spec.height = 256;
        const QString goodPath = m_dir.filePath(QStringLiteral("good.dcm"));
        QString err = writeSynthetic(spec, goodPath);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        m_goodDicom = goodPath;
        QFile good(goodPath);
        QVERIFY(good.open(QIODevice::ReadOnly));
        const QByteArray full = good.readAll();
        const int pixelBytes = spec.width * spec.height * 2;
        const int pixelValueStart = full.size() - pixelBytes; // pixel data is the last element
        QVERIFY(full.mid(pixelValueStart - 12, 4) == QByteArray("\xE0\x7F\x10\x00", 4));
        add(QStringLiteral("DICOM cut in the meta header"),
            write(QStringLiteral("cut-meta.dcm"), full.left(150)), ErrorCode::Truncated,
            {QStringLiteral("truncated")});
        add(QStringLiteral("DICOM cut in the dataset header"),
            write(QStringLiteral("cut-header.dcm"), full.left(pixelValueStart - 40)), ErrorCode::Truncated,
            {QStringLiteral("truncated")});
        add(QStringLiteral("DICOM cut in the pixel data"),
            write(QStringLiteral("cut-pixels.dcm"), full.left(pixelValueStart + pixelBytes / 2)),
            ErrorCode::Truncated, {QStringLiteral("truncated")});
        add(QStringLiteral("DICOM preamble only"), write(QStringLiteral("preamble-only.dcm"), full.left(132)),
            ErrorCode::Truncated, {QStringLiteral("truncated")});

        const QString rlePath = m_dir.filePath(QStringLiteral("good-rle.dcm"));
        err = writeSynthetic(spec, rlePath, SynthCodec::Rle);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QFile rle(rlePath);
        QVERIFY(rle.open(QIODevice::ReadOnly));
        const QByteArray rleBytes = rle.readAll();
        add(QStringLiteral("RLE DICOM cut in the pixel data"),
            write(QStringLiteral("cut-rle.dcm"), rleBytes.left(rleBytes.size() - 300)), ErrorCode::Truncated,
            {QStringLiteral("truncated")});

        add(QStringLiteral("DICOM with less pixel data than Rows x Columns"),
            writeEdited(QStringLiteral("short-pixels.dcm"),
                        [](DcmDataset &ds) { ds.putAndInsertUint16(DCM_Rows, 96); }),
            ErrorCode::Truncated, {QStringLiteral("pixel data is truncated"), QStringLiteral("64 x 96")});
        add(QStringLiteral("DICOM without pixel data"),
            writeEdited(QStringLiteral("no-pixels.dcm"),
                        [](DcmDataset &ds) { ds.findAndDeleteElement(DCM_PixelData); }),
            ErrorCode::InvalidImage, {QStringLiteral("no pixel data")});
        add(QStringLiteral("DICOM 0 x 0"),
            writeEdited(QStringLiteral("zero.dcm"),
                        [](DcmDataset &ds) {
                            ds.putAndInsertUint16(DCM_Rows, 0);
                            ds.putAndInsertUint16(DCM_Columns, 0);
                        }),
            ErrorCode::InvalidImage, {QStringLiteral("0 x 0")});
        add(QStringLiteral("DICOM 65535 x 65535 with tiny pixel data"),
            writeEdited(QStringLiteral("huge.dcm"),
                        [](DcmDataset &ds) {
                            ds.putAndInsertUint16(DCM_Rows, 65535);
                            ds.putAndInsertUint16(DCM_Columns, 65535);
                        }),
            ErrorCode::TooLarge, {QStringLiteral("65535 x 65535")});
        add(QStringLiteral("DICOM with 32 bits allocated"),
            writeEdited(QStringLiteral("bits32.dcm"),
                        [](DcmDataset &ds) {
                            ds.putAndInsertUint16(DCM_BitsAllocated, 32);
                            ds.putAndInsertUint16(DCM_Rows, 24); // keep the pixel data long enough
                        }),
            ErrorCode::UnsupportedFormat, {QStringLiteral("bits allocated 32")});
        add(QStringLiteral("DICOM with an undecodable syntax (MPEG-2)"),
            writeGarbageEncapsulated(QStringLiteral("mpeg2.dcm"), "1.2.840.10008.1.2.4.100"),
            ErrorCode::UnsupportedFormat,
            {QStringLiteral("1.2.840.10008.1.2.4.100"), QStringLiteral("not supported")});
        add(QStringLiteral("DICOM with garbage JPEG-LS data"),
            writeGarbageEncapsulated(QStringLiteral("garbage-jls.dcm"), "1.2.840.10008.1.2.4.80"),
            ErrorCode::InvalidImage, {QStringLiteral("JPEG-LS"), QStringLiteral("corrupt")});
        add(QStringLiteral("DICOM with garbage JPEG lossless data"),
            writeGarbageEncapsulated(QStringLiteral("garbage-jpll.dcm"), "1.2.840.10008.1.2.4.70"),
            ErrorCode::InvalidImage, {QStringLiteral("JPEG Lossless"), QStringLiteral("corrupt")});
        add(QStringLiteral("DICOM with garbage RLE data"),
            writeGarbageEncapsulated(QStringLiteral("garbage-rle.dcm"), "1.2.840.10008.1.2.5"),
            ErrorCode::InvalidImage, {QStringLiteral("RLE"), QStringLiteral("corrupt")});
        add(QStringLiteral("DICOM with garbage JPEG 2000 data"),
            writeGarbageEncapsulated(QStringLiteral("garbage-j2k.dcm"), "1.2.840.10008.1.2.4.90"),
            ErrorCode::InvalidImage, {QStringLiteral("JPEG 2000"), QStringLiteral("corrupt")});
    }

    void buildRasterCases()
    {
        const cv::Mat pattern = testPattern();
        const QByteArray png = encode(pattern, ".png");
        QVERIFY(png.startsWith("\x89PNG") && png.mid(12, 4) == "IHDR");
        add(QStringLiteral("PNG 0 x 0"), write(QStringLiteral("zero.png"), withPngSize(png, 0, 0)),
            ErrorCode::InvalidImage, {QStringLiteral("0 x 0")});
        add(QStringLiteral("PNG declaring 100000 x 100000"),
            write(QStringLiteral("huge.png"), withPngSize(png, 100000, 100000)), ErrorCode::TooLarge,
            {QStringLiteral("100000 x 100000")});
        // Signature and IHDR only: the size alone must be refused, not the missing rest.
        add(QStringLiteral("PNG header alone declaring 100000 x 100000"),
            write(QStringLiteral("huge-header.png"), withPngSize(png, 100000, 100000).left(33)),
            ErrorCode::TooLarge, {QStringLiteral("100000 x 100000")});
        QByteArray badIhdrCrc = png;
        badIhdrCrc[kIhdrCrc] = static_cast<char>(badIhdrCrc[kIhdrCrc] ^ 0x5A);
        add(QStringLiteral("PNG with a bad IHDR CRC"), write(QStringLiteral("bad-crc-ihdr.png"), badIhdrCrc),
            ErrorCode::InvalidImage, {QStringLiteral("corrupt")});
        const int idat = png.indexOf("IDAT");
        QVERIFY(idat > 0);
        QByteArray badData = png;
        for (int i = idat + 10; i < idat + 30; ++i)
            badData[i] = static_cast<char>(badData[i] ^ 0xFF);
        add(QStringLiteral("PNG with corrupt image data"), write(QStringLiteral("bad-data.png"), badData),
            ErrorCode::InvalidImage, {QStringLiteral("corrupt")});
        add(QStringLiteral("PNG cut in half"), write(QStringLiteral("cut.png"), png.left(png.size() / 2)),
            ErrorCode::Truncated, {QStringLiteral("truncated")});
        const QByteArray jpeg = encode(pattern, ".jpg");
        add(QStringLiteral("JPEG cut in half"), write(QStringLiteral("cut.jpg"), jpeg.left(jpeg.size() / 2)),
            ErrorCode::Truncated, {QStringLiteral("truncated")});
        const int sof = jpeg.indexOf(QByteArray("\xFF\xC0", 2));
        QVERIFY(sof > 0);
        QByteArray hugeJpeg = jpeg;
        for (int i = sof + 5; i < sof + 9; ++i) // SOF0: length(2) precision(1) height(2) width(2)
            hugeJpeg[i] = '\xFF';
        add(QStringLiteral("JPEG declaring 65535 x 65535"), write(QStringLiteral("huge.jpg"), hugeJpeg),
            ErrorCode::TooLarge, {QStringLiteral("65535 x 65535")});
        const QByteArray tiff = encode(pattern, ".tif");
        QVERIFY(tiff.startsWith("II"));
        add(QStringLiteral("TIFF declaring 20000 x 20000"),
            write(QStringLiteral("huge.tif"), withTiffSize(tiff, 20000, 20000)), ErrorCode::TooLarge,
            {QStringLiteral("20000 x 20000")});
        add(QStringLiteral("TIFF 0 x 0"), write(QStringLiteral("zero.tif"), withTiffSize(tiff, 0, 0)),
            ErrorCode::InvalidImage, {QStringLiteral("0 x 0")});
        const QByteArray bmp = encode(pattern, ".bmp");
        add(QStringLiteral("BMP declaring 100000 x 100000"),
            write(QStringLiteral("huge.bmp"),
                  [&] {
                      QByteArray b = bmp;
                      qToLittleEndian<qint32>(100000, b.data() + 18);
                      qToLittleEndian<qint32>(-100000, b.data() + 22); // top-down
                      return b;
                  }()),
            ErrorCode::TooLarge, {QStringLiteral("100000 x 100000")});
        add(QStringLiteral("BMP 0 x 0"),
            write(QStringLiteral("zero.bmp"),
                  [&] {
                      QByteArray b = bmp;
                      std::fill(b.begin() + 18, b.begin() + 26, '\0');
                      return b;
                  }()),
            ErrorCode::InvalidImage, {QStringLiteral("0 x 0")});
    }

    void buildOtherCases()
    {
        add(QStringLiteral("text file named .dcm"),
            write(QStringLiteral("notes.dcm"), "Patient was seen on Monday.\nNo images attached.\n"),
            ErrorCode::NotAnImage, {QStringLiteral("not a DICOM file")});
        QByteArray noise;
        for (int i = 0; i < 4096; ++i)
            noise.append(static_cast<char>((i * 2654435761u) >> 13));
        add(QStringLiteral("random bytes named .jpg"), write(QStringLiteral("noise.jpg"), noise),
            ErrorCode::NotAnImage, {QStringLiteral("not a DICOM file")});
        const QString folder = m_dir.filePath(QStringLiteral("folder.png"));
        QVERIFY(QDir().mkpath(folder));
        add(QStringLiteral("folder named .png"), folder, ErrorCode::FileUnreadable,
            {QStringLiteral("folder")});
        add(QStringLiteral("nonexistent path"), m_dir.filePath(QStringLiteral("missing/film.dcm")),
            ErrorCode::FileNotFound, {QStringLiteral("does not exist")});
        add(QStringLiteral("empty file"), write(QStringLiteral("empty.dcm"), QByteArray()),
            ErrorCode::Truncated, {QStringLiteral("empty")});
    }

    static void verifyError(const QString &path, ErrorCode code, const QStringList &causes,
                            const LoadLimits &limits = {})
    {
        try {
            const Film film = loadFilm(path, limits);
            QFAIL(qPrintable(QStringLiteral("loadFilm returned a %1 x %2 film instead of throwing")
                                 .arg(film.width())
                                 .arg(film.height())));
        } catch (const Error &e) {
            const QString message = e.message();
            qDebug("%s: %s", qPrintable(errorCodeName(e.code())), qPrintable(message));
            QVERIFY2(message.startsWith(path + QStringLiteral(": ")),
                     qPrintable(QStringLiteral("message does not name the file: ") + message));
            for (const QString &cause : causes)
                QVERIFY2(message.contains(cause, Qt::CaseInsensitive),
                         qPrintable(QStringLiteral("'%1' not in: %2").arg(cause, message)));
            QCOMPARE(errorCodeName(e.code()), errorCodeName(code));
        } catch (const std::exception &e) {
            QFAIL(
                qPrintable(QStringLiteral("threw a foreign exception: ") + QString::fromLocal8Bit(e.what())));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
        buildDicomCases();
        buildRasterCases();
        buildOtherCases();
    }

    void badFile_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("code");
        QTest::addColumn<QStringList>("causes");
        for (const Case &c : std::as_const(m_cases))
            QTest::newRow(qPrintable(c.name)) << c.path << static_cast<int>(c.code) << c.causes;
    }

    void badFile()
    {
        QFETCH(QString, path);
        QFETCH(int, code);
        QFETCH(QStringList, causes);
        verifyError(path, static_cast<ErrorCode>(code), causes);
    }

    /// The CLI gives the same message for each bad file, carries on with the others, and exits 1.
    void cliNamesEveryBadFile_data()
    {
        QTest::addColumn<QString>("command");
        QTest::newRow("info") << QStringLiteral("info");
        QTest::newRow("predict") << QStringLiteral("predict");
    }

    void cliNamesEveryBadFile()
    {
        QFETCH(QString, command);
        if (cliPath().isEmpty())
            QSKIP("CHESTLENS_CLI is not set: run this test through ctest");
        QStringList args{command};
        for (const Case &c : std::as_const(m_cases))
            args << c.path;
        const ProcessResult r = runProcess(cliPath(), args);
        QVERIFY2(r.finished, qPrintable(describe(r)));
        QCOMPARE(r.exitCode, 1);
        const QString err = QString::fromUtf8(r.err);
        for (const Case &c : std::as_const(m_cases)) {
            const QString line =
                err.section(c.path + QStringLiteral(": "), 1, 1).section(QLatin1Char('\n'), 0, 0);
            QVERIFY2(
                !line.isEmpty(),
                qPrintable(
                    QStringLiteral("%1 (%2) not named on stderr:\n%3").arg(c.path, c.name, err.left(3000))));
            for (const QString &cause : c.causes)
                QVERIFY2(line.contains(cause, Qt::CaseInsensitive),
                         qPrintable(QStringLiteral("%1: '%2' not in: %3").arg(c.name, cause, line)));
        }
    }

    /// The budgets of LoadLimits apply to every format, before decoding.
    void budgets()
    {
        QVERIFY(!m_goodDicom.isEmpty());
        LoadLimits pixels;
        pixels.maxPixels = 10'000; // the film has 65 536
        verifyError(m_goodDicom, ErrorCode::TooLarge, {QStringLiteral("256 x 256")}, pixels);
        LoadLimits bytes;
        bytes.maxFileBytes = 1024;
        verifyError(m_goodDicom, ErrorCode::TooLarge, {QStringLiteral("limit")}, bytes);

        const QString png = write(QStringLiteral("budget.png"), encode(testPattern(), ".png"));
        verifyError(png, ErrorCode::TooLarge, {QStringLiteral("160 x 120")}, pixels);
        // Within budget the same files load.
        QCOMPARE(loadFilm(png).width(), 160);
        QCOMPARE(loadFilm(m_goodDicom).width(), 256);
    }

    void unreadableFile()
    {
        if (::geteuid() == 0)
            QSKIP("running as root, which reads any file regardless of permissions (CI runs as root)");
        const QString path = write(QStringLiteral("locked.png"), encode(testPattern(), ".png"));
        QVERIFY(QFile::setPermissions(path, QFileDevice::WriteOwner));
        verifyError(path, ErrorCode::FileUnreadable, {QStringLiteral("cannot open")});
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "test_badinput.moc"
