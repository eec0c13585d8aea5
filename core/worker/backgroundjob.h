#pragma once

// The one shape of ChestLens's long background jobs: training (TrainingJob), the duplicate preview
// before it (DedupPreviewJob), evaluation on a folder (EvaluationJob) and report export
// (ReportJob). It follows the rules of the inference controller and worker (inferencecontroller.h).
//
// Tiny fire-and-forget image work of the GUI (scaling, colourising, thumbnails: no progress, no
// cancel, no outcome to report) uses ui/common/backgroundtask.h's thread pool instead.

#include "core/worker/jobcontrol.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>

namespace chestlens {

/// Base of every background job. The contract, for all of them:
///
///  - **Threads.** The job lives on the thread that creates it, the *owner's thread* (the GUI
///    thread in the application). It owns one worker thread, started by the constructor, and a
///    context object moved onto it; the context is deleted on that thread when its loop ends. The
///    work is a function of values: the request is copied in, the result copied out.
///  - **Signals.** Every signal of a job is emitted on the owner's thread: progress while the work
///    runs, then exactly one outcome per run, after the work has returned: finished(result) (the
///    subclass's signal), failed(code, message) or cancelled(). isRunning() is false when the
///    outcome of the newest run is emitted; runningChanged(false) follows it.
///  - **Cancel.** cancel() asks the current run to stop (each run has its own JobControl) and
///    returns at once; the work sees the flag at its next check. The outcome is then cancelled(),
///    unless a job documents that a cancelled run can still finish (training keeps its best epoch).
///  - **Newest request wins.** start() while a run is going cancels that run, which then reports
///    nothing more (no progress, no outcome); the new run starts on the worker thread as soon as
///    the old one has returned, and isRunning() stays true throughout.
///  - **Destruction.** Destroying the job cancels the current run, drops queued ones and waits for
///    the worker thread (at most for one step of the work: a batch, a film, a forward pass). No
///    signal is emitted once destruction has begun.
///  - **Errors.** The work throws chestlens::Error; code Cancelled becomes cancelled(), any other
///    code failed(int(code), message). Any other exception becomes failed(Internal, …) naming
///    the job's subject.
class BackgroundJob : public QObject
{
    Q_OBJECT
public:
    ~BackgroundJob() override;

    /// True from start() until the outcome of the newest run has been delivered.
    bool isRunning() const { return m_pending > 0; }
    /// True while the current run has been asked to stop and has not ended yet.
    bool isCancelling() const { return m_control && m_control->isCancelled(); }
    /// Asks the current run to stop. No-op when nothing runs.
    void cancel();

Q_SIGNALS:
    void runningChanged(bool running);
    /// The run failed; `code` is a chestlens::ErrorCode, `message` names the file and the cause.
    void failed(int code, const QString &message);
    /// The run stopped because cancel() was called.
    void cancelled();

protected:
    /// `threadName` names the worker thread (debuggers, `top -H`).
    explicit BackgroundJob(const QString &threadName, QObject *parent = nullptr);

    /// Runs `work(control)` on the worker thread (newest request wins, see above); when it returns
    /// a result, `finish(result)` runs on the owner's thread and emits the subclass's finished().
    /// `subject` starts the message of unexpected exceptions ("DIR: training failed").
    template <typename Result>
    void launch(std::function<Result(JobControl &)> work, std::function<void(const Result &)> finish,
                const QString &subject);

    /// The current run's control (pause, flags); null when nothing runs. Owner's thread only.
    JobControl *control() const { return m_control.get(); }

private:
    /// How a run ended, as it crosses back to the owner's thread.
    struct Ending
    {
        enum Kind { Finished, Failed, Cancelled } kind = Finished;
        int code = 0;
        QString message;
    };

    /// Owner's thread: makes the new run's JobControl, cancels the previous run. Returns its id.
    quint64 beginRun();
    /// Worker thread: queues `run` behind whatever the worker thread is doing.
    void post(std::function<void()> run);
    /// Worker thread: runs `work`, turning exceptions into an Ending.
    static Ending runCaught(const std::function<void()> &work, const QString &subject);
    /// Worker thread: delivers the ending of run `id` to the owner's thread; `finish` emits the
    /// result when the run finished.
    void deliver(quint64 id, const Ending &ending, std::function<void()> finish);
    /// Owner's thread: the delivery itself.
    void complete(quint64 id, const Ending &ending, const std::function<void()> &finish);
    bool isSuperseded(quint64 id) const { return m_latest.load() != id; }

    QThread m_thread;
    QObject *m_context = nullptr;          ///< lives on m_thread; runs the queued work
    std::shared_ptr<JobControl> m_control; ///< the newest run's; owner's thread only
    std::atomic<quint64> m_latest{0};      ///< id of the newest run; 0 once destruction began
    quint64 m_lastId = 0;                  ///< owner's thread only
    int m_pending = 0;                     ///< runs started and not yet delivered; owner's thread
};

template <typename Result>
void BackgroundJob::launch(std::function<Result(JobControl &)> work,
                           std::function<void(const Result &)> finish, const QString &subject)
{
    const quint64 id = beginRun();
    std::shared_ptr<JobControl> control = m_control;
    post([this, id, control, work = std::move(work), finish = std::move(finish), subject] {
        if (isSuperseded(id) || control->isCancelled()) { // stopped before it began
            deliver(id, {Ending::Cancelled, 0, {}}, {});
            return;
        }
        auto result = std::make_shared<Result>();
        const Ending ending = runCaught([&] { *result = work(*control); }, subject);
        deliver(id, ending, [finish, result] { finish(*result); });
    });
}

} // namespace chestlens
