#include "core/ml/applicabilityfit.h"

#include "core/atomicfile.h"
#include "core/data/dedup.h"
#include "core/data/labelledfolder.h"
#include "core/data/split.h"
#include "core/error.h"
#include "core/ml/featuredensity_p.h"
#include "core/ml/modelfile_p.h"
#include "core/ml/tensorcache_p.h"

#include <QDir>
#include <QHash>
#include <QJsonArray>

#include <thread>

namespace chestlens {

namespace {

/// Seed and validation share of the split drawn when the model's own split does not fit the
/// folder: the trainer's defaults.
constexpr quint64 kFallbackSeed = 42;
constexpr double kFallbackValShare = 0.2;

/// Items of `folder` named by `paths` (relative to its root); unknown names are counted, not fatal,
/// since a folder may have lost a few films since training.
std::vector<int> itemsNamed(const LabelledFolder &folder, const QJsonArray &paths, int &missing)
{
    QHash<QString, int> byPath;
    for (int i = 0; i < static_cast<int>(folder.items.size()); ++i)
        byPath.insert(folder.relativePath(i), i);
    std::vector<int> out;
    for (const auto &v : paths) {
        const auto it = byPath.constFind(v.toString());
        if (it == byPath.constEnd())
            ++missing;
        else
            out.push_back(it.value());
    }
    return out;
}

/// The model's stored split when at least half of it is in the folder, else a fresh one.
Split chooseSplit(const LabelledFolder &folder, const QJsonObject &metadata, ApplicabilityFitResult &result)
{
    const QJsonObject stored =
        metadata.value(QStringLiteral("training")).toObject().value(QStringLiteral("split")).toObject();
    const QJsonArray train = stored.value(QStringLiteral("train")).toArray();
    const QJsonArray val = stored.value(QStringLiteral("val")).toArray();
    Split s;
    int missing = 0;
    s.train = itemsNamed(folder, train, missing);
    s.val = itemsNamed(folder, val, missing);
    if (!s.train.empty() && !s.val.empty() &&
        2 * static_cast<qsizetype>(missing) < train.size() + val.size()) {
        result.storedSplit = true;
        result.missingFromSplit = missing;
        return s;
    }
    return stratifiedSplit(folder, DedupReport{}, kFallbackValShare, kFallbackSeed, false, {});
}

ml::TensorCache cacheOf(const LabelledFolder &folder, const std::vector<int> &items,
                        const std::vector<int> &classMap, const PreprocessOptions &prep, int threads,
                        const std::function<void(int, int)> &progress, const std::atomic<bool> *cancel)
{
    std::vector<QString> paths;
    std::vector<int> labels;
    for (int i : items) {
        const LabelledImage &item = folder.items[static_cast<std::size_t>(i)];
        paths.push_back(item.path);
        labels.push_back(classMap[static_cast<std::size_t>(item.label)]);
    }
    return ml::buildTensorCache(paths, labels, items, prep, threads, progress, cancel);
}

} // namespace

ApplicabilityFitResult fitApplicability(const ApplicabilityFitOptions &options,
                                        const std::function<void(int, int)> &progress,
                                        const std::atomic<bool> *cancel)
{
    ml::ModelFileContents contents;
    ml::LoadedModel model = ml::loadModel(options.modelPath, &contents);
    if (contents.metadata.contains(QStringLiteral("checkpoint")))
        throw Error(
            ErrorCode::InvalidArgument, options.modelPath,
            QStringLiteral("is a training checkpoint, not a model: finish or resume the training first"));
    const QStringList layers = [&model] {
        QStringList out;
        for (const std::string &l : model.net->camLayers())
            out << QString::fromStdString(l);
        return out;
    }();
    if (!options.layer.isEmpty() && !layers.contains(options.layer))
        throw Error(ErrorCode::InvalidArgument, options.modelPath,
                    QStringLiteral("has no layer '%1' (its layers: %2)")
                        .arg(options.layer, layers.join(QStringLiteral(", "))));
    const LabelledFolder folder = scanLabelledFolder(options.dataDir);
    std::vector<int> classMap;
    for (const QString &c : folder.classes) {
        const int idx = static_cast<int>(model.info.classes.indexOf(c));
        if (idx < 0)
            throw Error(ErrorCode::InvalidArgument, folder.root,
                        QStringLiteral("class folder '%1' is not one of the model's classes (%2)")
                            .arg(c, model.info.classes.join(QStringLiteral(", "))));
        classMap.push_back(idx);
    }
    ApplicabilityFitResult result;
    const Split split = chooseSplit(folder, contents.metadata, result);
    const int threads = options.threads > 0
                            ? options.threads
                            : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(threads);
    const int total = static_cast<int>(split.train.size() + split.val.size());
    const auto trainProgress = [&](int done, int) {
        if (progress)
            progress(done, total);
    };
    const auto valProgress = [&](int done, int) {
        if (progress)
            progress(static_cast<int>(split.train.size()) + done, total);
    };
    const PreprocessOptions &prep = model.info.preprocessing;
    const ml::TensorCache train =
        cacheOf(folder, split.train, classMap, prep, threads, trainProgress, cancel);
    const ml::TensorCache val = cacheOf(folder, split.val, classMap, prep, threads, valProgress, cancel);
    if (cancel && cancel->load())
        throw Error(ErrorCode::Cancelled, QStringLiteral("fitting the applicability check was cancelled"));
    result.failures = train.failures + val.failures;

    ml::DensityOptions d;
    d.layer = options.layer.toStdString();
    d.components = options.components;
    d.acceptRate = options.acceptRate;
    d.grid = options.grid;
    const ml::FeatureDensity density =
        ml::fitFeatureDensity(ml::pooledForwardAll(*model.net, train.images, d.layer, d.grid).features,
                              train.labels, static_cast<int>(model.info.classes.size()),
                              ml::pooledForwardAll(*model.net, val.images, d.layer, d.grid).features, d);
    contents.metadata[QStringLiteral("applicability")] = density.toJson();
    contents.extra = density.tensorBlob();
    writeBytesAtomically(options.outPath, ml::encodeModelFile(contents));
    result.trainFilms = density.fittedOn;
    result.valFilms = density.thresholdOn;
    result.threshold = density.threshold;
    return result;
}

} // namespace chestlens
