// Evaluation maths against values worked out by hand in the comments: confusion-matrix metrics,
// AUROC (with ties), ECE and reliability bins, and the JSON/text/CSV forms of Metrics.

#include "core/error.h"
#include "core/ml/metrics.h"
#include "support/compare.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QtTest/QtTest>

#include <cmath>
#include <random>

using chestlens::ClassMetrics;
using chestlens::Metrics;
using chestlens::ReliabilityBin;
using chestlens::RocCurve;

using Matrix = std::vector<std::vector<int>>;
using Probabilities = std::vector<std::vector<float>>;
using Labels = std::vector<int>;

namespace {

// Exact fractions computed in double are compared to 1e-12; anything that goes through float
// probabilities to 1e-6 (float32 carries ~7 significant digits).
constexpr double kExact = 1e-12;
constexpr double kFloat = 1e-6;

/// Rows whose argmax is each cell's predicted class, `count` times per cell of the confusion
/// matrix: the predicted class gets 0.7, the others share 0.3.
void rowsFromConfusion(const Matrix &confusion, Probabilities &probs, Labels &labels)
{
    const size_t k = confusion.size();
    for (size_t t = 0; t < k; ++t) {
        for (size_t p = 0; p < k; ++p) {
            for (int i = 0; i < confusion[t][p]; ++i) {
                std::vector<float> row(k, 0.3f / static_cast<float>(k - 1));
                row[p] = 0.7f;
                probs.push_back(row);
                labels.push_back(static_cast<int>(t));
            }
        }
    }
}

/// The six rows of the worked calibration example (3 classes); see eceHandComputed_data().
void calibrationExample(Probabilities &probs, Labels &labels)
{
    probs = {
        {0.90f, 0.05f, 0.05f}, // conf 0.90, predicts 0, label 0: right
        {0.85f, 0.10f, 0.05f}, // conf 0.85, predicts 0, label 1: wrong
        {0.10f, 0.70f, 0.20f}, // conf 0.70, predicts 1, label 1: right
        {0.30f, 0.25f, 0.45f}, // conf 0.45, predicts 2, label 0: wrong
        {0.50f, 0.30f, 0.20f}, // conf 0.50, predicts 0, label 0: right
        {0.20f, 0.20f, 0.60f}, // conf 0.60 (exactly a 5-bin edge), predicts 2, label 0: wrong
    };
    labels = {0, 1, 1, 0, 0, 0};
}

double trapezoidArea(const RocCurve &curve)
{
    double area = 0;
    for (size_t i = 1; i < curve.fpr.size(); ++i)
        area += (curve.fpr[i] - curve.fpr[i - 1]) * (curve.tpr[i] + curve.tpr[i - 1]) / 2.0;
    return area;
}

QSet<QString> keysOf(const QJsonObject &object)
{
    const QStringList keys = object.keys();
    return {keys.begin(), keys.end()};
}

/// A Metrics with every field set and one undefined AUROC, for the serialisation tests.
Metrics sampleMetrics()
{
    // Class "tuberculosis" never occurs: its AUROC is NaN.
    const QStringList classes = {QStringLiteral("covid"), QStringLiteral("normal"),
                                 QStringLiteral("tuberculosis")};
    const Probabilities probs = {
        {0.8f, 0.1f, 0.1f}, {0.3f, 0.6f, 0.1f}, {0.2f, 0.7f, 0.1f}, {0.5f, 0.2f, 0.3f}, {0.1f, 0.1f, 0.8f}};
    const Labels labels = {0, 0, 1, 1, 1};
    return chestlens::computeMetrics(probs, labels, classes);
}

} // namespace

class TestMetrics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void confusionMatrixMetrics_data();
    void confusionMatrixMetrics();
    void probabilityScoresHandComputed();
    void argmaxTiesGoToTheLowestClass();
    void aurocHandComputed_data();
    void aurocHandComputed();
    void rocCurvePointsWithTies();
    void aurocUndefined_data();
    void aurocUndefined();
    void aurocOfRandomScoresIsNearHalf();
    void eceHandComputed_data();
    void eceHandComputed();
    void calibratedEceBaselineHandComputed();
    void binsAreUpperInclusive_data();
    void binsAreUpperInclusive();
    void reliabilityDiagramHandComputed();
    void reliabilityCountsSumToN_data();
    void reliabilityCountsSumToN();
    void invalidInputThrows_data();
    void invalidInputThrows();
    void toJsonHasExactlyTheDocumentedKeys();
    void jsonRoundTrip();
    void nanAurocIsWrittenAsNull();
    void fromJsonToleratesMissingFields();
    void textReport();
    void csvReport();
};

// --- confusion-matrix metrics ----------------------------------------------------------------------

