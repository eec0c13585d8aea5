#include "core/ml/calibration.h"

#include "core/error.h"
#include "core/ml/metrics.h"

#include <QString>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace chestlens {

namespace {

// The temperature range searched by fitTemperature(). Below 0.05 or above 20 a "calibration" would
// only mean the validation set is degenerate (separable, or labels unrelated to the logits).
constexpr double kMinTemperature = 0.05;
constexpr double kMaxTemperature = 20.0;
// Golden-section stops when the bracket on log T is this narrow: T is then known to a relative
// 1e-6, far finer than the statistical uncertainty of any validation set (~30 iterations).
constexpr double kLogTemperatureTolerance = 1e-6;
// Same binning as Metrics::ece, so the numbers shown before/after calibration are comparable.
constexpr int kEceBins = 15;

[[noreturn]] void invalid(const QString &message)
{
    throw Error(ErrorCode::InvalidArgument, message);
}

void checkTemperature(double temperature)
{
    if (!std::isfinite(temperature) || temperature <= 0)
        invalid(QStringLiteral("calibration: the temperature must be a finite positive number, not %1")
                    .arg(temperature));
}

void checkFinite(const std::vector<float> &logits, size_t row)
{
    for (float z : logits) {
        if (!std::isfinite(z))
            invalid(QStringLiteral("calibration: row %1 holds the logit %2; logits must be finite "
                                   "(did training diverge?)")
                        .arg(row)
                        .arg(z));
    }
}

/// Checks sizes, equal row lengths, finiteness and the label range. Returns k (0 for no rows).
size_t validateLogits(const std::vector<std::vector<float>> &logits, const std::vector<int> &labels)
{
    if (logits.size() != labels.size())
        invalid(
            QStringLiteral("calibration: %1 logit rows but %2 labels").arg(logits.size()).arg(labels.size()));
    const size_t k = logits.empty() ? 0 : logits.front().size();
    for (size_t i = 0; i < logits.size(); ++i) {
        if (logits[i].size() != k || k == 0)
            invalid(QStringLiteral("calibration: row %1 has %2 logits, expected %3")
                        .arg(i)
                        .arg(logits[i].size())
                        .arg(k));
        checkFinite(logits[i], i);
        if (labels[i] < 0 || static_cast<size_t>(labels[i]) >= k)
            invalid(QStringLiteral("calibration: label %1 of row %2 is not a class index in [0, %3)")
                        .arg(labels[i])
                        .arg(i)
                        .arg(k));
    }
    return k;
}

/// negativeLogLikelihood() on input already validated.
double meanNll(const std::vector<std::vector<float>> &logits, const std::vector<int> &labels,
               double temperature)
{
    if (logits.empty())
        return 0.0;
    const double beta = 1.0 / temperature;
    double sum = 0;
    for (size_t i = 0; i < logits.size(); ++i) {
        const std::vector<float> &row = logits[i];
        const double maxLogit = *std::max_element(row.begin(), row.end());
        double expSum = 0;
        for (float z : row)
            expSum += std::exp(beta * (z - maxLogit));
        // -ln p_y = logsumexp(beta z) - beta z_y, with the maximum factored out of the logsumexp.
        sum += std::log(expSum) - beta * (row[static_cast<size_t>(labels[i])] - maxLogit);
    }
    return sum / static_cast<double>(logits.size());
}

} // namespace

std::vector<float> softmax(const std::vector<float> &logits, double temperature)
{
    checkTemperature(temperature);
    checkFinite(logits, 0);
    if (logits.empty())
        return {};
    // Subtracting the maximum keeps every exponent <= 0: no overflow, and the largest term is 1,
    // so the sum is >= 1 and the division is safe.
    const double maxLogit = *std::max_element(logits.begin(), logits.end());
    std::vector<double> e(logits.size());
    double sum = 0;
    for (size_t i = 0; i < logits.size(); ++i) {
        e[i] = std::exp((logits[i] - maxLogit) / temperature);
        sum += e[i];
    }
    std::vector<float> p(logits.size());
    for (size_t i = 0; i < logits.size(); ++i)
        p[i] = static_cast<float>(e[i] / sum);
    return p;
}

std::vector<std::vector<float>> softmaxAll(const std::vector<std::vector<float>> &logits, double temperature)
{
    std::vector<std::vector<float>> probs;
    probs.reserve(logits.size());
    for (const std::vector<float> &row : logits)
        probs.push_back(softmax(row, temperature));
    return probs;
}

