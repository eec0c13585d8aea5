#include "core/report/deidentify.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace chestlens {

const std::vector<IdentifyingAttribute> &basicProfileAttributes()
{
    // PS3.15 2024b, Table E.1-1, restricted to attributes a projection radiograph can carry.
    static const std::vector<IdentifyingAttribute> table = {
        {0x0008, 0x0018, "SOPInstanceUID"},
        {0x0008, 0x0020, "StudyDate"},
        {0x0008, 0x0021, "SeriesDate"},
        {0x0008, 0x0022, "AcquisitionDate"},
        {0x0008, 0x0023, "ContentDate"},
        {0x0008, 0x002A, "AcquisitionDateTime"},
        {0x0008, 0x0030, "StudyTime"},
        {0x0008, 0x0031, "SeriesTime"},
        {0x0008, 0x0032, "AcquisitionTime"},
        {0x0008, 0x0033, "ContentTime"},
        {0x0008, 0x0050, "AccessionNumber"},
        {0x0008, 0x0080, "InstitutionName"},
        {0x0008, 0x0081, "InstitutionAddress"},
        {0x0008, 0x0090, "ReferringPhysicianName"},
        {0x0008, 0x0092, "ReferringPhysicianAddress"},
        {0x0008, 0x0094, "ReferringPhysicianTelephoneNumbers"},
        {0x0008, 0x1010, "StationName"},
        {0x0008, 0x1030, "StudyDescription"},
        {0x0008, 0x103E, "SeriesDescription"},
        {0x0008, 0x1040, "InstitutionalDepartmentName"},
        {0x0008, 0x1048, "PhysiciansOfRecord"},
        {0x0008, 0x1050, "PerformingPhysicianName"},
        {0x0008, 0x1060, "NameOfPhysiciansReadingStudy"},
        {0x0008, 0x1070, "OperatorsName"},
        {0x0008, 0x1080, "AdmittingDiagnosesDescription"},
        {0x0010, 0x0010, "PatientName"},
        {0x0010, 0x0020, "PatientID"},
        {0x0010, 0x0021, "IssuerOfPatientID"},
        {0x0010, 0x0030, "PatientBirthDate"},
        {0x0010, 0x0032, "PatientBirthTime"},
        {0x0010, 0x0040, "PatientSex"},
        {0x0010, 0x1000, "OtherPatientIDs"},
        {0x0010, 0x1001, "OtherPatientNames"},
        {0x0010, 0x1010, "PatientAge"},
        {0x0010, 0x1020, "PatientSize"},
        {0x0010, 0x1030, "PatientWeight"},
        {0x0010, 0x1040, "PatientAddress"},
        {0x0010, 0x1060, "PatientMotherBirthName"},
        {0x0010, 0x2154, "PatientTelephoneNumbers"},
        {0x0010, 0x2160, "EthnicGroup"},
        {0x0010, 0x2180, "Occupation"},
        {0x0010, 0x21B0, "AdditionalPatientHistory"},
        {0x0010, 0x4000, "PatientComments"},
        {0x0018, 0x1000, "DeviceSerialNumber"},
        {0x0018, 0x1030, "ProtocolName"},
        {0x0020, 0x000D, "StudyInstanceUID"},
        {0x0020, 0x000E, "SeriesInstanceUID"},
        {0x0020, 0x0010, "StudyID"},
        {0x0020, 0x0052, "FrameOfReferenceUID"},
        {0x0020, 0x4000, "ImageComments"},
        {0x0032, 0x1032, "RequestingPhysician"},
        {0x0040, 0x0244, "PerformedProcedureStepStartDate"},
        {0x0040, 0x0253, "PerformedProcedureStepID"},
        {0x0040, 0x2016, "PlacerOrderNumberImagingServiceRequest"},
        {0x0040, 0x2017, "FillerOrderNumberImagingServiceRequest"},
    };
    return table;
}

bool isIdentifyingAttribute(const QString &keyword)
{
    const auto &table = basicProfileAttributes();
    return std::any_of(table.begin(), table.end(),
                       [&](const IdentifyingAttribute &a) { return keyword == QLatin1String(a.keyword); });
}

QList<QPair<QString, QString>> withoutIdentifyingFields(const QList<QPair<QString, QString>> &fields)
{
    QList<QPair<QString, QString>> out;
    for (const auto &field : fields)
        if (!isIdentifyingAttribute(field.first))
            out.append(field);
    return out;
}

QString anonymousFilmLabel(int index)
{
    return QStringLiteral("Film %1").arg(index + 1);
}

namespace {

/// Shorter name components ("Li", "Jo") would blank ordinary words of a note.
constexpr int kMinComponentLength = 3;

/// Single letters (PatientSex "M", "F") would blank ordinary words too.
constexpr int kMinValueLength = 2;

bool isPersonName(const QString &keyword)
{
    if (keyword == QLatin1String("InstitutionName") || keyword == QLatin1String("StationName"))
        return false;
    return keyword.endsWith(QLatin1String("Name")) || keyword == QLatin1String("PhysiciansOfRecord") ||
           keyword == QLatin1String("NameOfPhysiciansReadingStudy") ||
           keyword == QLatin1String("RequestingPhysician") || keyword == QLatin1String("OtherPatientNames");
}

} // namespace

QStringList identifyingValues(const PatientInfo &patient)
{
    QStringList values;
    QSet<QString> seen;
    const auto add = [&](const QString &v) {
        const QString t = v.trimmed();
        if (t.size() >= kMinValueLength && !seen.contains(t.toLower())) {
            seen.insert(t.toLower());
            values << t;
        }
    };
    for (const auto &[keyword, value] : patient.fields()) {
        add(value);
        if (!isPersonName(keyword))
            continue;
        // DICOM PN: Family^Given^Middle^Prefix^Suffix, several values separated by '\'.
        for (const QString &name : value.split(QLatin1Char('\\'))) {
            const QStringList parts = name.split(QLatin1Char('^'));
            for (const QString &part : parts)
                for (const QString &word : part.split(QLatin1Char(' '), Qt::SkipEmptyParts))
                    if (word.size() >= kMinComponentLength)
                        add(word);
            if (parts.size() >= 2)
                add(parts[1].trimmed() + QLatin1Char(' ') + parts[0].trimmed());
        }
    }
    // Longest first, so "John Doe" is removed as one piece before "Doe" alone.
    std::sort(values.begin(), values.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
    return values;
}

QString scrubIdentifiers(const QString &text, const PatientInfo &patient, const QStringList &extra)
{
    QStringList values = identifyingValues(patient);
    for (const QString &e : extra)
        if (!e.trimmed().isEmpty())
            values << e.trimmed();
    std::sort(values.begin(), values.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
    QString out = text;
    for (const QString &v : values) {
        // Whole words only where the value starts/ends with a word character, so "Doe" does not
        // blank "Doesn't"; paths and dates ("1970-01-01") match as they are.
        const QString escaped = QRegularExpression::escape(v);
        const QString pattern = (v.front().isLetterOrNumber() ? QStringLiteral("\\b") : QString()) + escaped +
                                (v.back().isLetterOrNumber() ? QStringLiteral("\\b") : QString());
        out.replace(QRegularExpression(pattern, QRegularExpression::CaseInsensitiveOption |
                                                    QRegularExpression::UseUnicodePropertiesOption),
                    QStringLiteral("[removed]"));
    }
    return out;
}

} // namespace chestlens
