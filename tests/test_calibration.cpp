// Softmax, NLL and temperature scaling: hand-computed values, numerical stability at +-1000, and
// a fit that recovers a known over-confidence factor from synthetic logits.

#include "core/error.h"
#include "core/ml/calibration.h"
#include "core/ml/metrics.h"
#include "support/compare.h"

#include <QtTest/QtTest>

#include <cmath>
#include <limits>
#include <random>

using chestlens::TemperatureFit;

using Logits = std::vector<std::vector<float>>;
using Labels = std::vector<int>;

namespace {

constexpr double kFloat = 1e-6; // float32 probabilities carry ~7 significant digits

const float kLn3 = static_cast<float>(std::log(3.0));

/// n rows of k "true" logits ~ N(0, sigma), labels drawn from their softmax, and the logits the
/// model reports: the true ones times `scale` (scale > 1 is over-confident). Fixed seed.
void syntheticLogits(double scale, int n, int k, Logits &logits, Labels &labels, unsigned seed = 20240611)
{
    constexpr double kSigma = 1.5; // spreads the true softmax over confident and unsure rows
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal(0.0, kSigma);
    logits.clear();
    labels.clear();
    for (int i = 0; i < n; ++i) {
        std::vector<double> z(static_cast<size_t>(k));
        for (double &v : z)
            v = normal(rng);
        std::vector<double> weights(z.size());
        const double maxZ = *std::max_element(z.begin(), z.end());
        for (size_t c = 0; c < z.size(); ++c)
            weights[c] = std::exp(z[c] - maxZ);
        std::discrete_distribution<int> draw(weights.begin(), weights.end());
        labels.push_back(draw(rng));
        std::vector<float> row(z.size());
        for (size_t c = 0; c < z.size(); ++c)
            row[c] = static_cast<float>(scale * z[c]);
        logits.push_back(row);
    }
}

/// Logits unrelated to the labels: the best temperature is large (flatten everything).
void noiseLogits(Logits &logits, Labels &labels)
{
    std::mt19937 rng(99);
    std::normal_distribution<float> normal(0.0f, 3.0f);
    std::uniform_int_distribution<int> label(0, 2);
    for (int i = 0; i < 300; ++i) {
        logits.push_back({normal(rng), normal(rng), normal(rng)});
        labels.push_back(label(rng));
    }
}

} // namespace

class TestCalibration : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void softmaxValues_data();
    void softmaxValues();
    void softmaxRejectsInvalidInput();
    void negativeLogLikelihoodValues_data();
    void negativeLogLikelihoodValues();
    void negativeLogLikelihoodMatchesSoftmax();
    void fitRecoversTemperature_data();
    void fitRecoversTemperature();
    void fitNeverMakesNllWorse_data();
    void fitNeverMakesNllWorse();
    void fitDegenerateInputKeepsOne_data();
    void fitDegenerateInputKeepsOne();
    void fitRejectsInvalidInput();
    void undoTemperatureScalingRecoversSoftmax_data();
    void undoTemperatureScalingRecoversSoftmax();
    void undoTemperatureScalingRejectsInvalidInput();
};

// --- softmax --------------------------------------------------------------------------------------------

