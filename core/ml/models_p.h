#pragma once

#include "core/ml/torchinclude_p.h"
#include "core/ml/trainoptions.h"

#include <QJsonObject>
#include <QString>

#include <memory>
#include <string>
#include <vector>

namespace chestlens::ml {

/// Logits plus the activations of one named layer, so Grad-CAM can differentiate the logits with
/// respect to that layer (LibTorch C++ has no forward hooks).
struct ForwardResult
{
    torch::Tensor logits;
    torch::Tensor features; ///< undefined when no layer was requested (or for an ensemble)
    /// Ensembles: the requested layer's activations of every member, in member order (`features`
    /// stays undefined). Grad-CAM explains each member and adds the maps.
    std::vector<torch::Tensor> memberFeatures;
};

/// Architecture-independent classifier interface. Input: N x 1 x S x S float tensors
/// (normalised grey films); output: N x K logits.
class ChestNetImpl : public torch::nn::Module
{
public:
    ~ChestNetImpl() override = default;
    virtual torch::Tensor forward(const torch::Tensor &x) = 0;
    /// Forward pass that also returns the activations of the block named `layer` (one of
    /// camLayers()); an empty name means the last convolutional block.
    virtual ForwardResult forwardWithFeatures(const torch::Tensor &x, const std::string &layer) = 0;
    /// Names of the convolutional blocks usable as Grad-CAM targets, input side first.
    virtual std::vector<std::string> camLayers() const = 0;
    /// Name of the final linear layer (the classifier); everything else is the backbone.
    virtual std::string classifierName() const { return "fc"; }
};

using ChestNet = std::shared_ptr<ChestNetImpl>;

/// What an architecture needs to be rebuilt; stored in the model file.
struct ArchitectureSpec
{
    QString name = QStringLiteral("resnet"); ///< "seed", "resnet" or "mobilenetv2"
    int imageSize = 128;
    int numClasses = 4;
    int width = 32; ///< channels of the first block; later blocks double it
    double dropout = 0.3;
    /// resnet: total down-sampling of the stem. 2 = one stride-2 conv; 4 = a stride-2 conv and a
    /// 3x3 stride-2 max-pool, so a 224 px film costs about what a 112 px film costs with stem 2
    /// while the first convolution still sees every pixel. Files without the key use 2.
    int stemStride = 2;
    /// Ensemble size. Above 1 the network is `members` independently trained copies of the
    /// architecture above (modules "member1", "member2", ...) whose softmax outputs are averaged;
    /// its logits are the log of that average. Files without the key hold one network.
    int members = 1;
    /// Channels of the input. 1 (grey films) for every trained ChestLens model; 3 for the bundled
    /// ImageNet MobileNetV2, which repeats a grey film over its three channels.
    int inputChannels = 1;

    QJsonObject toJson() const;
    static ArchitectureSpec fromJson(const QJsonObject &o);
};

/// Largest ensemble createNetwork() builds: the largest a training run may ask for.
constexpr int kMaxEnsembleMembers = static_cast<int>(trainlimits::ensemble.max);

/// Architecture names accepted by --arch, with a one-line description each.
std::vector<std::pair<QString, QString>> availableArchitectures();

/// Builds an untrained network. @throws chestlens::Error (InvalidArgument) for unknown names or
/// sizes the architecture cannot take.
ChestNet createNetwork(const ArchitectureSpec &spec);

/// Number of trainable parameters.
qint64 parameterCount(const ChestNet &net);

} // namespace chestlens::ml
