#include "core/ml/metrics.h"

#include "core/csv.h"
#include "core/error.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QLocale>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace chestlens {

namespace {

// Bins for the ECE reported in Metrics: 15 is the value of Guo et al. 2017 and of the evaluation protocol in
// docs/BENCHMARKS.md.
constexpr int kEceBins = 15;
// How far a row of `probs` may be from summing to 1. float32 softmax rows are off by ~1e-7;
// logits passed by mistake are off by far more.
constexpr double kRowSumTolerance = 1e-3;
// Floor on p(true class) in the NLL, so one confidently wrong row cannot make the mean infinite;
// -ln(1e-12) = 27.6 is beyond anything a float32 softmax short of total saturation produces.
constexpr double kProbabilityFloor = 1e-12;

const double kNaN = std::numeric_limits<double>::quiet_NaN();

[[noreturn]] void invalid(const QString &message)
{
    throw Error(ErrorCode::InvalidArgument, message);
}

/// Checks sizes, label range and that every row is a probability vector of length k.
/// k < 0: take k from the first row. Returns k (0 when there are no rows and k was not given).
int validateProbabilities(const std::vector<std::vector<float>> &probs, const std::vector<int> &labels,
                          int k = -1)
{
    if (probs.size() != labels.size())
        invalid(QStringLiteral("metrics: %1 probability rows but %2 labels")
                    .arg(probs.size())
                    .arg(labels.size()));
    if (k < 0)
        k = probs.empty() ? 0 : static_cast<int>(probs.front().size());
    for (size_t i = 0; i < probs.size(); ++i) {
        const std::vector<float> &row = probs[i];
        if (static_cast<int>(row.size()) != k || k == 0)
            invalid(QStringLiteral("metrics: row %1 has %2 probabilities, expected %3")
                        .arg(i)
                        .arg(row.size())
                        .arg(k));
        if (labels[i] < 0 || labels[i] >= k)
            invalid(QStringLiteral("metrics: label %1 of row %2 is not a class index in [0, %3)")
                        .arg(labels[i])
                        .arg(i)
                        .arg(k));
        double sum = 0;
        for (float p : row) {
            // Written as !(p >= 0) so that NaN is caught too.
            if (!(p >= 0.0f) || p > 1.0 + kRowSumTolerance)
                invalid(QStringLiteral("metrics: row %1 holds %2, which is not a probability "
                                       "(were logits passed instead of softmax output?)")
                            .arg(i)
                            .arg(p));
            sum += p;
        }
        if (std::abs(sum - 1.0) > kRowSumTolerance)
            invalid(QStringLiteral("metrics: row %1 sums to %2, expected 1 "
                                   "(were logits passed instead of softmax output?)")
                        .arg(i)
                        .arg(sum));
    }
    return k;
}

/// Argmax with ties going to the lowest index, as numpy.argmax and torch.argmax on CPU do.
int argmax(const std::vector<float> &row)
{
    return static_cast<int>(std::max_element(row.begin(), row.end()) - row.begin());
}

/// The bin b whose interval (edge(b), edge(b+1)] holds `confidence`; a confidence of 0 goes to
/// bin 0. The edges are compared after rounding to float, the precision of the probabilities:
/// in double, 0.6f is 0.6000000238 and would land above the 0.6 edge although the caller wrote
/// exactly the edge value, which (lo, hi] puts in the bin below. The reference implementation
/// (Guo et al., PyTorch) compares in float32 for the same reason.
int binIndex(float confidence, int bins)
{
    const auto edge = [bins](int i) { return static_cast<float>(static_cast<double>(i) / bins); };
    int b = std::clamp(static_cast<int>(std::ceil(static_cast<double>(confidence) * bins)) - 1, 0, bins - 1);
    while (b > 0 && confidence <= edge(b))
        --b;
    while (b < bins - 1 && confidence > edge(b + 1))
        ++b;
    return b;
}

std::vector<ReliabilityBin> reliabilityBins(const std::vector<std::vector<float>> &probs,
                                            const std::vector<int> &labels, int bins)
{
    std::vector<ReliabilityBin> result(static_cast<size_t>(bins));
    std::vector<double> confidenceSum(result.size(), 0.0);
    std::vector<int> correct(result.size(), 0);
    for (size_t i = 0; i < probs.size(); ++i) {
        const int predicted = argmax(probs[i]);
        const float confidence = probs[i][static_cast<size_t>(predicted)];
        const auto b = static_cast<size_t>(binIndex(confidence, bins));
        ++result[b].count;
        confidenceSum[b] += confidence;
        correct[b] += predicted == labels[i] ? 1 : 0;
    }
    for (size_t b = 0; b < result.size(); ++b) {
        ReliabilityBin &bin = result[b];
        bin.lower = static_cast<double>(b) / bins;
        bin.upper = static_cast<double>(b + 1) / bins;
        if (bin.count > 0) {
            bin.meanConfidence = confidenceSum[b] / bin.count;
            bin.accuracy = static_cast<double>(correct[b]) / bin.count;
        }
    }
    return result;
}

double eceFromBins(const std::vector<ReliabilityBin> &bins, size_t n)
{
    if (n == 0)
        return 0.0;
    double ece = 0;
    for (const ReliabilityBin &bin : bins)
        ece += static_cast<double>(bin.count) / static_cast<double>(n) *
               std::abs(bin.accuracy - bin.meanConfidence);
    return ece;
}

void checkBins(int bins)
{
    if (bins < 1)
        invalid(
            QStringLiteral("metrics: the number of calibration bins must be at least 1, not %1").arg(bins));
}

// --- JSON helpers -----------------------------------------------------------------------------------

QJsonValue jsonNumber(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

/// null -> NaN (how toJson writes an undefined value); missing or not a number -> fallback.
double readDouble(const QJsonValue &value, double fallback)
{
    if (value.isNull())
        return kNaN;
    return value.isDouble() ? value.toDouble() : fallback;
}

// --- text helpers -----------------------------------------------------------------------------------

QString fixed(double value, int width)
{
    return (std::isnan(value) ? QStringLiteral("n/a") : QString::number(value, 'f', 4)).rightJustified(width);
}

QString csvNumber(double value)
{
    return std::isfinite(value) ? QString::number(value, 'g', QLocale::FloatingPointShortest) : QString();
}

} // namespace

// --- computeMetrics -------------------------------------------------------------------------------------

Metrics computeMetrics(const std::vector<std::vector<float>> &probs, const std::vector<int> &labels,
                       const QStringList &classes)
{
    const int k = static_cast<int>(classes.size());
    // per_class in the JSON is keyed by name, so names must be unique.
    if (QSet<QString>(classes.begin(), classes.end()).size() != classes.size())
        invalid(
            QStringLiteral("metrics: duplicate class names in %1").arg(classes.join(QStringLiteral(", "))));
    validateProbabilities(probs, labels, k);

    Metrics m;
    m.classes = classes;
    m.n = static_cast<int>(probs.size());
    m.confusion.assign(static_cast<size_t>(k), std::vector<int>(static_cast<size_t>(k), 0));
    m.perClass.assign(static_cast<size_t>(k), ClassMetrics{});

    int correct = 0;
    double nllSum = 0, brierSum = 0;
    for (size_t i = 0; i < probs.size(); ++i) {
        const std::vector<float> &row = probs[i];
        const int label = labels[i];
        const int predicted = argmax(row);
        ++m.confusion[static_cast<size_t>(label)][static_cast<size_t>(predicted)];
        correct += predicted == label ? 1 : 0;
        nllSum -= std::log(std::max(static_cast<double>(row[static_cast<size_t>(label)]), kProbabilityFloor));
        for (int c = 0; c < k; ++c) {
            const double target = c == label ? 1.0 : 0.0;
            const double d = row[static_cast<size_t>(c)] - target;
            brierSum += d * d;
        }
    }

    std::vector<float> scores(probs.size());
    std::vector<bool> positive(probs.size());
    double f1Sum = 0;
    for (int c = 0; c < k; ++c) {
        const auto cc = static_cast<size_t>(c);
        int truePositives = m.confusion[cc][cc];
        int actual = 0, predicted = 0;
        for (size_t j = 0; j < static_cast<size_t>(k); ++j) {
            actual += m.confusion[cc][j];
            predicted += m.confusion[j][cc];
        }
        ClassMetrics &cm = m.perClass[cc];
        cm.support = actual;
        cm.precision = predicted > 0 ? static_cast<double>(truePositives) / predicted : 0.0;
        cm.recall = actual > 0 ? static_cast<double>(truePositives) / actual : 0.0;
        // 2TP / (2TP + FP + FN) is 2PR / (P + R) without the division by zero when P + R = 0.
        cm.f1 = actual + predicted > 0 ? 2.0 * truePositives / (actual + predicted) : 0.0;
        f1Sum += cm.f1;

        for (size_t i = 0; i < probs.size(); ++i) {
            scores[i] = probs[i][cc];
            positive[i] = labels[i] == c;
        }
        cm.auroc = rocCurve(scores, positive).auc;
    }

    if (m.n > 0) {
        m.accuracy = static_cast<double>(correct) / m.n;
        m.nll = nllSum / m.n;
        m.brier = brierSum / m.n;
        m.ece = eceFromBins(reliabilityBins(probs, labels, kEceBins), probs.size());
        m.eceIfCalibrated = calibratedEceBaseline(probs, kEceBins);
    }
    m.macroF1 = k > 0 ? f1Sum / k : 0.0;
    return m;
}

// --- calibration ----------------------------------------------------------------------------------------

double expectedCalibrationError(const std::vector<std::vector<float>> &probs, const std::vector<int> &labels,
                                int bins)
{
    checkBins(bins);
    validateProbabilities(probs, labels);
    return eceFromBins(reliabilityBins(probs, labels, bins), probs.size());
}

double calibratedEceBaseline(const std::vector<std::vector<float>> &probs, int bins, int draws)
{
    checkBins(bins);
    if (draws < 1)
        invalid(QStringLiteral("metrics: the number of draws must be at least 1, not %1").arg(draws));
    if (probs.empty())
        return 0.0;
    validateProbabilities(probs, std::vector<int>(probs.size(), 0));
    std::vector<double> confidence(probs.size());
    std::vector<size_t> bin(probs.size());
    for (size_t i = 0; i < probs.size(); ++i) {
        const float c = probs[i][static_cast<size_t>(argmax(probs[i]))];
        confidence[i] = c;
        bin[i] = static_cast<size_t>(binIndex(c, bins));
    }
    std::mt19937_64 rng(0x5EEDCA1Bu);
    std::vector<double> gap(static_cast<size_t>(bins)); // per bin: sum of (outcome - confidence)
    double total = 0;
    for (int d = 0; d < draws; ++d) {
        std::fill(gap.begin(), gap.end(), 0.0);
        for (size_t i = 0; i < probs.size(); ++i) {
            const double u = static_cast<double>(rng() >> 11) * 0x1.0p-53; // uniform [0, 1)
            gap[bin[i]] += (u < confidence[i] ? 1.0 : 0.0) - confidence[i];
        }
        double ece = 0;
        for (double g : gap)
            ece += std::abs(g);
        total += ece / static_cast<double>(probs.size());
    }
    return total / draws;
}

std::vector<ReliabilityBin> reliabilityDiagram(const std::vector<std::vector<float>> &probs,
                                               const std::vector<int> &labels, int bins)
{
    checkBins(bins);
    validateProbabilities(probs, labels);
    return reliabilityBins(probs, labels, bins);
}

// --- ROC ----------------------------------------------------------------------------------------------

RocCurve rocCurve(const std::vector<float> &scores, const std::vector<bool> &positive)
{
    if (scores.size() != positive.size())
        invalid(QStringLiteral("roc: %1 scores but %2 labels").arg(scores.size()).arg(positive.size()));
    for (size_t i = 0; i < scores.size(); ++i) {
        if (!std::isfinite(scores[i]))
            invalid(QStringLiteral("roc: score %1 of row %2 is not a finite number").arg(scores[i]).arg(i));
    }

    RocCurve curve;
    const auto nPositive = static_cast<size_t>(std::count(positive.begin(), positive.end(), true));
    const size_t n = scores.size();
    const size_t nNegative = n - nPositive;
    if (nPositive == 0 || nNegative == 0) {
        curve.auc = kNaN;
        return curve;
    }

    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&scores](size_t a, size_t b) { return scores[a] > scores[b]; });

    curve.fpr.push_back(0.0);
    curve.tpr.push_back(0.0);
    curve.thresholds.push_back(std::numeric_limits<double>::infinity());

    // Walk groups of equal score from the highest down. Position i (0-based, descending) of a group
    // of g tied rows spans ascending ranks n-i-g+1 .. n-i, so each of its rows gets the average rank
    // n - i - (g-1)/2: the tie correction of the Mann-Whitney U statistic.
    double positiveRankSum = 0;
    size_t truePositives = 0, falsePositives = 0;
    for (size_t i = 0; i < n;) {
        const float score = scores[order[i]];
        size_t groupEnd = i;
        size_t groupPositives = 0;
        while (groupEnd < n && scores[order[groupEnd]] == score) {
            groupPositives += positive[order[groupEnd]] ? 1 : 0;
            ++groupEnd;
        }
        const size_t groupSize = groupEnd - i;
        const double averageRank = static_cast<double>(n - i) - static_cast<double>(groupSize - 1) / 2.0;
        positiveRankSum += static_cast<double>(groupPositives) * averageRank;

        truePositives += groupPositives;
        falsePositives += groupSize - groupPositives;
        curve.tpr.push_back(static_cast<double>(truePositives) / static_cast<double>(nPositive));
        curve.fpr.push_back(static_cast<double>(falsePositives) / static_cast<double>(nNegative));
        curve.thresholds.push_back(score);
        i = groupEnd;
    }

    const auto p = static_cast<double>(nPositive);
    const double u = positiveRankSum - p * (p + 1.0) / 2.0;
    curve.auc = u / (p * static_cast<double>(nNegative));
    return curve;
}

