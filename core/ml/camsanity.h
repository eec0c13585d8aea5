#pragma once

// Sanity checks that tell whether a heatmap deserves trust:
//
//  * The model-randomisation test (Adebayo et al., "Sanity Checks for Saliency Maps", NeurIPS
//    2018): an explanation that barely changes when the network's weights are replaced by random
//    ones explains the image (edges, brightness), not the model. The weights are re-initialised
//    top-down (output layer first, then one block after another towards the input: "cascading")
//    and the map after each step is compared with the original by rank correlation.
//
//  * The in-chest heat fraction: the share of the heat that lies inside the central chest region
//    (defined below). Heat on borders, corners and burnt-in labels is a classic shortcut; sorting
//    a folder by this score finds such films quickly.
//
// Torch-free header.

#include "core/ml/classifier.h"
#include "core/ml/gradcam.h"
#include "core/ml/preprocess.h"

#include <QImage>
#include <QRect>
#include <QString>
#include <QStringList>

#include <vector>

namespace chestlens {

/// The central chest region of a film, in source pixels. With the content crop (the part of the
/// film left after border trim, InputGeometry::crop) of centre (cx, cy) and size w x h, a pixel
/// whose centre is (x, y) is inside when
///
///     |(x - cx) / (0.42 w)|^4 + |(y - cy) / (0.44 h)|^4 <= 1,
///
/// a superellipse ("squircle") spanning the middle 84 % of the crop's width and 88 % of its
/// height. On a PA/AP film it holds both lung fields with the apices and the costophrenic angles,
/// the mediastinum and the heart, and leaves out the borders and the corners, where side markers,
/// labels and rulers usually sit. It covers about 68.5 % of the crop, so heat spread evenly over
/// the film scores about 0.68; heat on a corner label scores near 0.
struct ChestRegion
{
    static constexpr double kHalfWidth = 0.42;  ///< semi-axis, fraction of the crop width
    static constexpr double kHalfHeight = 0.44; ///< semi-axis, fraction of the crop height
    static constexpr double kExponent = 4.0;    ///< 2 = ellipse; 4 keeps the lung apices, cuts corners

    /// True when source pixel (x, y) is inside the region of `crop`.
    static bool contains(const QRect &crop, int x, int y);
    /// Inclusive x range [first, last] of row y inside the region; first > last when the row
    /// misses it.
    static void rowSpan(const QRect &crop, int y, int &first, int &last);
};

/// Share of the heat (sum of values) inside ChestRegion of `crop`; 0 for a map without heat.
/// `heat` has width * height values (CamMap::heat).
double inChestFraction(const std::vector<float> &heat, int width, int height, const QRect &crop);
/// The same for an 8-bit heat image (Explanation::heat) of the film's size.
double inChestFraction(const QImage &heat8, const QRect &crop);
/// The same for a map on the model's `size` x `size` input grid (row-major), measured against the
/// chest region of the film's whole chest frame (InputGeometry::chestFrame(), as the viewer and
/// the report measure) but at the input's pixel scale: the frame is laid out around the input
/// square, with no heat outside it, instead of resampling the map to the film's resolution. For a
/// stretched film (frame = crop) this is inChestFraction(map, size, size, {0, 0, size, size}).
double inChestFractionOnInput(const std::vector<float> &map, int size, const InputGeometry &geometry);

/// Spearman's rank correlation (ties get their average rank). 0 when either input is constant
/// (a map without any heat agrees with nothing). @throws chestlens::Error (InvalidArgument) when
/// the sizes differ.
double spearmanCorrelation(const std::vector<float> &a, const std::vector<float> &b);
/// Pearson's correlation; 0 when either input is constant. @throws like spearmanCorrelation().
double pearsonCorrelation(const std::vector<float> &a, const std::vector<float> &b);

struct RandomisationOptions
{
    quint64 seed = 20180101; ///< of the random weights; same seed, same report
    bool cascade = true;     ///< also report every top-down step, not only the fully random net
    /// The test passes when the fully randomised map's Spearman correlation with the original is
    /// below this. Adebayo et al. report rank correlations near 0 for methods that pass and near
    /// 1 for those that do not; 0.5 leaves room for the shared image structure in both maps.
    double maxRandomisedSpearman = 0.5;
};

/// The maps compared after one randomisation step.
struct RandomisationStep
{
    QStringList randomised; ///< modules with random weights, output side first ("fc", "block4"…)
    double spearman = 0.0;  ///< with the original map, on the model-input grid
    double pearson = 0.0;
};

struct RandomisationReport
{
    ExplainSettings settings; ///< resolved (layer, class)
    QString className;
    std::vector<RandomisationStep> cascade; ///< top-down, cumulative; empty without options.cascade
    RandomisationStep full;                 ///< every weight random
    double maxRandomisedSpearman = 0.5;
    bool passed = false; ///< full.spearman < maxRandomisedSpearman

    /// One line per step, e.g. "fc, block4: spearman 0.12, pearson 0.20".
    QString summary() const;
};

/// Runs the model-randomisation test for `image` (prepared with the classifier's preprocessing).
/// The classifier's own weights are not touched: a copy is randomised. New weights: Kaiming-normal
/// (std sqrt(2 / fan-in)) for every weight matrix/kernel from a generator seeded with
/// options.seed; biases 0; batch-norm scale 1, shift 0, running mean 0, running variance 1 —
/// i.e. a freshly initialised network. Maps are compared on the S x S model-input grid (the source
/// film's map is a stretch of it and adds nothing). Call from the thread owning the classifier.
/// @throws chestlens::Error like explainPrepared().
RandomisationReport randomisationTest(const Classifier &classifier, const PreparedImage &image,
                                      const ExplainSettings &settings,
                                      const RandomisationOptions &options = {});

} // namespace chestlens
