// The training-time image transforms of core/ml/augment_p.h: augmentation keeps shape and range
// and is deterministic for a generator state; mixup blends pairs with a folded Beta ratio and
// blends the loss the same way.
#include "core/ml/augment_p.h"

#include <ATen/CPUGeneratorImpl.h>

#include <QtTest/QtTest>

#include <cmath>

using namespace chestlens;

class TestAugment : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void augmentationChangesPixelsNotShape()
    {
        torch::Tensor x = torch::rand({6, 1, 32, 32});
        ml::AugmentOptions o;
        torch::Generator g1 = at::detail::createCPUGenerator(5);
        torch::Generator g2 = at::detail::createCPUGenerator(5);
        const torch::Tensor a = ml::augmentBatch(x, o, g1);
        const torch::Tensor b = ml::augmentBatch(x, o, g2);
        QCOMPARE(a.sizes().vec(), x.sizes().vec());
        QVERIFY(a.min().item<float>() >= 0.0f && a.max().item<float>() <= 1.0f);
        QVERIFY((a - x).abs().mean().item<float>() > 0.01f);
        QVERIFY2(torch::equal(a, b), "augmentation is deterministic for a generator state");
        o.strength = 0.0;
        QVERIFY(torch::equal(ml::augmentBatch(x, o, g1), x));
    }

    /// mixBatch: every row is ratio * itself + (1 - ratio) * its partner, the partners are a
    /// permutation, the ratio is folded into [0.5, 1] and follows Beta(alpha, alpha): its mean is
    /// E[max(B, 1 - B)], 0.75 for alpha = 1 and about 0.90 for alpha = 0.2 (Monte Carlo, 4e5 draws).
    void mixupBlendsPairsWithAFoldedBetaRatio()
    {
        const torch::Tensor x = torch::rand({8, 1, 4, 4});
        torch::Generator g = at::detail::createCPUGenerator(11);
        const ml::MixedBatch m = ml::mixBatch(x, 1.0, g);
        QVERIFY(m.ratio >= 0.5 && m.ratio <= 1.0);
        QVERIFY2(torch::equal(std::get<0>(m.partner.sort()), torch::arange(8, torch::kLong)),
                 "partners are a permutation");
        QVERIFY(torch::allclose(m.images, x * m.ratio + x.index_select(0, m.partner) * (1.0 - m.ratio), 1e-6,
                                1e-6));
        QVERIFY2(!torch::equal(m.images, x), "the batch was blended");

        torch::Generator g2 = at::detail::createCPUGenerator(11);
        QVERIFY2(torch::equal(ml::mixBatch(x, 1.0, g2).images, m.images),
                 "deterministic for a generator state");

        const ml::MixedBatch one = ml::mixBatch(x.narrow(0, 0, 1), 1.0, g);
        QCOMPARE(one.ratio, 1.0);
        QVERIFY(torch::equal(one.images, x.narrow(0, 0, 1)));

        // The loss blends the two films' losses with the same ratio: with a loss that reports which
        // targets and rows it was given, the blend is checked by hand.
        const torch::Tensor y = torch::tensor({0, 1, 2, 3, 0, 1, 2, 3}, torch::kLong);
        const torch::Tensor rows = torch::arange(10, 18, torch::kLong);
        auto probe = [](const torch::Tensor &targets, const torch::Tensor &r) {
            return (targets.to(torch::kFloat64) * torch::arange(1, 9, torch::kFloat64)).sum() +
                   (r.to(torch::kFloat64) * torch::arange(1, 9, torch::kFloat64)).sum() * 100.0;
        };
        const double expected =
            m.ratio * probe(y, rows).item<double>() +
            (1.0 - m.ratio) *
                probe(y.index_select(0, m.partner), rows.index_select(0, m.partner)).item<double>();
        QVERIFY(std::abs(ml::mixupLoss(m, y, rows, probe).item<double>() - expected) < 1e-6);
        QVERIFY(std::abs(ml::mixupLoss(m, y, rows, probe).item<double>() - probe(y, rows).item<double>()) >
                1.0);
        QCOMPARE(ml::mixupLoss(one, y, rows, probe).item<double>(), probe(y, rows).item<double>());

        auto meanRatio = [&g, &x](double alpha) {
            double sum = 0;
            for (int i = 0; i < 4000; ++i)
                sum += ml::mixBatch(x.narrow(0, 0, 2), alpha, g).ratio;
            return sum / 4000;
        };
        const double uniform = meanRatio(1.0), peaked = meanRatio(0.2);
        QVERIFY2(std::abs(uniform - 0.75) < 0.01, qPrintable(QString::number(uniform)));
        QVERIFY2(std::abs(peaked - 0.899) < 0.01, qPrintable(QString::number(peaked)));
    }
};

QTEST_GUILESS_MAIN(TestAugment)
#include "test_augment.moc"