void TestMetrics::confusionMatrixMetrics_data()
{
    QTest::addColumn<QStringList>("classes");
    QTest::addColumn<Matrix>("confusion"); // rows = true class, columns = predicted
    QTest::addColumn<QList<double>>("precision");
    QTest::addColumn<QList<double>>("recall");
    QTest::addColumn<QList<double>>("f1");
    QTest::addColumn<double>("accuracy");
    QTest::addColumn<double>("macroF1");

    // 3 classes, n = 15.
    //            pred a  b  c   support
    //   true a      5  1  0     6
    //   true b      2  2  1     5
    //   true c      0  2  2     4
    //   predicted   7  5  3
    // a: P = 5/7, R = 5/6, F1 = 2TP/(pred+true) = 10/13 = 0.769231
    // b: P = 2/5, R = 2/5, F1 = 4/10 = 0.4
    // c: P = 2/3, R = 2/4, F1 = 4/7 = 0.571429
    // accuracy = (5+2+2)/15 = 0.6; macro-F1 = (10/13 + 2/5 + 4/7)/3 = 0.580220
    QTest::newRow("3 classes") << QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}
                               << Matrix{{5, 1, 0}, {2, 2, 1}, {0, 2, 2}}
                               << QList<double>{5.0 / 7, 2.0 / 5, 2.0 / 3}
                               << QList<double>{5.0 / 6, 2.0 / 5, 2.0 / 4}
                               << QList<double>{10.0 / 13, 4.0 / 10, 4.0 / 7} << 0.6
                               << (10.0 / 13 + 4.0 / 10 + 4.0 / 7) / 3;

    // 4 classes, n = 12; tuberculosis is never predicted.
    //                 pred nor cov pne tub   support
    //   normal              3   0   1   0     4
    //   covid               0   2   0   0     2
    //   pneumonia           1   1   2   0     4
    //   tuberculosis        1   0   1   0     2
    //   predicted           5   3   4   0
    // normal:       P = 3/5, R = 3/4, F1 = 6/9 = 0.666667
    // covid:        P = 2/3, R = 2/2, F1 = 4/5 = 0.8
    // pneumonia:    P = 2/4, R = 2/4, F1 = 4/8 = 0.5
    // tuberculosis: P = 0 (never predicted: zero_division = 0), R = 0/2, F1 = 0
    // accuracy = 7/12 = 0.583333; macro-F1 = (2/3 + 0.8 + 0.5 + 0)/4 = 0.491667
    QTest::newRow("4 classes, one never predicted")
        << QStringList{QStringLiteral("normal"), QStringLiteral("covid"), QStringLiteral("pneumonia"),
                       QStringLiteral("tuberculosis")}
        << Matrix{{3, 0, 1, 0}, {0, 2, 0, 0}, {1, 1, 2, 0}, {1, 0, 1, 0}}
        << QList<double>{3.0 / 5, 2.0 / 3, 2.0 / 4, 0.0} << QList<double>{3.0 / 4, 1.0, 2.0 / 4, 0.0}
        << QList<double>{6.0 / 9, 4.0 / 5, 4.0 / 8, 0.0} << 7.0 / 12
        << (6.0 / 9 + 4.0 / 5 + 4.0 / 8 + 0.0) / 4;

    // 3 classes, n = 6; c never occurs but is predicted once.
    //            pred a  b  c   support
    //   true a      2  0  1     3
    //   true b      1  2  0     3
    //   true c      0  0  0     0
    //   predicted   3  2  1
    // a: P = 2/3, R = 2/3, F1 = 4/6
    // b: P = 2/2, R = 2/3, F1 = 4/5
    // c: P = 0/1, R = 0 (no support: zero_division = 0), F1 = 0
    // accuracy = 4/6; macro-F1 = (4/6 + 4/5 + 0)/3 = 0.488889 (the absent class still counts)
    QTest::newRow("3 classes, one absent from the data")
        << QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}
        << Matrix{{2, 0, 1}, {1, 2, 0}, {0, 0, 0}} << QList<double>{2.0 / 3, 1.0, 0.0}
        << QList<double>{2.0 / 3, 2.0 / 3, 0.0} << QList<double>{4.0 / 6, 4.0 / 5, 0.0} << 4.0 / 6
        << (4.0 / 6 + 4.0 / 5) / 3;
}

void TestMetrics::confusionMatrixMetrics()
{
    QFETCH(QStringList, classes);
    QFETCH(Matrix, confusion);
    QFETCH(QList<double>, precision);
    QFETCH(QList<double>, recall);
    QFETCH(QList<double>, f1);
    QFETCH(double, accuracy);
    QFETCH(double, macroF1);

    Probabilities probs;
    Labels labels;
    rowsFromConfusion(confusion, probs, labels);
    const Metrics m = chestlens::computeMetrics(probs, labels, classes);

    QCOMPARE(m.classes, classes);
    QCOMPARE(m.n, static_cast<int>(labels.size()));
    QCOMPARE(m.confusion, confusion);
    QCOMPARE(m.perClass.size(), static_cast<size_t>(classes.size()));
    for (int c = 0; c < classes.size(); ++c) {
        const ClassMetrics &cm = m.perClass[static_cast<size_t>(c)];
        int support = 0;
        for (int count : confusion[static_cast<size_t>(c)])
            support += count;
        QCOMPARE(cm.support, support);
        COMPARE_NEAR(cm.precision, precision[c], kExact);
        COMPARE_NEAR(cm.recall, recall[c], kExact);
        COMPARE_NEAR(cm.f1, f1[c], kExact);
        // One-vs-rest AUROC is defined exactly when the class has positives and negatives.
        QCOMPARE(std::isnan(cm.auroc), support == 0 || support == m.n);
    }
    COMPARE_NEAR(m.accuracy, accuracy, kExact);
    COMPARE_NEAR(m.macroF1, macroF1, kExact);
}

