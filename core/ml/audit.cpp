#include "core/ml/audit.h"
#include "core/ml/evaluation.h"

#include "core/data/labelledfolder.h"
#include "core/error.h"
#include "core/ml/augment_p.h"
#include "core/ml/batchforward_p.h"
#include "core/ml/cacheapplicability_p.h"
#include "core/ml/calibration.h"
#include "core/ml/camsanity.h"
#include "core/ml/classifier_p.h"
#include "core/ml/gradcam_p.h"
#include "core/ml/tensorcache_p.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <thread>

namespace chestlens {

namespace {

/// The heat of a film counts as "mostly outside the chest" below this fraction.
constexpr double kHalf = 0.5;

/// Quantile q of sorted `v` by linear interpolation between order statistics (numpy's default).
double quantile(const std::vector<double> &v, double q)
{
    if (v.empty())
        return 0.0;
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

int maskRegion(std::uint8_t *pixels, int size)
{
    const std::size_t n = static_cast<std::size_t>(size) * size;
    std::vector<std::uint8_t> sorted(pixels, pixels + n);
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(n / 2), sorted.end());
    const std::uint8_t median = sorted[n / 2];
    // Input pixel (u, v) shows source pixel crop.x + (u + 0.5) * crop.width / S - 0.5, so its
    // centre's normalised offset from the crop's centre is (u + 0.5 - S / 2) / S: ChestRegion of
    // the crop is ChestRegion of the S x S square on the input.
    const QRect square(0, 0, size, size);
    for (int y = 0; y < size; ++y) {
        int first = 0, last = 0;
        ChestRegion::rowSpan(square, y, first, last);
        for (int x = std::max(first, 0); x <= std::min(last, size - 1); ++x)
            pixels[static_cast<std::size_t>(y) * size + x] = median;
    }
    return median;
}

QString f3(double v)
{
    return QString::number(v, 'f', 3);
}

QString f2(double v)
{
    return QString::number(v, 'f', 2);
}

} // namespace

QJsonObject HeatDistribution::toJson() const
{
    return {{QStringLiteral("n"), n},       {QStringLiteral("median"), median},
            {QStringLiteral("q1"), q1},     {QStringLiteral("q3"), q3},
            {QStringLiteral("mean"), mean}, {QStringLiteral("share_below_0_5"), shareBelowHalf}};
}

HeatDistribution HeatDistribution::of(std::vector<double> fractions)
{
    HeatDistribution d;
    d.n = static_cast<int>(fractions.size());
    if (fractions.empty())
        return d;
    std::sort(fractions.begin(), fractions.end());
    d.median = quantile(fractions, 0.5);
    d.q1 = quantile(fractions, 0.25);
    d.q3 = quantile(fractions, 0.75);
    double sum = 0;
    int below = 0;
    for (double f : fractions) {
        sum += f;
        below += f < kHalf ? 1 : 0;
    }
    d.mean = sum / d.n;
    d.shareBelowHalf = static_cast<double>(below) / d.n;
    return d;
}

int maskChestRegion(std::vector<unsigned char> &pixels, int size)
{
    if (size <= 0 || pixels.size() != static_cast<std::size_t>(size) * size)
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("cannot mask %1 pixels as a %2 x %2 input").arg(pixels.size()).arg(size));
    return maskRegion(pixels.data(), size);
}

QJsonObject AuditReport::toJson() const
{
    QJsonObject o;
    o[QStringLiteral("model")] = model;
    o[QStringLiteral("model_sha256")] = modelSha256;
    o[QStringLiteral("data")] = data;
    o[QStringLiteral("classes")] = QJsonArray::fromStringList(classes);
    o[QStringLiteral("n")] = metrics.n;
    o[QStringLiteral("temperature")] = temperature;
    o[QStringLiteral("metrics")] = metrics.toJson();
    o[QStringLiteral("ece_uncalibrated")] = eceUncalibrated;
    o[QStringLiteral("ece_calibrated")] = metrics.ece;
    if (!perSource.isEmpty()) {
        QJsonObject src;
        for (auto it = perSource.cbegin(); it != perSource.cend(); ++it)
            src[it.key()] = it.value().toJson();
        o[QStringLiteral("per_source")] = src;
    }
    o[QStringLiteral("masked")] = QJsonObject{{QStringLiteral("accuracy"), masked.accuracy},
                                              {QStringLiteral("macro_f1"), masked.macroF1},
                                              {QStringLiteral("metrics"), masked.toJson()}};
    o[QStringLiteral("chance")] =
        QJsonObject{{QStringLiteral("uniform"), chanceUniform}, {QStringLiteral("majority"), chanceMajority}};
    if (heatComputed) {
        QJsonObject by;
        for (auto it = heatByPredicted.cbegin(); it != heatByPredicted.cend(); ++it)
            by[it.key()] = it.value().toJson();
        o[QStringLiteral("heat_in_chest")] =
            QJsonObject{{QStringLiteral("overall"), heat.toJson()},
                        {QStringLiteral("by_predicted_class"), by},
                        {QStringLiteral("films_without_heat"), filmsWithoutHeat}};
    }
    o[QStringLiteral("masked_above_chance")] = maskedAboveChance;
    o[QStringLiteral("heat_outside_chest")] = heatOutsideChest;
    o[QStringLiteral("shortcut_suspected")] = shortcutSuspected;
    o[QStringLiteral("verdict")] = verdict;
    o[QStringLiteral("skipped")] = QJsonArray::fromStringList(failures);
    o[QStringLiteral("inapplicable")] = QJsonArray::fromStringList(inapplicable);
    return o;
}

