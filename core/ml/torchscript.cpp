#include "core/ml/torchscript_p.h"

#include "core/error.h"
#include "core/ml/augment_p.h"

#pragma push_macro("slots")
#undef slots
#include <torch/script.h>
#pragma pop_macro("slots")

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <sstream>

namespace chestlens::ml {

namespace {

QString firstLine(const std::string &message)
{
    return QString::fromStdString(message.substr(0, message.find('\n')));
}

/// A TorchScript module behind the ChestNet interface. Its one explainable layer is whatever
/// feature map the module returns beside its logits.
class TorchScriptNetImpl : public ChestNetImpl
{
public:
    // torch::jit::Module declares a destructor and so has no move constructor; a copy shares the
    // underlying object, so taking it by const& is as cheap as it gets.
    TorchScriptNetImpl(const torch::jit::Module &module, bool returnsFeatures)
        : m_module(module), m_returnsFeatures(returnsFeatures)
    {
    }

    torch::Tensor forward(const torch::Tensor &x) override { return split(m_module.forward({x})).logits; }

    ForwardResult forwardWithFeatures(const torch::Tensor &x, const std::string &layer) override
    {
        if (!m_returnsFeatures || (!layer.empty() && layer != kTorchScriptCamLayer))
            throw Error(
                ErrorCode::InvalidArgument,
                QStringLiteral("this TorchScript model returns no feature map; for Grad-CAM its forward must "
                               "return (logits, feature_map)"));
        return split(m_module.forward({x}));
    }

    std::vector<std::string> camLayers() const override
    {
        if (m_returnsFeatures)
            return {kTorchScriptCamLayer};
        return {};
    }

    void train(bool on) override
    {
        ChestNetImpl::train(on);
        m_module.train(on);
    }

    /// The logits (and the feature map, when the module returns a tuple) of one forward pass.
    static ForwardResult split(const torch::IValue &out)
    {
        ForwardResult r;
        if (out.isTensor()) {
            r.logits = out.toTensor();
        } else if (out.isTuple() && out.toTupleRef().elements().size() >= 2 &&
                   out.toTupleRef().elements()[0].isTensor() && out.toTupleRef().elements()[1].isTensor()) {
            r.logits = out.toTupleRef().elements()[0].toTensor();
            r.features = out.toTupleRef().elements()[1].toTensor();
        } else {
            throw Error(
                ErrorCode::InvalidModel,
                QStringLiteral("forward returned %1, not a logits tensor or a (logits, feature_map) tuple")
                    .arg(QString::fromStdString(out.tagKind())));
        }
        return r;
    }

private:
    torch::jit::Module m_module;
    bool m_returnsFeatures;
};

/// The chestlens.json of the archive, translated into ChestLens model metadata.
QJsonObject metadataFrom(const QString &path, const std::string &json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json), &parseError);
    if (!doc.isObject())
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("%1 in the TorchScript archive is not a JSON object (%2)")
                        .arg(QLatin1String(kTorchScriptMetadataFile), parseError.errorString()));
    const QJsonObject in = doc.object();
    const QJsonArray classes = in.value(QStringLiteral("classes")).toArray();
    for (const auto &c : classes)
        if (!c.isString() || c.toString().isEmpty())
            throw Error(ErrorCode::InvalidModel, path,
                        QStringLiteral("%1: \"classes\" must be a list of names")
                            .arg(QLatin1String(kTorchScriptMetadataFile)));
    if (classes.size() < 2)
        throw Error(
            ErrorCode::InvalidModel, path,
            QStringLiteral("%1 lists fewer than 2 classes").arg(QLatin1String(kTorchScriptMetadataFile)));
    const int imageSize = in.value(QStringLiteral("image_size")).toInt(0);
    if (imageSize < 16 || imageSize > 1024)
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("%1: \"image_size\" must be an integer from 16 to 1024")
                        .arg(QLatin1String(kTorchScriptMetadataFile)));

    QJsonObject preprocessing = in.value(QStringLiteral("preprocessing")).toObject();
    preprocessing.insert(QStringLiteral("image_size"), imageSize);
    QJsonObject out = in;
    out.insert(QStringLiteral("name"),
               in.value(QStringLiteral("name")).toString(QStringLiteral("TorchScript model")));
    out.insert(QStringLiteral("architecture"),
               QJsonObject{{QStringLiteral("name"), QStringLiteral("torchscript")},
                           {QStringLiteral("image_size"), imageSize},
                           {QStringLiteral("num_classes"), classes.size()}});
    out.insert(QStringLiteral("preprocessing"), preprocessing);
    out.insert(QStringLiteral("temperature"), in.value(QStringLiteral("temperature")).toDouble(1.0));
    return out;
}

} // namespace

bool looksLikeTorchScript(const QByteArray &bytes)
{
    return bytes.startsWith("PK\x03\x04");
}

LoadedModel loadTorchScriptModel(const QString &path, const QByteArray &bytes)
{
    torch::jit::ExtraFilesMap extra{{kTorchScriptMetadataFile, std::string()}};
    torch::jit::Module module;
    try {
        std::istringstream stream(bytes.toStdString());
        module = torch::jit::load(stream, torch::kCPU, extra);
    } catch (const c10::Error &e) {
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("not a loadable TorchScript archive (%1)").arg(firstLine(e.msg())));
    } catch (const std::exception &e) {
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("not a loadable TorchScript archive (%1)").arg(firstLine(e.what())));
    }
    if (extra[kTorchScriptMetadataFile].empty())
        throw Error(
            ErrorCode::InvalidModel, path,
            QStringLiteral("the TorchScript archive has no %1 (class names, input size); export it with "
                           "_extra_files as shown in the README")
                .arg(QLatin1String(kTorchScriptMetadataFile)));

    LoadedModel lm;
    lm.info = modelInfoFromMetadata(metadataFrom(path, extra[kTorchScriptMetadataFile]));
    lm.info.path = path;
    lm.info.sha256 = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    lm.spec = ArchitectureSpec::fromJson(lm.info.architectureSpec);
    module.eval();

    // One forward pass on a blank film proves the input and output contract now, with a message
    // naming the file, rather than on the user's first prediction.
    const int s = lm.spec.imageSize;
    ForwardResult probe;
    try {
        torch::NoGradGuard noGrad;
        probe = TorchScriptNetImpl::split(module.forward({normaliseInput(torch::zeros({1, 1, s, s}))}));
    } catch (const Error &e) {
        throw Error(ErrorCode::InvalidModel, path, e.message());
    } catch (const c10::Error &e) {
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("forward pass on a 1 x 1 x %1 x %1 input failed (%2)")
                        .arg(s)
                        .arg(firstLine(e.msg())));
    }
    const qsizetype k = lm.info.classes.size();
    if (probe.logits.dim() != 2 || probe.logits.size(0) != 1 || probe.logits.size(1) != k)
        throw Error(
            ErrorCode::InvalidModel, path,
            QStringLiteral("forward returned logits of shape %1, expected [1, %2] (one per class in %3)")
                .arg(QString::fromStdString(c10::str(probe.logits.sizes())))
                .arg(k)
                .arg(QLatin1String(kTorchScriptMetadataFile)));
    const bool returnsFeatures = probe.features.defined();
    if (returnsFeatures && probe.features.dim() != 4)
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("the feature map must be N x C x h x w, got shape %1")
                        .arg(QString::fromStdString(c10::str(probe.features.sizes()))));

    lm.net = std::make_shared<TorchScriptNetImpl>(std::move(module), returnsFeatures);
    lm.net->eval();
    return lm;
}

} // namespace chestlens::ml
