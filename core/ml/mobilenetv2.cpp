#include "core/ml/mobilenetv2_p.h"

#include "core/atomicfile.h"
#include "core/error.h"
#include "core/ml/pretrained.h"
#include "core/ml/tflite_p.h"
#include "core/paths.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

#include <algorithm>
#include <map>

namespace chestlens::ml {

namespace nn = torch::nn;

namespace {

/// TensorFlow "SAME" padding of a stride-2 layer: the output has ceil(n / 2) cells and the rows and
/// columns the kernel needs beyond the input are split with the extra one after (bottom, right).
torch::Tensor padSame(const torch::Tensor &x, int kernel, int stride)
{
    auto split = [&](int64_t n) {
        const int64_t out = (n + stride - 1) / stride;
        const int64_t total = std::max<int64_t>((out - 1) * stride + kernel - n, 0);
        return std::pair<int64_t, int64_t>{total / 2, total - total / 2};
    };
    const auto [top, bottom] = split(x.size(2));
    const auto [left, right] = split(x.size(3));
    if (top == 0 && bottom == 0 && left == 0 && right == 0)
        return x;
    return torch::constant_pad_nd(x, {left, right, top, bottom}, 0);
}

/// Convolution (no bias) → batch norm → ReLU6 (or nothing, for the linear bottleneck).
class ConvUnitImpl : public nn::Module
{
public:
    ConvUnitImpl(int in, int out, int kernel, int stride, int groups, bool relu6)
        : m_kernel(kernel), m_stride(stride), m_relu6(relu6)
    {
        // Stride 1 pads symmetrically, which the convolution does itself; stride 2 pads in forward().
        const int padding = stride == 1 ? kernel / 2 : 0;
        conv = register_module("conv", nn::Conv2d(nn::Conv2dOptions(in, out, kernel)
                                                      .stride(stride)
                                                      .padding(padding)
                                                      .groups(groups)
                                                      .bias(false)));
        bn = register_module("bn", nn::BatchNorm2d(out));
    }

    torch::Tensor forward(const torch::Tensor &x)
    {
        torch::Tensor y = conv->forward(m_stride == 1 ? x : padSame(x, m_kernel, m_stride));
        if (m_recalibrate)
            recalibrate(y);
        y = bn->forward(y);
        return m_relu6 ? torch::hardtanh_(y, 0.0, 6.0) : y; // in place, as ReLU6 allows: one tensor less kept
    }

    /// A convolution whose batch norm was folded into it: weights as given, batch norm the
    /// identity plus `bias` (running mean 0, running variance 1, γ = √(1 + ε), β = bias).
    void setFolded(const torch::Tensor &weight, const torch::Tensor &bias)
    {
        const torch::NoGradGuard noGrad;
        conv->weight.copy_(weight);
        bn->running_mean.zero_();
        bn->running_var.fill_(1.0);
        bn->weight.fill_(std::sqrt(1.0 + bn->options.eps()));
        bn->bias.copy_(bias);
    }

    void setRecalibrate(bool on) { m_recalibrate = on; }
    bool relu6() const { return m_relu6; }
    int stride() const { return m_stride; }
    torch::Tensor &weight() { return conv->weight; }

private:
    /// Running statistics := the batch's; γ and β move so that eval-mode output stays the same:
    /// (y − m) / √(v + ε) · γ' + β' = (y − m₀) / √(v₀ + ε) · γ + β for every y.
    void recalibrate(const torch::Tensor &y)
    {
        const torch::NoGradGuard noGrad;
        const double eps = bn->options.eps();
        const torch::Tensor m = y.mean({0, 2, 3});
        const torch::Tensor v = y.var({0, 2, 3}, /*unbiased=*/false);
        const torch::Tensor oldScale = torch::sqrt(bn->running_var + eps);
        bn->bias.add_(bn->weight * (m - bn->running_mean) / oldScale);
        bn->weight.mul_(torch::sqrt(v + eps) / oldScale);
        bn->running_mean.copy_(m);
        bn->running_var.copy_(v);
    }

    int m_kernel;
    int m_stride;
    bool m_relu6;
    bool m_recalibrate = false;
    nn::Conv2d conv{nullptr};
    nn::BatchNorm2d bn{nullptr};
};
TORCH_MODULE(ConvUnit);

/// Expand (1x1, ReLU6) → depthwise 3x3 (ReLU6) → project (1x1, linear); a shortcut when the
/// shape is kept.
class InvertedResidualImpl : public nn::Module
{
public:
    InvertedResidualImpl(int in, int out, int stride, int expansion) : m_residual(stride == 1 && in == out)
    {
        const int hidden = in * expansion;
        if (expansion != 1)
            expand = register_module("expand", ConvUnit(in, hidden, 1, 1, 1, true));
        dw = register_module("dw", ConvUnit(hidden, hidden, 3, stride, hidden, true));
        project = register_module("project", ConvUnit(hidden, out, 1, 1, 1, false));
    }