void TestCalibration::softmaxValues_data()
{
    QTest::addColumn<std::vector<float>>("logits");
    QTest::addColumn<double>("temperature");
    QTest::addColumn<std::vector<float>>("expected");

    // e^0 : e^ln3 = 1 : 3.
    QTest::newRow("ln 3 apart") << std::vector<float>{0, kLn3} << 1.0 << std::vector<float>{0.25f, 0.75f};
    // T = 2 halves the gap 2 ln 3 back to ln 3.
    QTest::newRow("temperature 2") << std::vector<float>{0, 2 * kLn3} << 2.0
                                   << std::vector<float>{0.25f, 0.75f};
    QTest::newRow("equal logits") << std::vector<float>{5, 5, 5, 5} << 1.0
                                  << std::vector<float>{0.25f, 0.25f, 0.25f, 0.25f};
    // Only differences matter: 1000 vs 999 is 1 vs 0, i.e. e/(1+e) and 1/(1+e).
    QTest::newRow("large logits, gap 1")
        << std::vector<float>{1000, 999} << 1.0
        << std::vector<float>{static_cast<float>(std::exp(1.0) / (1 + std::exp(1.0))),
                              static_cast<float>(1 / (1 + std::exp(1.0)))};
    // Naively exp(1000) overflows to inf and inf/inf is NaN.
    QTest::newRow("+-1000") << std::vector<float>{1000, -1000, 0} << 1.0 << std::vector<float>{1, 0, 0};
    QTest::newRow("both +1000") << std::vector<float>{1000, 1000} << 1.0 << std::vector<float>{0.5f, 0.5f};
    // Naively exp(-1000) underflows to 0 and 0/0 is NaN.
    QTest::newRow("both -1000") << std::vector<float>{-1000, -1000} << 1.0 << std::vector<float>{0.5f, 0.5f};
    QTest::newRow("-1000 at a small temperature")
        << std::vector<float>{-1000, -1001} << 0.05 << std::vector<float>{1, 0};
    QTest::newRow("empty") << std::vector<float>{} << 1.0 << std::vector<float>{};
}

void TestCalibration::softmaxValues()
{
    QFETCH(std::vector<float>, logits);
    QFETCH(double, temperature);
    QFETCH(std::vector<float>, expected);

    const std::vector<float> p = chestlens::softmax(logits, temperature);
    QCOMPARE(p.size(), expected.size());
    double sum = 0;
    for (size_t i = 0; i < p.size(); ++i) {
        QVERIFY2(std::isfinite(p[i]), "softmax produced a non-finite probability");
        COMPARE_NEAR(p[i], expected[i], kFloat);
        sum += p[i];
    }
    if (!p.empty())
        COMPARE_NEAR(sum, 1.0, kFloat);

    // softmaxAll is softmax row by row.
    const std::vector<std::vector<float>> all = chestlens::softmaxAll({logits, logits}, temperature);
    QCOMPARE(all.size(), size_t{2});
    QCOMPARE(all[0], p);
    QCOMPARE(all[1], p);
}

void TestCalibration::softmaxRejectsInvalidInput()
{
    QVERIFY_THROWS_EXCEPTION(chestlens::Error, chestlens::softmax({1, 2}, 0.0));
    QVERIFY_THROWS_EXCEPTION(chestlens::Error, chestlens::softmax({1, 2}, -1.0));
    QVERIFY_THROWS_EXCEPTION(chestlens::Error, chestlens::softmax({1, 2}, std::nan("")));
    QVERIFY_THROWS_EXCEPTION(chestlens::Error,
                             chestlens::softmax({1, 2}, std::numeric_limits<double>::infinity()));
    QVERIFY_THROWS_EXCEPTION(chestlens::Error, chestlens::softmax({1, std::nanf("")}));
    QVERIFY_THROWS_EXCEPTION(chestlens::Error,
                             chestlens::softmax({1, std::numeric_limits<float>::infinity()}));
}

// --- NLL ------------------------------------------------------------------------------------------------

