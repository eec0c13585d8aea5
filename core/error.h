#pragma once

#include <QString>

#include <stdexcept>

namespace chestlens {

/// What went wrong, coarse enough for callers to branch on (CLI exit codes, GUI messages).
enum class ErrorCode {
    FileNotFound,      ///< path does not exist
    FileUnreadable,    ///< exists but cannot be opened (permissions, a directory, I/O error)
    NotAnImage,        ///< content is neither DICOM nor a supported raster format
    Truncated,         ///< file ends before the data it declares
    UnsupportedFormat, ///< recognised but not decodable (transfer syntax, photometric, bit depth)
    InvalidImage,      ///< decodes to nonsense: 0x0, missing pixel data, inconsistent attributes
    TooLarge,          ///< exceeds the pixel/file/frame budget checked before allocating
    WriteFailed,       ///< output could not be written (disk full, unwritable folder)
    InvalidModel,      ///< not a ChestLens model, corrupt, truncated or wrong architecture
    InvalidArgument,   ///< a caller passed an option that makes no sense
    Cancelled,         ///< the user stopped the job
    Internal,          ///< a bug or a library failure we could not classify
};

/// Short, stable, lower-case name of a code ("file-not-found"), used in JSON output.
QString errorCodeName(ErrorCode code);

/// The one exception type thrown inside core. `what()` is the user-facing message, which always
/// names the file (when there is one) and the cause, e.g.
/// "scan.dcm: JPEG 2000 transfer syntax could not be decoded (…)".
class Error : public std::runtime_error
{
public:
    Error(ErrorCode code, const QString &message);
    /// Message prefixed with the file name: "<file>: <cause>".
    Error(ErrorCode code, const QString &file, const QString &cause);

    ErrorCode code() const noexcept { return m_code; }
    QString message() const { return QString::fromStdString(what()); }

private:
    ErrorCode m_code;
};

} // namespace chestlens
