#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>

namespace chestlens {

/// Training a lung segmentation model on a masks folder:
///
///   DIR/images/NAME.png   a frontal chest film (any format loadFilm() reads)
///   DIR/masks/NAME.png    its lung fields, same size, non-zero inside either lung
///
/// The file-name prefix before the first '_' names the dataset ("jsrt_JPCLN001.png" -> "jsrt"),
/// which leave-one-dataset-out validation holds out.
struct LungTrainOptions
{
    QString dataDir;
    QString outPath;
    /// Datasets (file-name prefixes) held out of training and validated on; empty: a random
    /// `valShare` of the films.
    QStringList holdOut;
    double valShare = 0.1;
    int imageSize = 128; ///< network input side, a multiple of 32
    int epochs = 12;
    int batchSize = 16;
    double lr = 1e-3; ///< AdamW, cosine decay to zero
    quint64 seed = 42;
    int threads = 0; ///< 0 = all cores
    QString name;    ///< model name; empty: one is made up from the options
};

/// Dice coefficients of one dataset, at the masks' own resolution.
struct LungDice
{
    QString dataset;
    int n = 0;
    double median = 0, p5 = 0, mean = 0, min = 0;
    QJsonObject toJson() const;
};

struct LungTrainResult
{
    int trainImages = 0;
    int valImages = 0;
    int epochs = 0;
    double seconds = 0;
    double imagesPerSecond = 0;
    QList<LungDice> validation; ///< per dataset of the validation films
};

/// Trains from the bundled ImageNet MobileNetV2 encoder and writes the model atomically.
/// @throws chestlens::Error: InvalidArgument (no pairs, bad options, a hold-out naming no dataset),
/// file errors naming the film or mask, Cancelled.
LungTrainResult trainLungModel(const LungTrainOptions &options,
                               const std::function<void(const QString &)> &log = {},
                               const std::atomic<bool> *cancel = nullptr);

/// Dice per dataset of a lung model on a masks folder (every pair, or those of `datasets`).
/// `perFilm`, when given, receives "NAME dice" lines.
QList<LungDice> evaluateLungModel(const QString &modelPath, const QString &dataDir,
                                  const QStringList &datasets = {}, QStringList *perFilm = nullptr);

} // namespace chestlens