void TestCalibration::negativeLogLikelihoodValues_data()
{
    QTest::addColumn<Logits>("logits");
    QTest::addColumn<Labels>("labels");
    QTest::addColumn<double>("temperature");
    QTest::addColumn<double>("expected");

    // softmax([0, ln 3]) = [1/4, 3/4].
    QTest::newRow("right class, p = 3/4") << Logits{{0, kLn3}} << Labels{1} << 1.0 << -std::log(0.75);
    QTest::newRow("wrong class, p = 1/4") << Logits{{0, kLn3}} << Labels{0} << 1.0 << std::log(4.0);
    QTest::newRow("mean of both") << Logits{{0, kLn3}, {0, kLn3}} << Labels{1, 0} << 1.0
                                  << (-std::log(0.75) + std::log(4.0)) / 2;
    QTest::newRow("temperature 2") << Logits{{0, 2 * kLn3}} << Labels{1} << 2.0 << -std::log(0.75);
    // -ln p = logsumexp(1000, 0) - 0 = 1000 (+ ln(1 + e^-1000)): finite, where ln(softmax) would
    // be ln(0) = -inf.
    QTest::newRow("wrong by 1000") << Logits{{1000, 0}} << Labels{1} << 1.0 << 1000.0;
    QTest::newRow("right by 1000") << Logits{{1000, -1000}} << Labels{0} << 1.0 << 0.0;
    QTest::newRow("no rows") << Logits{} << Labels{} << 1.0 << 0.0;
}

void TestCalibration::negativeLogLikelihoodValues()
{
    QFETCH(Logits, logits);
    QFETCH(Labels, labels);
    QFETCH(double, temperature);
    QFETCH(double, expected);

    COMPARE_NEAR(chestlens::negativeLogLikelihood(logits, labels, temperature), expected, kFloat);
}

void TestCalibration::negativeLogLikelihoodMatchesSoftmax()
{
    Logits logits;
    Labels labels;
    syntheticLogits(1.0, 200, 4, logits, labels);
    for (double temperature : {0.5, 1.0, 2.5}) {
        const std::vector<std::vector<float>> probs = chestlens::softmaxAll(logits, temperature);
        double nll = 0;
        for (size_t i = 0; i < probs.size(); ++i)
            nll -= std::log(static_cast<double>(probs[i][static_cast<size_t>(labels[i])]));
        nll /= static_cast<double>(probs.size());
        COMPARE_NEAR(chestlens::negativeLogLikelihood(logits, labels, temperature), nll, 1e-5);
    }
}

// --- temperature fitting --------------------------------------------------------------------------------

void TestCalibration::fitRecoversTemperature_data()
{
    QTest::addColumn<double>("scale");

    // The fitted T undoes the scale: logits * 3 / T are calibrated for T = 3.
    QTest::newRow("over-confident x3") << 3.0;
    QTest::newRow("over-confident x1.5") << 1.5;
    QTest::newRow("under-confident x0.5") << 0.5;
}

void TestCalibration::fitRecoversTemperature()
{
    QFETCH(double, scale);

    Logits logits;
    Labels labels;
    syntheticLogits(scale, 4000, 4, logits, labels);
    const TemperatureFit fit = chestlens::fitTemperature(logits, labels);

    QVERIFY2(std::abs(fit.temperature / scale - 1.0) < 0.10,
             qPrintable(QStringLiteral("T = %1, expected %2 within 10%").arg(fit.temperature).arg(scale)));
    QVERIFY(fit.nllAfter < fit.nllBefore);
    QVERIFY2(fit.eceAfter < fit.eceBefore,
             qPrintable(QStringLiteral("ECE %1 -> %2").arg(fit.eceBefore).arg(fit.eceAfter)));
    // The reported numbers are the ones the other functions give.
    COMPARE_NEAR(fit.nllBefore, chestlens::negativeLogLikelihood(logits, labels, 1.0), 1e-12);
    COMPARE_NEAR(fit.nllAfter, chestlens::negativeLogLikelihood(logits, labels, fit.temperature), 1e-12);
    COMPARE_NEAR(fit.eceBefore, chestlens::expectedCalibrationError(chestlens::softmaxAll(logits), labels),
                 1e-12);
    COMPARE_NEAR(fit.eceAfter,
                 chestlens::expectedCalibrationError(chestlens::softmaxAll(logits, fit.temperature), labels),
                 1e-12);

    // The search found the minimum: no temperature on a fine grid over [0.05, 20] does better.
    for (int i = 0; i <= 400; ++i) {
        const double t = 0.05 * std::pow(20.0 / 0.05, i / 400.0);
        QVERIFY2(
            fit.nllAfter <= chestlens::negativeLogLikelihood(logits, labels, t) + 1e-9,
            qPrintable(QStringLiteral("NLL at T = %1 beats the fitted T = %2").arg(t).arg(fit.temperature)));
    }
}

