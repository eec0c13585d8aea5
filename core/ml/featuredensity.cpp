#include "core/ml/featuredensity_p.h"

#include "core/error.h"
#include "core/ml/augment_p.h"
#include "core/ml/batchforward_p.h"
#include "core/ml/modelfile_p.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace chestlens::ml {

namespace {

/// Floor of the residual variance relative to the largest one, so that directions the training
/// films never varied along do not turn every film into an outlier.
constexpr double kVarianceFloor = 1e-4;

/// Holder of the density's tensors, so that the model file's tensor format (and its checks)
/// stores them.
struct DensityTensorsImpl : torch::nn::Module
{
    DensityTensorsImpl(int64_t k, int64_t d, int64_t c)
    {
        means = register_buffer("class_means", torch::zeros({k, d}));
        basis = register_buffer("basis", torch::zeros({d, c}));
        variances = register_buffer("variances", torch::zeros({c}));
    }
    torch::Tensor means, basis, variances;
};

/// Rows of a distance computation at a time: N x K x D float64 differences stay near 50 MB.
constexpr int64_t kDistanceChunk = 256;

/// The leading principal directions of the rows of `centred` (n x d), their variances (descending)
/// and the total variance. With fewer rows than columns the n x n Gram matrix is decomposed
/// instead of the d x d covariance: the same non-zero spectrum at a fraction of the cost.
struct PrincipalAxes
{
    torch::Tensor directions; ///< d x k, orthonormal columns
    torch::Tensor variances;  ///< k, descending
    double total = 0;         ///< trace of the covariance
};

PrincipalAxes leadingAxes(const torch::Tensor &centred, int64_t k)
{
    const int64_t n = centred.size(0), d = centred.size(1);
    const auto scale = static_cast<double>(n);
    PrincipalAxes a;
    a.total = centred.pow(2).sum().item<double>() / scale;
    if (n < d) {
        const auto [values, vectors] = torch::linalg_eigh(torch::matmul(centred, centred.t()) / scale);
        const torch::Tensor top = values.narrow(0, n - k, k).flip(0).clamp_min(1e-30);
        const torch::Tensor u = vectors.narrow(1, n - k, k).flip(1);
        // v = Cᵀu / sqrt(n λ): the covariance's eigenvector for the Gram matrix's eigenvector u.
        a.directions = torch::matmul(centred.t(), u) / (top * scale).sqrt().unsqueeze(0);
        a.variances = top;
    } else {
        const auto [values, vectors] = torch::linalg_eigh(torch::matmul(centred.t(), centred) / scale);
        a.directions = vectors.narrow(1, d - k, k).flip(1);
        a.variances = values.narrow(0, d - k, k).flip(0);
    }
    return a;
}

torch::Tensor pool(const torch::Tensor &activations, int grid)
{
    return grid <= 1 ? activations.mean({2, 3})
                     : torch::adaptive_avg_pool2d(activations, {grid, grid}).flatten(1);
}

} // namespace

PooledForward pooledForward(ChestNetImpl &net, const torch::Tensor &input, const std::string &layer, int grid)
{
    const ForwardResult r = net.forwardWithFeatures(input, layer);
    PooledForward out;
    out.logits = r.logits;
    if (r.memberFeatures.empty()) {
        out.features = pool(r.features, grid);
    } else {
        std::vector<torch::Tensor> parts;
        parts.reserve(r.memberFeatures.size());
        for (const torch::Tensor &f : r.memberFeatures)
            parts.push_back(pool(f, grid));
        out.features = torch::cat(parts, 1);
    }
    return out;
}

PooledForward pooledForwardAll(ChestNetImpl &net, const torch::Tensor &images, const std::string &layer,
                               int grid)
{
    torch::NoGradGuard noGrad;
    net.eval();
    std::vector<torch::Tensor> logits, features;
    for (int64_t start = 0; start < images.size(0); start += kForwardBatch) {
        const int64_t len = std::min(kForwardBatch, images.size(0) - start);
        const PooledForward part = pooledForward(
            net, normaliseInput(images.narrow(0, start, len).to(torch::kFloat32).div(255.0)), layer, grid);
        logits.push_back(part.logits);
        features.push_back(part.features);
    }
    if (features.empty())
        return {};
    return {torch::cat(logits, 0), torch::cat(features, 0)};
}

torch::Tensor FeatureDensity::distances(const torch::Tensor &features) const
{
    if (features.size(0) > kDistanceChunk) {
        std::vector<torch::Tensor> parts;
        for (int64_t start = 0; start < features.size(0); start += kDistanceChunk)
            parts.push_back(
                distances(features.narrow(0, start, std::min(kDistanceChunk, features.size(0) - start))));
        return torch::cat(parts, 0);
    }
    torch::NoGradGuard noGrad;
    const torch::Tensor f = features.to(torch::kFloat64);
    const torch::Tensor diff = f.unsqueeze(1) - classMeans.to(torch::kFloat64).unsqueeze(0); // N x K x D
    const torch::Tensor proj = torch::matmul(diff, basis.to(torch::kFloat64));               // N x K x C
    const torch::Tensor projSq = proj.pow(2);
    const torch::Tensor inside = (projSq / variances.to(torch::kFloat64)).sum(-1);
    const torch::Tensor outside = (diff.pow(2).sum(-1) - projSq.sum(-1)).clamp_min(0) / residualVariance;
    const torch::Tensor perClass = (inside + outside) / static_cast<double>(features.size(1));
    return std::get<0>(perClass.min(1)).to(torch::kFloat32);
}

