#pragma once

// MANIFEST.csv of the shared data folders: one row per file, RFC 4180 quoting (fields such as
// "JPEG Lossless SV1 (Process 14, first-order prediction) (1.2.840.10008.1.2.4.70)" hold commas).

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace chestlens::test {

/// RFC 4180 CSV: comma-separated fields, optionally in double quotes; a quoted field may hold
/// commas, line breaks and doubled quotes. Blank lines are skipped. Returns every row, header included.
QList<QStringList> parseCsv(const QString &text);

/// One manifest row: column name -> value.
using ManifestRow = QHash<QString, QString>;

/// Reads `folder`/MANIFEST.csv. Returns an empty list and sets `error` when the file is missing,
/// has no data rows, or a row has a different number of fields than the header.
QList<ManifestRow> readManifest(const QString &folder, QString *error);

/// The trailing "(UID)" of a manifest transfer_syntax value, e.g. "1.2.840.10008.1.2.4.70"; empty if none.
QString uidInParentheses(const QString &text);

} // namespace chestlens::test