void TestMetrics::probabilityScoresHandComputed()
{
    // Two classes, four rows:
    //   probs        label  predicted
    //   [0.1, 0.9]   1      1
    //   [0.4, 0.6]   1      1
    //   [0.4, 0.6]   0      1
    //   [0.8, 0.2]   0      0
    // confusion [[1, 1], [0, 2]], accuracy 3/4.
    // NLL = -(ln 0.9 + ln 0.6 + ln 0.4 + ln 0.8)/4 = (0.105361 + 0.510826 + 0.916291 + 0.223144)/4
    //     = 0.438905
    // Brier = ((0.01 + 0.01) + (0.16 + 0.16) + (0.36 + 0.36) + (0.04 + 0.04))/4 = 1.14/4 = 0.285
    // AUROC(class 1): positives score 0.9, 0.6; negatives 0.6, 0.2.
    //   0.9 beats both (2); 0.6 ties 0.6 (0.5) and beats 0.2 (1): U = 3.5, AUROC = 3.5/4 = 0.875.
    // AUROC(class 0): scores 1 - p1, the mirror image: also 0.875.
    // ECE (15 bins): confidence 0.9 (right) alone: |1 - 0.9| * 1/4; the two 0.6 rows (one right)
    //   share a bin: |0.5 - 0.6| * 2/4; 0.8 (right) alone: |1 - 0.8| * 1/4. ECE = 0.025 + 0.05 + 0.05 =
    //   0.125.
    const Probabilities probs = {{0.1f, 0.9f}, {0.4f, 0.6f}, {0.4f, 0.6f}, {0.8f, 0.2f}};
    const Labels labels = {1, 1, 0, 0};
    const Metrics m =
        chestlens::computeMetrics(probs, labels, {QStringLiteral("neg"), QStringLiteral("pos")});

    QCOMPARE(m.confusion, (Matrix{{1, 1}, {0, 2}}));
    COMPARE_NEAR(m.accuracy, 0.75, kExact);
    COMPARE_NEAR(m.nll, -(std::log(0.9) + std::log(0.6) + std::log(0.4) + std::log(0.8)) / 4, kFloat);
    COMPARE_NEAR(m.brier, 0.285, kFloat);
    COMPARE_NEAR(m.perClass[1].auroc, 0.875, kExact);
    COMPARE_NEAR(m.perClass[0].auroc, 0.875, kExact);
    COMPARE_NEAR(m.ece, 0.125, kFloat);
}

