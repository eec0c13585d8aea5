#pragma once

#include "core/film/film.h"
#include "core/ml/applicability.h"
#include "core/ml/modelinfo.h"
#include "core/ml/preprocess.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace chestlens {

/// One film's classification. Probabilities are calibrated (temperature-scaled) and sum to 1.
struct Prediction
{
    QStringList classes;
    std::vector<float> probabilities;
    std::vector<float> logits; ///< uncalibrated, identity view
    int top = -1;
    double topProbability = 0.0;
    /// Standard deviation of the top class's probability over the test-time-augmentation views
    /// (0 without TTA): how much small shifts and zooms change the answer.
    double ttaSpread = 0.0;
    int ttaViews = 1;
    bool uncertain = false;
    QString uncertaintyNote; ///< plain language, empty when confident
    /// Whether the model may judge this film at all. When it is not applicable the probabilities
    /// are still computed but mean nothing: every front-end shows the reason instead.
    Applicability applicability;

    QString topClass() const { return top >= 0 ? classes.value(top) : QString(); }
};

struct PredictOptions
{
    bool tta = false; ///< average over 5 shifted/zoomed views
    /// Below this top probability the prediction is flagged as uncertain.
    double minConfidence = 0.6;
    /// Above this TTA spread the prediction is flagged as unstable.
    double maxTtaSpread = 0.1;
};

/// A loaded ChestLens model ready for inference. Not thread-safe: use one instance per thread
/// (the inference worker owns one).
class Classifier
{
public:
    /// @throws chestlens::Error (FileNotFound, FileUnreadable, InvalidModel) naming the file.
    static std::unique_ptr<Classifier> load(const QString &path);
    ~Classifier();

    const ModelInfo &info() const;
    /// Names of the layers Grad-CAM can explain, input side first (the last is the default).
    QStringList camLayers() const;

    /// True when the model file carries the statistics of the pixel applicability check.
    bool hasPixelCheck() const;
    /// True when films are also checked for two lung fields: models with the pixel check use the
    /// bundled lung segmentation model (defaultLungModelPath()) when it is installed.
    bool hasLungCheck() const;
    /// The film half of the applicability check: its DICOM header, then its lung fields.
    Applicability checkFilm(const Film &film) const;

    /// Preprocesses with the model's own options and the film's default window. The
    /// applicability combines the film's header and its pixels.
    Prediction predict(const Film &film, const PredictOptions &options = {}) const;
    /// As predict() without the header: the applicability comes from the pixels alone (callers
    /// that hold the film combine it with headerApplicability()).
    Prediction predictPrepared(const PreparedImage &image, const PredictOptions &options = {}) const;
    PreparedImage prepare(const Film &film) const;

    struct Private;
    Private *d_func() const { return d.get(); }

private:
    Classifier();
    std::unique_ptr<Private> d;
};

} // namespace chestlens