void TestCalibration::fitNeverMakesNllWorse_data()
{
    QTest::addColumn<Logits>("logits");
    QTest::addColumn<Labels>("labels");
    QTest::addColumn<bool>("keepsOne"); // nothing to gain: T must stay exactly 1

    Logits logits;
    Labels labels;
    syntheticLogits(1.0, 2000, 4, logits, labels);
    QTest::newRow("already calibrated") << logits << labels << false;

    logits.clear();
    labels.clear();
    noiseLogits(logits, labels);
    QTest::newRow("labels unrelated to logits") << logits << labels << false;

    // Every row right by a wide margin: sharper is always better, T runs to the lower limit.
    QTest::newRow("separable") << Logits{{4, 0, 0}, {0, 4, 0}, {0, 0, 4}, {3, 1, 0}} << Labels{0, 1, 2, 0}
                               << false;
    // Identical logits in every row: softmax is uniform at any T, NLL = ln 3 everywhere.
    QTest::newRow("flat logits") << Logits{{2, 2, 2}, {-1, -1, -1}, {0, 0, 0}} << Labels{0, 1, 2} << true;
    QTest::newRow("+-1000 logits") << Logits{{1000, -1000}, {-1000, 1000}, {1000, -1000}} << Labels{0, 1, 1}
                                   << false;
}

void TestCalibration::fitNeverMakesNllWorse()
{
    QFETCH(Logits, logits);
    QFETCH(Labels, labels);
    QFETCH(bool, keepsOne);

    const TemperatureFit fit = chestlens::fitTemperature(logits, labels);
    QVERIFY(std::isfinite(fit.temperature));
    QVERIFY(fit.temperature >= 0.05 && fit.temperature <= 20.0);
    QVERIFY(std::isfinite(fit.nllAfter));
    QVERIFY2(fit.nllAfter <= fit.nllBefore,
             qPrintable(QStringLiteral("NLL %1 -> %2").arg(fit.nllBefore).arg(fit.nllAfter)));
    COMPARE_NEAR(fit.nllAfter, chestlens::negativeLogLikelihood(logits, labels, fit.temperature), 1e-12);
    if (keepsOne) {
        QCOMPARE(fit.temperature, 1.0);
        QCOMPARE(fit.nllAfter, fit.nllBefore);
        QCOMPARE(fit.eceAfter, fit.eceBefore);
    }
}

void TestCalibration::fitDegenerateInputKeepsOne_data()
{
    QTest::addColumn<Logits>("logits");
    QTest::addColumn<Labels>("labels");

    QTest::newRow("no rows") << Logits{} << Labels{};
    QTest::newRow("one logit per row") << Logits{{1.5f}, {-2}, {7}} << Labels{0, 0, 0};
    // All labels one class and always predicted: the NLL would push T to 0.05.
    QTest::newRow("one class present") << Logits{{3, 0}, {2, 1}, {5, -1}} << Labels{0, 0, 0};
}

void TestCalibration::fitDegenerateInputKeepsOne()
{
    QFETCH(Logits, logits);
    QFETCH(Labels, labels);

    const TemperatureFit fit = chestlens::fitTemperature(logits, labels);
    QCOMPARE(fit.temperature, 1.0);
    QCOMPARE(fit.nllAfter, fit.nllBefore);
    QCOMPARE(fit.eceAfter, fit.eceBefore);
}

