#pragma once

// What a report shows about one film, and the options of a report. Plain values (QImage, small
// structs): they cross threads and need no torch, OpenCV or DCMTK.

#include "core/colormap.h"
#include "core/film/display.h"
#include "core/film/film.h"
#include "core/ml/classifier.h"
#include "core/ml/gradcam.h"

#include <QImage>
#include <QString>

#include <optional>

namespace chestlens {

/// Paper size of a report.
enum class ReportPageSize { A4, Letter };

/// "A4", "Letter".
QString reportPageSizeName(ReportPageSize size);
/// Inverse of reportPageSizeName(), case-insensitive.
std::optional<ReportPageSize> reportPageSizeFromName(const QString &name);

/// How a report is made. Defaults give the CLI's behaviour: the film's default window, Grad-CAM of
/// the predicted class at the last block, turbo at 40 % opacity, A4, file names shown, no patient
/// fields.
struct ReportOptions
{
    // --- analysis -------------------------------------------------------------------------------
    ExplainSettings explain; ///< method, class (-1: predicted), layer (empty: last)
    Colormap colormap = Colormap::Turbo;
    double opacity = 0.4;   ///< of the heatmap over the film, 0..1
    double threshold = 0.0; ///< heat below this fraction of the maximum is hidden
    PredictOptions predict; ///< TTA and the confidence threshold of the uncertainty note
    /// The window the film is shown with (the viewer's current one); empty: defaultWindow(film).
    /// Applies to every film of a batch.
    std::optional<DisplayWindow> window;
    /// Films are scaled down to at most this many pixels on their long side before they go into the
    /// PDF: about 330 dpi at the printed size (92 mm), so nothing visible is lost, and a batch of
    /// 4-megapixel films does not make a PDF of hundreds of megabytes.
    int maxImageSide = 1200;

    // --- document -------------------------------------------------------------------------------
    ReportPageSize pageSize = ReportPageSize::A4;
    /// De-identify (see core/report/deidentify.h): no patient/study field, film labels "Film N"
    /// instead of file names, folder names left out, known identifying values scrubbed from the note
    /// and from error messages, PDF metadata without any of them. Wins over includePatient.
    bool anonymize = false;
    /// Show the DICOM patient/study fields (names, IDs, dates, institution…) in the page header.
    /// Off unless the user asks; ignored when anonymize is set.
    bool includePatient = false;
    /// The reader's findings, printed in the findings box (of the single film page, or of the
    /// summary page of a batch). May be empty.
    QString note;
};

/// The colour legend of an overlay: what was explained and how it is coloured.
struct ReportLegend
{
    CamMethod method = CamMethod::GradCam;
    QString classExplained;
    QString layer;
    Colormap colormap = Colormap::Turbo;
    double opacity = 0.4;
};

/// Everything a report page shows about one film.
struct ReportData
{
    QString filePath;   ///< as given; never printed when the report is anonymised
    QString fileSha256; ///< of the file's bytes, hex; lets the holder of the files re-link a page
    QString format;     ///< "DICOM", "PNG"…
    int width = 0;      ///< of the film as stored, pixels
    int height = 0;
    QString modality;     ///< DICOM Modality, empty for raster files
    QString viewPosition; ///< DICOM View Position (PA, AP, LL…), may be empty
    PatientInfo patient;  ///< identifying fields; printed only with includePatient, never anonymised

    QImage film;        ///< Format_Grayscale8, windowed as displayed, at most maxImageSide
    QString windowName; ///< DisplayWindow::name of the window used
    QImage overlay;     ///< Format_RGB32, film with the heatmap blended over it, same size as film
    ReportLegend legend;

    Prediction prediction;        ///< calibrated, as Classifier::predict() gives it
    double inChestFraction = 0.0; ///< share of the heat inside the central chest region (camsanity.h)
};

/// Loads `file`, renders it with options.window (else its default window), predicts it, explains
/// options.explain with Grad-CAM and blends the heatmap over the film: what `predict` and `explain`
/// print for the same model and film. Call from the thread that owns `classifier`.
/// @throws chestlens::Error naming `file` (unreadable film, unknown layer or class…).
ReportData collectReportData(const Classifier &classifier, const QString &file,
                             const ReportOptions &options = {});

} // namespace chestlens
