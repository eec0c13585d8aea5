// The weight average of core/ml/weightaverage_p.h: one update step is the weighted mean of both
// networks.
#include "core/ml/weightaverage_p.h"

#include <QtTest/QtTest>

#include <vector>

using namespace chestlens;

class TestWeightAverage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    /// One averaging step is the weighted mean of both networks, batch-norm statistics included;
    /// integer buffers (batch counters) are copied. Catches an update that changes nothing.
    void weightAverageStepIsTheWeightedMean()
    {
        torch::manual_seed(3);
        auto makeNet = [] {
            return torch::nn::Sequential(torch::nn::Linear(3, 2), torch::nn::BatchNorm1d(2));
        };
        torch::nn::Sequential average = makeNet(), current = makeNet();
        {
            torch::NoGradGuard noGrad; // batch-norm scale and shift start at 1 and 0 in both
            for (torch::Tensor &t : current->parameters())
                t.add_(torch::randn_like(t));
        }
        current->train();
        current->forward(torch::randn({5, 3})); // moves the running statistics and the counter
        std::vector<torch::Tensor> before;
        for (const torch::Tensor &t : average->parameters())
            before.push_back(t.detach().clone());
        for (const torch::Tensor &t : average->buffers())
            before.push_back(t.detach().clone());
        std::vector<torch::Tensor> cur = current->parameters();
        for (const torch::Tensor &t : current->buffers())
            cur.push_back(t);
        std::vector<torch::Tensor> after = average->parameters();
        for (const torch::Tensor &t : average->buffers())
            after.push_back(t);
        QCOMPARE(after.size(), std::size_t(7)); // weight, bias, gamma, beta, mean, var, counter

        ml::updateAverage(*average, *current, 0.9);
        for (std::size_t i = 0; i < after.size(); ++i) {
            if (!after[i].is_floating_point()) {
                QVERIFY2(torch::equal(after[i], cur[i]), "the batch counter is copied");
                QCOMPARE(after[i].item<int64_t>(), int64_t(1));
                continue;
            }
            const torch::Tensor expected = before[i] * 0.9 + cur[i].detach() * 0.1;
            QVERIFY2(torch::allclose(after[i], expected, 1e-6, 1e-6),
                     qPrintable(QStringLiteral("tensor %1").arg(i)));
            QVERIFY2(!torch::allclose(after[i], before[i]),
                     qPrintable(QStringLiteral("tensor %1 did not move").arg(i)));
        }
    }
};

QTEST_GUILESS_MAIN(TestWeightAverage)
#include "test_weightaverage.moc"
