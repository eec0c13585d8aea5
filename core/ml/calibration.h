#pragma once

// Softmax and temperature scaling (Guo et al. 2017): one scalar T > 0 divides every logit, fitted
// on held-out data to minimise the negative log-likelihood. It never changes the argmax, so
// accuracy and the confusion matrix are unaffected; only the confidences move.
//
// Plain C++17 + QtCore, no torch: the GUI can use it too. All functions are pure and reentrant.
// Invalid input (non-finite logits, rows of different lengths, labels outside [0, k), sizes that
// do not match, a temperature that is not a finite positive number) throws chestlens::Error with
// ErrorCode::InvalidArgument.

#include <QMetaType>

#include <vector>

namespace chestlens {

/// softmax(logits / temperature), computed in double with the maximum subtracted first, so logits
/// of +-1000 give exact 0s and 1s rather than NaN. Returns an empty vector for empty logits.
std::vector<float> softmax(const std::vector<float> &logits, double temperature = 1.0);

/// softmax() of every row.
std::vector<std::vector<float>> softmaxAll(const std::vector<std::vector<float>> &logits,
                                           double temperature = 1.0);

/// Undoes temperature scaling on probabilities: given p = softmax(z / T), returns softmax(z), the
/// probabilities before calibration. Since p_c is proportional to exp(z_c / T), p_c^T is
/// proportional to exp(z_c), so the result is p^T renormalised (computed in log space, in double).
/// For callers that kept the calibrated probabilities but not the logits (the evaluation view).
/// A probability of exactly 0 (underflow) stays 0. Returns an empty vector for an empty row.
/// @throws chestlens::Error (InvalidArgument) for a temperature that is not finite and positive,
///         or a row with a negative or non-finite entry or no positive one.
std::vector<float> undoTemperatureScaling(const std::vector<float> &calibrated, double temperature);

/// undoTemperatureScaling() of every row.
std::vector<std::vector<float>> undoTemperatureScalingAll(const std::vector<std::vector<float>> &calibrated,
                                                          double temperature);

/// Mean over rows of -ln softmax(logits / temperature)[label] (natural log), computed as
/// logsumexp - logit, so it is finite and exact for logits of any size. 0 for no rows.
double negativeLogLikelihood(const std::vector<std::vector<float>> &logits, const std::vector<int> &labels,
                             double temperature);

/// The result of fitTemperature(). "Before" is T = 1; ECE uses 15 bins as in Metrics.
struct TemperatureFit
{
    double temperature = 1.0; ///< divide logits by this; > 1 softens over-confident predictions
    double nllBefore = 0, nllAfter = 0;
    double eceBefore = 0, eceAfter = 0;
};

/// The T in [0.05, 20] that minimises negativeLogLikelihood(logits, labels, T).
///
/// Degenerate inputs give T = 1: no rows, one logit per row, or fewer than two distinct labels
/// (with one class present the NLL only rewards ever sharper confidence in it and the minimum sits
/// at the range limit, which says nothing about calibration).
/// The result is never worse than T = 1: if the search does not lower the NLL, T stays 1, so
/// nllAfter <= nllBefore always holds.
TemperatureFit fitTemperature(const std::vector<std::vector<float>> &logits, const std::vector<int> &labels);

} // namespace chestlens

Q_DECLARE_METATYPE(chestlens::TemperatureFit)
