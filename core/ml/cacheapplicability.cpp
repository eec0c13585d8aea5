#include "core/ml/cacheapplicability_p.h"

namespace chestlens::ml {

std::vector<Applicability> cacheApplicability(const LoadedModel &model, const TensorCache &cache)
{
    const std::size_t n = cache.header.size();
    std::vector<Applicability> out(n);
    if (!model.density.isNull() && n > 0) {
        const torch::Tensor d =
            model.density
                .distances(pooledForwardAll(*model.net, cache.images, model.density.options.layer,
                                            model.density.options.grid)
                               .features)
                .contiguous();
        for (std::size_t i = 0; i < n; ++i)
            out[i] = Applicability::fromDistance(d[static_cast<int64_t>(i)].item<double>(),
                                                 model.density.threshold);
    }
    for (std::size_t i = 0; i < n; ++i)
        out[i] = Applicability::combine(cache.header[i], out[i]);
    return out;
}

TensorCache applicableRows(const TensorCache &cache, const std::vector<Applicability> &verdicts,
                           const std::vector<QString> &paths, QStringList &inapplicable)
{
    TensorCache out;
    out.failures = cache.failures;
    std::vector<int64_t> keep;
    for (std::size_t i = 0; i < verdicts.size(); ++i) {
        if (!verdicts[i].applicable) {
            inapplicable << QStringLiteral("%1: %2").arg(paths[static_cast<std::size_t>(cache.itemIndex[i])],
                                                         verdicts[i].explanation);
            continue;
        }
        keep.push_back(static_cast<int64_t>(i));
        out.labels.push_back(cache.labels[i]);
        out.itemIndex.push_back(cache.itemIndex[i]);
        out.geometry.push_back(cache.geometry[i]);
        out.header.push_back(cache.header[i]);
    }
    out.images = keep.size() == verdicts.size()
                     ? cache.images
                     : cache.images.index_select(0, torch::tensor(keep, torch::kLong));
    return out;
}

} // namespace chestlens::ml
