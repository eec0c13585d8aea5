#pragma once

#include "core/ml/modelfile_p.h"
#include "core/ml/models_p.h"
#include "core/ml/transfer_p.h"

#include <QString>
#include <QStringList>

namespace chestlens::ml {

/// MobileNetV2, width 1.0 (Sandler et al., "MobileNetV2: Inverted Residuals and Linear
/// Bottlenecks", CVPR 2018): a stride-2 stem, 17 inverted-residual blocks, a 1x1 convolution to
/// 1280 channels, global pooling, dropout and a linear classifier. Every convolution pads like
/// TensorFlow's "SAME" (the extra row and column of a stride-2 layer go to the bottom and right), so
/// weights trained in TensorFlow give the same output here. Input: N x C x S x S normalised films
/// (C = spec.inputChannels; a one-channel batch given to a three-channel network is repeated).
/// @throws chestlens::Error (InvalidArgument) for sizes it cannot take.
ChestNet createMobileNetV2(const ArchitectureSpec &spec);

/// The outputs of the inverted-residual blocks numbered in `keep` (ascending, 1-based: block 1 at
/// stride 2, 3 at 4, 6 at 8, 13 at 16, 17 at 32), the forward pass stopping after the last of them:
/// the encoder of a segmentation network. @throws Error when `net` is not a MobileNetV2.
std::vector<torch::Tensor> mobileNetV2Blocks(ChestNetImpl &net, const torch::Tensor &x,
                                             const std::vector<int> &keep);

/// Switches the network's weights and activations between channels-last and the usual contiguous
/// layout (the default); for benchmarks. @throws Error when `net` is not a MobileNetV2.
void setChannelsLast(ChestNetImpl &net, bool on);

/// Sets every batch-norm layer's running statistics to the mean and variance of its input on
/// `images` (normalised, N x C x S x S) and moves γ and β so that the network's eval-mode output
/// does not change. Afterwards a training batch from the same films normalises much as evaluation
/// does, so fine-tuning starts from the pretrained function instead of a shifted one.
/// @throws chestlens::Error (InvalidArgument) when `net` is not a MobileNetV2.
void recalibrateBatchNorm(ChestNetImpl &net, const torch::Tensor &images);

/// The bundled ImageNet MobileNetV2 (a ChestLens model file with 1001 ImageNet classes and three
/// input channels) inside dataDirectory().
QString imagenetModelPath();

/// Converts the 8-bit TensorFlow Lite MobileNetV2 (`tflitePath`) and its 1001 class names
/// (`labelsPath`, one per line) into a ChestLens model: weights dequantised
/// (scale × (q − zero point)), batch normalisation put back after every convolution as an identity
/// plus the folded bias, the stem scaled to ChestLens's input normalisation. The result depends on
/// nothing but the two files, so converting again gives the same bytes.
/// @throws chestlens::Error naming the file (not a TFLite model, not this network, wrong labels).
ModelFileContents convertTfliteMobileNetV2(const QString &tflitePath, const QString &labelsPath);

} // namespace chestlens::ml
