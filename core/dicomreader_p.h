#pragma once

#include "core/filmloader.h"

namespace chestlens::detail {

/// DICOM half of loadFilm(): DCMTK for everything it decodes, GDCM for JPEG 2000.
/// @throws chestlens::Error
Film readDicom(const QString &path, const LoadLimits &limits);

/// True when DCMTK can parse `path` as a DICOM dataset holding an image (used for files
/// without the Part 10 preamble).
bool dcmtkRecognises(const QString &path);

/// Raster half of loadFilm() (OpenCV), for data already read into memory.
/// @throws chestlens::Error
Film readRaster(const QString &path, const QByteArray &bytes, const LoadLimits &limits);

/// Raster container sniffed from magic bytes: "PNG", "JPEG", "TIFF", "BMP" or empty.
QString sniffRasterFormat(const QByteArray &head);

} // namespace chestlens::detail
