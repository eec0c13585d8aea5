#include "core/ml/classifier.h"

#include "core/error.h"
#include "core/ml/augment_p.h"
#include "core/ml/calibration.h"
#include "core/ml/classifier_p.h"
#include "core/ml/tensorcache_p.h"

#include <QFileInfo>

#include <cmath>

namespace chestlens {

namespace F = torch::nn::functional;

namespace {

/// TTA views as (zoom, shift-x, shift-y) in grid units: identity, +-5 % zoom, +-3 % horizontal
/// shift. Small enough to keep the anatomy in frame, large enough to expose brittle decisions.
struct View
{
    double zoom, dx, dy;
};
constexpr View kTtaViews[] = {
    {1.0, 0.0, 0.0}, {1.05, 0.0, 0.0}, {0.95, 0.0, 0.0}, {1.0, 0.06, 0.0}, {1.0, -0.06, 0.0}};

torch::Tensor viewOf(const torch::Tensor &x, const View &v)
{
    if (v.zoom == 1.0 && v.dx == 0.0 && v.dy == 0.0)
        return x;
    const int64_t s = x.size(2);
    torch::Tensor theta = torch::tensor({1.0f / static_cast<float>(v.zoom), 0.0f, static_cast<float>(v.dx),
                                         0.0f, 1.0f / static_cast<float>(v.zoom), static_cast<float>(v.dy)})
                              .view({1, 2, 3});
    torch::Tensor grid = F::affine_grid(theta, {1, 1, s, s}, false);
    return F::grid_sample(
        x, grid,
        F::GridSampleFuncOptions().mode(torch::kBilinear).padding_mode(torch::kBorder).align_corners(false));
}

} // namespace

Classifier::Classifier() : d(std::make_unique<Private>()) {}
Classifier::~Classifier() = default;

std::unique_ptr<Classifier> Classifier::load(const QString &path)
{
    std::unique_ptr<Classifier> c(new Classifier);
    c->d->model = ml::loadModel(path);
    if (!c->d->model.density.isNull() && QFileInfo::exists(defaultLungModelPath())) {
        try {
            c->d->lungs = LungSegmenter::load(defaultLungModelPath());
        } catch (const Error &) {
            // A damaged lung model leaves the header and pixel checks; hasLungCheck() says so.
        }
    }
    return c;
}

const ModelInfo &Classifier::info() const
{
    return d->model.info;
}

QStringList Classifier::camLayers() const
{
    QStringList out;
    for (const std::string &l : d->model.net->camLayers())
        out << QString::fromStdString(l);
    return out;
}

PreparedImage Classifier::prepare(const Film &film) const
{
    return prepareFilm(film, d->model.info.preprocessing);
}

bool Classifier::hasPixelCheck() const
{
    return !d->model.density.isNull();
}

bool Classifier::hasLungCheck() const
{
    return d->lungs != nullptr;
}

Applicability Classifier::checkFilm(const Film &film) const
{
    Applicability header = headerApplicability(film.meta);
    if (!header.applicable || !d->lungs)
        return header;
    const LungFields fields = d->lungs->segment(film);
    return fields.looksFrontal() ? Applicability() : Applicability::noLungFields(fields.fields);
}

Prediction Classifier::predict(const Film &film, const PredictOptions &options) const
{
    Prediction p = predictPrepared(prepare(film), options);
    p.applicability = Applicability::combine(checkFilm(film), p.applicability);
    return p;
}

Prediction Classifier::predictPrepared(const PreparedImage &image, const PredictOptions &options) const
{
    torch::NoGradGuard noGrad;
    const ModelInfo &info = d->model.info;
    const torch::Tensor x01 =
        torch::from_blob(const_cast<uint8_t *>(image.pixels.data()),
                         {1, 1, image.geometry.size, image.geometry.size}, torch::kUInt8)
            .to(torch::kFloat32)
            .div(255.0);
    std::vector<torch::Tensor> views;
    const int nViews = options.tta ? static_cast<int>(std::size(kTtaViews)) : 1;
    views.reserve(static_cast<std::size_t>(nViews));
    for (int i = 0; i < nViews; ++i)
        views.push_back(viewOf(x01, kTtaViews[i]));
    const torch::Tensor input = ml::normaliseInput(torch::cat(views, 0));
    const ml::FeatureDensity &density = d->model.density;
    Prediction p;
    torch::Tensor logits;
    if (density.isNull()) {
        logits = d->model.net->forward(input).contiguous();
    } else {
        const ml::PooledForward f =
            ml::pooledForward(*d->model.net, input, density.options.layer, density.options.grid);
        logits = f.logits.contiguous();
        const auto distance = density.distances(f.features.narrow(0, 0, 1))[0].item<double>();
        p.applicability = Applicability::fromDistance(distance, density.threshold);
    }
    const int k = static_cast<int>(logits.size(1));

    p.classes = info.classes;
    p.ttaViews = nViews;
    const float *lp = logits.data_ptr<float>();
    p.logits.assign(lp, lp + k);
    std::vector<std::vector<float>> probs;
    probs.reserve(static_cast<std::size_t>(nViews));
    for (int v = 0; v < nViews; ++v)
        probs.push_back(softmax(std::vector<float>(lp + static_cast<std::ptrdiff_t>(v) * k,
                                                   lp + static_cast<std::ptrdiff_t>(v + 1) * k),
                                info.temperature));
    p.probabilities.assign(static_cast<std::size_t>(k), 0.0f);
    for (const auto &pv : probs)
        for (int c = 0; c < k; ++c)
            p.probabilities[static_cast<std::size_t>(c)] += pv[static_cast<std::size_t>(c)] / nViews;
    p.top = static_cast<int>(std::max_element(p.probabilities.begin(), p.probabilities.end()) -
                             p.probabilities.begin());
    p.topProbability = p.probabilities[static_cast<std::size_t>(p.top)];
    if (nViews > 1) {
        double var = 0;
        for (const auto &pv : probs)
            var += std::pow(pv[static_cast<std::size_t>(p.top)] - p.topProbability, 2);
        p.ttaSpread = std::sqrt(var / nViews);
    }
    QStringList notes;
    if (p.topProbability < options.minConfidence)
        notes << QStringLiteral("The model is unsure: its most likely class has only %1 % probability.")
                     .arg(p.topProbability * 100.0, 0, 'f', 0);
    if (p.ttaSpread > options.maxTtaSpread)
        notes << QStringLiteral("The answer changes when the film is shifted or zoomed slightly (spread %1).")
                     .arg(p.ttaSpread, 0, 'f', 2);
    p.uncertain = !notes.isEmpty();
    p.uncertaintyNote = notes.join(QLatin1Char(' '));
    return p;
}

} // namespace chestlens
