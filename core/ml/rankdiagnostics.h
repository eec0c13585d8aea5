#pragma once

#include <QString>
#include <QtGlobal>

namespace chestlens {

/// Diagnostics of a data-parallel run (TrainOptions::worldSize > 1), all off by default: they show
/// whether the ranks stay in step and rehearse a rank that crashes mid-run. The CLI sets them with
/// the hidden `train` options --rank-fingerprints DIR and --rank-crash R:S; rankArguments()
/// (core/ml/distributed.h) passes them on to worker ranks. Not part of the recipe: toJson()
/// leaves them out and a resumed run takes them from its own command line.
struct RankDiagnostics
{
    /// Folder in which every rank appends to rank<R>.txt a line "step S <sha256>" of its parameters
    /// after every step and a line "epoch E <sha256>" of its parameters and buffers after every
    /// epoch's batch-norm averaging. Ranks in step write identical files. Empty = off.
    QString fingerprintDir;
    /// Rank that ends its process as a crash would once it has finished step crashAfterStep
    /// (0-based, counted over the run, as in the fingerprints): exit code 1 at once, no destructors,
    /// the kernel closes its sockets. -1 = no rank crashes.
    int crashRank = -1;
    qint64 crashAfterStep = -1;
};

} // namespace chestlens
