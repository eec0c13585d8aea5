#pragma once

#include "core/film/film.h"

#include <QString>

namespace chestlens {

/// Budgets checked *before* any pixel buffer is allocated, so a file that claims to be
/// 100k x 100k is refused with a message instead of exhausting memory.
struct LoadLimits
{
    /// 10^8 pixels = 400 MB as float; the largest detector panels are ~4300 x 4300 (18.5 MP).
    qint64 maxPixels = 100'000'000;
    /// Compressed files larger than this are refused (2 GiB).
    qint64 maxFileBytes = 2LL * 1024 * 1024 * 1024;
    /// Frames beyond this are not even counted as plausible (a chest film has one).
    int maxFrames = 10'000;
};

/// Reads a chest film: DICOM (recognised by content, "DICM" at byte 128, or by DCMTK parsing a
/// preamble-less file) or PNG/JPEG/TIFF/BMP (by content, not extension).
///
/// DICOM: uncompressed, RLE, JPEG baseline/extended/lossless and JPEG-LS through DCMTK, JPEG 2000
/// through GDCM; 8–16 bit, signed or unsigned, MONOCHROME1/2 and colour (luminance). Only the
/// first frame of a multi-frame file is loaded (a note says so).
///
/// Thread-safe: may be called from several threads at once.
/// @throws chestlens::Error naming `path` and the cause; never returns a null film.
Film loadFilm(const QString &path, const LoadLimits &limits = {});

/// True when the file has the DICOM Part 10 preamble ("DICM" at offset 128).
bool hasDicomPreamble(const QString &path);

/// File name suffixes (lower case, no dot) the file dialogs and folder scans offer.
QStringList supportedImageSuffixes();

} // namespace chestlens
