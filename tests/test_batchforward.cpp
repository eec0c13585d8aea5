// batchedLogits (core/ml/batchforward_p.h), the forward pass of evaluation and the audit: every
// film comes back once, in its row, with the logits one forward pass of the whole set gives,
// whatever the batch size and however the last batch is cut.
#include "core/ml/batchforward_p.h"

#include "core/ml/augment_p.h"
#include "core/ml/models_p.h"

#include <QtTest/QtTest>

#include <vector>

using namespace chestlens;

namespace {

/// Side of the test films: small, so a few hundred films cost little.
constexpr int kSide = 32;
/// Logits of one film computed in batches of other sizes may differ in the last bits (other
/// kernels: about 4e-9 here); a dropped, duplicated or swapped film moves them by far more, even in
/// an untrained network (checked below).
constexpr float kTolerance = 1e-6f;

/// `n` films that the untrained network tells apart: each a ramp of its own slope and offset.
torch::Tensor distinctFilms(int64_t n)
{
    torch::Tensor films = torch::empty({n, 1, kSide, kSide}, torch::kUInt8);
    const torch::Tensor ramp = torch::arange(kSide, torch::kFloat32).view({1, kSide}).expand({kSide, kSide});
    for (int64_t i = 0; i < n; ++i) {
        const torch::Tensor film =
            torch::remainder(ramp * static_cast<float>(1 + i % 7) + static_cast<float>(i * 37 % 200), 256);
        films[i][0].copy_(film.to(torch::kUInt8));
    }
    return films;
}

} // namespace

class TestBatchForward : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matchesOneForwardPassOfTheWholeSet_data()
    {
        QTest::addColumn<int>("films");
        QTest::addColumn<int>("batch");
        QTest::newRow("one film per pass") << 11 << 1;
        QTest::newRow("last batch short (11 = 2 x 4 + 3)") << 11 << 4;
        QTest::newRow("exactly one batch") << 11 << 11;
        QTest::newRow("batch larger than the set") << 11 << 64;
        QTest::newRow("default batch, last one short")
            << static_cast<int>(2 * ml::kForwardBatch + 3) << static_cast<int>(ml::kForwardBatch);
        QTest::newRow("no films") << 0 << 4;
    }
    void matchesOneForwardPassOfTheWholeSet()
    {
        QFETCH(int, films);
        QFETCH(int, batch);
        torch::manual_seed(5);
        ml::ArchitectureSpec spec;
        spec.name = QStringLiteral("resnet");
        spec.imageSize = kSide;
        spec.numClasses = 3;
        spec.width = 8;
        const ml::ChestNet net = ml::createNetwork(spec); // in training mode: batchedLogits must switch
        const torch::Tensor images = distinctFilms(films);

        const std::vector<std::vector<float>> logits = batch == ml::kForwardBatch
                                                           ? ml::batchedLogits(*net, images)
                                                           : ml::batchedLogits(*net, images, batch);
        QCOMPARE(static_cast<int>(logits.size()), films);
        QVERIFY2(!net->is_training(), "the network is left in eval mode");
        if (films == 0)
            return;

        torch::NoGradGuard noGrad;
        const torch::Tensor whole =
            net->forward(ml::normaliseInput(images.to(torch::kFloat32).div(255.0))).contiguous();
        QCOMPARE(whole.size(1), int64_t(3));
        for (int i = 0; i < films; ++i) {
            QCOMPARE(logits[static_cast<std::size_t>(i)].size(), std::size_t(3));
            const torch::Tensor row = torch::tensor(logits[static_cast<std::size_t>(i)]);
            const float error = (row - whole[i]).abs().max().item<float>();
            QVERIFY2(error <= kTolerance, qPrintable(QStringLiteral("film %1: off by %2").arg(i).arg(error)));
        }
        // The check above can see a film in the wrong row: neighbours' logits differ by far more.
        if (films > 1) {
            const float neighbours = (whole.narrow(0, 1, films - 1) - whole.narrow(0, 0, films - 1))
                                         .abs()
                                         .amax(1)
                                         .min()
                                         .item<float>();
            QVERIFY2(neighbours > 100 * kTolerance, qPrintable(QString::number(neighbours)));
        }
    }
};

QTEST_GUILESS_MAIN(TestBatchForward)
#include "test_batchforward.moc"
