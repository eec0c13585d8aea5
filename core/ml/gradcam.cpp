#include "core/ml/gradcam.h"

#include "core/error.h"
#include "core/ml/calibration.h"
#include "core/ml/classifier_p.h"
#include "core/ml/gradcam_p.h"
#include "core/ml/tensorcache_p.h"

#pragma push_macro("slots")
#undef slots
#include <torch/csrc/autograd/autograd.h>
#pragma pop_macro("slots")

#include <algorithm>
#include <chrono>
#include <cmath>

namespace chestlens {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

/// For every output coordinate 0..outCount-1: the two map cells to interpolate and the weight of
/// the second. Output pixel o covers input coordinate u = (o + 0.5) * inputSize / outCount - 0.5
/// (the pixel-centre convention of prepareFilm's resize), which lies on map coordinate
/// (u - offset) / stride; beyond the first and last cell centres the map is held constant.
struct Taps
{
    std::vector<int> i0, i1;
    std::vector<float> t;
};

Taps makeTaps(int outCount, int inputSize, int mapSize, const FeatureGrid &grid)
{
    Taps taps;
    taps.i0.resize(static_cast<std::size_t>(outCount));
    taps.i1.resize(static_cast<std::size_t>(outCount));
    taps.t.resize(static_cast<std::size_t>(outCount));
    const double scale = static_cast<double>(inputSize) / outCount;
    for (int o = 0; o < outCount; ++o) {
        const double u = (o + 0.5) * scale - 0.5;
        const double f = std::clamp((u - grid.offset) / grid.stride, 0.0, static_cast<double>(mapSize - 1));
        const int i0 = std::min(static_cast<int>(std::floor(f)), std::max(0, mapSize - 2));
        const auto k = static_cast<std::size_t>(o);
        taps.i0[k] = i0;
        taps.i1[k] = std::min(i0 + 1, mapSize - 1);
        taps.t[k] = static_cast<float>(f - i0);
    }
    return taps;
}

/// Separable bilinear resampling of the map onto an outW x outH grid covering the S x S input,
/// written into `dst` (row stride `dstStride`) at (dstX, dstY).
void resample(const std::vector<float> &map, int mapW, int mapH, const FeatureGrid &grid, int inputSize,
              int outW, int outH, float *dst, int dstStride)
{
    if (outW <= 0 || outH <= 0 || mapW <= 0 || mapH <= 0)
        return;
    const Taps tx = makeTaps(outW, inputSize, mapW, grid);
    const Taps ty = makeTaps(outH, inputSize, mapH, grid);
    // Horizontal pass: every map row at the output's columns.
    std::vector<float> rows(static_cast<std::size_t>(mapH) * outW);
    for (int j = 0; j < mapH; ++j) {
        const float *src = map.data() + static_cast<std::size_t>(j) * mapW;
        float *out = rows.data() + static_cast<std::size_t>(j) * outW;
        for (int x = 0; x < outW; ++x) {
            const auto k = static_cast<std::size_t>(x);
            out[x] = src[tx.i0[k]] + (src[tx.i1[k]] - src[tx.i0[k]]) * tx.t[k];
        }
    }
    // Vertical pass.
    for (int y = 0; y < outH; ++y) {
        const auto k = static_cast<std::size_t>(y);
        const float *a = rows.data() + static_cast<std::size_t>(ty.i0[k]) * outW;
        const float *b = rows.data() + static_cast<std::size_t>(ty.i1[k]) * outW;
        const float t = ty.t[k];
        float *out = dst + static_cast<std::ptrdiff_t>(y) * dstStride;
        for (int x = 0; x < outW; ++x)
            out[x] = a[x] + (b[x] - a[x]) * t;
    }
}

} // namespace

QString camMethodName(CamMethod method)
{
    switch (method) {
    case CamMethod::GradCam:
        return QStringLiteral("gradcam");
    case CamMethod::GradCamPlusPlus:
        return QStringLiteral("gradcam++");
    case CamMethod::LayerCam:
        return QStringLiteral("layercam");
    }
    return {};
}

std::optional<CamMethod> camMethodFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("gradcam") || n == QLatin1String("grad-cam"))
        return CamMethod::GradCam;
    if (n == QLatin1String("gradcam++") || n == QLatin1String("grad-cam++") ||
        n == QLatin1String("gradcampp"))
        return CamMethod::GradCamPlusPlus;
    if (n == QLatin1String("layercam") || n == QLatin1String("layer-cam"))
        return CamMethod::LayerCam;
    return std::nullopt;
}

QStringList camMethodNames()
{
    return {camMethodName(CamMethod::GradCam), camMethodName(CamMethod::GradCamPlusPlus),
            camMethodName(CamMethod::LayerCam)};
}

QString camMethodTitle(CamMethod method)
{
    switch (method) {
    case CamMethod::GradCam:
        return QStringLiteral("Grad-CAM");
    case CamMethod::GradCamPlusPlus:
        return QStringLiteral("Grad-CAM++");
    case CamMethod::LayerCam:
        return QStringLiteral("Layer-CAM");
    }
    return {};
}

