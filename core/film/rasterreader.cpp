// Raster films (PNG, JPEG, TIFF, BMP) through OpenCV, with the container checks OpenCV skips:
// declared size before decoding (pixel budget) and truncation (libjpeg silently pads a cut-off
// JPEG with grey; we refuse it instead).
#include "core/error.h"
#include "core/film/rasterreader_p.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <QtEndian>

#include <algorithm>
#include <cstring>

namespace chestlens::detail {

namespace {

struct DeclaredSize
{
    qint64 width = -1;
    qint64 height = -1;
    bool known() const { return width >= 0 && height >= 0; }
};

quint32 be32(const QByteArray &b, int at)
{
    return qFromBigEndian<quint32>(b.constData() + at);
}
quint16 be16(const QByteArray &b, int at)
{
    return qFromBigEndian<quint16>(b.constData() + at);
}

DeclaredSize pngSize(const QByteArray &b)
{
    // 8-byte signature, then the IHDR chunk: length(4) "IHDR"(4) width(4) height(4).
    if (b.size() < 24 || b.mid(12, 4) != "IHDR")
        return {};
    return {be32(b, 16), be32(b, 20)};
}

DeclaredSize jpegSize(const QByteArray &b)
{
    // Walk the marker segments up to the first SOFn (ITU T.81 B.2.2).
    int i = 2;
    while (i + 9 < b.size()) {
        if (static_cast<unsigned char>(b[i]) != 0xFF) {
            ++i;
            continue;
        }
        const auto marker = static_cast<unsigned char>(b[i + 1]);
        if (marker == 0xFF) { // fill byte
            ++i;
            continue;
        }
        if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
            i += 2;
            continue;
        }
        const int length = be16(b, i + 2);
        const bool isSof =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (isSof)
            return {be16(b, i + 7), be16(b, i + 5)};
        i += 2 + length;
    }
    return {};
}

DeclaredSize bmpSize(const QByteArray &b)
{
    if (b.size() < 26)
        return {};
    // The info header follows the 14-byte file header; OS/2 1.x headers (12 bytes) hold 16-bit sizes.
    if (qFromLittleEndian<quint32>(b.constData() + 14) == 12)
        return {qFromLittleEndian<quint16>(b.constData() + 18),
                qFromLittleEndian<quint16>(b.constData() + 20)};
    const auto w = qFromLittleEndian<qint32>(b.constData() + 18);
    const auto h = qFromLittleEndian<qint32>(b.constData() + 22); // negative: top-down rows
    return {std::abs(static_cast<qint64>(w)), std::abs(static_cast<qint64>(h))};
}

DeclaredSize tiffSize(const QByteArray &b)
{
    // Classic TIFF (TIFF 6.0 section 2): byte order, 42, offset of the first IFD; each IFD entry is
    // tag(2) type(2) count(4) value(4). BigTIFF (43) is left to the decoder.
    if (b.size() < 8)
        return {};
    const bool little = b.startsWith("II");
    auto u16 = [&](qint64 at) -> qint64 {
        if (at < 0 || at + 2 > b.size())
            return -1;
        return little ? qFromLittleEndian<quint16>(b.constData() + at)
                      : qFromBigEndian<quint16>(b.constData() + at);
    };
    auto u32 = [&](qint64 at) -> qint64 {
        if (at < 0 || at + 4 > b.size())
            return -1;
        return little ? qFromLittleEndian<quint32>(b.constData() + at)
                      : qFromBigEndian<quint32>(b.constData() + at);
    };
    if (u16(2) != 42)
        return {};
    const qint64 ifd = u32(4);
    const qint64 entries = u16(ifd);
    DeclaredSize size;
    for (qint64 i = 0; i < entries; ++i) {
        const qint64 entry = ifd + 2 + 12 * i;
        const qint64 tag = u16(entry);
        const qint64 type = u16(entry + 2);
        if (tag < 0 || type < 0)
            break;
        if (tag != 256 && tag != 257) // ImageWidth, ImageLength
            continue;
        const qint64 value = type == 3 ? u16(entry + 8) : type == 4 ? u32(entry + 8) : -1;
        (tag == 256 ? size.width : size.height) = value;
    }
    return size;
}

bool pngComplete(const QByteArray &b)
{
    // The last chunk of a PNG is IEND: length 0, "IEND", CRC.
    return b.size() >= 12 && b.right(12).mid(4, 4) == "IEND";
}

bool jpegComplete(const QByteArray &b)
{
    int end = b.size();
    while (end > 2 && b[end - 1] == '\0') // some writers pad after EOI
        --end;
    return end >= 4 && static_cast<unsigned char>(b[end - 2]) == 0xFF &&
           static_cast<unsigned char>(b[end - 1]) == 0xD9;
}

} // namespace

QString sniffRasterFormat(const QByteArray &head)
{
    if (head.startsWith("\x89PNG\r\n\x1a\n"))
        return QStringLiteral("PNG");
    if (head.startsWith("\xFF\xD8\xFF"))
        return QStringLiteral("JPEG");
    if (head.startsWith(QByteArray("II*\0", 4)) || head.startsWith(QByteArray("MM\0*", 4)))
        return QStringLiteral("TIFF");
    if (head.startsWith("BM") && head.size() >= 26)
        return QStringLiteral("BMP");
    return {};
}

