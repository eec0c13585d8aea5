#pragma once

#include <QStringList>

namespace chestlens::cli {

/// Exit codes of chestlens-cli (documented in --help).
enum ExitCode : int {
    ExitOk = 0,        ///< everything succeeded
    ExitFailed = 1,    ///< at least one file or operation failed (details on stderr)
    ExitUsage = 2,     ///< bad command line
    ExitCancelled = 3, ///< interrupted by the user
};

/// Runs chestlens-cli with `arguments` (arguments[0] is the program name). Needs a
/// QCoreApplication. Writes results to stdout and diagnostics to stderr.
int run(const QStringList &arguments);

} // namespace chestlens::cli
