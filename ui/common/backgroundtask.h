#pragma once

#include <QMetaObject>
#include <QObject>
#include <QThreadPool>

#include <utility>

namespace chestlens::ui {

/// Runs `work()` on `pool` and delivers its result to `done(result)` on `receiver`'s thread
/// (queued). Used for the GUI's own image work (scaling, colourising, thumbnails) so that nothing
/// slow runs on the GUI thread.
///
/// The rule: this is for small, fire-and-forget pieces of GUI work that take milliseconds, report
/// no progress, need no cancel button and have no outcome the user must be told about (a stale
/// thumbnail is simply dropped by its receiver). Anything else (training, evaluation, report
/// export, a folder scan) is a chestlens::BackgroundJob (core/worker/backgroundjob.h).
///
/// Lifetime contract: the receiver owns `pool` and calls `pool.clear(); pool.waitForDone();` in
/// its destructor, so no job outlives it; deliveries still queued then are discarded by Qt with
/// the receiver. `work` and `done` must be copyable (QThreadPool takes std::function).
template <typename Work, typename Done>
void runInBackground(QThreadPool &pool, QObject *receiver, Work work, Done done)
{
    pool.start([receiver, work = std::move(work), done = std::move(done)]() mutable {
        auto result = work();
        QMetaObject::invokeMethod(
            receiver, [done, result = std::move(result)]() mutable { done(std::move(result)); },
            Qt::QueuedConnection);
    });
}

} // namespace chestlens::ui