QJsonObject FeatureDensity::toJson() const
{
    return {{QStringLiteral("method"), QStringLiteral("mahalanobis")},
            {QStringLiteral("layer"), QString::fromStdString(options.layer)},
            {QStringLiteral("grid"), options.grid},
            {QStringLiteral("classes"), static_cast<qint64>(classMeans.size(0))},
            {QStringLiteral("features"), static_cast<qint64>(classMeans.size(1))},
            {QStringLiteral("components"), static_cast<qint64>(basis.size(1))},
            {QStringLiteral("residual_variance"), residualVariance},
            {QStringLiteral("accept_rate"), options.acceptRate},
            {QStringLiteral("threshold"), threshold},
            {QStringLiteral("fitted_on"), fittedOn},
            {QStringLiteral("threshold_on"), thresholdOn}};
}

QByteArray FeatureDensity::tensorBlob() const
{
    DensityTensorsImpl holder(classMeans.size(0), classMeans.size(1), basis.size(1));
    holder.means.copy_(classMeans);
    holder.basis.copy_(basis);
    holder.variances.copy_(variances);
    return serializeModule(holder);
}

FeatureDensity FeatureDensity::fromStored(const QJsonObject &json, const QByteArray &blob,
                                          const QString &path)
{
    const auto extent = [&](const char *key, int64_t max) {
        const int64_t v = json.value(QLatin1String(key)).toInteger(-1);
        if (v < 1 || v > max)
            throw Error(ErrorCode::InvalidModel, path,
                        QStringLiteral("applicability statistics are damaged (%1 = %2)")
                            .arg(QLatin1String(key))
                            .arg(json.value(QLatin1String(key)).toVariant().toString()));
        return v;
    };
    constexpr int64_t kMaxExtent = 1 << 16; // far above any network's pooled width
    const int64_t k = extent("classes", kMaxExtent), d = extent("features", kMaxExtent);
    const int64_t c = extent("components", d);
    DensityTensorsImpl holder(k, d, c);
    deserializeModule(holder, blob, path);
    FeatureDensity fd;
    fd.options.layer = json.value(QStringLiteral("layer")).toString().toStdString();
    fd.options.components = static_cast<int>(c);
    fd.options.grid = json.value(QStringLiteral("grid")).toInt(1);
    if (fd.options.grid < 1 || fd.options.grid > 8)
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("applicability statistics are damaged (grid)"));
    fd.options.acceptRate = json.value(QStringLiteral("accept_rate")).toDouble();
    fd.classMeans = holder.means;
    fd.basis = holder.basis;
    fd.variances = holder.variances;
    fd.residualVariance = json.value(QStringLiteral("residual_variance")).toDouble();
    fd.threshold = json.value(QStringLiteral("threshold")).toDouble();
    fd.fittedOn = json.value(QStringLiteral("fitted_on")).toInt();
    fd.thresholdOn = json.value(QStringLiteral("threshold_on")).toInt();
    if (!(fd.residualVariance > 0) || !(fd.threshold > 0) || !(fd.variances.min().item<float>() > 0))
        throw Error(ErrorCode::InvalidModel, path, QStringLiteral("applicability statistics are damaged"));
    return fd;
}

FeatureDensity fitFeatureDensity(const torch::Tensor &trainFeatures, const std::vector<int> &trainLabels,
                                 int numClasses, const torch::Tensor &valFeatures,
                                 const DensityOptions &options)
{
    torch::NoGradGuard noGrad;
    if (!trainFeatures.defined() || trainFeatures.size(0) == 0 || !valFeatures.defined() ||
        valFeatures.size(0) == 0)
        throw Error(
            ErrorCode::InvalidArgument,
            QStringLiteral("cannot fit the applicability check without training and validation films"));
    const torch::Tensor f = trainFeatures.to(torch::kFloat64);
    const int64_t n = f.size(0), d = f.size(1);
    const torch::Tensor labels = torch::tensor(std::vector<int64_t>(trainLabels.begin(), trainLabels.end()));
    torch::Tensor means = torch::zeros({numClasses, d}, torch::kFloat64);
    for (int c = 0; c < numClasses; ++c) {
        const torch::Tensor rows = f.index({labels == c});
        if (rows.size(0) < 2)
            throw Error(
                ErrorCode::InvalidArgument,
                QStringLiteral("cannot fit the applicability check: class %1 has fewer than 2 training films")
                    .arg(c));
        means[c] = rows.mean(0);
    }
    const int64_t kept = std::clamp<int64_t>(options.components, 1, std::min(d, n));
    const PrincipalAxes axes = leadingAxes(f - means.index({labels}), kept);
    const double floor = std::max(axes.variances[0].item<double>() * kVarianceFloor, 1e-12);
    FeatureDensity fd;
    fd.options = options;
    fd.options.components = static_cast<int>(kept);
    fd.classMeans = means.to(torch::kFloat32);
    fd.basis = axes.directions.to(torch::kFloat32).contiguous();
    fd.variances = axes.variances.clamp_min(floor).to(torch::kFloat32).contiguous();
    // The variance left outside the kept directions, spread evenly over the remaining dimensions.
    fd.residualVariance =
        kept < d
            ? std::max((axes.total - axes.variances.sum().item<double>()) / static_cast<double>(d - kept),
                       floor)
            : floor;
    fd.fittedOn = static_cast<int>(n);
    fd.thresholdOn = static_cast<int>(valFeatures.size(0));
    const torch::Tensor v = std::get<0>(fd.distances(valFeatures).sort());
    const auto rank =
        static_cast<int64_t>(std::ceil(options.acceptRate * static_cast<double>(v.size(0)))) - 1;
    fd.threshold = v[std::clamp<int64_t>(rank, 0, v.size(0) - 1)].item<double>();
    if (!std::isfinite(fd.threshold) || !(fd.threshold > 0))
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral(
                        "cannot fit the applicability check: the validation films give no usable threshold"));
    return fd;
}

} // namespace chestlens::ml
