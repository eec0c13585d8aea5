#pragma once

// Comma-separated values as every ChestLens writer emits them (RFC 4180).

#include <QString>
#include <QStringList>

namespace chestlens {

/// `text` as one CSV field: unchanged unless it holds a comma, a double quote, a line feed or a
/// carriage return; then enclosed in double quotes, with each double quote doubled.
QString csvField(const QString &text);

/// The fields quoted with csvField() and joined with commas; no line end.
QString csvRow(const QStringList &fields);

} // namespace chestlens
