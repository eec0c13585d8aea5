#pragma once

// Shortcut probes for a classifier on a labelled folder: does the model look at the
// chest, or at the hospital's markers, borders and corners?
//
//  * per-source metrics: a model that learned the source rather than the disease does well on
//    some sources and badly on others;
//  * masked-lung accuracy: every film is classified again with the central chest region
//    (ChestRegion, the region of the in-chest heat fraction) filled with the film's median grey
//    on the model input. Without the lungs, heart and mediastinum there is no disease left to see,
//    so an honest model falls to chance; one that stays far above chance reads something outside
//    the chest;
//  * heat inside the chest: the Grad-CAM heat fraction inside ChestRegion (inChestFraction) of
//    each film's predicted class, as a distribution;
//  * calibration: ECE with and without the model's temperature.
//
// Torch-free header; plain values that may cross threads.

#include "core/ml/metrics.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <atomic>
#include <functional>
#include <vector>

namespace chestlens {

class Classifier;
struct LabelledFolder;

/// Median, quartiles and the share below 0.5 of in-chest heat fractions.
struct HeatDistribution
{
    int n = 0;
    double median = 0, q1 = 0, q3 = 0; ///< linear interpolation between order statistics
    double mean = 0;
    double shareBelowHalf = 0; ///< fraction of films with less than half their heat in the chest

    /// {"n", "median", "q1", "q3", "mean", "share_below_0_5"}
    QJsonObject toJson() const;
    /// The distribution of `fractions` (all zeros for an empty list).
    static HeatDistribution of(std::vector<double> fractions);
};

struct AuditOptions
{
    int threads = 0; ///< CPU threads; 0 = all cores
    /// Compute Grad-CAM for every film (about one backward pass each; the slowest probe).
    bool heat = true;
    /// Masked accuracy above chance by more than this is read as "uses regions outside the chest".
    /// 0.15 is several standard errors of an accuracy on a few dozen films per class (SE of a
    /// proportion near 0.5 on 100 films is 0.05), and far below what a real shortcut gives.
    double shortcutMargin = 0.15;
    /// A model whose own accuracy is within this of chance tells nothing through masking.
    double minLeadOverChance = 0.1;
};

/// The audit of one model on one labelled folder.
struct AuditReport
{
    QString model; ///< path of the model file
    QString modelSha256;
    QString data;                     ///< root of the labelled folder
    QStringList classes;              ///< the model's classes
    Metrics metrics;                  ///< calibrated probabilities (the model's temperature)
    QMap<QString, Metrics> perSource; ///< by LabelledImage::source, when there are >= 2 sources
    double temperature = 1.0;         ///< the model's
    double eceUncalibrated = 0;       ///< ECE at temperature 1 (metrics.ece is after calibration)

    Metrics masked;            ///< the same films with ChestRegion filled with the median grey
    double chanceUniform = 0;  ///< 1 / number of classes
    double chanceMajority = 0; ///< share of the most frequent true class
    double chance() const { return std::max(chanceUniform, chanceMajority); }

    bool heatComputed = false;
    HeatDistribution heat;                           ///< all films, heat of the predicted class
    QMap<QString, HeatDistribution> heatByPredicted; ///< by predicted class name
    int filmsWithoutHeat = 0; ///< no positive evidence at the layer; left out of `heat`

    bool maskedAboveChance = false; ///< masked accuracy > chance + AuditOptions::shortcutMargin
    bool heatOutsideChest = false;  ///< median in-chest heat < 0.5
    bool shortcutSuspected = false; ///< either of the two
    QString verdict;                ///< one or two plain-language sentences
    QStringList failures;           ///< "file: cause" for films that could not be read
    /// "file: reason" for films the model may not judge (Applicability), left out of every probe
    QStringList inapplicable;

    /// Keys: model, model_sha256, data, classes, n, temperature, metrics (Metrics::toJson),
    /// ece_uncalibrated, ece_calibrated, per_source {source: Metrics::toJson} (only with >= 2
    /// sources), masked {accuracy, macro_f1, metrics}, chance {uniform, majority},
    /// heat_in_chest {overall: HeatDistribution, by_predicted_class {class: ...}, films_without_heat}
    /// (only when computed), masked_above_chance, heat_outside_chest, shortcut_suspected, verdict,
    /// skipped.
    QJsonObject toJson() const;
    /// A readable report for the CLI, ending with the verdict.
    QString toText() const;
};

/// Runs the probes of `classifier` on every readable film of `folder`. The folder's classes are
/// matched to the model's by name. `progress(done, total)` counts decoded films, then explained
/// films (total = 2 x films with heat, else films); it may be called from worker threads while
/// films are decoded. Call from the thread that owns `classifier`.
/// @throws chestlens::Error: InvalidArgument when the folder has a class the model does not know
///         or no film could be read; Cancelled when `cancel` is set.
AuditReport auditModel(const Classifier &classifier, const LabelledFolder &folder,
                       const AuditOptions &options = {}, const std::function<void(int, int)> &progress = {},
                       const std::atomic<bool> *cancel = nullptr);

/// Fills the central chest region (ChestRegion of the whole S x S input, which is exactly the
/// region of the film's content crop mapped onto the input) of an S x S 8-bit model input with
/// the median grey of the input. Returns the fill value. Exposed for tests.
int maskChestRegion(std::vector<unsigned char> &pixels, int size);

} // namespace chestlens
