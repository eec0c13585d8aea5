#include "core/ml/sourceadversary_p.h"

#include "core/data/labelledfolder.h"
#include "core/error.h"

#include <QMap>

#include <algorithm>
#include <cmath>

namespace chestlens::ml {

namespace {

struct GradientReversal : public torch::autograd::Function<GradientReversal>
{
    static torch::Tensor forward(torch::autograd::AutogradContext *ctx, const torch::Tensor &x, double lambda)
    {
        ctx->saved_data["lambda"] = lambda;
        return x.clone();
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx,
                                                   torch::autograd::variable_list grads)
    {
        const double lambda = ctx->saved_data["lambda"].toDouble();
        return {grads[0] * -lambda, torch::Tensor()};
    }
};

} // namespace

torch::Tensor reverseGradient(const torch::Tensor &x, double lambda)
{
    if (!(lambda >= 0))
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("gradient reversal weight %1 is negative").arg(lambda));
    return GradientReversal::apply(x, lambda);
}

double adversaryWeightAt(double weight, double progress)
{
    const double p = std::clamp(progress, 0.0, 1.0);
    return weight * (2.0 / (1.0 + std::exp(-10.0 * p)) - 1.0);
}

SourceTargets sourceTargets(const LabelledFolder &folder, const std::vector<int> &items)
{
    const auto k = static_cast<int64_t>(folder.classes.size());
    std::vector<QMap<QString, int>> perClass(static_cast<std::size_t>(k));
    std::vector<int> classFilms(static_cast<std::size_t>(k), 0);
    QMap<QString, int> all;
    for (int i : items) {
        if (i < 0 || i >= static_cast<int>(folder.items.size()))
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("item %1 is not in the folder").arg(i));
        const LabelledImage &it = folder.items[static_cast<std::size_t>(i)];
        ++perClass[static_cast<std::size_t>(it.label)][it.source];
        ++classFilms[static_cast<std::size_t>(it.label)];
        all[it.source] = 0;
    }
    SourceTargets t;
    t.sources = all.keys(); // QMap keys are sorted
    for (int s = 0; s < t.sources.size(); ++s)
        all[t.sources[s]] = s;
    const auto nSources = static_cast<int64_t>(t.sources.size());
    t.allowed = torch::zeros({k, nSources}, torch::kBool);
    for (int64_t c = 0; c < k; ++c) {
        const QMap<QString, int> &groups = perClass[static_cast<std::size_t>(c)];
        for (auto g = groups.cbegin(); g != groups.cend(); ++g)
            t.allowed[c][all.value(g.key())] = true;
        if (groups.size() >= 2)
            ++t.adversarialClasses;
    }
    std::vector<int64_t> source;
    std::vector<float> weight;
    source.reserve(items.size());
    weight.reserve(items.size());
    for (int i : items) {
        const LabelledImage &it = folder.items[static_cast<std::size_t>(i)];
        const QMap<QString, int> &groups = perClass[static_cast<std::size_t>(it.label)];
        source.push_back(all.value(it.source));
        weight.push_back(
            groups.size() < 2
                ? 0.0f
                : static_cast<float>(static_cast<double>(classFilms[static_cast<std::size_t>(it.label)]) /
                                     (static_cast<double>(groups.size()) * groups.value(it.source))));
    }
    t.source = torch::tensor(source, torch::kLong);
    t.weight = torch::tensor(weight, torch::kFloat32);
    return t;
}

SourceAdversaryImpl::SourceAdversaryImpl(int64_t channels, int64_t classes, torch::Tensor allowed,
                                         int64_t hidden)
    : m_classes(classes), m_allowed(std::move(allowed))
{
    if (m_allowed.dim() != 2 || m_allowed.size(0) != classes || m_allowed.size(1) < 1)
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("source adversary: the class/source table does not match %1 classes")
                        .arg(classes));
    m_hidden = register_module("hidden", torch::nn::Linear(channels + classes, hidden));
    m_out = register_module("out", torch::nn::Linear(hidden, m_allowed.size(1)));
}

torch::Tensor SourceAdversaryImpl::forward(const torch::Tensor &pooled, const torch::Tensor &labels)
{
    const torch::Tensor onehot = torch::one_hot(labels, m_classes).to(pooled.scalar_type());
    const torch::Tensor logits =
        m_out->forward(torch::relu(m_hidden->forward(torch::cat({pooled, onehot}, 1))));
    return logits.masked_fill(m_allowed.index_select(0, labels).logical_not(), kMaskedLogit);
}

torch::Tensor adversaryLoss(const torch::Tensor &logits, const torch::Tensor &source,
                            const torch::Tensor &weight)
{
    const torch::Tensor perFilm = torch::nn::functional::cross_entropy(
        logits, source, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone));
    const torch::Tensor total = weight.sum();
    if (total.item<double>() <= 0)
        return (perFilm * weight).sum(); // zero, but keeps the graph
    return (perFilm * weight).sum() / total;
}

} // namespace chestlens::ml
