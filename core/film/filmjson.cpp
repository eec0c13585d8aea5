#include "core/film/filmjson.h"

#include <QJsonArray>

namespace chestlens {

namespace {

QJsonValue spacingJson(const std::optional<QPair<double, double>> &s)
{
    if (!s)
        return QJsonValue::Null;
    return QJsonArray{s->first, s->second};
}

} // namespace

QJsonObject filmMetadataToJson(const Film &film, bool includePatient)
{
    const FilmMetadata &m = film.meta;
    QJsonObject o;
    o[QStringLiteral("file")] = m.sourcePath;
    o[QStringLiteral("format")] = m.format;
    o[QStringLiteral("width")] = m.width;
    o[QStringLiteral("height")] = m.height;
    o[QStringLiteral("bits_stored")] = m.bitsStored;
    o[QStringLiteral("bits_allocated")] = m.bitsAllocated;
    o[QStringLiteral("signed")] = m.isSigned;
    o[QStringLiteral("samples_per_pixel")] = m.samplesPerPixel;
    o[QStringLiteral("photometric_interpretation")] = m.photometric;
    o[QStringLiteral("modality")] = m.modality;
    o[QStringLiteral("transfer_syntax")] =
        m.transferSyntaxUid.isEmpty()
            ? QJsonValue(QJsonValue::Null)
            : QJsonValue(QJsonObject{{QStringLiteral("uid"), m.transferSyntaxUid},
                                     {QStringLiteral("name"), m.transferSyntaxName}});
    o[QStringLiteral("frames")] = m.frames;
    o[QStringLiteral("pixel_spacing")] = spacingJson(m.pixelSpacing);
    o[QStringLiteral("imager_pixel_spacing")] = spacingJson(m.imagerPixelSpacing);
    o[QStringLiteral("rescale")] = QJsonObject{{QStringLiteral("slope"), m.rescaleSlope},
                                               {QStringLiteral("intercept"), m.rescaleIntercept},
                                               {QStringLiteral("type"), m.rescaleType},
                                               {QStringLiteral("modality_lut"), m.hasModalityLut}};
    QJsonArray windows;
    for (const WindowPreset &w : m.windows)
        windows.append(QJsonObject{{QStringLiteral("centre"), w.centre},
                                   {QStringLiteral("width"), w.width},
                                   {QStringLiteral("explanation"), w.explanation}});
    o[QStringLiteral("windows")] = windows;
    if (m.voiLut)
        o[QStringLiteral("voi_lut")] =
            QJsonObject{{QStringLiteral("entries"), static_cast<int>(m.voiLut->table.size())},
                        {QStringLiteral("first_mapped"), m.voiLut->firstMapped},
                        {QStringLiteral("bits"), m.voiLut->bits},
                        {QStringLiteral("explanation"), m.voiLut->explanation}};
    else
        o[QStringLiteral("voi_lut")] = QJsonValue::Null;
    o[QStringLiteral("value_range")] = QJsonArray{m.minValue, m.maxValue};
    if (!m.bodyPart.isEmpty())
        o[QStringLiteral("body_part")] = m.bodyPart;
    if (!m.viewPosition.isEmpty())
        o[QStringLiteral("view_position")] = m.viewPosition;
    o[QStringLiteral("notes")] = QJsonArray::fromStringList(m.notes);
    if (includePatient) {
        QJsonObject p;
        for (const auto &[key, value] : film.patient.fields())
            p[key] = value;
        o[QStringLiteral("patient")] = p;
    }
    return o;
}

} // namespace chestlens
