// The within-class source adversary's parts, checked by hand: the gradient reversal, the weight
// ramp, the per-film targets and weights, the masked discriminator and its loss. The trainer's use
// of them is in test_trainer (sourceAdversary*).
#include "core/data/labelledfolder.h"
#include "core/error.h"
#include "core/ml/sourceadversary_p.h"

#include <QtTest/QtTest>

#include <cmath>

using namespace chestlens;

namespace {

LabelledImage film(const QString &path, int label, const QString &source)
{
    LabelledImage it;
    it.path = path;
    it.label = label;
    it.source = source;
    return it;
}

/// Class "a": three films from s1, one from s2. Class "b": two films from s1 only.
LabelledFolder twoClassFolder()
{
    LabelledFolder f;
    f.classes = {QStringLiteral("a"), QStringLiteral("b")};
    f.items = {film(QStringLiteral("a1"), 0, QStringLiteral("s1")),
               film(QStringLiteral("a2"), 0, QStringLiteral("s1")),
               film(QStringLiteral("a3"), 0, QStringLiteral("s1")),
               film(QStringLiteral("a4"), 0, QStringLiteral("s2")),
               film(QStringLiteral("b1"), 1, QStringLiteral("s1")),
               film(QStringLiteral("b2"), 1, QStringLiteral("s1"))};
    return f;
}

} // namespace