// --- Metrics serialisation ----------------------------------------------------------------------------

QJsonObject Metrics::toJson() const
{
    QJsonObject perClassJson;
    for (int c = 0; c < classes.size(); ++c) {
        const ClassMetrics cm =
            static_cast<size_t>(c) < perClass.size() ? perClass[static_cast<size_t>(c)] : ClassMetrics{};
        perClassJson.insert(classes[c], QJsonObject{
                                            {QStringLiteral("precision"), jsonNumber(cm.precision)},
                                            {QStringLiteral("recall"), jsonNumber(cm.recall)},
                                            {QStringLiteral("f1"), jsonNumber(cm.f1)},
                                            {QStringLiteral("auroc"), jsonNumber(cm.auroc)},
                                            {QStringLiteral("support"), cm.support},
                                        });
    }
    QJsonArray confusionJson;
    for (const std::vector<int> &row : confusion) {
        QJsonArray rowJson;
        for (int count : row)
            rowJson.append(count);
        confusionJson.append(rowJson);
    }
    return QJsonObject{
        {QStringLiteral("classes"), QJsonArray::fromStringList(classes)},
        {QStringLiteral("n"), n},
        {QStringLiteral("accuracy"), jsonNumber(accuracy)},
        {QStringLiteral("macro_f1"), jsonNumber(macroF1)},
        {QStringLiteral("per_class"), perClassJson},
        {QStringLiteral("confusion"), confusionJson},
        {QStringLiteral("ece"), jsonNumber(ece)},
        {QStringLiteral("ece_if_calibrated"), jsonNumber(eceIfCalibrated)},
        {QStringLiteral("nll"), jsonNumber(nll)},
        {QStringLiteral("brier"), jsonNumber(brier)},
    };
}

