#include "core/film/film.h"

namespace chestlens {

QList<QPair<QString, QString>> PatientInfo::fields() const
{
    const QList<QPair<QString, const QString *>> all = {
        {QStringLiteral("PatientName"), &patientName},
        {QStringLiteral("PatientID"), &patientId},
        {QStringLiteral("OtherPatientIDs"), &otherPatientIds},
        {QStringLiteral("PatientBirthDate"), &birthDate},
        {QStringLiteral("PatientSex"), &sex},
        {QStringLiteral("PatientAge"), &age},
        {QStringLiteral("StudyDate"), &studyDate},
        {QStringLiteral("StudyTime"), &studyTime},
        {QStringLiteral("SeriesDate"), &seriesDate},
        {QStringLiteral("AcquisitionDate"), &acquisitionDate},
        {QStringLiteral("ContentDate"), &contentDate},
        {QStringLiteral("AccessionNumber"), &accessionNumber},
        {QStringLiteral("InstitutionName"), &institutionName},
        {QStringLiteral("InstitutionAddress"), &institutionAddress},
        {QStringLiteral("ReferringPhysicianName"), &referringPhysician},
        {QStringLiteral("PerformingPhysicianName"), &performingPhysician},
        {QStringLiteral("OperatorsName"), &operatorsName},
        {QStringLiteral("StudyDescription"), &studyDescription},
        {QStringLiteral("StudyID"), &studyId},
        {QStringLiteral("StudyInstanceUID"), &studyInstanceUid},
        {QStringLiteral("SeriesInstanceUID"), &seriesInstanceUid},
        {QStringLiteral("SOPInstanceUID"), &sopInstanceUid},
        {QStringLiteral("DeviceSerialNumber"), &deviceSerialNumber},
        {QStringLiteral("StationName"), &stationName},
    };
    QList<QPair<QString, QString>> out;
    for (const auto &[key, value] : all) {
        if (!value->trimmed().isEmpty())
            out.append({key, value->trimmed()});
    }
    return out;
}

} // namespace chestlens