class TestSourceAdversary : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    /// Forward is the identity; the gradient comes back multiplied by -lambda.
    void reverseGradientFlipsAndScales()
    {
        const torch::Tensor x = torch::tensor({1.0f, -2.0f, 3.0f}).requires_grad_(true);
        const torch::Tensor y = ml::reverseGradient(x, 0.5);
        QVERIFY(torch::equal(y, x.detach()));
        (y * torch::tensor({2.0f, 4.0f, -6.0f})).sum().backward();
        QVERIFY(torch::allclose(x.grad(), torch::tensor({-1.0f, -2.0f, 3.0f})));

        const torch::Tensor z = torch::tensor({1.0f}).requires_grad_(true);
        ml::reverseGradient(z, 0.0).sum().backward();
        QCOMPARE(z.grad().item<float>(), 0.0f);
        QVERIFY_THROWS_EXCEPTION(Error, ml::reverseGradient(z, -1.0));
    }

    /// weight * (2 / (1 + e^(-10 p)) - 1): 0 at the start, ~weight at the end, clamped outside [0, 1].
    void adversaryWeightRampsUp()
    {
        QCOMPARE(ml::adversaryWeightAt(2.0, 0.0), 0.0);
        QVERIFY(std::abs(ml::adversaryWeightAt(2.0, 0.1) - 2.0 * (2.0 / (1.0 + std::exp(-1.0)) - 1.0)) <
                1e-12);                                                         // 0.924
        QVERIFY(std::abs(ml::adversaryWeightAt(2.0, 1.0) - 1.99981841) < 1e-7); // 2 * (2 / (1 + e^-10) - 1)
        QCOMPARE(ml::adversaryWeightAt(2.0, 3.0), ml::adversaryWeightAt(2.0, 1.0));
        QCOMPARE(ml::adversaryWeightAt(2.0, -1.0), 0.0);
        QVERIFY(ml::adversaryWeightAt(1.0, 0.2) < ml::adversaryWeightAt(1.0, 0.4));
    }

    /// Sources sorted; within class a (4 films, 2 sources) s1 films weigh 4 / (2 * 3) and the s2
    /// film 4 / (2 * 1), so each source totals 2; class b has one source and weighs nothing.
    void targetsBalanceSourcesInsideClasses()
    {
        const LabelledFolder f = twoClassFolder();
        const ml::SourceTargets t = ml::sourceTargets(f, {0, 1, 2, 3, 4, 5});
        QCOMPARE(t.sources, QStringList({QStringLiteral("s1"), QStringLiteral("s2")}));
        QCOMPARE(t.adversarialClasses, 1);
        QVERIFY(t.active());
        QVERIFY(torch::equal(t.source, torch::tensor({0, 0, 0, 1, 0, 0}, torch::kLong)));
        QVERIFY(torch::allclose(t.weight, torch::tensor({2.0f / 3, 2.0f / 3, 2.0f / 3, 2.0f, 0.0f, 0.0f})));
        QVERIFY(torch::equal(t.allowed, torch::tensor({1, 1, 1, 0}, torch::kBool).view({2, 2})));

        // Only the rows asked for count: without the s2 film, no class has two sources.
        const ml::SourceTargets one = ml::sourceTargets(f, {0, 1, 4});
        QCOMPARE(one.adversarialClasses, 0);
        QVERIFY(!one.active());
        QCOMPARE(one.weight.sum().item<float>(), 0.0f);
        QVERIFY_THROWS_EXCEPTION(Error, ml::sourceTargets(f, {0, 6}));
    }

    /// A class's foreign sources get no probability; the loss is the weighted mean cross-entropy,
    /// and zero (still differentiable) for a batch of single-source classes only.
    void adversaryMasksForeignSourcesAndWeighsTheLoss()
    {
        torch::manual_seed(3);
        const LabelledFolder f = twoClassFolder();
        const ml::SourceTargets t = ml::sourceTargets(f, {0, 1, 2, 3, 4, 5});
        ml::SourceAdversary adv(5, 2, t.allowed, 8);
        const torch::Tensor pooled = torch::randn({6, 5});
        const torch::Tensor labels = torch::tensor({0, 0, 0, 0, 1, 1}, torch::kLong);
        const torch::Tensor p = torch::softmax(adv->forward(pooled, labels), 1);
        QCOMPARE(p.size(1), 2);
        QVERIFY(p.index({torch::indexing::Slice(4, 6), 1}).max().item<float>() <
                1e-30f); // class b never has s2
        QVERIFY(p.index({torch::indexing::Slice(0, 4), 1}).min().item<float>() > 0.0f);

        // By hand: logits (0, ln 3) give p(s2) = 3/4; rows are s2 (weight 2) and s1 (weight 1).
        const torch::Tensor logits =
            torch::tensor({0.0, std::log(3.0), 0.0, std::log(3.0)}, torch::kDouble).view({2, 2});
        const double expected = (2 * -std::log(0.75) + 1 * -std::log(0.25)) / 3; // 0.65389
        const torch::Tensor loss = ml::adversaryLoss(logits, torch::tensor({1, 0}, torch::kLong),
                                                     torch::tensor({2.0, 1.0}, torch::kDouble));
        QVERIFY2(std::abs(loss.item<double>() - expected) < 1e-9,
                 qPrintable(QString::number(loss.item<double>(), 'g', 10)));

        const torch::Tensor lonely = adv->forward(pooled.narrow(0, 4, 2), labels.narrow(0, 4, 2));
        const torch::Tensor none =
            ml::adversaryLoss(lonely, t.source.narrow(0, 4, 2), t.weight.narrow(0, 4, 2));
        QCOMPARE(none.item<float>(), 0.0f);
        QVERIFY(none.requires_grad());
    }

    /// The reversal reaches what feeds the adversary: minimising its loss moves the features the
    /// way that raises the loss, while its own weights move the way that lowers it.
    void featuresAndAdversaryPullApart()
    {
        torch::manual_seed(5);
        const LabelledFolder f = twoClassFolder();
        const ml::SourceTargets t = ml::sourceTargets(f, {0, 1, 2, 3, 4, 5});
        ml::SourceAdversary adv(4, 2, t.allowed, 8);
        const torch::Tensor features = torch::randn({6, 4}).requires_grad_(true);
        const torch::Tensor labels = torch::tensor({0, 0, 0, 0, 1, 1}, torch::kLong);
        auto lossAt = [&](const torch::Tensor &x) {
            return ml::adversaryLoss(adv->forward(x, labels), t.source, t.weight);
        };
        lossAt(ml::reverseGradient(features, 1.0)).backward();
        const torch::NoGradGuard noGrad;
        const double before = lossAt(features).item<double>();
        const double afterFeatureStep = lossAt(features - 0.05 * features.grad()).item<double>();
        QVERIFY2(afterFeatureStep > before,
                 qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(afterFeatureStep)));
        for (torch::Tensor &w : adv->parameters())
            w -= 0.05 * w.grad();
        QVERIFY(lossAt(features).item<double>() < before);
    }
};

QTEST_GUILESS_MAIN(TestSourceAdversary)
#include "test_sourceadversary.moc"
