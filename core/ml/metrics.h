#pragma once

// Evaluation maths for a k-class classifier: confusion matrix, per-class precision/recall/F1,
// one-vs-rest ROC/AUROC, calibration (ECE, reliability diagram), NLL and Brier score.
//
// Plain C++17 + QtCore: no torch, no OpenCV, so the GUI evaluation view can use these structs and
// functions directly. All functions are pure and reentrant (safe to call from any thread); the
// structs are values that may be copied across threads.
//
// Conventions shared by every function here:
//  - `probs` holds n rows of k probabilities; each row must sum to 1 (within 1e-3, enough for
//    float32 softmax output, strict enough to catch logits passed by mistake);
//  - `labels[i]` is the true class of row i, in [0, k);
//  - the predicted class of a row is its argmax; ties go to the lowest class index;
//  - invalid input (size mismatches, labels out of range, NaN, rows that are not probabilities,
//    duplicate class names) throws chestlens::Error with ErrorCode::InvalidArgument.

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <vector>

namespace chestlens {

/// One class, one-vs-rest.
///
/// Zero-division convention (scikit-learn's `zero_division=0`): precision is 0 when the class is
/// never predicted, recall is 0 when the class never occurs, F1 is 0 when precision + recall = 0.
/// A score of 0 there is a deliberate penalty: a model that never predicts a class has failed on it.
struct ClassMetrics
{
    double precision = 0, recall = 0, f1 = 0;
    double auroc = 0; ///< NaN when undefined (the class has no positives or no negatives)
    int support = 0;  ///< number of rows whose true class is this one
};

/// A one-vs-rest ROC curve: one point per distinct score, from (0, 0) to (1, 1).
struct RocCurve
{
    std::vector<double> fpr, tpr; ///< same length; non-decreasing
    /// thresholds[i]: point i classifies "score >= thresholds[i]" as positive. Strictly decreasing;
    /// thresholds[0] is +infinity (nothing predicted positive, the (0, 0) point), the others are
    /// the distinct scores.
    std::vector<double> thresholds;
    double auc = 0; ///< NaN when undefined (then fpr, tpr and thresholds are empty)
};

/// One bin of a reliability diagram: the rows whose top-label confidence lies in (lower, upper]
/// (the first bin also takes a confidence of exactly 0).
struct ReliabilityBin
{
    double lower = 0, upper = 0;
    double meanConfidence = 0; ///< mean top-label probability of the rows in the bin; 0 if empty
    double accuracy = 0;       ///< fraction of those rows whose argmax is right; 0 if empty
    int count = 0;             ///< rows in the bin; skip bins with count 0 when drawing
};

/// Everything `evaluate` reports. Averages over zero rows (n = 0) are 0.
struct Metrics
{
    QStringList classes; ///< class names; also the order of perClass and of the confusion matrix
    int n = 0;           ///< number of rows evaluated
    double accuracy = 0;
    double macroF1 = 0; ///< unweighted mean of perClass[].f1 over all classes (zero-support ones too)
    double ece = 0;     ///< top-label expected calibration error, 15 equal-width bins
    /// The ECE a perfectly calibrated model with these confidences would measure on n rows
    /// (calibratedEceBaseline()): the sampling noise floor against which `ece` is read.
    double eceIfCalibrated = 0;
    double nll = 0;   ///< mean -ln p(true class), natural log; p floored at 1e-12
    double brier = 0; ///< mean over rows of sum_c (p_c - [c == label])^2, in [0, 2]
    std::vector<ClassMetrics> perClass;
    std::vector<std::vector<int>> confusion; ///< rows = true class, columns = predicted, classes order

    /// Exactly these keys:
    /// {"classes":[..], "n":N, "accuracy":a, "macro_f1":f,
    ///  "per_class":{"<class>":{"precision":p,"recall":r,"f1":f,"auroc":u,"support":s}, ..},
    ///  "confusion":[[..]..], "ece":e, "ece_if_calibrated":c, "nll":l, "brier":b}
    /// A NaN (undefined AUROC) is written as JSON null.
    QJsonObject toJson() const;
    /// Inverse of toJson(); null reads back as NaN. Never throws: a missing or mistyped value reads
    /// as its default, perClass always has classes.size() entries and the confusion matrix is
    /// always classes.size() square, so metrics stored in an older model file still load.
    static Metrics fromJson(const QJsonObject &json);
    /// A readable multi-line report for the CLI: summary line, per-class
    /// precision/recall/F1/AUROC/support table, confusion matrix labelled with class names.
    QString toText() const;
    /// RFC 4180 CSV, header `class,precision,recall,f1,auroc,support,accuracy,ece,nll,brier`, one
    /// row per class (accuracy..brier left empty), then a `macro_avg` row: macro-averaged
    /// precision/recall/F1, mean of the defined AUROCs, support = n, and accuracy, ECE, NLL, Brier.
    /// Undefined values are empty fields.
    QString toCsv() const;
};

/// All metrics at once. `classes` gives k; every row of `probs` must have k entries.
Metrics computeMetrics(const std::vector<std::vector<float>> &probs, const std::vector<int> &labels,
                       const QStringList &classes);

/// Top-label ECE (Guo et al. 2017, "On Calibration of Modern Neural Networks"):
/// sum over bins of (|B| / n) * |accuracy(B) - meanConfidence(B)| with `bins` equal-width bins
/// (lo, hi] of the top-label probability. 0 for no rows. Throws for bins < 1.
double expectedCalibrationError(const std::vector<std::vector<float>> &probs, const std::vector<int> &labels,
                                int bins = 15);

/// The expected ECE of a perfectly calibrated model with these top-label confidences: each row is
/// right with probability equal to its confidence, and the ECE of such outcomes is averaged over
/// `draws` Monte Carlo draws (fixed seed: same input, same result). Binned ECE is biased upwards
/// on finite samples; on 451 rows with confidences around 0.8 this floor is about 0.045, so a
/// measured ECE near it is consistent with perfect calibration. 0 for no rows. Throws for bins < 1
/// or draws < 1.
double calibratedEceBaseline(const std::vector<std::vector<float>> &probs, int bins = 15, int draws = 200);

/// The bins behind expectedCalibrationError(): always `bins` entries, edges b/bins, counts summing
/// to n. Throws for bins < 1.
std::vector<ReliabilityBin> reliabilityDiagram(const std::vector<std::vector<float>> &probs,
                                               const std::vector<int> &labels, int bins = 15);

/// One-vs-rest ROC curve of `scores` (higher = more positive) against `positive`.
/// Tied scores form one point (a diagonal segment), so the area is exact under ties:
/// auc equals the Mann-Whitney U statistic with average ranks for ties, divided by
/// (#positives * #negatives). Every distinct score is kept (no thinning of collinear points).
/// Without positives or without negatives the AUROC is undefined: auc is NaN and the curve empty.
/// Scores must be finite (probabilities or logits); NaN or infinity throws InvalidArgument.
RocCurve rocCurve(const std::vector<float> &scores, const std::vector<bool> &positive);

} // namespace chestlens

Q_DECLARE_METATYPE(chestlens::Metrics)
