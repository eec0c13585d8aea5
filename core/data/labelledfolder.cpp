#include "core/data/labelledfolder.h"

#include "core/error.h"
#include "core/film/filmloader.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <algorithm>
#include <tuple>

namespace chestlens {

namespace {

/// RFC 4180 fields of a CSV text: quoted fields may hold commas, doubled quotes and line breaks.
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    bool rowHasContent = false;
    const auto endField = [&] {
        row << field;
        field.clear();
    };
    const auto endRow = [&] {
        endField();
        if (rowHasContent)
            rows << row;
        row.clear();
        rowHasContent = false;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    field += QLatin1Char('"');
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
            continue;
        }
        if (c == QLatin1Char('"')) {
            quoted = true;
            rowHasContent = true;
        } else if (c == QLatin1Char(',')) {
            endField();
            rowHasContent = true;
        } else if (c == QLatin1Char('\n')) {
            endRow();
        } else if (c != QLatin1Char('\r')) {
            field += c;
            rowHasContent = true;
        }
    }
    endRow();
    return rows;
}

/// Relative path (as written in the manifest, '/' separators) -> source name.
QHash<QString, QString> readManifestSources(const QString &root)
{
    QHash<QString, QString> sources;
    QFile file(QDir(root).filePath(QStringLiteral("MANIFEST.csv")));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return sources; // no manifest: sources come from nested folders
    const QList<QStringList> rows = parseCsv(QString::fromUtf8(file.readAll()));
    if (rows.isEmpty())
        return sources;
    const QStringList &header = rows.first();
    const qsizetype fileCol = header.indexOf(QStringLiteral("file"));
    const qsizetype repoCol = header.indexOf(QStringLiteral("source_repo"));
    const qsizetype datasetCol = header.indexOf(QStringLiteral("source_dataset"));
    if (fileCol < 0 || (repoCol < 0 && datasetCol < 0))
        return sources;
    for (qsizetype r = 1; r < rows.size(); ++r) {
        const QStringList &row = rows.at(r);
        const auto cell = [&row](qsizetype col) {
            return col >= 0 && col < row.size() ? row.at(col).trimmed() : QString();
        };
        const QString relative = QDir::cleanPath(cell(fileCol));
        if (relative.isEmpty())
            continue;
        // The file-name prefix is what the data README's source tables use (hannover, ieee8023,
        // agg1); the long dataset/repository names are the fallback for other manifests.
        const QString name = QFileInfo(relative).fileName();
        const qsizetype underscore = name.indexOf(QLatin1Char('_'));
        QString source = underscore > 0 ? name.left(underscore) : QString();
        if (source.isEmpty())
            source = cell(datasetCol);
        if (source.isEmpty())
            source = cell(repoCol);
        sources.insert(relative, source);
    }
    return sources;
}

bool hasImageSuffix(const QFileInfo &info, const QSet<QString> &suffixes)
{
    return suffixes.contains(info.suffix().toLower());
}

} // namespace

std::vector<int> LabelledFolder::countsPerClass() const
{
    std::vector<int> counts(static_cast<std::size_t>(classes.size()), 0);
    for (const LabelledImage &item : items) {
        if (item.label >= 0 && item.label < static_cast<int>(counts.size()))
            ++counts[static_cast<std::size_t>(item.label)];
    }
    return counts;
}

QString LabelledFolder::relativePath(int item) const
{
    return QDir(root).relativeFilePath(items.at(static_cast<std::size_t>(item)).path);
}

LabelledFolder scanLabelledFolder(const QString &dir, int minClasses)
{
    const QFileInfo rootInfo(dir);
    if (!rootInfo.exists())
        throw Error(ErrorCode::InvalidArgument, dir, QStringLiteral("folder does not exist"));
    if (!rootInfo.isDir())
        throw Error(ErrorCode::InvalidArgument, dir,
                    QStringLiteral("not a folder (expected DIR/<class>/<image>)"));

    LabelledFolder folder;
    folder.root = QDir::cleanPath(rootInfo.absoluteFilePath());
    const QDir root(folder.root);
    QStringList classDirs = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    std::sort(classDirs.begin(), classDirs.end()); // byte order, independent of the locale
    if (classDirs.isEmpty())
        throw Error(ErrorCode::InvalidArgument, dir,
                    QStringLiteral("no class folders (expected DIR/<class>/<image>, e.g. DIR/normal/a.png)"));
    if (classDirs.size() < minClasses)
        throw Error(ErrorCode::InvalidArgument, dir,
                    QStringLiteral("only one class folder ('%1'); training needs at least 2 classes")
                        .arg(classDirs.first()));
    folder.classes = classDirs;

    const QStringList suffixList = supportedImageSuffixes();
    const QSet<QString> suffixes(suffixList.cbegin(), suffixList.cend());
    const QHash<QString, QString> manifest = readManifestSources(folder.root);

    for (int label = 0; label < classDirs.size(); ++label) {
        const QString classPath = root.filePath(classDirs.at(label));
        QDirIterator it(classPath, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QFileInfo info(it.next());
            const QString relative = root.relativeFilePath(info.filePath());
            if (!hasImageSuffix(info, suffixes)) {
                folder.ignored << relative;
                continue;
            }
            LabelledImage item;
            item.path = QDir::cleanPath(info.absoluteFilePath());
            item.label = label;
            const auto found = manifest.constFind(relative);
            if (found != manifest.cend()) {
                item.source = *found;
            } else {
                const QStringList parts =
                    QDir(classPath).relativeFilePath(info.filePath()).split(QLatin1Char('/'));
                if (parts.size() > 1)
                    item.source = parts.first();
            }
            folder.items.push_back(std::move(item));
        }
    }
    // Images lying directly in DIR have no class: say so rather than drop them silently.
    for (const QFileInfo &info : root.entryInfoList(QDir::Files | QDir::NoDotAndDotDot)) {
        if (hasImageSuffix(info, suffixes))
            folder.ignored << info.fileName();
    }
    if (folder.items.empty())
        throw Error(ErrorCode::InvalidArgument, dir,
                    QStringLiteral("no images in the class folders (%1); recognised suffixes: %2")
                        .arg(classDirs.join(QStringLiteral(", ")), suffixList.join(QStringLiteral(", "))));

    std::sort(folder.items.begin(), folder.items.end(),
              [](const LabelledImage &a, const LabelledImage &b) { return a.path < b.path; });
    std::sort(folder.ignored.begin(), folder.ignored.end());
    return folder;
}

QString manifestHash(const LabelledFolder &folder)
{
    std::vector<std::tuple<QString, QString, qint64>> entries;
    entries.reserve(folder.items.size());
    for (int i = 0; i < static_cast<int>(folder.items.size()); ++i) {
        const LabelledImage &item = folder.items[static_cast<std::size_t>(i)];
        const QString cls =
            item.label >= 0 && item.label < folder.classes.size() ? folder.classes.at(item.label) : QString();
        entries.emplace_back(folder.relativePath(i), cls, QFileInfo(item.path).size());
    }
    std::sort(entries.begin(), entries.end());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const auto &[path, cls, size] : entries) {
        // Tab/newline separated: neither can be part of a path component we produced.
        hash.addData(path.toUtf8());
        hash.addData(QByteArrayView("\t"));
        hash.addData(cls.toUtf8());
        hash.addData(QByteArrayView("\t"));
        hash.addData(QByteArray::number(size));
        hash.addData(QByteArrayView("\n"));
    }
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace chestlens