Film readRaster(const QString &path, const QByteArray &bytes, const LoadLimits &limits)
{
    const QString format = sniffRasterFormat(bytes.left(32));
    // The declared size is checked first: a header claiming gigapixels is refused as such even
    // when the rest of the file is missing too.
    DeclaredSize declared;
    if (format == QLatin1String("PNG"))
        declared = pngSize(bytes);
    else if (format == QLatin1String("JPEG"))
        declared = jpegSize(bytes);
    else if (format == QLatin1String("BMP"))
        declared = bmpSize(bytes);
    else if (format == QLatin1String("TIFF"))
        declared = tiffSize(bytes);
    if (declared.known()) {
        if (declared.width == 0 || declared.height == 0)
            throw Error(ErrorCode::InvalidImage, path,
                        QStringLiteral("%1 declares an empty image (%2 x %3 pixels)")
                            .arg(format)
                            .arg(declared.width)
                            .arg(declared.height));
        if (declared.width * declared.height > limits.maxPixels)
            throw Error(ErrorCode::TooLarge, path,
                        QStringLiteral("%1 declares %2 x %3 pixels, above the limit of %4 megapixels")
                            .arg(format)
                            .arg(declared.width)
                            .arg(declared.height)
                            .arg(limits.maxPixels / 1e6, 0, 'g', 3));
    }

    if (format == QLatin1String("PNG") && !pngComplete(bytes))
        throw Error(ErrorCode::Truncated, path,
                    QStringLiteral("PNG file is truncated (no IEND chunk at the end)"));
    if (format == QLatin1String("JPEG") && !jpegComplete(bytes))
        throw Error(ErrorCode::Truncated, path,
                    QStringLiteral("JPEG file is truncated (no end-of-image marker)"));

    cv::Mat decoded;
    try {
        const cv::Mat buffer(1, static_cast<int>(bytes.size()), CV_8U, const_cast<char *>(bytes.constData()));
        decoded = cv::imdecode(buffer, cv::IMREAD_UNCHANGED | cv::IMREAD_ANYDEPTH);
    } catch (const cv::Exception &e) {
        throw Error(
            ErrorCode::InvalidImage, path,
            QStringLiteral("%1 could not be decoded (%2)").arg(format, QString::fromStdString(e.msg)));
    }
    if (decoded.empty())
        throw Error(ErrorCode::InvalidImage, path,
                    QStringLiteral("%1 data is corrupt and could not be decoded").arg(format));
    if (static_cast<qint64>(decoded.cols) * decoded.rows > limits.maxPixels)
        throw Error(ErrorCode::TooLarge, path,
                    QStringLiteral("%1 has %2 x %3 pixels, above the limit of %4 megapixels")
                        .arg(format)
                        .arg(decoded.cols)
                        .arg(decoded.rows)
                        .arg(limits.maxPixels / 1e6, 0, 'g', 3));

    Film film;
    FilmMetadata &m = film.meta;
    m.sourcePath = path;
    m.format = format;
    m.width = decoded.cols;
    m.height = decoded.rows;
    m.samplesPerPixel = decoded.channels();
    m.photometric = decoded.channels() == 1 ? QStringLiteral("MONOCHROME2") : QStringLiteral("RGB");

    cv::Mat grey;
    switch (decoded.channels()) {
    case 1:
        grey = decoded;
        break;
    case 3:
        cv::cvtColor(decoded, grey, cv::COLOR_BGR2GRAY);
        break;
    case 4:
        cv::cvtColor(decoded, grey, cv::COLOR_BGRA2GRAY);
        break;
    default:
        throw Error(ErrorCode::UnsupportedFormat, path,
                    QStringLiteral("%1 has %2 channels; only grey, RGB and RGBA are supported")
                        .arg(format)
                        .arg(decoded.channels()));
    }
    if (decoded.channels() > 1)
        m.notes << QStringLiteral("colour image converted to luminance (ITU-R BT.601 weights)");

    switch (grey.depth()) {
    case CV_8U:
        m.bitsStored = m.bitsAllocated = 8;
        break;
    case CV_16U:
        m.bitsStored = m.bitsAllocated = 16;
        break;
    case CV_32F:
        m.bitsStored = m.bitsAllocated = 32;
        break;
    default:
        throw Error(ErrorCode::UnsupportedFormat, path,
                    QStringLiteral("%1 pixel depth is not supported (only 8/16-bit integer or 32-bit float)")
                        .arg(format));
    }
    cv::Mat asFloat;
    grey.convertTo(asFloat, CV_32F);
    film.pixels.resize(static_cast<std::size_t>(m.width) * m.height);
    for (int y = 0; y < m.height; ++y)
        std::memcpy(film.pixels.data() + static_cast<std::size_t>(y) * m.width, asFloat.ptr<float>(y),
                    sizeof(float) * m.width);
    double lo = 0, hi = 0;
    cv::minMaxLoc(asFloat, &lo, &hi);
    m.minValue = static_cast<float>(lo);
    m.maxValue = static_cast<float>(hi);
    return film;
}

} // namespace chestlens::detail
