#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QVector>

#include <cstdint>
#include <optional>
#include <vector>

namespace chestlens {

/// A DICOM VOI window preset (Window Center / Window Width, PS3.3 C.11.2), in modality units.
struct WindowPreset
{
    double centre = 0.0;
    double width = 1.0;
    QString explanation; ///< Window Center & Width Explanation, may be empty
};

/// A DICOM VOI LUT (PS3.3 C.11.2.1.1): maps modality values starting at `firstMapped` to
/// `table` entries of `bits` bits. Values below/above the table clamp to its ends.
struct VoiLut
{
    int firstMapped = 0;
    int bits = 16;
    std::vector<std::uint16_t> table;
    QString explanation;
};

/// Identifying patient/study attributes. Kept apart from FilmMetadata so that every consumer
/// (CLI output, reports, window titles) has to opt in explicitly to show them.
struct PatientInfo
{
    QString patientName;
    QString patientId;
    QString otherPatientIds;
    QString birthDate;
    QString sex;
    QString age;
    QString studyDate;
    QString studyTime;
    QString seriesDate;
    QString acquisitionDate;
    QString contentDate;
    QString accessionNumber;
    QString institutionName;
    QString institutionAddress;
    QString referringPhysician;
    QString performingPhysician;
    QString operatorsName;
    QString studyDescription;
    QString studyId;
    QString studyInstanceUid;
    QString seriesInstanceUid;
    QString sopInstanceUid;
    QString deviceSerialNumber;
    QString stationName;

    /// (DICOM keyword, value) pairs of the non-empty fields, in a fixed order.
    QList<QPair<QString, QString>> fields() const;
    bool isEmpty() const { return fields().isEmpty(); }
};

/// Everything ChestLens knows about a film besides its pixels and the patient.
struct FilmMetadata
{
    QString sourcePath;
    QString format; ///< "DICOM", "PNG", "JPEG", "TIFF", "BMP"
    int width = 0;
    int height = 0;
    int bitsStored = 8;
    int bitsAllocated = 8;
    bool isSigned = false;
    int samplesPerPixel = 1; ///< as stored; the film itself is always one grey channel
    QString photometric = QStringLiteral("MONOCHROME2"); ///< as stored in the file
    QString modality;                                    ///< DICOM Modality, empty for raster files
    QString transferSyntaxUid;
    QString transferSyntaxName;
    QString sopClassUid;
    QString bodyPart;
    QString viewPosition;
    int frames = 1;                                          ///< frames in the file; only the first is loaded
    std::optional<QPair<double, double>> pixelSpacing;       ///< (row, column) in mm
    std::optional<QPair<double, double>> imagerPixelSpacing; ///< (row, column) in mm
    double rescaleSlope = 1.0;
    double rescaleIntercept = 0.0;
    QString rescaleType;
    bool hasModalityLut = false; ///< a Modality LUT Sequence was applied instead of rescale
    QVector<WindowPreset> windows;
    std::optional<VoiLut> voiLut;
    QStringList notes;     ///< things the user should know (multi-frame, colour converted…)
    float minValue = 0.0f; ///< range of the modality values actually present
    float maxValue = 0.0f;

    /// True when display values must be inverted so that bone is white (MONOCHROME1).
    bool invertedPolarity() const { return photometric == QLatin1String("MONOCHROME1"); }
};

/// A decoded chest film: one grey channel of modality values (after the Modality LUT / rescale),
/// stored as float so that 8–16 bit data, signed data and fractional rescale lose nothing.
/// Row-major, `meta.width * meta.height` values.
struct Film
{
    FilmMetadata meta;
    PatientInfo patient;
    std::vector<float> pixels;

    bool isNull() const { return pixels.empty(); }
    int width() const { return meta.width; }
    int height() const { return meta.height; }
    float at(int x, int y) const { return pixels[static_cast<std::size_t>(y) * meta.width + x]; }
};

} // namespace chestlens