std::vector<float> undoTemperatureScaling(const std::vector<float> &calibrated, double temperature)
{
    checkTemperature(temperature);
    if (calibrated.empty())
        return {};
    // ln p_c = z_c / T - const, so T * ln p_c = z_c - T * const: logits up to a shift, which the
    // softmax below removes. Zeros give -infinity and stay 0.
    std::vector<double> logP(calibrated.size());
    double maxLog = -std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < calibrated.size(); ++i) {
        const float p = calibrated[i];
        if (!std::isfinite(p) || p < 0)
            invalid(QStringLiteral("calibration: probability %1 at index %2 is not a finite number >= 0")
                        .arg(p)
                        .arg(i));
        logP[i] =
            p > 0 ? temperature * std::log(static_cast<double>(p)) : -std::numeric_limits<double>::infinity();
        maxLog = std::max(maxLog, logP[i]);
    }
    if (!std::isfinite(maxLog))
        invalid(QStringLiteral("calibration: a probability row of zeros cannot be uncalibrated"));
    double sum = 0;
    for (double &v : logP) {
        v = std::exp(v - maxLog); // the largest term is 1, so sum >= 1
        sum += v;
    }
    std::vector<float> p(calibrated.size());
    for (size_t i = 0; i < p.size(); ++i)
        p[i] = static_cast<float>(logP[i] / sum);
    return p;
}

std::vector<std::vector<float>> undoTemperatureScalingAll(const std::vector<std::vector<float>> &calibrated,
                                                          double temperature)
{
    std::vector<std::vector<float>> probs;
    probs.reserve(calibrated.size());
    for (const std::vector<float> &row : calibrated)
        probs.push_back(undoTemperatureScaling(row, temperature));
    return probs;
}

double negativeLogLikelihood(const std::vector<std::vector<float>> &logits, const std::vector<int> &labels,
                             double temperature)
{
    checkTemperature(temperature);
    validateLogits(logits, labels);
    return meanNll(logits, labels, temperature);
}

TemperatureFit fitTemperature(const std::vector<std::vector<float>> &logits, const std::vector<int> &labels)
{
    const size_t k = validateLogits(logits, labels);

    TemperatureFit fit;
    fit.nllBefore = meanNll(logits, labels, 1.0);
    fit.eceBefore = expectedCalibrationError(softmaxAll(logits, 1.0), labels, kEceBins);
    fit.nllAfter = fit.nllBefore;
    fit.eceAfter = fit.eceBefore;

    const std::set<int> distinctLabels(labels.begin(), labels.end());
    if (logits.empty() || k < 2 || distinctLabels.size() < 2)
        return fit;

    // Why golden-section search is safe here: with beta = 1/T,
    //   NLL(beta) = mean_i [ logsumexp_c(beta * z_ic) - beta * z_iy ]
    // is a log-sum-exp of functions linear in beta minus a linear function, hence convex in beta.
    // A convex function of one variable is unimodal, and u = log T = -log(beta) is a monotone
    // change of variable, which preserves unimodality (not convexity). Golden-section search finds
    // the minimum of a unimodal function on a bracket without derivatives; where NLL is flat
    // (identical logits within every row) the flat part is the minimum level, so any point there is
    // right. Searching on log T gives the same relative precision at T = 0.05 as at T = 20.
    const double invPhi = (std::sqrt(5.0) - 1.0) / 2.0; // 1/phi = 0.618...
    double a = std::log(kMinTemperature), b = std::log(kMaxTemperature);
    double c = b - invPhi * (b - a), d = a + invPhi * (b - a);
    double fc = meanNll(logits, labels, std::exp(c)), fd = meanNll(logits, labels, std::exp(d));
    while (b - a > kLogTemperatureTolerance) {
        if (fc <= fd) { // the minimum lies in [a, d]
            b = d;
            d = c;
            fd = fc;
            c = b - invPhi * (b - a);
            fc = meanNll(logits, labels, std::exp(c));
        } else { // the minimum lies in [c, b]
            a = c;
            c = d;
            fc = fd;
            d = a + invPhi * (b - a);
            fd = meanNll(logits, labels, std::exp(d));
        }
    }
    const double temperature = std::exp((a + b) / 2.0);
    const double nll = meanNll(logits, labels, temperature);

    // The guarantee callers rely on: calibration never makes the NLL worse than leaving T = 1.
    if (nll < fit.nllBefore) {
        fit.temperature = temperature;
        fit.nllAfter = nll;
        fit.eceAfter = expectedCalibrationError(softmaxAll(logits, temperature), labels, kEceBins);
    }
    return fit;
}

} // namespace chestlens
