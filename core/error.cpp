#include "core/error.h"

namespace chestlens {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::FileNotFound:
        return QStringLiteral("file-not-found");
    case ErrorCode::FileUnreadable:
        return QStringLiteral("file-unreadable");
    case ErrorCode::NotAnImage:
        return QStringLiteral("not-an-image");
    case ErrorCode::Truncated:
        return QStringLiteral("truncated");
    case ErrorCode::UnsupportedFormat:
        return QStringLiteral("unsupported-format");
    case ErrorCode::InvalidImage:
        return QStringLiteral("invalid-image");
    case ErrorCode::TooLarge:
        return QStringLiteral("too-large");
    case ErrorCode::WriteFailed:
        return QStringLiteral("write-failed");
    case ErrorCode::InvalidModel:
        return QStringLiteral("invalid-model");
    case ErrorCode::InvalidArgument:
        return QStringLiteral("invalid-argument");
    case ErrorCode::Cancelled:
        return QStringLiteral("cancelled");
    case ErrorCode::Internal:
        return QStringLiteral("internal");
    }
    return QStringLiteral("internal");
}

Error::Error(ErrorCode code, const QString &message) : std::runtime_error(message.toStdString()), m_code(code)
{
}

Error::Error(ErrorCode code, const QString &file, const QString &cause)
    : Error(code, file + QStringLiteral(": ") + cause)
{
}

} // namespace chestlens
