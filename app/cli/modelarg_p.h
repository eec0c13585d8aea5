#pragma once

#include "app/cli/commands_p.h"
#include "core/error.h"
#include "core/ml/classifier.h"
#include "core/paths.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

namespace chestlens::cli {

inline QCommandLineOption modelOption()
{
    return {QStringLiteral("model"), QStringLiteral("Model file (default: the bundled model)."),
            QStringLiteral("MODEL")};
}

inline QString modelPathFrom(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    return parser.isSet(option) ? parser.value(option) : defaultModelPath();
}

/// Loads the model the command line names (or the bundled default). On failure prints the error,
/// which names the file and the cause, and returns null: the command then exits with ExitFailed.
inline std::unique_ptr<Classifier> loadClassifierOrReport(Context &ctx, const QCommandLineParser &parser,
                                                          const QCommandLineOption &option)
{
    try {
        return Classifier::load(modelPathFrom(parser, option));
    } catch (const Error &e) {
        ctx.error(e.message());
        return nullptr;
    }
}

} // namespace chestlens::cli
