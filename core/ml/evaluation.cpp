#include "core/ml/evaluation.h"

#include "core/data/labelledfolder.h"
#include "core/error.h"
#include "core/ml/batchforward_p.h"
#include "core/ml/calibration.h"
#include "core/ml/classifier_p.h"
#include "core/ml/tensorcache_p.h"

#include <mutex>
#include <thread>

namespace chestlens {

namespace {

struct FilmScore
{
    std::vector<float> probabilities; ///< calibrated, model's class order
    Applicability applicability;      ///< header and pixels
};

/// Every row of `cache` through the classifier: one batched pass, or five views per film with `tta`.
std::vector<FilmScore> scoreCache(const Classifier &classifier, const ml::TensorCache &cache, bool tta)
{
    const ml::LoadedModel &model = classifier.d_func()->model;
    const int64_t n = cache.images.defined() ? cache.images.size(0) : 0;
    std::vector<FilmScore> out(static_cast<std::size_t>(n));
    if (n == 0) // no film could be read
        return out;
    if (tta) {
        PredictOptions po;
        po.tta = true;
        PreparedImage image;
        image.geometry.size = n > 0 ? static_cast<int>(cache.images.size(3)) : 0;
        const int64_t pixels = static_cast<int64_t>(image.geometry.size) * image.geometry.size;
        for (int64_t i = 0; i < n; ++i) {
            const torch::Tensor row = cache.images[i].contiguous();
            image.pixels.assign(row.data_ptr<uint8_t>(), row.data_ptr<uint8_t>() + pixels);
            const Prediction p = classifier.predictPrepared(image, po);
            out[static_cast<std::size_t>(i)] = {p.probabilities, p.applicability};
        }
    } else if (model.density.isNull()) {
        const std::vector<std::vector<float>> logits = ml::batchedLogits(*model.net, cache.images);
        for (int64_t i = 0; i < n; ++i)
            out[static_cast<std::size_t>(i)].probabilities =
                softmax(logits[static_cast<std::size_t>(i)], model.info.temperature);
    } else {
        const ml::PooledForward f = ml::pooledForwardAll(
            *model.net, cache.images, model.density.options.layer, model.density.options.grid);
        const torch::Tensor distances = model.density.distances(f.features).contiguous();
        const torch::Tensor logits = f.logits.contiguous();
        const int64_t k = logits.size(1);
        for (int64_t i = 0; i < n; ++i) {
            const float *l = logits.data_ptr<float>() + i * k;
            FilmScore &s = out[static_cast<std::size_t>(i)];
            s.probabilities = softmax(std::vector<float>(l, l + k), model.info.temperature);
            s.applicability =
                Applicability::fromDistance(distances[i].item<double>(), model.density.threshold);
        }
    }
    for (int64_t i = 0; i < n; ++i) {
        FilmScore &s = out[static_cast<std::size_t>(i)];
        s.applicability = Applicability::combine(cache.header[static_cast<std::size_t>(i)], s.applicability);
    }
    return out;
}

} // namespace

std::vector<int> modelClassIndices(const ModelInfo &info, const LabelledFolder &folder)
{
    std::vector<int> classMap;
    for (const QString &c : folder.classes) {
        const int idx = static_cast<int>(info.classes.indexOf(c));
        if (idx < 0)
            throw Error(ErrorCode::InvalidArgument, folder.root,
                        QStringLiteral("class folder '%1' is not one of the model's classes (%2)")
                            .arg(c, info.classes.join(QStringLiteral(", "))));
        classMap.push_back(idx);
    }
    return classMap;
}

EvaluationResult evaluateModel(const Classifier &classifier, const LabelledFolder &folder, int threads,
                               const std::function<void(int, int)> &progress, const std::atomic<bool> *cancel,
                               bool tta)
{
    const ModelInfo &info = classifier.info();
    const std::vector<int> classMap = modelClassIndices(info, folder);
    std::vector<QString> paths;
    std::vector<int> labels, index;
    for (int i = 0; i < static_cast<int>(folder.items.size()); ++i) {
        paths.push_back(folder.items[static_cast<std::size_t>(i)].path);
        labels.push_back(classMap[static_cast<std::size_t>(folder.items[static_cast<std::size_t>(i)].label)]);
        index.push_back(i);
    }
    const int t = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(t);
    std::mutex checkMutex; // the classifier's lung network runs one film at a time
    const ml::TensorCache cache = ml::buildTensorCache(paths, labels, index, info.preprocessing, t, progress,
                                                       cancel, [&](const Film &film) {
                                                           const std::lock_guard<std::mutex> lock(checkMutex);
                                                           return classifier.checkFilm(film);
                                                       });

    EvaluationResult r;
    r.failures = cache.failures;
    const std::vector<FilmScore> scores = scoreCache(classifier, cache, tta);
    std::vector<int> applicableItems;
    for (std::size_t row = 0; row < scores.size(); ++row) {
        const QString &path = folder.items[static_cast<std::size_t>(cache.itemIndex[row])].path;
        const Applicability &a = scores[row].applicability;
        if (!a.applicable) {
            r.inapplicable << QStringLiteral("%1: %2").arg(path, a.explanation);
            continue;
        }
        r.files << path;
        applicableItems.push_back(cache.itemIndex[row]);
        r.labels.push_back(cache.labels[row]);
        r.probabilities.push_back(scores[row].probabilities);
    }
    r.metrics = computeMetrics(r.probabilities, r.labels, info.classes);

    QMap<QString, std::vector<int>> bySource;
    for (std::size_t row = 0; row < applicableItems.size(); ++row) {
        const QString src = folder.items[static_cast<std::size_t>(applicableItems[row])].source;
        if (!src.isEmpty())
            bySource[src].push_back(static_cast<int>(row));
    }
    if (bySource.size() > 1) {
        for (auto it = bySource.cbegin(); it != bySource.cend(); ++it) {
            std::vector<std::vector<float>> p;
            std::vector<int> l;
            for (int row : it.value()) {
                p.push_back(r.probabilities[static_cast<std::size_t>(row)]);
                l.push_back(r.labels[static_cast<std::size_t>(row)]);
            }
            r.perSource.insert(it.key(), computeMetrics(p, l, info.classes));
        }
    }
    return r;
}

} // namespace chestlens
