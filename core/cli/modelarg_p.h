#pragma once

#include "core/paths.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

namespace chestlens::cli {

inline QCommandLineOption modelOption()
{
    return {QStringLiteral("model"), QStringLiteral("Model file (default: the bundled model)."), QStringLiteral("MODEL")};
}

inline QString modelPathFrom(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    return parser.isSet(option) ? parser.value(option) : defaultModelPath();
}

} // namespace chestlens::cli
