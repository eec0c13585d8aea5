#include "core/ml/camsanity.h"

#include "core/error.h"
#include "core/ml/classifier_p.h"
#include "core/ml/gradcam_p.h"

#pragma push_macro("slots")
#undef slots
#include <ATen/CPUGeneratorImpl.h>
#pragma pop_macro("slots")

#include <algorithm>
#include <cmath>
#include <numeric>

namespace chestlens {

namespace {

std::vector<double> averageRanks(const std::vector<float> &v)
{
    std::vector<std::size_t> order(v.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&v](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    std::vector<double> ranks(v.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i + 1;
        while (j < order.size() && v[order[j]] == v[order[i]])
            ++j;
        const double rank =
            (static_cast<double>(i) + static_cast<double>(j - 1)) / 2.0 + 1.0; // 1-based, averaged
        for (std::size_t k = i; k < j; ++k)
            ranks[order[k]] = rank;
        i = j;
    }
    return ranks;
}

template <typename T> double pearsonOf(const std::vector<T> &a, const std::vector<T> &b)
{
    const std::size_t n = a.size();
    if (n == 0)
        return 0.0;
    double ma = 0, mb = 0;
    for (std::size_t i = 0; i < n; ++i) {
        ma += a[i];
        mb += b[i];
    }
    ma /= static_cast<double>(n);
    mb /= static_cast<double>(n);
    double sab = 0, saa = 0, sbb = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double da = a[i] - ma, db = b[i] - mb;
        sab += da * db;
        saa += da * da;
        sbb += db * db;
    }
    if (saa <= 0.0 || sbb <= 0.0)
        return 0.0;
    return std::clamp(sab / std::sqrt(saa * sbb), -1.0, 1.0);
}

void checkSizes(const std::vector<float> &a, const std::vector<float> &b)
{
    if (a.size() != b.size())
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("cannot correlate maps of %1 and %2 values").arg(a.size()).arg(b.size()));
}

/// A freshly initialised copy of `module`'s parameters and buffers (see randomisationTest()).
void reinitialise(torch::nn::Module &module, at::Generator &gen)
{
    torch::NoGradGuard noGrad;
    for (auto &item : module.named_parameters(/*recurse=*/true)) {
        torch::Tensor &p = item.value();
        if (p.dim() >= 2) {
            const int64_t fanInCount = p.numel() / p.size(0); // exact: numel is a multiple of size(0)
            const auto fanIn = static_cast<double>(fanInCount);
            p.normal_(0.0, std::sqrt(2.0 / fanIn), gen);
        } else if (item.key().size() >= 6 && item.key().compare(item.key().size() - 6, 6, "weight") == 0) {
            p.fill_(1.0); // batch-norm scale
        } else {
            p.zero_(); // biases, batch-norm shift
        }
    }
    for (auto &item : module.named_buffers(/*recurse=*/true)) {
        const std::string &name = item.key();
        if (name.find("running_mean") != std::string::npos)
            item.value().zero_();
        else if (name.find("running_var") != std::string::npos)
            item.value().fill_(1.0);
    }
}

void copyState(torch::nn::Module &from, torch::nn::Module &to)
{
    torch::NoGradGuard noGrad;
    auto src = from.named_parameters(true);
    for (auto &item : to.named_parameters(true))
        item.value().copy_(src[item.key()]);
    auto srcBuffers = from.named_buffers(true);
    for (auto &item : to.named_buffers(true))
        item.value().copy_(srcBuffers[item.key()]);
}

} // namespace

void ChestRegion::rowSpan(const QRect &crop, int y, int &first, int &last)
{
    first = 1;
    last = 0;
    if (crop.isEmpty() || y < crop.top() || y > crop.bottom())
        return;
    const double cx = crop.x() + crop.width() / 2.0;
    const double cy = crop.y() + crop.height() / 2.0;
    const double ny = std::abs((y + 0.5 - cy) / (kHalfHeight * crop.height()));
    const double rest = 1.0 - std::pow(ny, kExponent);
    if (rest < 0.0)
        return;
    const double dx = kHalfWidth * crop.width() * std::pow(rest, 1.0 / kExponent);
    // Pixel x is inside when its centre x + 0.5 lies within cx +- dx.
    first = std::max(crop.left(), static_cast<int>(std::ceil(cx - dx - 0.5)));
    last = std::min(crop.right(), static_cast<int>(std::floor(cx + dx - 0.5)));
}

bool ChestRegion::contains(const QRect &crop, int x, int y)
{
    int first = 0, last = 0;
    rowSpan(crop, y, first, last);
    return x >= first && x <= last;
}

double inChestFraction(const std::vector<float> &heat, int width, int height, const QRect &crop)
{
    if (width <= 0 || height <= 0 || heat.size() != static_cast<std::size_t>(width) * height)
        return 0.0;
    double total = 0.0, inside = 0.0;
    for (int y = 0; y < height; ++y) {
        const float *row = heat.data() + static_cast<std::size_t>(y) * width;
        int first = 0, last = 0;
        ChestRegion::rowSpan(crop, y, first, last);
        first = std::max(first, 0);
        last = std::min(last, width - 1);
        for (int x = 0; x < width; ++x) {
            const double v = std::max(0.0f, row[x]);
            total += v;
            if (x >= first && x <= last)
                inside += v;
        }
    }
    return total > 0.0 ? inside / total : 0.0;
}

