#pragma once

#include "core/film/filmloader.h"

namespace chestlens::detail {

/// DICOM half of loadFilm(): DCMTK for everything it decodes, GDCM for JPEG 2000.
/// @throws chestlens::Error
Film readDicom(const QString &path, const LoadLimits &limits);

/// True when DCMTK can parse `path` as a DICOM dataset holding an image (used for files
/// without the Part 10 preamble).
bool dcmtkRecognises(const QString &path);

} // namespace chestlens::detail
