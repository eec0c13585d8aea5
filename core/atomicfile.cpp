#include "core/atomicfile.h"

#include "core/error.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace chestlens {

namespace {

/// Writes straight into an existing device, FIFO or socket (/dev/stdout, /dev/full, a named pipe).
/// Such a target cannot be replaced by a rename: QSaveFile would put a regular file where the
/// device node was (run as root, even /dev/full itself), and there is no old file contents to
/// protect, so "atomically" means nothing for it. Errors (ENOSPC from a full device…) still throw.
void writeSpecialFile(const QString &path, const std::function<bool(QIODevice &)> &write)
{
    QFile file(path);
    // Unbuffered: every write reaches the device now, so its error is seen here and not lost in
    // a flush from the destructor.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        throw Error(ErrorCode::WriteFailed, path,
                    QStringLiteral("cannot open for writing (%1)").arg(file.errorString()));
    const bool ok = write(file);
    if (!ok || file.error() != QFileDevice::NoError) {
        const QString why = file.errorString();
        throw Error(ErrorCode::WriteFailed, path,
                    QStringLiteral("write failed (%1)")
                        .arg(file.error() != QFileDevice::NoError ? why : QStringLiteral("encoder error")));
    }
}

} // namespace

void writeFileAtomically(const QString &path, const std::function<bool(QIODevice &)> &write)
{
    // exists() and isFile() follow symbolic links; a directory is left to QSaveFile, which refuses it.
    const QFileInfo target(path);
    if (target.exists() && !target.isFile() && !target.isDir()) {
        writeSpecialFile(path, write);
        return;
    }
    QSaveFile file(path);
    // QSaveFile writes <path>.XXXXXX beside the target and renames on commit(); a failure or an
    // exception before commit() discards the temporary file.
    if (!file.open(QIODevice::WriteOnly))
        throw Error(ErrorCode::WriteFailed, path,
                    QStringLiteral("cannot create file (%1)").arg(file.errorString()));
    bool ok = false;
    try {
        ok = write(file);
        // Flush the write buffer here and check it: QSaveFile::commit() (Qt 6.4) flushes too but
        // ignores a failure of that flush (disk full, file too large) and renames the truncated
        // file over the old one. Small files (a CSV) sit entirely in that buffer until then.
        ok = ok && file.flush();
    } catch (...) {
        file.cancelWriting();
        throw;
    }
    if (!ok || file.error() != QFileDevice::NoError) {
        // errorString() says "Unknown error" when the device is fine and the encoder failed.
        const QString why =
            file.error() != QFileDevice::NoError ? file.errorString() : QStringLiteral("encoder error");
        file.cancelWriting();
        throw Error(ErrorCode::WriteFailed, path, QStringLiteral("write failed (%1)").arg(why));
    }
    if (!file.commit())
        throw Error(ErrorCode::WriteFailed, path,
                    QStringLiteral("could not finish writing (%1)").arg(file.errorString()));
}

void writeBytesAtomically(const QString &path, const QByteArray &bytes)
{
    writeFileAtomically(path, [&bytes](QIODevice &dev) { return dev.write(bytes) == bytes.size(); });
}

} // namespace chestlens