void TestMetrics::argmaxTiesGoToTheLowestClass()
{
    // [0.4, 0.4, 0.2] predicts class 0 (as numpy/torch argmax do), so with label 1 it is wrong:
    // confusion row 1 gets its count in column 0, accuracy 0, and the reliability bin of
    // confidence 0.4 has accuracy 0.
    const Probabilities probs = {{0.4f, 0.4f, 0.2f}};
    const Metrics m = chestlens::computeMetrics(
        probs, {1}, {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
    QCOMPARE(m.confusion, (Matrix{{0, 0, 0}, {1, 0, 0}, {0, 0, 0}}));
    QCOMPARE(m.accuracy, 0.0);
    COMPARE_NEAR(chestlens::expectedCalibrationError(probs, {1}), 0.4, kFloat);
    COMPARE_NEAR(chestlens::expectedCalibrationError(probs, {0}), 0.6, kFloat);
}

// --- AUROC --------------------------------------------------------------------------------------------

void TestMetrics::aurocHandComputed_data()
{
    QTest::addColumn<std::vector<float>>("scores");
    QTest::addColumn<std::vector<bool>>("positive");
    QTest::addColumn<double>("expected");

    QTest::newRow("perfect") << std::vector<float>{0.9f, 0.8f, 0.3f, 0.1f}
                             << std::vector<bool>{true, true, false, false} << 1.0;
    QTest::newRow("inverted") << std::vector<float>{0.9f, 0.8f, 0.3f, 0.1f}
                              << std::vector<bool>{false, false, true, true} << 0.0;
    // Every pair tied: each counts 1/2.
    QTest::newRow("all scores tied") << std::vector<float>{0.5f, 0.5f, 0.5f, 0.5f, 0.5f}
                                     << std::vector<bool>{true, false, true, false, false} << 0.5;
    // Scores 1..8 ascending with positives at ranks 1, 4, 5, 8: rank sum 18,
    // U = 18 - 4*5/2 = 8, AUROC = 8/16 = 0.5 (a random ranking, no ties).
    QTest::newRow("random ranking") << std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8}
                                    << std::vector<bool>{true, false, false, true, true, false, false, true}
                                    << 0.5;
    // Positives 0.9, 0.7, 0.4; negatives 0.7, 0.4, 0.2.
    //   0.9 beats all three negatives: 3
    //   0.7 ties 0.7 (0.5), beats 0.4 and 0.2: 2.5
    //   0.4 loses to 0.7, ties 0.4 (0.5), beats 0.2: 1.5
    // U = 7 of 9 pairs: AUROC = 7/9 = 0.777778. Average ranks agree: ascending 0.2 -> 1,
    // 0.4 0.4 -> 2.5, 0.7 0.7 -> 4.5, 0.9 -> 6; positives 6 + 4.5 + 2.5 = 13, U = 13 - 3*4/2 = 7.
    QTest::newRow("ties across classes")
        << std::vector<float>{0.4f, 0.9f, 0.2f, 0.7f, 0.4f, 0.7f}
        << std::vector<bool>{true, true, false, true, false, false} << 7.0 / 9;
    // Positives 3, 1; negatives 2, 2, 0.
    //   3 beats all three: 3;  1 loses to both 2s, beats 0: 1.  U = 4 of 6: AUROC = 2/3.
    QTest::newRow("ties within one class")
        << std::vector<float>{2, 3, 0, 1, 2} << std::vector<bool>{false, true, false, true, false} << 2.0 / 3;
    // Negative logits are fine as scores: only the order matters. Positive -1 beats negatives -5 and
    // -3, loses to 0: AUROC = 2/3.
    QTest::newRow("logit scores") << std::vector<float>{-5, -1, 0, -3}
                                  << std::vector<bool>{false, true, false, false} << 2.0 / 3;
}

void TestMetrics::aurocHandComputed()
{
    QFETCH(std::vector<float>, scores);
    QFETCH(std::vector<bool>, positive);
    QFETCH(double, expected);

    const RocCurve curve = chestlens::rocCurve(scores, positive);
    COMPARE_NEAR(curve.auc, expected, kExact);
    // The curve must tell the same story as the statistic: its trapezoid area is the AUROC.
    COMPARE_NEAR(trapezoidArea(curve), expected, kExact);
    QCOMPARE(curve.fpr.size(), curve.tpr.size());
    QCOMPARE(curve.fpr.size(), curve.thresholds.size());
    QCOMPARE(curve.fpr.front(), 0.0);
    QCOMPARE(curve.tpr.front(), 0.0);
    QCOMPARE(curve.fpr.back(), 1.0);
    QCOMPARE(curve.tpr.back(), 1.0);
    for (size_t i = 1; i < curve.fpr.size(); ++i) {
        QVERIFY(curve.fpr[i] >= curve.fpr[i - 1]);
        QVERIFY(curve.tpr[i] >= curve.tpr[i - 1]);
        QVERIFY(curve.thresholds[i] < curve.thresholds[i - 1]);
    }
}

void TestMetrics::rocCurvePointsWithTies()
{
    // The "ties across classes" example. Thresholds from +inf down through each distinct score:
    //   threshold  +inf  0.9  0.7  0.4  0.2
    //   TP            0    1    2    3    3     (of 3 positives)
    //   FP            0    0    1    2    3     (of 3 negatives)
    // The tied 0.7 pair moves the curve diagonally in one step: one point, not two.
    const RocCurve curve =
        chestlens::rocCurve({0.4f, 0.9f, 0.2f, 0.7f, 0.4f, 0.7f}, {true, true, false, true, false, false});
    QCOMPARE(curve.thresholds.size(), size_t{5});
    QVERIFY(std::isinf(curve.thresholds[0]) && curve.thresholds[0] > 0);
    const std::vector<float> thresholds = {0.9f, 0.7f, 0.4f, 0.2f};
    const std::vector<double> tpr = {0, 1.0 / 3, 2.0 / 3, 1, 1};
    const std::vector<double> fpr = {0, 0, 1.0 / 3, 2.0 / 3, 1};
    for (size_t i = 0; i < tpr.size(); ++i) {
        if (i > 0)
            QCOMPARE(curve.thresholds[i], static_cast<double>(thresholds[i - 1]));
        COMPARE_NEAR(curve.tpr[i], tpr[i], kExact);
        COMPARE_NEAR(curve.fpr[i], fpr[i], kExact);
    }
}

void TestMetrics::aurocUndefined_data()
{
    QTest::addColumn<std::vector<float>>("scores");
    QTest::addColumn<std::vector<bool>>("positive");

    QTest::newRow("no positives") << std::vector<float>{0.1f, 0.5f, 0.9f}
                                  << std::vector<bool>{false, false, false};
    QTest::newRow("no negatives") << std::vector<float>{0.1f, 0.5f, 0.9f}
                                  << std::vector<bool>{true, true, true};
    QTest::newRow("no rows") << std::vector<float>{} << std::vector<bool>{};
}

void TestMetrics::aurocUndefined()
{
    QFETCH(std::vector<float>, scores);
    QFETCH(std::vector<bool>, positive);

    const RocCurve curve = chestlens::rocCurve(scores, positive);
    QVERIFY(std::isnan(curve.auc));
    QVERIFY(curve.fpr.empty());
    QVERIFY(curve.tpr.empty());
    QVERIFY(curve.thresholds.empty());
}

void TestMetrics::aurocOfRandomScoresIsNearHalf()
{
    // Scores independent of the labels. With 1000 + 1000 rows the AUROC's standard deviation is
    // sqrt((n1 + n2 + 1) / (12 n1 n2)) = 0.013, so 0.05 is almost 4 sigma (and the seed is fixed).
    std::mt19937 rng(12345);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    std::vector<float> scores;
    std::vector<bool> positive;
    for (int i = 0; i < 2000; ++i) {
        scores.push_back(uniform(rng));
        positive.push_back(i % 2 == 0);
    }
    const RocCurve curve = chestlens::rocCurve(scores, positive);
    COMPARE_NEAR(curve.auc, 0.5, 0.05);
    COMPARE_NEAR(trapezoidArea(curve), curve.auc, 1e-9);
}

// --- calibration error --------------------------------------------------------------------------------

void TestMetrics::eceHandComputed_data()
{
    QTest::addColumn<Probabilities>("probs");
    QTest::addColumn<Labels>("labels");
    QTest::addColumn<int>("bins");
    QTest::addColumn<double>("expected");

    Probabilities probs;
    Labels labels;
    calibrationExample(probs, labels);

    // 5 bins, edges 0.2 0.4 0.6 0.8 1.0, intervals (lo, hi]:
    //   (0.8, 1.0]: 0.90 right, 0.85 wrong -> conf 0.875, acc 1/2, |gap| 0.375, weight 2/6 -> 0.125
    //   (0.6, 0.8]: 0.70 right             -> conf 0.70,  acc 1,   |gap| 0.30,  weight 1/6 -> 0.05
    //   (0.4, 0.6]: 0.45 wrong, 0.50 right, 0.60 wrong (0.6 is this bin's upper edge)
    //                                      -> conf 0.516667, acc 1/3, |gap| 0.183333, weight 3/6 -> 0.091667
    // ECE = 0.125 + 0.05 + 0.091667 = 0.266667. (With [lo, hi) bins 0.6 would move up and give 0.183333.)
    QTest::newRow("5 bins, a confidence on an edge") << probs << labels << 5 << 0.125 + 0.05 + 0.55 / 6;
    // 15 bins of width 1/15: every confidence falls in a bin of its own, so the ECE is the mean of
    // |correct - conf|: (0.10 + 0.85 + 0.30 + 0.45 + 0.50 + 0.60)/6 = 2.8/6 = 0.466667.
    QTest::newRow("15 bins, one row per bin") << probs << labels << 15 << 2.8 / 6;
    // One bin: |mean accuracy - mean confidence| = |3/6 - 4.0/6| = 0.166667.
    QTest::newRow("1 bin") << probs << labels << 1 << 1.0 / 6;
    // Confidence 0.75 and 3 of 4 right: perfectly calibrated.
    QTest::newRow("calibrated") << Probabilities{{0.75f, 0.25f},
                                                 {0.75f, 0.25f},
                                                 {0.75f, 0.25f},
                                                 {0.75f, 0.25f}}
                                << Labels{0, 0, 0, 1} << 15 << 0.0;
    // Always right with confidence 0.55: ECE = 1 - 0.55 = 0.45 (under-confident).
    QTest::newRow("under-confident") << Probabilities{{0.55f, 0.45f}, {0.45f, 0.55f}} << Labels{0, 1} << 15
                                     << 0.45;
    QTest::newRow("no rows") << Probabilities{} << Labels{} << 15 << 0.0;
}

void TestMetrics::eceHandComputed()
{
    QFETCH(Probabilities, probs);
    QFETCH(Labels, labels);
    QFETCH(int, bins);
    QFETCH(double, expected);

    COMPARE_NEAR(chestlens::expectedCalibrationError(probs, labels, bins), expected, kFloat);
}

void TestMetrics::calibratedEceBaselineHandComputed()
{
    // Four rows of confidence 0.5 share one bin; a calibrated model gets k ~ Binomial(4, 1/2) of
    // them right, and its ECE is |k/4 - 1/2|: E = (2 * 0.5 * 1 + 2 * 0.25 * 4) / 16 = 0.1875.
    const std::vector<std::vector<float>> half(4, std::vector<float>{0.5f, 0.5f});
    COMPARE_NEAR(chestlens::calibratedEceBaseline(half, 15, 40000), 0.1875, 0.004);
    // Two bins, each with its own noise: rows at 0.5 and at 0.8. Per bin, E|k - 1| = 0.5 for
    // k ~ B(2, 0.5) and E|k - 1.6| = 0.512 for k ~ B(2, 0.8): ECE (0.5 + 0.512) / 4 = 0.253.
    // (Pooling the bins would give E|k1 + k2 - 2.6| / 4 = 0.192.)
    const std::vector<std::vector<float>> twoBins{{0.5f, 0.5f}, {0.5f, 0.5f}, {0.8f, 0.2f}, {0.8f, 0.2f}};
    COMPARE_NEAR(chestlens::calibratedEceBaseline(twoBins, 15, 40000), 0.253, 0.004);
    // Fully confident rows are always right: no sampling noise at all.
    const std::vector<std::vector<float>> sure(6, std::vector<float>{0.0f, 1.0f});
    QCOMPARE(chestlens::calibratedEceBaseline(sure), 0.0);
    // The floor shrinks like 1/sqrt(n): 400 rows at 0.8 in one bin, E|mean - 0.8| =
    // sqrt(2 / pi) * sqrt(0.8 * 0.2 / 400) = 0.01596 (normal approximation).
    const std::vector<std::vector<float>> many(400, std::vector<float>{0.8f, 0.2f});
    COMPARE_NEAR(chestlens::calibratedEceBaseline(many, 15, 20000), 0.01596, 0.001);
    // Same input, same result (fixed seed), and computeMetrics reports it.
    const std::vector<int> labels(400, 0);
    QCOMPARE(
        chestlens::computeMetrics(many, labels, {QStringLiteral("a"), QStringLiteral("b")}).eceIfCalibrated,
        chestlens::calibratedEceBaseline(many));
    QVERIFY_THROWS_EXCEPTION(chestlens::Error, chestlens::calibratedEceBaseline(many, 15, 0));
    QCOMPARE(chestlens::calibratedEceBaseline({}), 0.0);
    QVERIFY_THROWS_EXCEPTION(chestlens::Error, chestlens::calibratedEceBaseline({std::vector<float>{}}));
    QVERIFY_THROWS_EXCEPTION(chestlens::Error, chestlens::calibratedEceBaseline({{std::nanf(""), 1.0f}}));
}

void TestMetrics::binsAreUpperInclusive_data()
{
    QTest::addColumn<float>("confidence");
    QTest::addColumn<int>("expectedBin");

    // 5 bins: (0, 0.2] (0.2, 0.4] (0.4, 0.6] (0.6, 0.8] (0.8, 1].
    QTest::newRow("0.6 is the top of bin 2") << 0.6f << 2;
    QTest::newRow("just above 0.6 is bin 3") << 0.6001f << 3;
    QTest::newRow("0.8 is the top of bin 3") << 0.8f << 3;
    QTest::newRow("1.0 is the top of bin 4") << 1.0f << 4;
    QTest::newRow("0.5 is inside bin 2") << 0.5f << 2;
}

void TestMetrics::binsAreUpperInclusive()
{
    QFETCH(float, confidence);
    QFETCH(int, expectedBin);

    const std::vector<ReliabilityBin> bins =
        chestlens::reliabilityDiagram({{confidence, 1.0f - confidence}}, {0}, 5);
    QCOMPARE(bins.size(), size_t{5});
    for (int b = 0; b < 5; ++b)
        QCOMPARE(bins[static_cast<size_t>(b)].count, b == expectedBin ? 1 : 0);
}

void TestMetrics::reliabilityDiagramHandComputed()
{
    // The 5-bin example of eceHandComputed_data().
    Probabilities probs;
    Labels labels;
    calibrationExample(probs, labels);
    const std::vector<ReliabilityBin> bins = chestlens::reliabilityDiagram(probs, labels, 5);

    QCOMPARE(bins.size(), size_t{5});
    const int counts[] = {0, 0, 3, 1, 2};
    const double confidence[] = {0, 0, (0.45 + 0.5 + 0.6) / 3, 0.7, (0.9 + 0.85) / 2};
    const double accuracy[] = {0, 0, 1.0 / 3, 1, 0.5};
    for (size_t b = 0; b < bins.size(); ++b) {
        COMPARE_NEAR(bins[b].lower, b * 0.2, kExact);
        COMPARE_NEAR(bins[b].upper, (b + 1) * 0.2, kExact);
        QCOMPARE(bins[b].count, counts[b]);
        COMPARE_NEAR(bins[b].meanConfidence, confidence[b], kFloat);
        COMPARE_NEAR(bins[b].accuracy, accuracy[b], kExact);
    }
}

void TestMetrics::reliabilityCountsSumToN_data()
{
    QTest::addColumn<int>("bins");
    QTest::newRow("1 bin") << 1;
    QTest::newRow("5 bins") << 5;
    QTest::newRow("15 bins") << 15;
    QTest::newRow("100 bins") << 100;
}

void TestMetrics::reliabilityCountsSumToN()
{
    QFETCH(int, bins);

    // 500 random 4-class rows, including some whose confidence sits exactly on 1/2 and 1.
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> uniform(0.01f, 1.0f);
    std::uniform_int_distribution<int> label(0, 3);
    Probabilities probs;
    Labels labels;
    for (int i = 0; i < 500; ++i) {
        std::vector<float> row(4);
        float sum = 0;
        for (float &p : row)
            sum += (p = uniform(rng));
        for (float &p : row)
            p /= sum;
        probs.push_back(row);
        labels.push_back(label(rng));
    }
    probs.push_back({0.5f, 0.5f, 0.0f, 0.0f});
    labels.push_back(0);
    probs.push_back({0.0f, 0.0f, 1.0f, 0.0f});
    labels.push_back(2);

    const std::vector<ReliabilityBin> diagram = chestlens::reliabilityDiagram(probs, labels, bins);
    QCOMPARE(diagram.size(), static_cast<size_t>(bins));
    int total = 0;
    double ece = 0;
    for (const ReliabilityBin &bin : diagram) {
        total += bin.count;
        ece += bin.count * std::abs(bin.accuracy - bin.meanConfidence) / static_cast<double>(probs.size());
        // Every row in a bin has its confidence inside the bin.
        if (bin.count > 0) {
            QVERIFY(bin.meanConfidence > bin.lower - kFloat);
            QVERIFY(bin.meanConfidence <= bin.upper + kFloat);
        }
    }
    QCOMPARE(total, static_cast<int>(probs.size()));
    COMPARE_NEAR(chestlens::expectedCalibrationError(probs, labels, bins), ece, kExact);
}

void TestMetrics::invalidInputThrows_data()
{
    QTest::addColumn<Probabilities>("probs");
    QTest::addColumn<Labels>("labels");
    QTest::addColumn<QStringList>("classes");

    const QStringList two = {QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("more labels than rows") << Probabilities{{0.5f, 0.5f}} << Labels{0, 1} << two;
    QTest::newRow("label out of range") << Probabilities{{0.5f, 0.5f}} << Labels{2} << two;
    QTest::newRow("negative label") << Probabilities{{0.5f, 0.5f}} << Labels{-1} << two;
    QTest::newRow("row of the wrong length") << Probabilities{{0.2f, 0.3f, 0.5f}} << Labels{0} << two;
    QTest::newRow("logits instead of probabilities") << Probabilities{{2.0f, -1.0f}} << Labels{0} << two;
    QTest::newRow("row not summing to 1") << Probabilities{{0.5f, 0.2f}} << Labels{0} << two;
    QTest::newRow("NaN probability") << Probabilities{{std::nanf(""), 1.0f}} << Labels{0} << two;
    QTest::newRow("duplicate class names")
        << Probabilities{{0.5f, 0.5f}} << Labels{0} << QStringList{QStringLiteral("a"), QStringLiteral("a")};
}

void TestMetrics::invalidInputThrows()
{
    QFETCH(Probabilities, probs);
    QFETCH(Labels, labels);
    QFETCH(QStringList, classes);

    QVERIFY_THROWS_EXCEPTION(chestlens::Error, chestlens::computeMetrics(probs, labels, classes));
    if (classes.size() == QSet<QString>(classes.begin(), classes.end()).size() &&
        probs.front().size() == static_cast<size_t>(classes.size())) {
        QVERIFY_THROWS_EXCEPTION(chestlens::Error, chestlens::expectedCalibrationError(probs, labels));
        QVERIFY_THROWS_EXCEPTION(chestlens::Error, chestlens::reliabilityDiagram(probs, labels));
    }
}

// --- serialisation ------------------------------------------------------------------------------------

void TestMetrics::toJsonHasExactlyTheDocumentedKeys()
{
    const Metrics m = sampleMetrics();
    const QJsonObject json = m.toJson();
    QCOMPARE(keysOf(json), (QSet<QString>{QStringLiteral("classes"), QStringLiteral("n"),
                                          QStringLiteral("accuracy"), QStringLiteral("macro_f1"),
                                          QStringLiteral("per_class"), QStringLiteral("confusion"),
                                          QStringLiteral("ece"), QStringLiteral("ece_if_calibrated"),
                                          QStringLiteral("nll"), QStringLiteral("brier")}));
    QCOMPARE(json.value(QStringLiteral("classes")).toArray(), QJsonArray::fromStringList(m.classes));
    QCOMPARE(json.value(QStringLiteral("n")).toInt(), 5);

    const QJsonObject perClass = json.value(QStringLiteral("per_class")).toObject();
    QCOMPARE(keysOf(perClass), QSet<QString>(m.classes.begin(), m.classes.end()));
    for (const QString &name : m.classes) {
        QCOMPARE(keysOf(perClass.value(name).toObject()),
                 (QSet<QString>{QStringLiteral("precision"), QStringLiteral("recall"), QStringLiteral("f1"),
                                QStringLiteral("auroc"), QStringLiteral("support")}));
    }
    // covid: predicted for rows 0 and 3, right once: precision 1/2; recall 1/2; support 2.
    const QJsonObject covid = perClass.value(QStringLiteral("covid")).toObject();
    QCOMPARE(covid.value(QStringLiteral("precision")).toDouble(), 0.5);
    QCOMPARE(covid.value(QStringLiteral("support")).toInt(), 2);

    // Rows = true class, columns = predicted.
    const QJsonArray confusion = json.value(QStringLiteral("confusion")).toArray();
    QCOMPARE(confusion, (QJsonArray{QJsonArray{1, 1, 0}, QJsonArray{1, 1, 1}, QJsonArray{0, 0, 0}}));
}

void TestMetrics::jsonRoundTrip()
{
    const Metrics m = sampleMetrics();
    // Through the text form, as `evaluate --json` and the model file store it.
    const QByteArray text = QJsonDocument(m.toJson()).toJson();
    const Metrics back = Metrics::fromJson(QJsonDocument::fromJson(text).object());

    QCOMPARE(back.classes, m.classes);
    QCOMPARE(back.n, m.n);
    QCOMPARE(back.accuracy, m.accuracy);
    QCOMPARE(back.macroF1, m.macroF1);
    QCOMPARE(back.ece, m.ece);
    QCOMPARE(back.eceIfCalibrated, m.eceIfCalibrated);
    QVERIFY(m.eceIfCalibrated > 0);
    QCOMPARE(back.nll, m.nll);
    QCOMPARE(back.brier, m.brier);
    QCOMPARE(back.confusion, m.confusion);
    QCOMPARE(back.perClass.size(), m.perClass.size());
    for (size_t c = 0; c < m.perClass.size(); ++c) {
        QCOMPARE(back.perClass[c].precision, m.perClass[c].precision);
        QCOMPARE(back.perClass[c].recall, m.perClass[c].recall);
        QCOMPARE(back.perClass[c].f1, m.perClass[c].f1);
        QCOMPARE(back.perClass[c].support, m.perClass[c].support);
        if (std::isnan(m.perClass[c].auroc))
            QVERIFY(std::isnan(back.perClass[c].auroc));
        else
            QCOMPARE(back.perClass[c].auroc, m.perClass[c].auroc);
    }
    // And the JSON of the copy is the JSON of the original.
    QCOMPARE(back.toJson(), m.toJson());
}

void TestMetrics::nanAurocIsWrittenAsNull()
{
    const Metrics m = sampleMetrics();
    QVERIFY(std::isnan(m.perClass[2].auroc)); // tuberculosis never occurs
    QVERIFY(!std::isnan(m.perClass[0].auroc));

    const QJsonObject perClass = m.toJson().value(QStringLiteral("per_class")).toObject();
    QVERIFY(
        perClass.value(QStringLiteral("tuberculosis")).toObject().value(QStringLiteral("auroc")).isNull());
    QVERIFY(perClass.value(QStringLiteral("covid")).toObject().value(QStringLiteral("auroc")).isDouble());
    // NaN is not valid JSON: the document text must say null.
    const QByteArray text = QJsonDocument(m.toJson()).toJson(QJsonDocument::Compact);
    QVERIFY2(text.contains("\"auroc\":null"), text.constData());
    QVERIFY(!text.toLower().contains("nan"));
}

void TestMetrics::fromJsonToleratesMissingFields()
{
    const Metrics empty = Metrics::fromJson(QJsonObject{});
    QVERIFY(empty.classes.isEmpty());
    QCOMPARE(empty.n, 0);
    QVERIFY(empty.perClass.empty());
    QVERIFY(empty.confusion.empty());

    // The issue-3 shape without support, nll and brier, and a ragged confusion matrix.
    const QJsonObject partial{
        {QStringLiteral("classes"), QJsonArray{QStringLiteral("a"), QStringLiteral("b")}},
        {QStringLiteral("n"), 4},
        {QStringLiteral("accuracy"), 0.5},
        {QStringLiteral("per_class"),
         QJsonObject{{QStringLiteral("a"), QJsonObject{{QStringLiteral("precision"), 0.25}}}}},
        {QStringLiteral("confusion"), QJsonArray{QJsonArray{1, 1}}},
    };
    const Metrics m = Metrics::fromJson(partial);
    QCOMPARE(m.classes, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(m.n, 4);
    QCOMPARE(m.accuracy, 0.5);
    QCOMPARE(m.perClass.size(), size_t{2});
    QCOMPARE(m.perClass[0].precision, 0.25);
    QCOMPARE(m.perClass[1].precision, 0.0);
    QCOMPARE(m.confusion, (Matrix{{1, 1}, {0, 0}}));
}

void TestMetrics::textReport()
{
    const Metrics m = sampleMetrics();
    const QString text = m.toText();
    const QStringList lines = text.split(QLatin1Char('\n'));

    QVERIFY2(text.contains(QStringLiteral("accuracy = %1").arg(m.accuracy, 0, 'f', 4)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("macro-F1 = %1").arg(m.macroF1, 0, 'f', 4)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("ECE = %1").arg(m.ece, 0, 'f', 4)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("perfectly calibrated: ~%1").arg(m.eceIfCalibrated, 0, 'f', 4)),
             qPrintable(text));
    // One table row per class with its numbers; the undefined AUROC reads n/a.
    const auto rowOf = [&lines](const QString &name, int skip) {
        for (const QString &line : lines) {
            if (line.startsWith(name + QLatin1Char(' ')) && skip-- == 0)
                return line.simplified();
        }
        return QString();
    };
    QCOMPARE(rowOf(QStringLiteral("covid"), 0),
             QStringLiteral("covid 0.5000 0.5000 0.5000 %1 2").arg(m.perClass[0].auroc, 0, 'f', 4));
    QVERIFY2(rowOf(QStringLiteral("tuberculosis"), 0).endsWith(QStringLiteral("n/a 0")), qPrintable(text));
    // The confusion matrix is labelled with the class names, one row per true class.
    QVERIFY2(text.simplified().contains(QStringLiteral("true \\ predicted covid normal tuberculosis")),
             qPrintable(text));
    QCOMPARE(rowOf(QStringLiteral("covid"), 1), QStringLiteral("covid 1 1 0"));
    QCOMPARE(rowOf(QStringLiteral("normal"), 1), QStringLiteral("normal 1 1 1"));
}

void TestMetrics::csvReport()
{
    // A class name with a comma must be quoted.
    const Probabilities probs = {{0.8f, 0.2f}, {0.3f, 0.7f}, {0.6f, 0.4f}};
    const Metrics m = chestlens::computeMetrics(probs, {0, 1, 1},
                                                {QStringLiteral("normal"), QStringLiteral("covid, severe")});
    const QStringList lines = m.toCsv().trimmed().split(QLatin1Char('\n'));

    // normal: predicted twice, right once: P 1/2, R 1, F1 2/3. covid: P 1, R 1/2, F1 2/3.
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines[0], QStringLiteral("class,precision,recall,f1,auroc,support,accuracy,ece,nll,brier"));
    QVERIFY2(lines[1].startsWith(QStringLiteral("normal,0.5,1,0.6666666666666666,")), qPrintable(lines[1]));
    QVERIFY2(lines[1].endsWith(QStringLiteral(",1,,,,")), qPrintable(lines[1]));
    QVERIFY2(lines[2].startsWith(QStringLiteral("\"covid, severe\",1,0.5,0.6666666666666666,")),
             qPrintable(lines[2]));
    const QStringList summary = lines[3].split(QLatin1Char(','));
    QCOMPARE(summary.size(), 10);
    QCOMPARE(summary[0], QStringLiteral("macro_avg"));
    QCOMPARE(summary[1].toDouble(), 0.75);      // (1/2 + 1)/2
    QCOMPARE(summary[2].toDouble(), 0.75);      // (1 + 1/2)/2
    QCOMPARE(summary[3].toDouble(), m.macroF1); // 2/3
    QCOMPARE(summary[5], QStringLiteral("3"));
    QCOMPARE(summary[6].toDouble(), m.accuracy);
    QCOMPARE(summary[7].toDouble(), m.ece);
    QCOMPARE(summary[8].toDouble(), m.nll);
    QCOMPARE(summary[9].toDouble(), m.brier);
}

QTEST_GUILESS_MAIN(TestMetrics)
#include "test_metrics.moc"