QString AuditReport::toText() const
{
    QString s;
    s += QStringLiteral("Model: %1\nData:  %2\n\n").arg(model, data);
    s += QStringLiteral("Films: %1, accuracy %2, macro-F1 %3\n")
             .arg(metrics.n)
             .arg(f3(metrics.accuracy), f3(metrics.macroF1));
    s += QStringLiteral("Calibration: ECE %1 at temperature 1, %2 at the model's temperature %3 (a perfectly "
                        "calibrated model would measure ~%4 on these films by chance)\n")
             .arg(f3(eceUncalibrated), f3(metrics.ece), f3(temperature), f3(metrics.eceIfCalibrated));
    if (!inapplicable.isEmpty()) {
        s += QStringLiteral("Not applicable, left out of every probe: %1 film(s)\n").arg(inapplicable.size());
        for (const QString &f : inapplicable)
            s += QStringLiteral("  %1\n").arg(f);
    }
    if (!perSource.isEmpty()) {
        s += QStringLiteral("\nPer source:\n");
        for (auto it = perSource.cbegin(); it != perSource.cend(); ++it)
            s += QStringLiteral("  %1: n %2, accuracy %3, macro-F1 %4\n")
                     .arg(it.key())
                     .arg(it.value().n)
                     .arg(f3(it.value().accuracy), f3(it.value().macroF1));
    }
    s += QStringLiteral("\nLungs masked (central chest region filled with the median grey):\n");
    s += QStringLiteral("  accuracy %1, macro-F1 %2; chance %3 (1/k %4, majority class %5)\n")
             .arg(f3(masked.accuracy), f3(masked.macroF1), f3(chance()), f3(chanceUniform),
                  f3(chanceMajority));
    if (heatComputed) {
        auto line = [](const QString &label, const HeatDistribution &d) {
            return QStringLiteral("  %1: n %2, median %3 (quartiles %4-%5), below 0.5: %6 %\n")
                .arg(label)
                .arg(d.n)
                .arg(f3(d.median), f3(d.q1), f3(d.q3))
                .arg(d.shareBelowHalf * 100.0, 0, 'f', 1);
        };
        s += QStringLiteral(
            "\nGrad-CAM heat inside the chest (predicted class; 0.68 = heat spread evenly):\n");
        s += line(QStringLiteral("all films"), heat);
        for (auto it = heatByPredicted.cbegin(); it != heatByPredicted.cend(); ++it)
            s += line(QStringLiteral("predicted %1").arg(it.key()), it.value());
        if (filmsWithoutHeat > 0)
            s += QStringLiteral("  %1 film(s) without any heat left out\n").arg(filmsWithoutHeat);
    }
    s += QStringLiteral("\nVerdict: %1\n").arg(verdict);
    return s;
}

