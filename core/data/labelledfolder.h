#pragma once

#include <QString>
#include <QStringList>

#include <vector>

namespace chestlens {

/// One training image of a labelled folder.
struct LabelledImage
{
    QString path;   ///< absolute file path
    int label = -1; ///< index into LabelledFolder::classes
    /// Where the image came from, for source-held-out validation. From DIR/MANIFEST.csv when it
    /// lists the file and has a `file` column plus `source_repo` or `source_dataset`: the file-name
    /// prefix before the first '_' ("hannover", "ieee8023", "agg1") when there is one, else
    /// source_dataset, else source_repo. Without a manifest entry: the first folder below the class
    /// folder for nested images (DIR/covid/hospitalA/x.png -> "hospitalA"), else empty.
    QString source;
};

/// A folder laid out as DIR/<class>/<image>, images at any depth below their class folder.
struct LabelledFolder
{
    QString root;                     ///< absolute, cleaned path of DIR
    QStringList classes;              ///< the class folders' names, sorted alphabetically (label = index)
    std::vector<LabelledImage> items; ///< sorted by path
    /// Files skipped because their suffix is not an image suffix, relative to root (sorted): files
    /// below class folders, and image files lying directly in DIR (they have no class). Other
    /// top-level files (MANIFEST.csv, README.md) are not listed.
    QStringList ignored;

    /// Number of items per class, in `classes` order (a class folder without images counts 0).
    std::vector<int> countsPerClass() const;
    /// `item`'s path relative to root, with '/' separators ("covid/a.png").
    QString relativePath(int item) const;
};

/// Scans `dir`. Class folders are the non-hidden sub-folders of `dir`; images are recognised by
/// their suffix (supportedImageSuffixes(), case-insensitive), not their content, so scanning is
/// fast and unreadable images surface later (findDuplicates() lists them). Hidden files and
/// folders are skipped; symbolic links to folders are not followed.
/// `minClasses`: 2 for training (the default); evaluation and audits take 1, since a folder of
/// films from one class (say, one hospital's COVID-19 films) is a legitimate test set.
/// @throws chestlens::Error (InvalidArgument) naming `dir` when it does not exist or is not a
///         folder, has no class folders, fewer than `minClasses`, or no images at all.
LabelledFolder scanLabelledFolder(const QString &dir, int minClasses = 2);

/// SHA-256 (lower-case hex) over the sorted (relative path, class, file size) list: identifies the
/// training data a model was made from without reading the images. Changes when a file is added,
/// removed, renamed, relabelled or changes size.
QString manifestHash(const LabelledFolder &folder);

} // namespace chestlens
