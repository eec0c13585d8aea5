#pragma once

#include "core/film/film.h"

#include <QImage>
#include <QJsonObject>
#include <QString>

#include <memory>

namespace chestlens {

/// The lung fields the segmentation network found on a film.
struct LungFields
{
    QImage mask;           ///< Format_Grayscale8 at the film's size: 255 inside a lung field, 0 outside
    int fields = 0;        ///< connected regions of at least kMinFieldShare of the film
    double areaShare = 0;  ///< share of the film inside the mask
    double leftShare = 0;  ///< share of the mask area in the image's left half (the patient's right)
    double confidence = 0; ///< mean of max(p, 1 - p) over the film: how sure the network is of its outline

    /// A region smaller than this share of the film is a speck, not a lung field.
    static constexpr double kMinFieldShare = 0.02;
    /// Two lung fields of a frontal film, one on each side: two or more regions and each half of the
    /// image holding at least a fifth of the mask.
    bool looksFrontal() const { return fields >= 2 && leftShare > 0.2 && leftShare < 0.8; }
    bool isNull() const { return mask.isNull(); }
};

/// A loaded lung segmentation model (a ChestLens model file of kind "lung-segmentation"). Not
/// thread-safe: one instance per thread.
class LungSegmenter
{
public:
    /// @throws chestlens::Error (FileNotFound, FileUnreadable, InvalidModel) naming the file.
    static std::unique_ptr<LungSegmenter> load(const QString &path);
    ~LungSegmenter();

    QString path() const;
    QString name() const;
    QString sha256() const;
    QJsonObject metadata() const;
    int imageSize() const;

    LungFields segment(const Film &film) const;

    struct Private;
    Private *d_func() const { return d.get(); }

private:
    LungSegmenter();
    std::unique_ptr<Private> d;
};

/// The bundled lung model inside dataDirectory().
QString defaultLungModelPath();

/// Dice coefficient 2|A∩B| / (|A| + |B|) of two masks of one size (non-zero = inside); 1 when
/// both are empty. @throws chestlens::Error (InvalidArgument) when the sizes differ.
double diceCoefficient(const QImage &a, const QImage &b);

} // namespace chestlens
