#pragma once

// Data-parallel training across processes and machines (c10d/Gloo). The Trainer does the
// per-rank work when TrainOptions::worldSize > 1; this header adds what a launcher needs:
// master addresses, a free local port, the command line of one rank, and a one-call local
// multi-process run for the CLI's --processes and the GUI's training dialog.

#include "core/ml/trainer.h"

#include <QString>
#include <QStringList>

#include <atomic>

namespace chestlens {

/// A parsed TrainOptions::master.
struct MasterAddress
{
    QString host;
    quint16 port = 0;
};

/// Parses "HOST:PORT" ("[::1]:PORT" for IPv6 literals).
/// @throws chestlens::Error (InvalidArgument) naming the text when it is not of that form.
MasterAddress parseMasterAddress(const QString &text);

/// A TCP port on 127.0.0.1 that the system reported free a moment ago (another process may take
/// it before rank 0 listens; the run then fails with "address in use" rather than hang).
/// @throws chestlens::Error (Internal) when no socket can be bound.
quint16 freeLocalPort();

/// `chestlens-cli` arguments ("train", …) that run `options` as rank `options.rank` of a
/// `options.worldSize` run: the whole recipe travels as JSON (TrainOptions::toJson()), so the
/// worker trains exactly what the caller configured, including options the CLI has no flag for.
/// TrainOptions::diagnostics travel as the hidden options --rank-fingerprints and --rank-crash.
QStringList rankArguments(const TrainOptions &options);

/// Trains `options` with `processes` local ranks on 127.0.0.1: rank 0 runs in this process (on
/// the calling thread, through Trainer::run, so `callbacks`, `cancel` and `pause` behave exactly
/// as for a single-process run and the TrainResult is complete) and ranks 1..N-1 are child
/// processes of `program` (default: chestlens-cli beside this executable). `options.threads`
/// is the total (0 = all cores); each rank gets max(1, total / processes). A child that fails
/// stops the run: rank 0's collectives fail at once (its sockets close), the other children are
/// killed, and the error names the child's rank, exit code and last line of its stderr.
/// `processes` <= 1 is an ordinary Trainer::run.
///
/// GUI use: call it where TrainingJob calls Trainer::run, with the same callbacks and flags.
/// Blocks; never call it on the GUI thread.
/// @throws chestlens::Error like Trainer::run, plus failed or missing worker processes.
TrainResult runLocalProcesses(const TrainOptions &options, int processes,
                              const TrainCallbacks &callbacks = {}, const std::atomic<bool> *cancel = nullptr,
                              const std::atomic<bool> *pause = nullptr, const QString &program = {});

} // namespace chestlens
