#pragma once

// The lung-field segmentation network and the steps shared by its training and its use.

#include "core/film/film.h"
#include "core/ml/models_p.h"
#include "core/ml/torchinclude_p.h"

#include <QImage>
#include <QJsonObject>

namespace chestlens::ml {

/// A U-Net on a MobileNetV2 encoder (Ronneberger et al. 2015; the encoder of Sandler et al. 2018,
/// started from the bundled ImageNet weights): the outputs of blocks 1, 3, 6 and 13 (strides 2, 4,
/// 8, 16) feed a light decoder that upsamples by two at each step and merges the encoder's map of
/// that resolution. Input N x 1 x S x S normalised films (S a multiple of 32); output N x 1 x S x S
/// logits of "lung".
class LungNetImpl : public torch::nn::Module
{
public:
    explicit LungNetImpl(int imageSize);
    torch::Tensor forward(const torch::Tensor &x);

    ChestNet encoder; ///< a MobileNetV2 whose head and classifier are never used
    int imageSize() const { return m_imageSize; }

private:
    int m_imageSize;
    torch::nn::Conv2d lateral{nullptr};
    torch::nn::Sequential up3{nullptr}, up2{nullptr}, up1{nullptr};
    torch::nn::Conv2d out{nullptr};
};
TORCH_MODULE(LungNet);

/// The architecture block of a lung model file: {"name": "lungnet-mobilenetv2", "image_size": S}.
QJsonObject lungArchitectureJson(int imageSize);

/// A film as the lung network sees it: rendered with its default window (the display pipeline, so
/// MONOCHROME1 and DICOM windows are handled) and resized to S x S with area averaging, ignoring
/// the aspect ratio. uint8, 1 x 1 x S x S.
torch::Tensor lungInput(const Film &film, int imageSize);

/// uint8 0-255 images (N x 1 x S x S) to the network's input.
torch::Tensor normaliseLungInput(const torch::Tensor &images);

} // namespace chestlens::ml
