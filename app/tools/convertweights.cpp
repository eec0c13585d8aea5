// chestlens-convert-weights: turns the 8-bit TensorFlow Lite ImageNet MobileNetV2 into the ChestLens
// model file shipped as resources/models/imagenet-mobilenetv2.clm (see resources/models/README.md,
// "ImageNet starting weights"). Converting the same two files again gives the same bytes.
//     chestlens-convert-weights MODEL.tflite LABELS.txt OUT.clm
#include "core/error.h"
#include "core/ml/pretrained.h"

#include <QCoreApplication>
#include <QStringList>

#include <cstdio>

int main(int argc, char **argv)
{
    const QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments().mid(1);
    if (args.size() != 3) {
        std::fputs("usage: chestlens-convert-weights MODEL.tflite LABELS.txt OUT.clm\n", stderr);
        return 2;
    }
    try {
        chestlens::convertImageNetMobileNetV2(args[0], args[1], args[2]);
    } catch (const chestlens::Error &e) {
        std::fprintf(stderr, "chestlens-convert-weights: %s\n", e.what());
        return 1;
    }
    std::printf("wrote %s\n", qPrintable(args[2]));
    return 0;
}