std::vector<float> mapToSource(const std::vector<float> &map, int mapWidth, int mapHeight,
                               const FeatureGrid &grid, const InputGeometry &geometry)
{
    std::vector<float> heat(static_cast<std::size_t>(geometry.sourceWidth) * geometry.sourceHeight, 0.0f);
    const QRect c = geometry.crop.intersected(QRect(0, 0, geometry.sourceWidth, geometry.sourceHeight));
    if (c.isEmpty() || c != geometry.crop || map.size() != static_cast<std::size_t>(mapWidth) * mapHeight)
        return heat;
    // The crop was stretched (independently in x and y) to S x S, so resampling the map over the
    // S x S input at the crop's resolution is the exact inverse of preprocessing.
    resample(map, mapWidth, mapHeight, grid, geometry.size, c.width(), c.height(),
             heat.data() + static_cast<std::size_t>(c.y()) * geometry.sourceWidth + c.x(),
             geometry.sourceWidth);
    return heat;
}

std::vector<float> mapToInput(const std::vector<float> &map, int mapWidth, int mapHeight,
                              const FeatureGrid &grid, int inputSize)
{
    std::vector<float> out(static_cast<std::size_t>(inputSize) * inputSize, 0.0f);
    if (map.size() == static_cast<std::size_t>(mapWidth) * mapHeight)
        resample(map, mapWidth, mapHeight, grid, inputSize, inputSize, inputSize, out.data(), inputSize);
    return out;
}

QImage heatToImage(const std::vector<float> &heat, int width, int height)
{
    QImage img(width, height, QImage::Format_Grayscale8);
    if (img.isNull() || heat.size() != static_cast<std::size_t>(width) * height)
        return {};
    for (int y = 0; y < height; ++y) {
        uchar *line = img.scanLine(y);
        const float *src = heat.data() + static_cast<std::size_t>(y) * width;
        // Round half up by adding 0.5 and truncating: correct here because the clamp keeps values in
        // [0, 255], and cheaper than a std::lround library call per pixel (about 40% slower in a test).
        for (int x = 0; x < width; ++x)
            // NOLINTNEXTLINE(bugprone-incorrect-roundings): values are non-negative (clamped), see above
            line[x] = static_cast<uchar>(std::min(1.0f, std::max(0.0f, src[x])) * 255.0f + 0.5f);
    }
    return img;
}

CamMap explainPrepared(const Classifier &classifier, const PreparedImage &image,
                       const ExplainSettings &settings)
{
    const ml::LoadedModel &m = classifier.d_func()->model;
    return ml::computeCam(*m.net, m.info, image, settings);
}

CamMap explainFilm(const Classifier &classifier, const Film &film, const ExplainSettings &settings)
{
    return explainPrepared(classifier, classifier.prepare(film), settings);
}