Metrics Metrics::fromJson(const QJsonObject &json)
{
    Metrics m;
    const QJsonArray classesJson = json.value(QStringLiteral("classes")).toArray();
    for (const auto &name : classesJson)
        m.classes.append(name.toString());
    const auto k = static_cast<size_t>(m.classes.size());
    m.n = json.value(QStringLiteral("n")).toInt();
    m.accuracy = readDouble(json.value(QStringLiteral("accuracy")), 0.0);
    m.macroF1 = readDouble(json.value(QStringLiteral("macro_f1")), 0.0);
    m.ece = readDouble(json.value(QStringLiteral("ece")), 0.0);
    m.eceIfCalibrated = readDouble(json.value(QStringLiteral("ece_if_calibrated")), 0.0);
    m.nll = readDouble(json.value(QStringLiteral("nll")), 0.0);
    m.brier = readDouble(json.value(QStringLiteral("brier")), 0.0);

    const QJsonObject perClassJson = json.value(QStringLiteral("per_class")).toObject();
    m.perClass.resize(k);
    for (size_t c = 0; c < k; ++c) {
        const QJsonObject entry = perClassJson.value(m.classes[static_cast<int>(c)]).toObject();
        ClassMetrics &cm = m.perClass[c];
        cm.precision = readDouble(entry.value(QStringLiteral("precision")), cm.precision);
        cm.recall = readDouble(entry.value(QStringLiteral("recall")), cm.recall);
        cm.f1 = readDouble(entry.value(QStringLiteral("f1")), cm.f1);
        cm.auroc = readDouble(entry.value(QStringLiteral("auroc")), cm.auroc);
        cm.support = entry.value(QStringLiteral("support")).toInt(cm.support);
    }

    const QJsonArray confusionJson = json.value(QStringLiteral("confusion")).toArray();
    m.confusion.assign(k, std::vector<int>(k, 0));
    for (size_t r = 0; r < k && r < static_cast<size_t>(confusionJson.size()); ++r) {
        const QJsonArray rowJson = confusionJson.at(static_cast<qsizetype>(r)).toArray();
        for (size_t c = 0; c < k && c < static_cast<size_t>(rowJson.size()); ++c)
            m.confusion[r][c] = rowJson.at(static_cast<qsizetype>(c)).toInt();
    }
    return m;
}