namespace {

/// Every film of the folder preprocessed as the model expects, with its label in the model's order.
ml::TensorCache auditInputs(const Classifier &classifier, const LabelledFolder &folder, int threads,
                            int total, const std::function<void(int, int)> &progress,
                            const std::atomic<bool> *cancel)
{
    const ModelInfo &info = classifier.info();
    const std::vector<int> classMap = modelClassIndices(info, folder);
    std::vector<QString> paths;
    std::vector<int> labels, index;
    for (int i = 0; i < static_cast<int>(folder.items.size()); ++i) {
        const LabelledImage &item = folder.items[static_cast<std::size_t>(i)];
        paths.push_back(item.path);
        labels.push_back(classMap[static_cast<std::size_t>(item.label)]);
        index.push_back(i);
    }
    std::mutex checkMutex;
    ml::TensorCache cache = ml::buildTensorCache(
        paths, labels, index, info.preprocessing, threads,
        [&progress, total](int done, int) {
            if (progress)
                progress(done, total);
        },
        cancel,
        [&classifier, &checkMutex](const Film &film) {
            const std::lock_guard<std::mutex> lock(checkMutex); // one lung network, one film at a time
            return classifier.checkFilm(film);
        });
    if (!cache.images.defined() || cache.images.size(0) == 0)
        throw Error(ErrorCode::InvalidArgument, folder.root,
                    QStringLiteral("none of the films could be read"));
    return cache;
}

/// The films of `cache` the model may judge; the others go to `inapplicable` ("file: reason").
ml::TensorCache applicableInputs(const Classifier &classifier, const LabelledFolder &folder,
                                 const ml::TensorCache &cache, QStringList &inapplicable)
{
    std::vector<QString> paths;
    paths.reserve(folder.items.size());
    for (const LabelledImage &item : folder.items)
        paths.push_back(item.path);
    const ml::LoadedModel &model = classifier.d_func()->model;
    ml::TensorCache kept =
        ml::applicableRows(cache, ml::cacheApplicability(model, cache), paths, inapplicable);
    if (kept.images.size(0) == 0)
        throw Error(ErrorCode::InvalidArgument, folder.root,
                    QStringLiteral("the model may judge none of the films (%1 not applicable)")
                        .arg(inapplicable.size()));
    return kept;
}

/// Metrics per source (MANIFEST.csv or sub-folders), when the folder names two or more.
QMap<QString, Metrics> metricsPerSource(const LabelledFolder &folder, const ml::TensorCache &cache,
                                        const std::vector<std::vector<float>> &probs,
                                        const QStringList &classes)
{
    QMap<QString, std::vector<int>> bySource;
    for (std::size_t row = 0; row < cache.itemIndex.size(); ++row) {
        const QString src = folder.items[static_cast<std::size_t>(cache.itemIndex[row])].source;
        if (!src.isEmpty())
            bySource[src].push_back(static_cast<int>(row));
    }
    QMap<QString, Metrics> perSource;
    if (bySource.size() < 2)
        return perSource;
    for (auto it = bySource.cbegin(); it != bySource.cend(); ++it) {
        std::vector<std::vector<float>> p;
        std::vector<int> l;
        for (int row : it.value()) {
            p.push_back(probs[static_cast<std::size_t>(row)]);
            l.push_back(cache.labels[static_cast<std::size_t>(row)]);
        }
        perSource.insert(it.key(), computeMetrics(p, l, classes));
    }
    return perSource;
}

/// The masked-chest probe: every input with its chest region masked, classified the same way;
/// also the two chance levels it is compared with.
void auditMasked(ml::ChestNetImpl &net, const ModelInfo &info, const ml::TensorCache &cache, AuditReport &r)
{
    const torch::Tensor &images = cache.images;
    const int64_t n = images.size(0);
    const int s = static_cast<int>(images.size(3));
    torch::Tensor maskedImages = images.clone();
    auto *px = maskedImages.data_ptr<std::uint8_t>();
    for (int64_t i = 0; i < n; ++i)
        maskRegion(px + i * s * s, s);
    r.masked = computeMetrics(softmaxAll(ml::batchedLogits(net, maskedImages), info.temperature),
                              cache.labels, info.classes);
    const int k = static_cast<int>(info.classes.size());
    std::vector<int> perClass(static_cast<std::size_t>(k), 0);
    for (int l : cache.labels)
        ++perClass[static_cast<std::size_t>(l)];
    r.chanceUniform = 1.0 / k;
    r.chanceMajority =
        static_cast<double>(*std::max_element(perClass.begin(), perClass.end())) / static_cast<double>(n);
}

/// Grad-CAM heat inside the chest region for every film, overall and by predicted class.
void auditHeat(ml::ChestNetImpl &net, const ModelInfo &info, const ml::TensorCache &cache, int films,
               int total, const std::function<void(int, int)> &progress, const std::atomic<bool> *cancel,
               AuditReport &r)
{
    const torch::Tensor &images = cache.images;
    const int64_t n = images.size(0);
    const int s = static_cast<int>(images.size(3));
    std::vector<double> all;
    QMap<QString, std::vector<double>> byClass;
    const QRect square(0, 0, s, s);
    const std::uint8_t *px = images.data_ptr<std::uint8_t>();
    for (int64_t i = 0; i < n; ++i) {
        if (cancel && cancel->load())
            throw Error(ErrorCode::Cancelled, QStringLiteral("audit cancelled"));
        PreparedImage img;
        img.pixels.assign(px + i * s * s, px + (i + 1) * s * s);
        img.geometry.size = s;
        img.geometry.sourceWidth = s;
        img.geometry.sourceHeight = s;
        img.geometry.crop = square;
        // The map on the input grid, measured against the chest region of the whole trimmed
        // film as the viewer and the report measure it (for a centre-cropped film the input
        // square is the middle of a wider frame), without resampling every map to the film's
        // full resolution.
        const CamMap cam = ml::computeCam(net, info, img, ExplainSettings{}, /*toSource=*/false);
        if (cam.rawMax > 0.0) {
            const std::vector<float> map =
                mapToInput(cam.featureMap, cam.featureWidth, cam.featureHeight, cam.grid, s);
            const double fraction =
                inChestFractionOnInput(map, s, cache.geometry[static_cast<std::size_t>(i)]);
            all.push_back(fraction);
            byClass[info.classes.value(cam.predicted)].push_back(fraction);
        } else {
            ++r.filmsWithoutHeat;
        }
        if (progress)
            progress(films + static_cast<int>(i) + 1, total);
    }
    r.heatComputed = true;
    r.heat = HeatDistribution::of(all);
    for (auto it = byClass.cbegin(); it != byClass.cend(); ++it)
        r.heatByPredicted.insert(it.key(), HeatDistribution::of(it.value()));
}

/// The plain-language verdict; sets the shortcut flags it is based on.
void writeVerdict(const AuditOptions &options, AuditReport &r)
{
    const double chance = r.chance();
    QStringList sentences;
    if (r.metrics.accuracy - chance < options.minLeadOverChance) {
        sentences << QStringLiteral(
                         "accuracy %1 is close to chance %2: the model has not learned this data, so "
                         "masking tells little")
                         .arg(f2(r.metrics.accuracy), f2(chance));
    } else if (r.masked.accuracy > chance + options.shortcutMargin) {
        r.maskedAboveChance = true;
        sentences << QStringLiteral(
                         "masked-lung accuracy %1 vs chance %2 (unmasked %3): the model relies on regions "
                         "outside the chest")
                         .arg(f2(r.masked.accuracy), f2(chance), f2(r.metrics.accuracy));
    } else {
        sentences << QStringLiteral(
                         "masked-lung accuracy %1 vs chance %2 (unmasked %3): without the chest the model "
                         "is near chance, so its evidence lies in the chest")
                         .arg(f2(r.masked.accuracy), f2(chance), f2(r.metrics.accuracy));
    }
    if (r.heatComputed && r.heat.n > 0) {
        if (r.heat.median < kHalf) {
            r.heatOutsideChest = true;
            sentences
                << QStringLiteral(
                       "median Grad-CAM heat inside the chest %1: most of the heat lies outside the chest")
                       .arg(f2(r.heat.median));
        } else {
            sentences << QStringLiteral("median Grad-CAM heat inside the chest %1 (%2 % of films below 0.5)")
                             .arg(f2(r.heat.median))
                             .arg(r.heat.shareBelowHalf * 100.0, 0, 'f', 0);
        }
    }
    if (!r.perSource.isEmpty()) {
        auto [lo, hi] =
            std::minmax_element(r.perSource.cbegin(), r.perSource.cend(),
                                [](const Metrics &a, const Metrics &b) { return a.accuracy < b.accuracy; });
        sentences << QStringLiteral("accuracy per source from %1 (%2) to %3 (%4)")
                         .arg(f2(lo->accuracy), lo.key(), f2(hi->accuracy), hi.key());
    }
    r.shortcutSuspected = r.maskedAboveChance || r.heatOutsideChest;
    r.verdict = sentences.join(QStringLiteral("; ")) + QLatin1Char('.');
}

} // namespace

