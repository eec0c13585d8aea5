#pragma once

// De-identification of what a report prints, with the DICOM PS3.15 Annex E "Basic Application
// Level Confidentiality Profile" (Table E.1-1) as the reference.
//
// A report never copies a DICOM data set; it prints a handful of values. So instead of the
// profile's per-attribute actions (remove, replace with a dummy, clean…) an anonymised report
// applies the strictest one, "remove", to every attribute listed below, and in addition:
//
//  * the film's file name (and its folder) are not printed either: names like
//    "DOE_JOHN_1970.dcm" are common. A film is labelled "Film N" (N = its place in the report,
//    files sorted by path) next to the first 12 hex digits of the SHA-256 of the file's bytes,
//    which lets whoever holds the files re-link a page and tells nobody else anything;
//  * free text the report prints (the reader's note, error messages) is scrubbed of every
//    identifying value the film's header holds (scrubIdentifiers()), a safety net for a note that
//    names the patient;
//  * the PDF metadata (title, author, subject) carry only the report id.
//
// Not covered (documented in the README): text burnt into the pixels (the profile's "Clean Pixel
// Data" option); the reader's note is scrubbed of known values only, not of names typed freely.

#include "core/film/film.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <vector>

namespace chestlens {

/// One attribute of PS3.15 Table E.1-1.
struct IdentifyingAttribute
{
    quint16 group;
    quint16 element;
    const char *keyword; ///< DICOM keyword, as PatientInfo::fields() names it
};

/// The identifying attributes (names, IDs, birth date, dates and times, accession number,
/// institution, physicians and operators, UIDs, descriptions, device and station) of the profile
/// that a chest film can carry, sorted by tag. Every field of PatientInfo is among them.
const std::vector<IdentifyingAttribute> &basicProfileAttributes();

/// True when the DICOM keyword names an attribute of basicProfileAttributes() (case-sensitive,
/// as DICOM keywords are).
bool isIdentifyingAttribute(const QString &keyword);

/// `fields` ((keyword, value) pairs as PatientInfo::fields() gives them) without the identifying
/// ones. For a PatientInfo this is empty: all of its fields are identifying.
QList<QPair<QString, QString>> withoutIdentifyingFields(const QList<QPair<QString, QString>> &fields);

/// The neutral label of the film at 0-based `index`: "Film 1", "Film 2"…
QString anonymousFilmLabel(int index);

/// The values of `patient` worth scrubbing from free text: every non-empty field, and for person
/// names ("Doe^John^^Dr") also their components ("Doe", "John") and the "John Doe" spelling.
/// Values shorter than 2 characters (PatientSex "M") and name components shorter than 3 are left
/// out: they would blank common words.
QStringList identifyingValues(const PatientInfo &patient);

/// `text` with every occurrence of an identifying value of `patient` (identifyingValues(),
/// case-insensitive, whole words) and of each string in `extra` (e.g. the file's path and name)
/// replaced by "[removed]".
QString scrubIdentifiers(const QString &text, const PatientInfo &patient, const QStringList &extra = {});

} // namespace chestlens