void TestCalibration::fitRejectsInvalidInput()
{
    QVERIFY_THROWS_EXCEPTION(chestlens::Error, chestlens::fitTemperature({{1, 2}}, {0, 1}));
    QVERIFY_THROWS_EXCEPTION(chestlens::Error, chestlens::fitTemperature({{1, 2}, {1, 2, 3}}, {0, 1}));
    QVERIFY_THROWS_EXCEPTION(chestlens::Error, chestlens::fitTemperature({{1, 2}}, {2}));
    QVERIFY_THROWS_EXCEPTION(chestlens::Error,
                             chestlens::fitTemperature({{1, std::nanf("")}, {1, 2}}, {0, 1}));
    QVERIFY_THROWS_EXCEPTION(chestlens::Error, chestlens::negativeLogLikelihood({{1, 2}}, {0}, 0.0));
}

void TestCalibration::undoTemperatureScalingRecoversSoftmax_data()
{
    QTest::addColumn<double>("temperature");
    QTest::addColumn<double>("scale");
    QTest::newRow("T = 1 is the identity") << 1.0 << 1.0;
    QTest::newRow("T = 1.7, over-confident model softened") << 1.7 << 3.0;
    QTest::newRow("T = 0.5, under-confident model sharpened") << 0.5 << 0.5;
    QTest::newRow("T = 5, large logits") << 5.0 << 8.0;
}

void TestCalibration::undoTemperatureScalingRecoversSoftmax()
{
    QFETCH(double, temperature);
    QFETCH(double, scale);
    Logits logits;
    Labels labels;
    syntheticLogits(scale, 200, 4, logits, labels);
    const Logits calibrated = chestlens::softmaxAll(logits, temperature);
    const Logits expected = chestlens::softmaxAll(logits, 1.0);
    const Logits undone = chestlens::undoTemperatureScalingAll(calibrated, temperature);
    QCOMPARE(undone.size(), expected.size());
    for (size_t i = 0; i < undone.size(); ++i) {
        QCOMPARE(undone[i].size(), expected[i].size());
        double sum = 0;
        for (size_t c = 0; c < undone[i].size(); ++c) {
            // float32 input: relative error ~1e-7 in p becomes ~T * 1e-7 in p^T.
            COMPARE_NEAR(undone[i][c], expected[i][c], 1e-5);
            sum += undone[i][c];
        }
        COMPARE_NEAR(sum, 1.0, kFloat);
    }
    // What the evaluation view relies on: metrics of the undone rows are the uncalibrated metrics.
    COMPARE_NEAR(chestlens::expectedCalibrationError(undone, labels),
                 chestlens::expectedCalibrationError(expected, labels), 1e-4);
}

void TestCalibration::undoTemperatureScalingRejectsInvalidInput()
{
    QVERIFY(chestlens::undoTemperatureScaling({}, 2.0).empty());
    // An exact zero (underflow) stays zero; the rest is renormalised.
    const std::vector<float> p = chestlens::undoTemperatureScaling({0.0f, 0.5f, 0.5f}, 2.0);
    QCOMPARE(p[0], 0.0f);
    COMPARE_NEAR(p[1], 0.5, kFloat);
    QVERIFY_THROWS_EXCEPTION(chestlens::Error, chestlens::undoTemperatureScaling({0.5f, 0.5f}, 0.0));
    QVERIFY_THROWS_EXCEPTION(chestlens::Error, chestlens::undoTemperatureScaling({0.5f, 0.5f}, qQNaN()));
    QVERIFY_THROWS_EXCEPTION(chestlens::Error, chestlens::undoTemperatureScaling({-0.1f, 1.1f}, 1.5));
    QVERIFY_THROWS_EXCEPTION(chestlens::Error, chestlens::undoTemperatureScaling({0.0f, 0.0f}, 1.5));
    QVERIFY_THROWS_EXCEPTION(chestlens::Error, chestlens::undoTemperatureScaling(
                                                   {std::numeric_limits<float>::infinity(), 0.0f}, 1.5));
}

QTEST_GUILESS_MAIN(TestCalibration)
#include "test_calibration.moc"