    torch::Tensor forward(const torch::Tensor &x)
    {
        torch::Tensor y = expand.is_empty() ? x : expand->forward(x);
        y = project->forward(dw->forward(y));
        return m_residual ? x + y : y;
    }

    void appendUnits(std::vector<ConvUnit> &units) const
    {
        if (!expand.is_empty())
            units.push_back(expand);
        units.push_back(dw);
        units.push_back(project);
    }

private:
    bool m_residual;
    ConvUnit expand{nullptr}, dw{nullptr}, project{nullptr};
};
TORCH_MODULE(InvertedResidual);

struct StageSetting
{
    int expansion;
    int channels;
    int repeats;
    int stride;
};

/// Table 2 of the paper, width 1.0.
constexpr StageSetting kStages[] = {{1, 16, 1, 1}, {6, 24, 2, 2},  {6, 32, 3, 2}, {6, 64, 4, 2},
                                    {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
constexpr int kStemChannels = 32;
constexpr int kHeadChannels = 1280;

class MobileNetV2Impl : public ChestNetImpl
{
public:
    explicit MobileNetV2Impl(const ArchitectureSpec &spec) : m_inputChannels(spec.inputChannels)
    {
        stem = register_module("stem", ConvUnit(spec.inputChannels, kStemChannels, 3, 2, 1, true));
        int in = kStemChannels;
        for (const StageSetting &s : kStages) {
            for (int r = 0; r < s.repeats; ++r) {
                const std::string name = "block" + std::to_string(blocks.size() + 1);
                blocks.emplace_back(register_module(
                    name, InvertedResidual(in, s.channels, r == 0 ? s.stride : 1, s.expansion)));
                in = s.channels;
            }
        }
        head = register_module("head", ConvUnit(in, kHeadChannels, 1, 1, 1, true));
        drop = register_module("drop", nn::Dropout(spec.dropout));
        fc = register_module("fc", nn::Linear(kHeadChannels, spec.numClasses));
    }

    /// Channels-last (NHWC) weights and activations, or the usual layout. With Debian 12's LibTorch
    /// channels-last trained only 7 % faster and predicted 30 % slower (docs/BENCHMARKS.md,
    /// "MobileNetV2"), so networks start contiguous. Values and the stored file are the same either way.
    void setChannelsLast(bool on)
    {
        m_format = on ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous;
        const torch::NoGradGuard noGrad;
        for (auto &p : parameters())
            if (p.dim() == 4)
                p.set_data(p.contiguous(m_format));
    }

    torch::Tensor forward(const torch::Tensor &x) override { return forwardWithFeatures(x, "-").logits; }

    ForwardResult forwardWithFeatures(const torch::Tensor &input, const std::string &layer) override
    {
        ForwardResult r;
        torch::Tensor x = input;
        if (x.size(1) == 1 && m_inputChannels == 3)
            x = x.expand({-1, 3, -1, -1});
        x = stem->forward(x.contiguous(m_format));
        // The explained layer's activations leave in the usual layout; the forward pass goes on
        // from that copy so that the logits depend on it.
        const auto keep = [&](const std::string &name) {
            if (name == layer || (layer.empty() && name == "head")) {
                x = x.contiguous();
                r.features = x;
            }
        };
        keep("stem");
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            x = blocks[i]->forward(x);
            keep("block" + std::to_string(i + 1));
        }
        x = head->forward(x);
        keep("head");
        x = torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
        r.logits = fc->forward(drop->forward(x));
        return r;
    }

    /// The outputs of the blocks numbered in `keep` (ascending, 1-based), the pass stopping after
    /// the last of them.
    std::vector<torch::Tensor> encode(const torch::Tensor &input, const std::vector<int> &keep)
    {
        torch::Tensor x = input;
        if (x.size(1) == 1 && m_inputChannels == 3)
            x = x.expand({-1, 3, -1, -1});
        x = stem->forward(x.contiguous(m_format));
        std::vector<torch::Tensor> out;
        const int last = keep.empty() ? 0 : keep.back();
        for (int i = 0; i < last && i < static_cast<int>(blocks.size()); ++i) {
            x = blocks[static_cast<std::size_t>(i)]->forward(x);
            if (std::find(keep.begin(), keep.end(), i + 1) != keep.end())
                out.push_back(x.contiguous());
        }
        return out;
    }

    /// The last block of each resolution, and the 1280-channel head (the default).
    std::vector<std::string> camLayers() const override
    {
        return {"stem", "block1", "block3", "block6", "block13", "block17", "head"};
    }

    /// Every convolution unit in forward order (stem, blocks, head): 52 of them.
    std::vector<ConvUnit> units() const
    {
        std::vector<ConvUnit> all{stem};
        for (const InvertedResidual &b : blocks)
            b->appendUnits(all);
        all.push_back(head);
        return all;
    }

    nn::Linear &classifier() { return fc; }

private:
    int m_inputChannels;
    at::MemoryFormat m_format = at::MemoryFormat::Contiguous;
    ConvUnit stem{nullptr}, head{nullptr};
    std::vector<InvertedResidual> blocks;
    nn::Dropout drop{nullptr};
    nn::Linear fc{nullptr};
};

MobileNetV2Impl &asMobileNetV2(ChestNetImpl &net)
{
    auto *m = dynamic_cast<MobileNetV2Impl *>(&net);
    if (!m)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("the network is not a MobileNetV2"));
    return *m;
}

} // namespace

std::vector<torch::Tensor> mobileNetV2Blocks(ChestNetImpl &net, const torch::Tensor &x,
                                             const std::vector<int> &keep)
{
    return asMobileNetV2(net).encode(x, keep);
}

ChestNet createMobileNetV2(const ArchitectureSpec &spec)
{
    if (spec.imageSize % 32 != 0)
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("mobilenetv2 needs an image size that is a multiple of 32 (got %1)")
                        .arg(spec.imageSize));
    if (spec.inputChannels != 1 && spec.inputChannels != 3)
        throw Error(
            ErrorCode::InvalidArgument,
            QStringLiteral("mobilenetv2 takes 1 or 3 input channels (got %1)").arg(spec.inputChannels));
    return std::make_shared<MobileNetV2Impl>(spec);
}