QString Metrics::toText() const
{
    const QString corner = QStringLiteral("true \\ predicted");
    int nameWidth = static_cast<int>(corner.size());
    for (const QString &name : classes)
        nameWidth = std::max(nameWidth, static_cast<int>(name.size()));
    nameWidth += 2;
    constexpr int kNumberWidth = 10; // "precision" plus a space; fits 0.1234 and "n/a"

    QString text;
    // Metrics read from files older than the noise floor have none to show.
    const QString floor = eceIfCalibrated > 0
                              ? QStringLiteral(" (perfectly calibrated: ~%1)").arg(fixed(eceIfCalibrated, 0))
                              : QString();
    text +=
        QStringLiteral("n = %1   accuracy = %2   macro-F1 = %3   ECE = %4%5   NLL = %6   Brier = %7\n\n")
            .arg(n)
            .arg(fixed(accuracy, 0), fixed(macroF1, 0), fixed(ece, 0), floor, fixed(nll, 0), fixed(brier, 0));

    text += QStringLiteral("class").leftJustified(nameWidth) +
            QStringLiteral("precision").rightJustified(kNumberWidth) +
            QStringLiteral("recall").rightJustified(kNumberWidth) +
            QStringLiteral("F1").rightJustified(kNumberWidth) +
            QStringLiteral("AUROC").rightJustified(kNumberWidth) +
            QStringLiteral("support").rightJustified(kNumberWidth) + QLatin1Char('\n');
    for (int c = 0; c < classes.size() && static_cast<size_t>(c) < perClass.size(); ++c) {
        const ClassMetrics &cm = perClass[static_cast<size_t>(c)];
        text += classes[c].leftJustified(nameWidth) + fixed(cm.precision, kNumberWidth) +
                fixed(cm.recall, kNumberWidth) + fixed(cm.f1, kNumberWidth) + fixed(cm.auroc, kNumberWidth) +
                QString::number(cm.support).rightJustified(kNumberWidth) + QLatin1Char('\n');
    }

    text += QStringLiteral("\nconfusion matrix (rows = true class, columns = predicted)\n");
    std::vector<int> columnWidth;
    for (int c = 0; c < classes.size(); ++c) {
        int width = static_cast<int>(classes[c].size());
        for (const std::vector<int> &row : confusion) {
            if (static_cast<size_t>(c) < row.size())
                width =
                    std::max(width, static_cast<int>(QString::number(row[static_cast<size_t>(c)]).size()));
        }
        columnWidth.push_back(width + 2);
    }
    text += corner.leftJustified(nameWidth);
    for (int c = 0; c < classes.size(); ++c)
        text += classes[c].rightJustified(columnWidth[static_cast<size_t>(c)]);
    text += QLatin1Char('\n');
    for (size_t r = 0; r < confusion.size() && r < static_cast<size_t>(classes.size()); ++r) {
        text += classes[static_cast<int>(r)].leftJustified(nameWidth);
        for (size_t c = 0; c < confusion[r].size() && c < columnWidth.size(); ++c)
            text += QString::number(confusion[r][c]).rightJustified(columnWidth[c]);
        text += QLatin1Char('\n');
    }
    return text;
}

