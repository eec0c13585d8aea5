#include "core/error.h"
#include "core/ml/mobilenetv2_p.h"
#include "core/ml/models_p.h"

namespace chestlens::ml {

namespace nn = torch::nn;

namespace {

// --- "seed": the published notebook's CNN -------------------------------------------------------
// Four 3x3 conv + ReLU + 2x2 max-pool blocks (32-64-128-128), flatten, dense 256 + ReLU +
// dropout 0.5, K-way output (softmax is applied by the loss / at inference).
class SeedCnnImpl : public ChestNetImpl
{
public:
    SeedCnnImpl(const ArchitectureSpec &spec)
    {
        const int chans[] = {1, 32, 64, 128, 128};
        for (int i = 0; i < 4; ++i) {
            convs.emplace_back(
                register_module("conv" + std::to_string(i + 1),
                                nn::Conv2d(nn::Conv2dOptions(chans[i], chans[i + 1], 3).padding(1))));
        }
        const int s = spec.imageSize / 16;
        fc1 = register_module("fc1", nn::Linear(128 * s * s, 256));
        drop = register_module("drop", nn::Dropout(0.5));
        fc2 = register_module("fc2", nn::Linear(256, spec.numClasses));
    }

    torch::Tensor forward(const torch::Tensor &x) override { return forwardWithFeatures(x, "-").logits; }

    ForwardResult forwardWithFeatures(const torch::Tensor &input, const std::string &layer) override
    {
        ForwardResult r;
        torch::Tensor x = input;
        for (std::size_t i = 0; i < convs.size(); ++i) {
            x = torch::relu(convs[i]->forward(x));
            const std::string name = "conv" + std::to_string(i + 1);
            // Grad-CAM on the post-ReLU activation, before pooling (full resolution of the block).
            if (name == layer || (layer.empty() && i + 1 == convs.size()))
                r.features = x;
            x = torch::max_pool2d(x, 2);
        }
        x = x.flatten(1);
        x = drop->forward(torch::relu(fc1->forward(x)));
        r.logits = fc2->forward(x);
        return r;
    }

    std::vector<std::string> camLayers() const override { return {"conv1", "conv2", "conv3", "conv4"}; }
    std::string classifierName() const override { return "fc2"; }

private:
    std::vector<nn::Conv2d> convs;
    nn::Linear fc1{nullptr}, fc2{nullptr};
    nn::Dropout drop{nullptr};
};

// --- "resnet": a small residual network sized for two CPU cores ---------------------------------
class BasicBlockImpl : public nn::Module
{
public:
    BasicBlockImpl(int in, int out, int stride)
    {
        conv1 = register_module(
            "conv1", nn::Conv2d(nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(false)));
        bn1 = register_module("bn1", nn::BatchNorm2d(out));
        conv2 = register_module("conv2", nn::Conv2d(nn::Conv2dOptions(out, out, 3).padding(1).bias(false)));
        bn2 = register_module("bn2", nn::BatchNorm2d(out));
        if (stride != 1 || in != out) {
            shortcut = register_module(
                "shortcut",
                nn::Sequential(nn::Conv2d(nn::Conv2dOptions(in, out, 1).stride(stride).bias(false)),
                               nn::BatchNorm2d(out)));
        }
    }
    torch::Tensor forward(const torch::Tensor &x)
    {
        torch::Tensor y = torch::relu(bn1->forward(conv1->forward(x)));
        y = bn2->forward(conv2->forward(y));
        return torch::relu(y + (shortcut.is_empty() ? x : shortcut->forward(x)));
    }

private:
    nn::Conv2d conv1{nullptr}, conv2{nullptr};
    nn::BatchNorm2d bn1{nullptr}, bn2{nullptr};
    nn::Sequential shortcut{nullptr};
};
TORCH_MODULE(BasicBlock);

class ResNetImpl : public ChestNetImpl
{
public:
    explicit ResNetImpl(const ArchitectureSpec &spec)
    {
        const int w = spec.width;
        // Stride-2 stem: a 128 px film becomes 64 x 64 feature maps at once; chest findings are
        // large structures, and this halves the cost of everything after it.
        nn::Sequential stemLayers(nn::Conv2d(nn::Conv2dOptions(1, w, 3).stride(2).padding(1).bias(false)),
                                  nn::BatchNorm2d(w), nn::ReLU());
        if (spec.stemStride == 4)
            stemLayers->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(3).stride(2).padding(1)));
        stem = register_module("stem", stemLayers);
        const int widths[] = {w, 2 * w, 4 * w, 8 * w};
        int in = w;
        for (int i = 0; i < 4; ++i) {
            blocks.emplace_back(
                register_module("block" + std::to_string(i + 1), BasicBlock(in, widths[i], i == 0 ? 1 : 2)));
            in = widths[i];
        }
        drop = register_module("drop", nn::Dropout(spec.dropout));
        fc = register_module("fc", nn::Linear(in, spec.numClasses));
    }