void recalibrateBatchNorm(ChestNetImpl &net, const torch::Tensor &images)
{
    MobileNetV2Impl &m = asMobileNetV2(net);
    const bool wasTraining = m.is_training();
    std::vector<ConvUnit> units = m.units();
    m.eval();
    for (ConvUnit &u : units)
        u->setRecalibrate(true);
    {
        const torch::NoGradGuard noGrad;
        m.forward(images);
    }
    for (ConvUnit &u : units)
        u->setRecalibrate(false);
    m.train(wasTraining);
}

void setChannelsLast(ChestNetImpl &net, bool on)
{
    asMobileNetV2(net).setChannelsLast(on);
}

QString imagenetModelPath()
{
    return QDir(dataDirectory()).absoluteFilePath(QStringLiteral("models/imagenet-mobilenetv2.clm"));
}

namespace {

QStringList readLabels(const QString &path, int expected)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        throw Error(QFileInfo::exists(path) ? ErrorCode::FileUnreadable : ErrorCode::FileNotFound, path,
                    QStringLiteral("cannot read the class names (%1)").arg(f.errorString()));
    QStringList labels;
    while (!f.atEnd()) {
        const QString line = QString::fromUtf8(f.readLine()).trimmed();
        if (!line.isEmpty())
            labels << line;
    }
    if (labels.size() != expected)
        throw Error(ErrorCode::InvalidArgument, path,
                    QStringLiteral("holds %1 class names, the network has %2 outputs")
                        .arg(labels.size())
                        .arg(expected));
    return labels;
}

/// A TFLite weight tensor as a torch tensor in torch's layout: [out, h, w, in] → [out, in, h, w];
/// depthwise [1, h, w, channels] → [channels, 1, h, w].
torch::Tensor torchWeight(const tflite::TfliteTensor &t, bool depthwise)
{
    const std::vector<float> values = tflite::dequantize(t);
    std::vector<int64_t> shape(t.shape.begin(), t.shape.end());
    torch::Tensor w = torch::from_blob(const_cast<float *>(values.data()), shape, torch::kFloat32).clone();
    if (shape.size() != 4)
        return w;
    return depthwise ? w.permute({3, 0, 1, 2}).contiguous() : w.permute({0, 3, 1, 2}).contiguous();
}

const tflite::TfliteTensor &operand(const tflite::Model &model, const tflite::Operator &op, std::size_t i,
                                    const QString &path)
{
    if (i >= op.inputs.size() || op.inputs[i] < 0 ||
        static_cast<std::size_t>(op.inputs[i]) >= model.tensors.size())
        throw Error(ErrorCode::InvalidModel, path, QStringLiteral("a convolution lacks its weights or bias"));
    return model.tensors[static_cast<std::size_t>(op.inputs[i])];
}

