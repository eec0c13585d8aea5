#pragma once

// Writing a file so that a failure never leaves half a file behind.

#include <QByteArray>
#include <QString>

#include <functional>

class QIODevice;

namespace chestlens {

/// Writes a file so that readers only ever see the old complete file or the new complete one:
/// the data goes to a temporary file in the same folder which is renamed over `path` only after
/// `write` returned true and everything was flushed. On failure nothing at `path` changes and the
/// temporary file is removed. An existing device, FIFO or socket (/dev/stdout, /dev/full) is
/// written in place instead: renaming over it would replace the device node by a regular file.
/// @throws chestlens::Error (WriteFailed) naming `path` and the cause (disk full, no permission…).
void writeFileAtomically(const QString &path, const std::function<bool(QIODevice &)> &write);

/// writeFileAtomically() for a byte buffer.
void writeBytesAtomically(const QString &path, const QByteArray &bytes);

} // namespace chestlens
