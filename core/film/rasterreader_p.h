#pragma once

#include "core/film/filmloader.h"

#include <QByteArray>
#include <QString>

namespace chestlens::detail {

/// Raster half of loadFilm() (OpenCV), for data already read into memory.
/// @throws chestlens::Error
Film readRaster(const QString &path, const QByteArray &bytes, const LoadLimits &limits);

/// Raster container sniffed from magic bytes: "PNG", "JPEG", "TIFF", "BMP" or empty.
QString sniffRasterFormat(const QByteArray &head);

} // namespace chestlens::detail