namespace ml {

FeatureGrid featureGridFor(const QString &architecture, int inputSize, int featureSize)
{
    FeatureGrid g;
    g.stride = static_cast<double>(inputSize) / std::max(1, featureSize);
    if (architecture == QLatin1String("resnet"))
        g.offset = 0.0; // 3x3 stride-2 convolutions, padding 1: cell j centred on 2j at every stage
    else if (architecture == QLatin1String("mobilenetv2"))
        g.offset = g.stride - 1.0; // TensorFlow SAME padding puts the extra row after: 2j + 1 per stage
    else
        g.offset = (g.stride - 1.0) / 2.0; // 2x2 pooling ("seed"), and the resize convention
    return g;
}

namespace {

/// The class-activation map of one layer before the final ReLU, from its activations `a` and the
/// score's gradient `g` (both C x h x w).
torch::Tensor camFromGradients(const torch::Tensor &g, const torch::Tensor &a, CamMethod method)
{
    torch::Tensor cam;
    switch (method) {
    case CamMethod::GradCam:
        cam = (g.mean({1, 2}, true) * a).sum(0);
        break;
    case CamMethod::GradCamPlusPlus: {
        // Closed-form alpha of Grad-CAM++ (eq. 19 of the paper, exponential-score form):
        // alpha = g^2 / (2 g^2 + sum_ij(A) g^3), 0 where the denominator vanishes.
        const torch::Tensor g2 = g * g;
        const torch::Tensor g3 = g2 * g;
        const torch::Tensor denom = 2.0 * g2 + a.sum({1, 2}, true) * g3;
        const torch::Tensor alpha = g2 / torch::where(denom != 0, denom, torch::ones_like(denom));
        cam = ((alpha * torch::relu(g)).sum({1, 2}, true) * a).sum(0);
        break;
    }
    case CamMethod::LayerCam:
        cam = (torch::relu(g) * a).sum(0);
        break;
    }
    return cam;
}

} // namespace

CamMap computeCam(ChestNetImpl &net, const ModelInfo &info, const PreparedImage &image,
                  const ExplainSettings &settings, bool toSource)
{
    const std::vector<std::string> layers = net.camLayers();
    if (layers.empty())
        throw Error(ErrorCode::InvalidModel, info.path,
                    QStringLiteral("the model has no layer Grad-CAM can explain"));
    const std::string layer = settings.layer.isEmpty() ? layers.back() : settings.layer.toStdString();
    if (std::find(layers.begin(), layers.end(), layer) == layers.end()) {
        QStringList names;
        for (const std::string &l : layers)
            names << QString::fromStdString(l);
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("unknown layer '%1' (this model's layers: %2)")
                                                    .arg(settings.layer, names.join(QStringLiteral(", "))));
    }
    const int numClasses = static_cast<int>(info.classes.size());
    if (settings.classIndex < -1 || settings.classIndex >= numClasses)
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("class index %1 is out of range (the model has %2 classes)")
                        .arg(settings.classIndex)
                        .arg(numClasses));
    const int s = image.geometry.size;
    if (s <= 0 || image.pixels.size() != static_cast<std::size_t>(s) * s)
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("nothing to explain (the prepared image is empty)"));

    CamMap out;
    out.geometry = image.geometry;
    out.settings = settings;
    out.settings.layer = QString::fromStdString(layer);
    try {
        // Eval mode: no dropout, batch norm with its running statistics; gradients on, because
        // the map is made of d(logit)/d(activations).
        net.eval();
        torch::AutoGradMode gradMode(true);

        const Clock::time_point t0 = Clock::now();
        // The input requires grad so that the graph exists even for a network whose parameters
        // were frozen; only the gradient w.r.t. the activations is ever computed.
        const torch::Tensor x = ml::inputTensor(image).requires_grad_(true);
        const ForwardResult r = net.forwardWithFeatures(x, layer);
        // One network explains itself through its activations; an ensemble through all its members'
        // together, as if they were the channels of one layer: the members' maps are added before
        // the ReLU.
        const std::vector<torch::Tensor> features =
            r.memberFeatures.empty() ? std::vector<torch::Tensor>{r.features} : r.memberFeatures;
        for (const torch::Tensor &f : features)
            if (!f.defined() || f.dim() != 4)
                throw Error(ErrorCode::Internal,
                            QStringLiteral("layer '%1' returned no activations").arg(out.settings.layer));
        const torch::Tensor logits = r.logits.detach().to(torch::kFloat32).contiguous();
        out.timings.forward = msSince(t0);

        const float *lp = logits.data_ptr<float>();
        out.logits.assign(lp, lp + logits.size(1));
        out.probabilities = softmax(out.logits, info.temperature);
        out.predicted =
            static_cast<int>(std::max_element(out.logits.begin(), out.logits.end()) - out.logits.begin());
        const int c = settings.classIndex >= 0 ? settings.classIndex : out.predicted;
        out.settings.classIndex = c;
        out.className = info.classes.value(c);

        const Clock::time_point t1 = Clock::now();
        const torch::Tensor score = r.logits.select(1, c).sum();
        const std::vector<torch::Tensor> grads = torch::autograd::grad({score}, features);
        torch::Tensor cam;
        for (std::size_t i = 0; i < features.size(); ++i) {
            const torch::Tensor memberCam =
                camFromGradients(grads[i][0].detach(), features[i].detach()[0], settings.method);
            cam = cam.defined() ? cam + memberCam : memberCam;
        }
        cam = torch::relu(cam).to(torch::kFloat32).contiguous();
        out.timings.backward = msSince(t1);

        const Clock::time_point t2 = Clock::now();
        out.featureHeight = static_cast<int>(cam.size(0));
        out.featureWidth = static_cast<int>(cam.size(1));
        const float *cp = cam.data_ptr<float>();
        out.featureMap.assign(cp, cp + cam.numel());
        const float maxValue = *std::max_element(out.featureMap.begin(), out.featureMap.end());
        out.rawMax = std::isfinite(maxValue) ? maxValue : 0.0;
        // Divide by the maximum only (no min subtraction): 0 keeps meaning "no evidence", which
        // the in-chest fraction and the overlay's threshold rely on.
        for (float &v : out.featureMap)
            v = out.rawMax > 0.0 && std::isfinite(v) ? static_cast<float>(v / out.rawMax) : 0.0f;
        out.grid = featureGridFor(info.architecture, s, out.featureWidth);
        if (toSource)
            out.heat =
                mapToSource(out.featureMap, out.featureWidth, out.featureHeight, out.grid, out.geometry);
        out.timings.upsample = msSince(t2);
    } catch (const c10::Error &e) {
        const std::string &msg = e.msg();
        throw Error(ErrorCode::Internal, QStringLiteral("Grad-CAM failed in the network (%1)")
                                             .arg(QString::fromStdString(msg.substr(0, msg.find('\n')))));
    }
    return out;
}

} // namespace ml

} // namespace chestlens
