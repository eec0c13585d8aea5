#pragma once

#include "core/film/display.h"
#include "core/film/film.h"
#include "core/ml/classifier.h"
#include "core/ml/gradcam.h"
#include "core/ml/modelinfo.h"

#include <QImage>
#include <QMetaType>
#include <QRect>
#include <QString>
#include <QStringList>

#include <vector>

namespace chestlens {

// CamMethod and ExplainSettings are defined in core/ml/gradcam.h (the CAM code uses them too).

/// A film as the viewer shows it: metadata plus the display-pipeline rendering (8-bit grey at the
/// film's full resolution) for the current window. Patient fields travel separately and are
/// shown only when the user opts in.
struct FilmView
{
    quint64 requestId = 0;
    QString path;
    FilmMetadata meta;
    PatientInfo patient;
    DisplayWindow window;
    QImage image; ///< Format_Grayscale8, meta.width x meta.height
};

/// A heatmap at the film's full resolution, aligned pixel for pixel with FilmView::image.
struct Explanation
{
    quint64 requestId = 0;
    QString path;
    ExplainSettings settings; ///< with classIndex and layer resolved
    QString className;
    QImage heat;                  ///< Format_Grayscale8, film size, 0..255 = normalised relevance 0..1
    double inChestFraction = 0.0; ///< share of the heat inside the central chest region
    QRect crop;                   ///< film region the model saw (after border trim); heat is 0 outside
};

/// A prediction for a film, tagged with the request that produced it.
struct PredictionResult
{
    quint64 requestId = 0;
    QString path;
    Prediction prediction;
};

} // namespace chestlens

Q_DECLARE_METATYPE(chestlens::ExplainSettings)
Q_DECLARE_METATYPE(chestlens::FilmView)
Q_DECLARE_METATYPE(chestlens::Explanation)
Q_DECLARE_METATYPE(chestlens::PredictionResult)
Q_DECLARE_METATYPE(chestlens::ModelInfo)