AuditReport auditModel(const Classifier &classifier, const LabelledFolder &folder,
                       const AuditOptions &options, const std::function<void(int, int)> &progress,
                       const std::atomic<bool> *cancel)
{
    const ModelInfo &info = classifier.info();
    const int films = static_cast<int>(folder.items.size());
    const int total = options.heat ? 2 * films : films;
    const int t = options.threads > 0 ? options.threads
                                      : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(t);
    AuditReport r;
    ml::TensorCache cache = applicableInputs(
        classifier, folder, auditInputs(classifier, folder, t, total, progress, cancel), r.inapplicable);
    cache.images = cache.images.contiguous();

    r.model = info.path;
    r.modelSha256 = info.sha256;
    r.data = folder.root;
    r.classes = info.classes;
    r.temperature = info.temperature;
    r.failures = cache.failures;

    ml::ChestNetImpl &net = *classifier.d_func()->model.net;
    const std::vector<std::vector<float>> logits = ml::batchedLogits(net, cache.images);
    const std::vector<std::vector<float>> probs = softmaxAll(logits, info.temperature);
    r.metrics = computeMetrics(probs, cache.labels, info.classes);
    r.eceUncalibrated = expectedCalibrationError(softmaxAll(logits, 1.0), cache.labels);
    r.perSource = metricsPerSource(folder, cache, probs, info.classes);
    auditMasked(net, info, cache, r);
    if (options.heat)
        auditHeat(net, info, cache, films, total, progress, cancel, r);
    writeVerdict(options, r);
    return r;
}

} // namespace chestlens
