#include "core/ml/applicability.h"

#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QStringList>

#include <algorithm>

namespace chestlens {

namespace {

/// Radiography: Computed Radiography, Digital Radiography and Radiographic imaging (PS3.3
/// C.7.3.1.1.1 defined terms). Everything else (CT, MR, US, NM, OT, SC, XA, MG…) is refused.
const QStringList kRadiography = {QStringLiteral("CR"), QStringLiteral("DX"), QStringLiteral("RG")};

/// Body Part Examined values that name the chest, matched as substrings of the upper-cased value:
/// the PS3.16 Annex L terms (CHEST, THORAX, LUNG) and spellings vendors use in other languages.
const QStringList kChestWords = {QStringLiteral("CHEST"), QStringLiteral("THORA"),  QStringLiteral("LUNG"),
                                 QStringLiteral("TORAX"), QStringLiteral("TORACE"), QStringLiteral("POUMON")};

/// View Position (0018,5101) defined terms for lateral projections (PS3.3 C.8.11.5.1.1) plus the
/// free-text spellings seen in practice.
const QStringList kLateralViews = {QStringLiteral("LL"),  QStringLiteral("RL"),   QStringLiteral("LATERAL"),
                                   QStringLiteral("LAT"), QStringLiteral("LLAT"), QStringLiteral("RLAT")};

Applicability refused(Applicability::Reason reason, const QString &explanation)
{
    Applicability a;
    a.applicable = false;
    a.reason = reason;
    a.explanation = explanation;
    return a;
}

QString modalityName(const QString &m)
{
    static const QList<QPair<QString, QString>> names = {
        {QStringLiteral("CT"), QStringLiteral("CT image")},
        {QStringLiteral("MR"), QStringLiteral("MR image")},
        {QStringLiteral("US"), QStringLiteral("ultrasound image")},
        {QStringLiteral("NM"), QStringLiteral("nuclear medicine image")},
        {QStringLiteral("PT"), QStringLiteral("PET image")},
        {QStringLiteral("MG"), QStringLiteral("mammogram")},
        {QStringLiteral("XA"), QStringLiteral("angiography image")},
        {QStringLiteral("SC"), QStringLiteral("secondary capture")},
        {QStringLiteral("OT"), QStringLiteral("image of modality OT (other)")}};
    for (const auto &[code, name] : names)
        if (code == m)
            return name;
    return QStringLiteral("image of modality %1").arg(m);
}

} // namespace

QString Applicability::reasonCode() const
{
    switch (reason) {
    case Reason::None:
        return {};
    case Reason::Modality:
        return QStringLiteral("modality");
    case Reason::BodyPart:
        return QStringLiteral("body-part");
    case Reason::LateralView:
        return QStringLiteral("lateral-view");
    case Reason::MultiFrame:
        return QStringLiteral("multi-frame");
    case Reason::NoLungFields:
        return QStringLiteral("no-lung-fields");
    case Reason::FarFromTraining:
        return QStringLiteral("far-from-training");
    }
    return {};
}

QString Applicability::sentence() const
{
    if (applicable)
        return {};
    return QStringLiteral("This does not look like a frontal chest radiograph: %1").arg(explanation);
}

QJsonObject Applicability::toJson() const
{
    auto number = [](double v) { return v == v ? QJsonValue(v) : QJsonValue(QJsonValue::Null); };
    return {{QStringLiteral("reason"), applicable ? QJsonValue(QJsonValue::Null) : QJsonValue(reasonCode())},
            {QStringLiteral("explanation"), explanation},
            {QStringLiteral("score"), number(score)},
            {QStringLiteral("threshold"), number(threshold)}};
}

Applicability Applicability::fromDistance(double distance, double limit)
{
    Applicability a =
        !(distance <= limit) // NaN is refused too
            ? refused(Reason::FarFromTraining, QStringLiteral("far from the films the model was trained on"))
            : Applicability();
    a.score = distance;
    a.threshold = limit;
    return a;
}

Applicability Applicability::noLungFields(int fields)
{
    if (fields >= 2)
        return refused(Reason::NoLungFields, QStringLiteral("the lung fields found lie on one side"));
    return refused(Reason::NoLungFields, fields == 0 ? QStringLiteral("no lung fields found")
                                                     : QStringLiteral("only one lung field found, not two"));
}

Applicability Applicability::combine(const Applicability &film, const Applicability &pixels)
{
    Applicability a = film.applicable ? pixels : film;
    a.score = pixels.score;
    a.threshold = pixels.threshold;
    return a;
}

Applicability headerApplicability(const FilmMetadata &meta)
{
    if (meta.format != QLatin1String("DICOM"))
        return {};
    const QString modality = meta.modality.trimmed().toUpper();
    if (!modality.isEmpty() && !kRadiography.contains(modality))
        return refused(Applicability::Reason::Modality, modalityName(modality));
    if (meta.frames > 1)
        return refused(Applicability::Reason::MultiFrame,
                       QStringLiteral("a stack of %1 frames, not a single radiograph").arg(meta.frames));
    const QString part = meta.bodyPart.trimmed().toUpper();
    // "THORACIC SPINE", "TSPINE": a spine film, whatever chest word its name holds.
    const bool chest = !part.contains(QLatin1String("SPINE")) &&
                       std::any_of(kChestWords.cbegin(), kChestWords.cend(),
                                   [&part](const QString &w) { return part.contains(w); });
    if (!part.isEmpty() && !chest)
        return refused(
            Applicability::Reason::BodyPart,
            QStringLiteral("body part examined is %1, not the chest").arg(meta.bodyPart.trimmed()));
    if (kLateralViews.contains(meta.viewPosition.trimmed().toUpper()))
        return refused(Applicability::Reason::LateralView, QStringLiteral("lateral view"));
    return {};
}

} // namespace chestlens
