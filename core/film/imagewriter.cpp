#include "core/film/imagewriter.h"

#include "core/error.h"

#include <QFileInfo>
#include <QImageWriter>

namespace chestlens {

void writeImageAtomically(const QImage &image, const QString &path)
{
    if (image.isNull())
        throw Error(ErrorCode::WriteFailed, path, QStringLiteral("nothing to write (empty image)"));
    QByteArray format = QFileInfo(path).suffix().toLower().toLatin1();
    if (format.isEmpty())
        format = "png";
    // Refuse an unknown suffix up front: the encoder would only fail with no reason given.
    if (!QImageWriter::supportedImageFormats().contains(format))
        throw Error(ErrorCode::WriteFailed, path,
                    QStringLiteral("cannot write .%1 images (use .png, .jpg, .tif or .bmp)")
                        .arg(QString::fromLatin1(format)));
    writeFileAtomically(path, [&](QIODevice &dev) { return image.save(&dev, format.constData()); });
}

} // namespace chestlens
