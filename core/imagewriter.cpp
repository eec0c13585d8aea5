#include "core/imagewriter.h"

#include "core/error.h"

#include <QFileInfo>
#include <QSaveFile>

namespace chestlens {

void writeFileAtomically(const QString &path, const std::function<bool(QIODevice &)> &write)
{
    QSaveFile file(path);
    // QSaveFile writes <path>.XXXXXX beside the target and renames on commit(); a failure or an
    // exception before commit() discards the temporary file.
    if (!file.open(QIODevice::WriteOnly))
        throw Error(ErrorCode::WriteFailed, path, QStringLiteral("cannot create file (%1)").arg(file.errorString()));
    bool ok = false;
    try {
        ok = write(file);
    } catch (...) {
        file.cancelWriting();
        throw;
    }
    if (!ok || file.error() != QFileDevice::NoError) {
        const QString why = file.errorString();
        file.cancelWriting();
        throw Error(ErrorCode::WriteFailed, path, QStringLiteral("write failed (%1)").arg(why.isEmpty() ? QStringLiteral("encoder error") : why));
    }
    if (!file.commit())
        throw Error(ErrorCode::WriteFailed, path, QStringLiteral("could not finish writing (%1)").arg(file.errorString()));
}

void writeBytesAtomically(const QString &path, const QByteArray &bytes)
{
    writeFileAtomically(path, [&bytes](QIODevice &dev) { return dev.write(bytes) == bytes.size(); });
}

void writeImageAtomically(const QImage &image, const QString &path)
{
    if (image.isNull())
        throw Error(ErrorCode::WriteFailed, path, QStringLiteral("nothing to write (empty image)"));
    QByteArray format = QFileInfo(path).suffix().toLower().toLatin1();
    if (format.isEmpty())
        format = "png";
    writeFileAtomically(path, [&](QIODevice &dev) { return image.save(&dev, format.constData()); });
}

} // namespace chestlens
