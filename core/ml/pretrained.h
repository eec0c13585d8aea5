#pragma once

#include <QString>

namespace chestlens {

/// Converts the 8-bit TensorFlow Lite ImageNet MobileNetV2 (`tflitePath`, with its 1001 class names
/// in `labelsPath`) into a ChestLens model file at `outPath`, written atomically; the file the
/// trainer's `--init imagenet` starts from (resources/models/imagenet-mobilenetv2.clm). The same
/// inputs give the same bytes.
/// @throws chestlens::Error naming the file at fault.
void convertImageNetMobileNetV2(const QString &tflitePath, const QString &labelsPath, const QString &outPath);

} // namespace chestlens
