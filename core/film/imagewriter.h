#pragma once

#include "core/atomicfile.h"

#include <QImage>
#include <QString>

namespace chestlens {

/// writeFileAtomically() for an image; the format follows the suffix (PNG by default).
void writeImageAtomically(const QImage &image, const QString &path);

} // namespace chestlens
