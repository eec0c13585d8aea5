#include "core/ml/evaluation.h"

#include "core/data/labelledfolder.h"
#include "core/error.h"
#include "core/ml/batchforward_p.h"
#include "core/ml/calibration.h"
#include "core/ml/classifier_p.h"
#include "core/ml/tensorcache_p.h"

#include <thread>

namespace chestlens {

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
    const ml::TensorCache cache =
        ml::buildTensorCache(paths, labels, index, info.preprocessing, t, progress, cancel);

    EvaluationResult r;
    r.failures = cache.failures;
    r.labels = cache.labels;
    if (tta) {
        PredictOptions po;
        po.tta = true;
        const int64_t side = cache.images.size(0) > 0 ? cache.images.size(3) : 0;
        PreparedImage image;
        image.geometry.size = static_cast<int>(side);
        for (int64_t i = 0; i < cache.images.size(0); ++i) {
            const torch::Tensor row = cache.images[i].contiguous();
            image.pixels.assign(row.data_ptr<uint8_t>(), row.data_ptr<uint8_t>() + side * side);
            r.probabilities.push_back(classifier.predictPrepared(image, po).probabilities);
        }
    } else {
        const ml::ChestNet &net = classifier.d_func()->model.net;
        for (const std::vector<float> &logits : ml::batchedLogits(*net, cache.images))
            r.probabilities.push_back(softmax(logits, info.temperature));
    }
    for (int idx : cache.itemIndex)
        r.files << folder.items[static_cast<std::size_t>(idx)].path;
    r.metrics = computeMetrics(r.probabilities, r.labels, info.classes);

    QMap<QString, std::vector<int>> bySource;
    for (std::size_t row = 0; row < cache.itemIndex.size(); ++row) {
        const QString src = folder.items[static_cast<std::size_t>(cache.itemIndex[row])].source;
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
