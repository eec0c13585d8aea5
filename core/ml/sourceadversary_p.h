#pragma once

// Within-class source adversary (train --source-adversary W).
//
// A small network tries to tell, from the features the classifier's last convolutional block
// pools, which source a film came from, given its class. Its gradient reaches the classifier
// reversed (Ganin et al., "Domain-Adversarial Training of Neural Networks", JMLR 17, 2016), so
// the classifier is pushed towards features that do not carry the source inside a class: the
// children's films inside "pneumonia", the published-figure style inside "covid". Conditioning on
// the class matters: on the development data source and class are linked, and an unconditional
// adversary would erase the class along with the source.

#include "core/ml/torchinclude_p.h"

#include <QStringList>

#include <vector>

namespace chestlens {
struct LabelledFolder;
}

namespace chestlens::ml {

/// Identity forward; backward multiplies the gradient by -lambda. lambda >= 0.
torch::Tensor reverseGradient(const torch::Tensor &x, double lambda);

/// DANN's schedule for the reversal weight: weight * (2 / (1 + exp(-10 p)) - 1) at training
/// progress p in [0, 1], so the adversary's noisy early gradients barely reach the classifier.
double adversaryWeightAt(double weight, double progress);

/// What the adversary learns from, per training row.
struct SourceTargets
{
    QStringList sources;  ///< every source of the training rows, sorted; "" for films without one
    torch::Tensor source; ///< N, long: index into `sources`
    /// N, float: 0 for films of a class with one source; otherwise n_c / (G_c * n_cg) (class c,
    /// its G_c sources, n_cg films of the film's source), so each source of a class weighs the
    /// same and always answering the class's majority source scores no better than chance.
    torch::Tensor weight;
    torch::Tensor allowed;      ///< K x S, bool: the sources that occur in each class
    int adversarialClasses = 0; ///< classes with two or more sources

    bool active() const { return adversarialClasses > 0; }
};

/// Targets for the training rows `items` (indices into folder.items).
SourceTargets sourceTargets(const LabelledFolder &folder, const std::vector<int> &items);

/// The source discriminator: [pooled features, one-hot class] -> hidden ReLU -> source logits,
/// with the sources a class never has masked out.
class SourceAdversaryImpl : public torch::nn::Module
{
public:
    /// Hidden units: the discriminator only has to read a few sources from tens of channels.
    static constexpr int64_t kDefaultHidden = 64;
    /// Logit given to a source the film's class never has: exp(-1e4) is 0 in float.
    static constexpr double kMaskedLogit = -1e4;

    SourceAdversaryImpl(int64_t channels, int64_t classes, torch::Tensor allowed,
                        int64_t hidden = kDefaultHidden);

    /// `pooled`: N x C; `labels`: N (long). Returns N x S logits; disallowed sources get kMaskedLogit.
    torch::Tensor forward(const torch::Tensor &pooled, const torch::Tensor &labels);

private:
    int64_t m_classes;
    torch::Tensor m_allowed;
    torch::nn::Linear m_hidden{nullptr};
    torch::nn::Linear m_out{nullptr};
};
TORCH_MODULE(SourceAdversary);

/// Weighted cross-entropy of the adversary's logits against the rows' sources:
/// sum(w_i * ce_i) / sum(w_i); zero (still attached to the graph) when every weight is zero.
torch::Tensor adversaryLoss(const torch::Tensor &logits, const torch::Tensor &source,
                            const torch::Tensor &weight);

} // namespace chestlens::ml
