#include "core/film/filmloader.h"

#include "core/error.h"
#include "core/film/dicomreader_p.h"
#include "core/film/rasterreader_p.h"

#include <QFile>
#include <QFileInfo>
#include <QLocale>

namespace chestlens {

namespace {
constexpr qint64 kDicomMagicOffset = 128; // PS3.10 7.1: 128-byte preamble, then "DICM"
}

bool hasDicomPreamble(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    if (!f.seek(kDicomMagicOffset))
        return false;
    return f.read(4) == "DICM";
}

QStringList supportedImageSuffixes()
{
    return {QStringLiteral("dcm"), QStringLiteral("dicom"), QStringLiteral("dic"),
            QStringLiteral("png"), QStringLiteral("jpg"),   QStringLiteral("jpeg"),
            QStringLiteral("tif"), QStringLiteral("tiff"),  QStringLiteral("bmp")};
}

Film loadFilm(const QString &path, const LoadLimits &limits)
{
    const QFileInfo info(path);
    const QString &name = path;
    if (!info.exists())
        throw Error(ErrorCode::FileNotFound, name, QStringLiteral("file does not exist"));
    if (info.isDir())
        throw Error(ErrorCode::FileUnreadable, name, QStringLiteral("is a folder, not an image file"));
    if (info.size() == 0)
        throw Error(ErrorCode::Truncated, name, QStringLiteral("file is empty (0 bytes)"));
    if (info.size() > limits.maxFileBytes)
        throw Error(ErrorCode::TooLarge, name,
                    QStringLiteral("file is %1, above the limit of %2")
                        .arg(QLocale::c().formattedDataSize(info.size()),
                             QLocale::c().formattedDataSize(limits.maxFileBytes)));

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(ErrorCode::FileUnreadable, name,
                    QStringLiteral("cannot open file (%1)").arg(file.errorString()));
    const QByteArray head = file.read(kDicomMagicOffset + 4);
    if (head.size() >= kDicomMagicOffset + 4 && head.mid(kDicomMagicOffset, 4) == "DICM") {
        file.close();
        return detail::readDicom(path, limits);
    }
    if (!detail::sniffRasterFormat(head).isEmpty()) {
        file.seek(0);
        const QByteArray bytes = file.readAll();
        if (bytes.size() != info.size())
            throw Error(ErrorCode::FileUnreadable, name,
                        QStringLiteral("read error (%1)").arg(file.errorString()));
        return detail::readRaster(path, bytes, limits);
    }
    file.close();
    // No preamble and no raster signature: DICOM streams without the Part 10 header exist
    // (old archives, raw datasets); let DCMTK decide.
    if (detail::dcmtkRecognises(path))
        return detail::readDicom(path, limits);
    throw Error(ErrorCode::NotAnImage, name,
                QStringLiteral("not a DICOM file or a supported image (PNG, JPEG, TIFF, BMP)"));
}

} // namespace chestlens