    torch::Tensor forward(const torch::Tensor &x) override { return forwardWithFeatures(x, "-").logits; }

    ForwardResult forwardWithFeatures(const torch::Tensor &input, const std::string &layer) override
    {
        ForwardResult r;
        torch::Tensor x = stem->forward(input);
        if (layer == "stem")
            r.features = x;
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            x = blocks[i]->forward(x);
            const std::string name = "block" + std::to_string(i + 1);
            if (name == layer || (layer.empty() && i + 1 == blocks.size()))
                r.features = x;
        }
        x = torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1); // global average pooling
        r.logits = fc->forward(drop->forward(x));
        return r;
    }

    std::vector<std::string> camLayers() const override
    {
        return {"stem", "block1", "block2", "block3", "block4"};
    }

private:
    nn::Sequential stem{nullptr};
    std::vector<BasicBlock> blocks;
    nn::Dropout drop{nullptr};
    nn::Linear fc{nullptr};
};

// --- ensembles: several networks of one architecture, probabilities averaged ----------------------
// A deep ensemble (Lakshminarayanan et al., NeurIPS 2017): members differ only in their random
// initialisation, shuffling, augmentation and dropout; averaging their probabilities is usually
// more accurate and better calibrated than any one of them.
class EnsembleNetImpl : public ChestNetImpl
{
public:
    EnsembleNetImpl(const ArchitectureSpec &memberSpec, int count)
    {
        for (int i = 0; i < count; ++i)
            m_members.push_back(register_module("member" + std::to_string(i + 1), createNetwork(memberSpec)));
    }

    torch::Tensor forward(const torch::Tensor &x) override
    {
        std::vector<torch::Tensor> logits;
        logits.reserve(m_members.size());
        for (const ChestNet &m : m_members)
            logits.push_back(m->forward(x));
        return combine(logits);
    }

    ForwardResult forwardWithFeatures(const torch::Tensor &x, const std::string &layer) override
    {
        ForwardResult r;
        std::vector<torch::Tensor> logits;
        for (const ChestNet &m : m_members) {
            ForwardResult part = m->forwardWithFeatures(x, layer);
            logits.push_back(part.logits);
            r.memberFeatures.push_back(part.features);
        }
        r.logits = combine(logits);
        return r;
    }

    std::vector<std::string> camLayers() const override { return m_members.front()->camLayers(); }

private:
    /// log(mean_i softmax(l_i)): a softmax of it is the members' average probability.
    torch::Tensor combine(const std::vector<torch::Tensor> &logits) const
    {
        std::vector<torch::Tensor> logProbs;
        logProbs.reserve(logits.size());
        for (const torch::Tensor &l : logits)
            logProbs.push_back(torch::log_softmax(l, 1));
        return torch::logsumexp(torch::stack(logProbs), 0) - std::log(static_cast<double>(logits.size()));
    }

    std::vector<ChestNet> m_members;
};

} // namespace

QJsonObject ArchitectureSpec::toJson() const
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("image_size"), imageSize},
            {QStringLiteral("num_classes"), numClasses},
            {QStringLiteral("width"), width},
            {QStringLiteral("dropout"), dropout},
            {QStringLiteral("stem_stride"), stemStride},
            {QStringLiteral("members"), members},
            {QStringLiteral("input_channels"), inputChannels}};
}