/// Loads one folded TFLite convolution into `unit`, checking that it is the layer expected there.
void loadUnit(ConvUnit &unit, const tflite::Model &model, const tflite::Operator &op, std::size_t index,
              const QString &path, double weightScale)
{
    const bool depthwise = op.opName == QLatin1String("DEPTHWISE_CONV_2D");
    const torch::Tensor w = torchWeight(operand(model, op, 1, path), depthwise) * weightScale;
    const torch::Tensor b = torchWeight(operand(model, op, 2, path), false);
    const bool relu6 = op.activation == tflite::Activation::Relu6;
    if (w.sizes() != unit->weight().sizes() || b.numel() != w.size(0) || op.strideH != unit->stride() ||
        relu6 != unit->relu6())
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("convolution %1 is not the one MobileNetV2 1.0 has there").arg(index + 1));
    unit->setFolded(w, b.reshape({-1}));
}

QJsonObject convertedMetadata(const QString &tflitePath, const QStringList &labels,
                              const ArchitectureSpec &spec)
{
    QFile f(tflitePath);
    const QByteArray bytes = f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    PreprocessOptions prep;
    prep.imageSize = spec.imageSize;
    prep.trimBorders = false;
    prep.equalize = false;
    return {
        {QStringLiteral("name"),
         QStringLiteral("ImageNet MobileNetV2 1.0 (8-bit TensorFlow Lite, dequantised)")},
        {QStringLiteral("classes"), QJsonArray::fromStringList(labels)},
        {QStringLiteral("architecture"), spec.toJson()},
        {QStringLiteral("preprocessing"), prep.toJson()},
        {QStringLiteral("temperature"), 1.0},
        {QStringLiteral("source"),
         QJsonObject{
             {QStringLiteral("file"), QFileInfo(tflitePath).fileName()},
             {QStringLiteral("sha256"),
              QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex())},
             {QStringLiteral("licence"), QStringLiteral("Apache-2.0")},
             {QStringLiteral("changes"),
              QStringLiteral("weights dequantised to float; batch normalisation re-inserted as identity plus "
                             "the folded bias; first convolution scaled by 0.5 for ChestLens's input "
                             "normalisation")}}}};
}

} // namespace

ModelFileContents convertTfliteMobileNetV2(const QString &tflitePath, const QString &labelsPath)
{
    const tflite::Model model = tflite::readModel(tflitePath);
    std::vector<const tflite::Operator *> convs;
    for (const tflite::Operator &op : model.operators)
        if (op.opName == QLatin1String("CONV_2D") || op.opName == QLatin1String("DEPTHWISE_CONV_2D"))
            convs.push_back(&op);
    ArchitectureSpec spec;
    spec.name = QStringLiteral("mobilenetv2");
    spec.imageSize = 224;
    spec.numClasses = 1001;
    spec.inputChannels = 3;
    spec.width = kStemChannels;
    spec.dropout = 0.2;
    const ChestNet net = createMobileNetV2(spec);
    MobileNetV2Impl &m = asMobileNetV2(*net);
    std::vector<ConvUnit> units = m.units();
    if (convs.size() != units.size() + 1)
        throw Error(ErrorCode::InvalidModel, tflitePath,
                    QStringLiteral("has %1 convolutions; MobileNetV2 1.0 has %2")
                        .arg(convs.size())
                        .arg(units.size() + 1));
    // ChestLens feeds (x − 0.5) / 0.25 for x in [0, 1]; the network was trained on 2x − 1, half of that.
    for (std::size_t i = 0; i < units.size(); ++i)
        loadUnit(units[i], model, *convs[i], i, tflitePath, i == 0 ? 0.5 : 1.0);
    const torch::Tensor w = torchWeight(operand(model, *convs.back(), 1, tflitePath), false);
    const torch::Tensor b = torchWeight(operand(model, *convs.back(), 2, tflitePath), false);
    if (w.numel() != int64_t(spec.numClasses) * kHeadChannels || b.numel() != spec.numClasses)
        throw Error(ErrorCode::InvalidModel, tflitePath, QStringLiteral("the classifier is not 1280 → 1001"));
    {
        const torch::NoGradGuard noGrad;
        m.classifier()->weight.copy_(w.reshape({spec.numClasses, kHeadChannels}));
        m.classifier()->bias.copy_(b.reshape({-1}));
    }
    ModelFileContents c;
    c.metadata = convertedMetadata(tflitePath, readLabels(labelsPath, spec.numClasses), spec);
    c.weights = serializeModule(*net);
    return c;
}

} // namespace chestlens::ml

namespace chestlens {

void convertImageNetMobileNetV2(const QString &tflitePath, const QString &labelsPath, const QString &outPath)
{
    writeBytesAtomically(outPath, ml::encodeModelFile(ml::convertTfliteMobileNetV2(tflitePath, labelsPath)));
}

} // namespace chestlens
