#pragma once

// Class-activation maps (Grad-CAM family) for ChestLens classifiers. Torch-free header: the
// worker and the CLI use it; the computation lives in gradcam.cpp.

#include "core/film/film.h"
#include "core/ml/classifier.h"
#include "core/ml/preprocess.h"

#include <QImage>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace chestlens {

/// Grad-CAM family methods. A = the target layer's activations (C x h x w), G = d(logit_c)/dA.
enum class CamMethod {
    GradCam,         ///< Selvaraju et al. 2017: ReLU(sum_k mean_ij(G_k) A_k)
    GradCamPlusPlus, ///< Chattopadhay et al. 2018: pixel-weighted positive gradients (closed form)
    LayerCam,        ///< Jiang et al. 2021: ReLU(sum_k ReLU(G_k) * A_k), element-wise
};

/// "gradcam", "gradcam++", "layercam" (the CLI's --method values).
QString camMethodName(CamMethod method);
/// Inverse of camMethodName(); also accepts "grad-cam", "gradcampp", "layer-cam" (case-insensitive).
std::optional<CamMethod> camMethodFromName(const QString &name);
QStringList camMethodNames();
/// The method's published name for people to read: "Grad-CAM", "Grad-CAM++", "Layer-CAM" (the
/// viewer's method list and heatmap caption, the PDF report). Not translated: a proper name.
QString camMethodTitle(CamMethod method);

/// What to explain and how. Plain value; crosses threads.
struct ExplainSettings
{
    CamMethod method = CamMethod::GradCam;
    int classIndex = -1; ///< -1: the predicted class
    QString layer;       ///< empty: the last convolutional block
};

/// Wall-clock milliseconds spent in each stage of one explanation.
struct CamTimings
{
    double forward = 0;  ///< forward pass with the target layer's activations
    double backward = 0; ///< gradient of the class logit w.r.t. the activations + channel weighting
    double upsample = 0; ///< normalisation and mapping to the source film
};

/// Where the centres of a feature map's cells lie on the model input: cell j is centred on input
/// pixel offset + stride * j (same for rows and columns). It depends on the architecture: strided
/// 3x3 convolutions with padding 1 ("resnet") centre cell j on 2j per stage (offset 0), 2x2
/// max-pooling ("seed") on 2j + 0.5 per stage (offset (stride - 1) / 2). Ignoring this, as the
/// usual "resize the map to the input" does, shifts a resnet block4 map by half a cell.
struct FeatureGrid
{
    double stride = 1.0;
    double offset = 0.0;
};

/// A class-activation map for one film, at feature, model-input and source resolution.
struct CamMap
{
    ExplainSettings settings; ///< with classIndex and layer resolved
    QString className;
    std::vector<float> logits;        ///< of the same forward pass
    std::vector<float> probabilities; ///< calibrated (model temperature)
    int predicted = -1;               ///< argmax of the logits

    int featureWidth = 0, featureHeight = 0;
    FeatureGrid grid;
    /// The map at the layer's resolution, ReLU-ed and divided by its maximum: values in [0, 1].
    /// All zeros when the class has no positive evidence at this layer (rawMax == 0).
    std::vector<float> featureMap;
    double rawMax = 0.0; ///< maximum before normalisation

    InputGeometry geometry; ///< how the model input lies on the film
    /// The map on the source film, geometry.sourceWidth x geometry.sourceHeight, row-major, in
    /// [0, 1]; exactly 0 outside geometry.crop (the trimmed border, and with a centre-cropping model
    /// the sides of the film beyond the square: what the model never saw). Empty when
    /// the caller asked for the feature map only.
    std::vector<float> heat;

    CamTimings timings;

    int width() const { return geometry.sourceWidth; }
    int height() const { return geometry.sourceHeight; }
};

/// Explains `image` (prepared with the classifier's own preprocessing, e.g. Classifier::prepare())
/// for `settings.classIndex` (-1: the predicted class) at `settings.layer` (empty: the last entry
/// of Classifier::camLayers()). Runs the network in eval mode with gradients enabled; does not
/// touch parameter gradients. Not thread-safe, like Classifier: call from the thread owning it.
/// @throws chestlens::Error (InvalidArgument) for an unknown layer or a class index out of range.
CamMap explainPrepared(const Classifier &classifier, const PreparedImage &image,
                       const ExplainSettings &settings);

/// explainPrepared(classifier, classifier.prepare(film), settings).
CamMap explainFilm(const Classifier &classifier, const Film &film, const ExplainSettings &settings);

/// Bilinear resampling of a feature-level map onto the source film through `grid` and
/// `geometry` (crop, then stretch to S x S). Source pixel x in the crop is sampled at feature
/// coordinate ((x - crop.x + 0.5) * S / crop.width - 0.5 - offset) / stride (rows likewise),
/// clamped to the map's edges; pixels outside the crop are 0.
std::vector<float> mapToSource(const std::vector<float> &map, int mapWidth, int mapHeight,
                               const FeatureGrid &grid, const InputGeometry &geometry);

/// The same resampling onto the S x S model-input grid.
std::vector<float> mapToInput(const std::vector<float> &map, int mapWidth, int mapHeight,
                              const FeatureGrid &grid, int inputSize);

/// [0, 1] values as a Format_Grayscale8 image (0..255, rounded). `heat` has width * height values.
QImage heatToImage(const std::vector<float> &heat, int width, int height);

} // namespace chestlens
