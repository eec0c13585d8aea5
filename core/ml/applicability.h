#pragma once

#include "core/film/film.h"

#include <QJsonObject>
#include <QString>

#include <limits>

namespace chestlens {

/// Whether the model may judge a film at all, and in plain words why not. Two checks feed it:
/// the DICOM header (modality, body part, view, frames; headerApplicability()) and the pixels
/// (how far the network's pooled features lie from those of its training films, when the model
/// file carries the statistics; see docs/APPLICABILITY.md).
struct Applicability
{
    enum class Reason {
        None,            ///< applicable
        Modality,        ///< DICOM modality other than CR, DX or RG
        BodyPart,        ///< DICOM body part examined present and not the chest
        LateralView,     ///< DICOM view position lateral
        MultiFrame,      ///< a stack of frames (CT/MR series, cine)
        NoLungFields,    ///< the lung network found fewer than two lung fields
        FarFromTraining, ///< the pixel check: unlike every film the model was trained on
    };

    bool applicable = true;
    Reason reason = Reason::None;
    QString explanation; ///< plain words ("CT image", "lateral view"); empty when applicable
    /// Pixel check: the film's distance from the training films and the largest accepted one.
    /// NaN when the model carries no statistics (the check did not run).
    double score = std::numeric_limits<double>::quiet_NaN();
    double threshold = std::numeric_limits<double>::quiet_NaN();

    bool pixelChecked() const { return score == score; }
    /// Stable identifier for JSON and CSV: "modality", "body-part", "lateral-view", "multi-frame",
    /// "no-lung-fields", "far-from-training"; empty when applicable.
    QString reasonCode() const;
    /// The sentence a viewer or report shows: "This does not look like a frontal chest
    /// radiograph: CT image". Empty when applicable.
    QString sentence() const;
    /// {"reason": code or null, "explanation", "score", "threshold"} (numbers null when unchecked).
    QJsonObject toJson() const;

    /// The pixel verdict marked inapplicable for `distance` above `limit`.
    static Applicability fromDistance(double distance, double limit);
    /// A refusal from the film (header, lung fields) wins over the pixel verdict; the pixel score
    /// is kept either way.
    static Applicability combine(const Applicability &film, const Applicability &pixels);
    /// Refused for `fields` lung fields found (fewer than two).
    static Applicability noLungFields(int fields);
};

/// The header half of the check (torch-free): refuses DICOM films whose modality is not
/// radiography (CR, DX, RG), whose Body Part Examined (0018,0015) names another region, whose
/// View Position (0018,5101) is lateral, or which hold several frames. Raster files have no
/// header and pass.
Applicability headerApplicability(const FilmMetadata &meta);

} // namespace chestlens