QString Metrics::toCsv() const
{
    QString csv = QStringLiteral("class,precision,recall,f1,auroc,support,accuracy,ece,nll,brier\n");
    double precisionSum = 0, recallSum = 0, aurocSum = 0;
    int aurocCount = 0;
    const size_t k = std::min(static_cast<size_t>(classes.size()), perClass.size());
    for (size_t c = 0; c < k; ++c) {
        const ClassMetrics &cm = perClass[c];
        csv += csvField(classes[static_cast<int>(c)]) + QLatin1Char(',') + csvNumber(cm.precision) +
               QLatin1Char(',') + csvNumber(cm.recall) + QLatin1Char(',') + csvNumber(cm.f1) +
               QLatin1Char(',') + csvNumber(cm.auroc) + QLatin1Char(',') + QString::number(cm.support) +
               QStringLiteral(",,,,\n");
        precisionSum += cm.precision;
        recallSum += cm.recall;
        if (std::isfinite(cm.auroc)) {
            aurocSum += cm.auroc;
            ++aurocCount;
        }
    }
    const double count = k > 0 ? static_cast<double>(k) : kNaN;
    csv += QStringLiteral("macro_avg,") + csvNumber(precisionSum / count) + QLatin1Char(',') +
           csvNumber(recallSum / count) + QLatin1Char(',') + csvNumber(macroF1) + QLatin1Char(',') +
           csvNumber(aurocCount > 0 ? aurocSum / aurocCount : kNaN) + QLatin1Char(',') + QString::number(n) +
           QLatin1Char(',') + csvNumber(accuracy) + QLatin1Char(',') + csvNumber(ece) + QLatin1Char(',') +
           csvNumber(nll) + QLatin1Char(',') + csvNumber(brier) + QLatin1Char('\n');
    return csv;
}

} // namespace chestlens
