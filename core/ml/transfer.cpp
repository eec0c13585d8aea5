#include "core/ml/transfer_p.h"

#include "core/error.h"

#include <map>

namespace chestlens::ml {

QStringList transferWeights(ChestNetImpl &from, ChestNetImpl &to, const std::string &skipPrefix)
{
    std::map<std::string, torch::Tensor> source;
    for (const auto &p : from.named_parameters())
        source.emplace(p.key(), p.value());
    for (const auto &b : from.named_buffers())
        source.emplace(b.key(), b.value());
    QStringList kept;
    const torch::NoGradGuard noGrad;
    auto copyInto = [&](const std::string &name, torch::Tensor &target) {
        const auto it = source.find(name);
        if (it == source.end() || (!skipPrefix.empty() && name.rfind(skipPrefix, 0) == 0)) {
            kept << QString::fromStdString(name);
            return;
        }
        const torch::Tensor &s = it->second;
        if (s.sizes() == target.sizes())
            target.copy_(s);
        else if (s.dim() == 4 && target.dim() == 4 && s.size(1) == 3 && target.size(1) == 1 &&
                 s.size(0) == target.size(0))
            target.copy_(s.sum(1, /*keepdim=*/true)); // RGB filters seeing three equal channels
        else
            kept << QString::fromStdString(name);
    };
    for (auto &p : to.named_parameters())
        copyInto(p.key(), p.value());
    for (auto &b : to.named_buffers())
        copyInto(b.key(), b.value());
    return kept;
}

QStringList copyClassifierRows(ChestNetImpl &from, const QStringList &fromClasses, ChestNetImpl &to,
                               const QStringList &toClasses)
{
    const std::string prefix = to.classifierName() + ".";
    const auto fromParams = from.named_parameters();
    auto toParams = to.named_parameters();
    QStringList copied;
    const torch::NoGradGuard noGrad;
    for (int c = 0; c < toClasses.size(); ++c) {
        const int k = fromClasses.indexOf(toClasses[c]);
        if (k < 0)
            continue;
        for (const char *what : {"weight", "bias"}) {
            const torch::Tensor *src = fromParams.find(prefix + what);
            torch::Tensor *dst = toParams.find(prefix + what);
            if (!src || !dst || src->dim() != dst->dim() || (src->dim() == 2 && src->size(1) != dst->size(1)))
                throw Error(ErrorCode::InvalidArgument,
                            QStringLiteral("the classifiers do not have the same inputs"));
            (*dst)[c].copy_((*src)[k]);
        }
        copied << toClasses[c];
    }
    return copied;
}

} // namespace chestlens::ml
