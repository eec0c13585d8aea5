#pragma once

// Tiny ChestLens models whose behaviour is known by construction, and synthetic films to go with
// them, for the Grad-CAM, worker and CLI tests (no trained model, no shared data needed).

#include "core/film/film.h"
#include "core/ml/models_p.h"
#include "core/ml/preprocess.h"

#include <QImage>
#include <QMargins>
#include <QPoint>
#include <QSize>
#include <QString>
#include <QStringList>

#include <vector>

namespace chestlens::test {

/// A two-class network ("seed" or "resnet", `imageSize` px input) with hand-set weights:
/// channel 0 of every block carries ReLU(local mean of the normalised input - 0.5), i.e. only
/// bright blobs (grey >= ~190 on the 60..100 background of makeSyntheticFilm()), channel 1 carries
/// ReLU(-local mean - 1.3), i.e. only dark blobs (grey <= ~40); all other weights are 0 and batch
/// norm is the identity. Logit 0 ("bright") sums channel 0 over the image, logit 1 ("dark")
/// channel 1. So the Grad-CAM of class 0 is the bright blob's footprint and that of class 1 the
/// dark blob's, at any layer. All kernels are symmetric, so a resnet cell j is centred on input
/// pixel stride * j and a seed cell on stride * j + (stride - 1) / 2.
ml::ChestNet makeBlobNetwork(const QString &arch, int imageSize, int resnetWidth = 4);
ml::ArchitectureSpec blobSpec(const QString &arch, int imageSize, int resnetWidth = 4);
QStringList blobClasses(); ///< {"bright", "dark"}
/// Border trim on, equalisation off (equalising spreads the noisy background over the whole grey
/// range and would make the thresholds above meaningless; it is a per-pixel intensity map and
/// cannot move anything, so alignment tests lose nothing).
PreprocessOptions blobPreprocessing(int imageSize);

/// Writes a model file the way the trainer does (metadata: classes, architecture, preprocessing,
/// temperature). @throws chestlens::Error when the file cannot be written.
void writeModel(const QString &path, ml::ChestNetImpl &net, const ml::ArchitectureSpec &spec,
                const QStringList &classes, const PreprocessOptions &prep, double temperature = 1.0);
/// makeBlobNetwork() written to `path` with blobClasses() and blobPreprocessing().
void writeBlobModel(const QString &path, const QString &arch, int imageSize = 128);
/// An untrained network from createNetwork() (random weights) written to `path`, 4 classes.
void writeRandomModel(const QString &path, const QString &arch, int imageSize = 64, int width = 8);

struct Blob
{
    QPointF centre; ///< source pixels
    double radius;
    int value; ///< grey level inside the disc
};

struct SyntheticFilmSpec
{
    QSize size{300, 200};
    QMargins border; ///< flat black bands (border trim removes them)
    std::vector<Blob> blobs;
    quint32 seed = 7; ///< of the background noise
};

/// Format_Grayscale8: border bands of 0, a content area of uniform noise in [60, 100] (every row
/// and column varies, so trim stops exactly at the border), and the blobs drawn over it.
QImage makeSyntheticFilm(const SyntheticFilmSpec &spec);
/// The image as an 8-bit Film, as loadFilm() would return it for a PNG.
Film filmFromImage(const QImage &grey8, const QString &path = QStringLiteral("synthetic.png"));

/// Centroid (x, y) of a heat map (width x height values), weighting each pixel by its value.
QPointF heatCentroid(const std::vector<float> &heat, int width, int height);

} // namespace chestlens::test
