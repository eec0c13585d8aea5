#include "core/ml/lungnet_p.h"

#include "core/error.h"
#include "core/film/display.h"
#include "core/ml/augment_p.h"
#include "core/ml/mobilenetv2_p.h"

#include <opencv2/imgproc.hpp>

namespace chestlens::ml {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

namespace {

/// Encoder blocks whose outputs the decoder merges, input side first, and their channels
/// (MobileNetV2 width 1.0, Table 2 of the paper).
const std::vector<int> kSkipBlocks = {1, 3, 6, 13};
constexpr int kSkipChannels[] = {16, 24, 32, 96};
/// Decoder channels after each merge, deepest first; the lateral 1x1 convolution narrows block 13.
constexpr int kLateralChannels = 64;
constexpr int kDecoderChannels[] = {48, 32, 24};

nn::Sequential convBnRelu(int in, int out)
{
    return nn::Sequential(nn::Conv2d(nn::Conv2dOptions(in, out, 3).padding(1).bias(false)),
                          nn::BatchNorm2d(out), nn::ReLU(nn::ReLUOptions(true)),
                          nn::Conv2d(nn::Conv2dOptions(out, out, 3).padding(1).bias(false)),
                          nn::BatchNorm2d(out), nn::ReLU(nn::ReLUOptions(true)));
}

torch::Tensor upTo(const torch::Tensor &x, const torch::Tensor &like)
{
    return F::interpolate(x, F::InterpolateFuncOptions()
                                 .size(std::vector<int64_t>{like.size(2), like.size(3)})
                                 .mode(torch::kBilinear)
                                 .align_corners(false));
}

} // namespace

LungNetImpl::LungNetImpl(int imageSize) : m_imageSize(imageSize)
{
    ArchitectureSpec spec;
    spec.name = QStringLiteral("mobilenetv2");
    spec.imageSize = imageSize;
    spec.numClasses = 2;
    spec.inputChannels = 1;
    encoder = register_module("encoder", createNetwork(spec));
    lateral =
        register_module("lateral", nn::Conv2d(nn::Conv2dOptions(kSkipChannels[3], kLateralChannels, 1)));
    up3 = register_module("up3", convBnRelu(kLateralChannels + kSkipChannels[2], kDecoderChannels[0]));
    up2 = register_module("up2", convBnRelu(kDecoderChannels[0] + kSkipChannels[1], kDecoderChannels[1]));
    up1 = register_module("up1", convBnRelu(kDecoderChannels[1] + kSkipChannels[0], kDecoderChannels[2]));
    out = register_module("out", nn::Conv2d(nn::Conv2dOptions(kDecoderChannels[2], 1, 1)));
}

torch::Tensor LungNetImpl::forward(const torch::Tensor &x)
{
    const std::vector<torch::Tensor> f = mobileNetV2Blocks(*encoder, x, kSkipBlocks);
    torch::Tensor y = lateral->forward(f[3]);
    y = up3->forward(torch::cat({upTo(y, f[2]), f[2]}, 1));
    y = up2->forward(torch::cat({upTo(y, f[1]), f[1]}, 1));
    y = up1->forward(torch::cat({upTo(y, f[0]), f[0]}, 1));
    // Half resolution to full: lung outlines are smooth at this scale.
    return upTo(out->forward(y), x);
}

QJsonObject lungArchitectureJson(int imageSize)
{
    return {{QStringLiteral("name"), QStringLiteral("lungnet-mobilenetv2")},
            {QStringLiteral("image_size"), imageSize}};
}

torch::Tensor lungInput(const Film &film, int imageSize)
{
    QImage grey = renderFilm(film, defaultWindow(film));
    if (grey.format() != QImage::Format_Grayscale8)
        grey = grey.convertToFormat(QImage::Format_Grayscale8);
    const cv::Mat src(grey.height(), grey.width(), CV_8UC1, const_cast<uchar *>(grey.constBits()),
                      static_cast<std::size_t>(grey.bytesPerLine()));
    cv::Mat small;
    cv::resize(src, small, cv::Size(imageSize, imageSize), 0, 0, cv::INTER_AREA);
    return torch::from_blob(small.data, {1, 1, imageSize, imageSize}, torch::kUInt8).clone();
}

torch::Tensor normaliseLungInput(const torch::Tensor &images)
{
    return normaliseInput(images.to(torch::kFloat32).div(255.0));
}

} // namespace chestlens::ml
