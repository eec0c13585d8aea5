#include "support/manifest.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

namespace chestlens::test {

QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    auto endRow = [&] {
        row << field;
        if (!(row.size() == 1 && row.first().isEmpty() && !fieldStarted))
            rows << row;
        row.clear();
        field.clear();
        fieldStarted = false;
    };
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c != QLatin1Char('"'))
                field += c;
            else if (i + 1 < text.size() && text[i + 1] == QLatin1Char('"'))
                field += text[++i]; // "" inside quotes is one quote
            else
                quoted = false;
        } else if (c == QLatin1Char('"') && !fieldStarted) {
            quoted = fieldStarted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
            fieldStarted = false;
        } else if (c == QLatin1Char('\n') || c == QLatin1Char('\r')) {
            if (c == QLatin1Char('\r') && i + 1 < text.size() && text[i + 1] == QLatin1Char('\n'))
                ++i;
            endRow();
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (fieldStarted || !row.isEmpty())
        endRow();
    return rows;
}

QList<ManifestRow> readManifest(const QString &folder, QString *error)
{
    QFile file(QDir(folder).absoluteFilePath(QStringLiteral("MANIFEST.csv")));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot open %1 (%2)").arg(file.fileName(), file.errorString());
        return {};
    }
    const QList<QStringList> rows = parseCsv(QString::fromUtf8(file.readAll()));
    if (rows.size() < 2) {
        *error = QStringLiteral("%1 has no data rows").arg(file.fileName());
        return {};
    }
    const QStringList &header = rows.first();
    QList<ManifestRow> out;
    for (int r = 1; r < rows.size(); ++r) {
        if (rows[r].size() != header.size()) {
            *error = QStringLiteral("%1: row %2 has %3 fields, the header %4")
                         .arg(file.fileName())
                         .arg(r + 1)
                         .arg(rows[r].size())
                         .arg(header.size());
            return {};
        }
        ManifestRow row;
        for (int c = 0; c < header.size(); ++c)
            row.insert(header[c], rows[r][c]);
        out << row;
    }
    return out;
}

QString uidInParentheses(const QString &text)
{
    static const QRegularExpression uid(QStringLiteral("\\(([0-9.]+)\\)\\s*$"));
    return uid.match(text).captured(1);
}

} // namespace chestlens::test