ArchitectureSpec ArchitectureSpec::fromJson(const QJsonObject &o)
{
    ArchitectureSpec s;
    s.name = o.value(QStringLiteral("name")).toString(s.name);
    s.imageSize = o.value(QStringLiteral("image_size")).toInt(s.imageSize);
    s.numClasses = o.value(QStringLiteral("num_classes")).toInt(s.numClasses);
    s.width = o.value(QStringLiteral("width")).toInt(s.width);
    s.dropout = o.value(QStringLiteral("dropout")).toDouble(s.dropout);
    s.stemStride = o.value(QStringLiteral("stem_stride")).toInt(s.stemStride);
    s.members = o.value(QStringLiteral("members")).toInt(s.members);
    s.inputChannels = o.value(QStringLiteral("input_channels")).toInt(s.inputChannels);
    return s;
}

std::vector<std::pair<QString, QString>> availableArchitectures()
{
    return {{QStringLiteral("resnet"),
             QStringLiteral("small residual network with batch norm and global pooling (default)")},
            {QStringLiteral("seed"),
             QStringLiteral("the published notebook's CNN: 4 conv/max-pool blocks, dense 256, dropout 0.5")},
            {QStringLiteral("mobilenetv2"),
             QStringLiteral(
                 "MobileNetV2 1.0, 3.5 M parameters; starts from ImageNet weights unless --init random")}};
}

ChestNet createNetwork(const ArchitectureSpec &spec)
{
    if (spec.numClasses < 2)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("a classifier needs at least 2 classes"));
    const OptionLimit &size = trainlimits::imageSize;
    if (!size.accepts(spec.imageSize))
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("image size %1 is not supported (use a multiple of %2 between %3 and %4)")
                        .arg(spec.imageSize)
                        .arg(size.multipleOf)
                        .arg(size.min)
                        .arg(size.max));
    // Found by fuzz_modelfile: libtorch aborts the constructor (c10::Error) for these.
    if (!(spec.dropout >= 0.0 && spec.dropout < 1.0))
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("dropout %1 is not in [0, 1)").arg(spec.dropout));
    if (spec.numClasses > 10'000)
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("%1 classes is more than ChestLens supports").arg(spec.numClasses));
    if (spec.members < 1 || spec.members > kMaxEnsembleMembers)
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("an ensemble of %1 networks is not supported (1 to %2)")
                        .arg(spec.members)
                        .arg(kMaxEnsembleMembers));
    if (spec.members > 1) {
        ArchitectureSpec member = spec;
        member.members = 1;
        return std::make_shared<EnsembleNetImpl>(member, spec.members);
    }
    if (spec.name == QLatin1String("mobilenetv2"))
        return createMobileNetV2(spec);
    if (spec.inputChannels != 1)
        throw Error(
            ErrorCode::InvalidArgument,
            QStringLiteral("%1 takes one input channel (got %2)").arg(spec.name).arg(spec.inputChannels));
    if (spec.name == QLatin1String("seed"))
        return std::make_shared<SeedCnnImpl>(spec);
    if (spec.name == QLatin1String("resnet")) {
        if (!trainlimits::width.accepts(spec.width))
            throw Error(ErrorCode::InvalidArgument,
                        QStringLiteral("resnet width %1 is out of range").arg(spec.width));
        if (spec.stemStride != 2 && spec.stemStride != 4)
            throw Error(
                ErrorCode::InvalidArgument,
                QStringLiteral("resnet stem stride %1 is not supported (2 or 4)").arg(spec.stemStride));
        return std::make_shared<ResNetImpl>(spec);
    }
    throw Error(
        ErrorCode::InvalidArgument,
        QStringLiteral("unknown architecture '%1' (available: resnet, seed, mobilenetv2)").arg(spec.name));
}

qint64 parameterCount(const ChestNet &net)
{
    qint64 n = 0;
    for (const auto &p : net->parameters())
        n += p.numel();
    return n;
}

} // namespace chestlens::ml