double inChestFractionOnInput(const std::vector<float> &map, int size, const InputGeometry &geometry)
{
    const QRect crop = geometry.crop;
    if (size <= 0 || map.size() != static_cast<std::size_t>(size) * size || crop.isEmpty())
        return 0.0;
    // Input pixels per source pixel, and the chest frame on that scale with the input square at
    // (ox, oy) inside it.
    const double sx = static_cast<double>(size) / crop.width();
    const double sy = static_cast<double>(size) / crop.height();
    const QRect frame = geometry.chestFrame();
    const QRect scaled(0, 0, std::max(size, static_cast<int>(std::lround(frame.width() * sx))),
                       std::max(size, static_cast<int>(std::lround(frame.height() * sy))));
    const int ox = static_cast<int>(std::lround((crop.x() - frame.x()) * sx));
    const int oy = static_cast<int>(std::lround((crop.y() - frame.y()) * sy));
    double total = 0.0, inside = 0.0;
    for (int y = 0; y < size; ++y) {
        const float *row = map.data() + static_cast<std::size_t>(y) * size;
        int first = 0, last = 0;
        ChestRegion::rowSpan(scaled, y + oy, first, last);
        for (int x = 0; x < size; ++x) {
            const double v = std::max(0.0f, row[x]);
            total += v;
            if (x + ox >= first && x + ox <= last)
                inside += v;
        }
    }
    return total > 0.0 ? inside / total : 0.0;
}

double inChestFraction(const QImage &heat8, const QRect &crop)
{
    if (heat8.isNull())
        return 0.0;
    const QImage img = heat8.format() == QImage::Format_Grayscale8
                           ? heat8
                           : heat8.convertToFormat(QImage::Format_Grayscale8);
    double total = 0.0, inside = 0.0;
    for (int y = 0; y < img.height(); ++y) {
        const uchar *row = img.constScanLine(y);
        int first = 0, last = 0;
        ChestRegion::rowSpan(crop, y, first, last);
        for (int x = 0; x < img.width(); ++x) {
            total += row[x];
            if (x >= first && x <= last)
                inside += row[x];
        }
    }
    return total > 0.0 ? inside / total : 0.0;
}

double spearmanCorrelation(const std::vector<float> &a, const std::vector<float> &b)
{
    checkSizes(a, b);
    return pearsonOf(averageRanks(a), averageRanks(b));
}

double pearsonCorrelation(const std::vector<float> &a, const std::vector<float> &b)
{
    checkSizes(a, b);
    return pearsonOf(a, b);
}

QString RandomisationReport::summary() const
{
    QString s;
    auto line = [](const RandomisationStep &step, const QString &label) {
        return QStringLiteral("%1: spearman %2, pearson %3\n")
            .arg(label)
            .arg(step.spearman, 0, 'f', 3)
            .arg(step.pearson, 0, 'f', 3);
    };
    for (const RandomisationStep &step : cascade)
        s += line(step, QStringLiteral("randomised ") + step.randomised.join(QStringLiteral(", ")));
    s += line(full, QStringLiteral("fully random network"));
    s += passed
             ? QStringLiteral("PASSED: the map changes when the weights are randomised (spearman %1 < %2)\n")
                   .arg(full.spearman, 0, 'f', 3)
                   .arg(maxRandomisedSpearman)
             : QStringLiteral(
                   "FAILED: the map barely changes when the weights are randomised (spearman %1 >= %2); "
                   "it reflects the image more than the model\n")
                   .arg(full.spearman, 0, 'f', 3)
                   .arg(maxRandomisedSpearman);
    return s;
}

RandomisationReport randomisationTest(const Classifier &classifier, const PreparedImage &image,
                                      const ExplainSettings &settings, const RandomisationOptions &options)
{
    const ml::LoadedModel &model = classifier.d_func()->model;
    if (model.spec.name == QLatin1String("torchscript"))
        throw Error(
            ErrorCode::InvalidModel, model.info.path,
            QStringLiteral("the model-randomisation test re-initialises the network layer by layer, which "
                           "needs a ChestLens model file, not a TorchScript archive"));
    const int s = image.geometry.size;
    auto inputMap = [s](const CamMap &m) {
        return mapToInput(m.featureMap, m.featureWidth, m.featureHeight, m.grid, s);
    };

    const CamMap original = ml::computeCam(*model.net, model.info, image, settings, /*toSource=*/false);
    const std::vector<float> reference = inputMap(original);

    RandomisationReport report;
    report.settings = original.settings;
    report.className = original.className;
    report.maxRandomisedSpearman = options.maxRandomisedSpearman;

    try {
        ml::ChestNet copy = ml::createNetwork(model.spec);
        copyState(*model.net, *copy);
        copy->eval();
        at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(options.seed);

        // Top-down: the network's direct children in reverse registration order (output side
        // first), skipping those without parameters (dropout, activation functions).
        std::vector<std::pair<std::string, std::shared_ptr<torch::nn::Module>>> modules;
        for (const auto &child : copy->named_children()) {
            if (!child.value()->parameters().empty())
                modules.emplace_back(child.key(), child.value());
        }
        std::reverse(modules.begin(), modules.end());

        RandomisationStep step;
        for (std::size_t i = 0; i < modules.size(); ++i) {
            reinitialise(*modules[i].second, gen);
            step.randomised << QString::fromStdString(modules[i].first);
            const bool last = i + 1 == modules.size();
            if (!options.cascade && !last)
                continue;
            const std::vector<float> map =
                inputMap(ml::computeCam(*copy, model.info, image, report.settings, false));
            step.spearman = spearmanCorrelation(reference, map);
            step.pearson = pearsonCorrelation(reference, map);
            if (options.cascade)
                report.cascade.push_back(step);
            if (last)
                report.full = step;
        }
    } catch (const c10::Error &e) {
        const std::string &msg = e.msg();
        throw Error(ErrorCode::Internal, QStringLiteral("randomisation test failed in the network (%1)")
                                             .arg(QString::fromStdString(msg.substr(0, msg.find('\n')))));
    }
    report.passed = report.full.spearman < report.maxRandomisedSpearman;
    return report;
}

} // namespace chestlens
