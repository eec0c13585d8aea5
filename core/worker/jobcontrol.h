#pragma once

// What a background job's work function gets from the job that runs it: the run's cancel and pause
// flags and a way to report progress to the job's owner. Torch-free, widget-free.

#include <QString>

#include <atomic>
#include <functional>

namespace chestlens {

/// Cancellation, pause and progress of one run of a background job (see BackgroundJob). One
/// JobControl per run: a late cancel() of an old run never reaches the next one.
///
/// Thread-safety: every member may be called from any thread (the owner's, the job's, or threads
/// the work function starts itself, such as decoding threads).
class JobControl
{
public:
    /// Queues a callable to the owner's thread; BackgroundJob supplies it.
    using Poster = std::function<void(std::function<void()>)>;

    explicit JobControl(Poster poster = {}) : m_poster(std::move(poster)) {}
    JobControl(const JobControl &) = delete;
    JobControl &operator=(const JobControl &) = delete;

    /// Asks the work to stop at its next check. Also ends a pause, so a paused run can see it.
    void cancel() noexcept
    {
        m_cancel.store(true);
        m_pause.store(false);
    }
    bool isCancelled() const noexcept { return m_cancel.load(); }

    /// Work that supports pausing waits between steps while this is set (training: between batches).
    void setPaused(bool paused) noexcept { m_pause.store(paused && !isCancelled()); }
    bool isPaused() const noexcept { return m_pause.load(); }

    /// The flags themselves, for core functions that poll a `const std::atomic<bool> *`.
    const std::atomic<bool> *cancelFlag() const noexcept { return &m_cancel; }
    const std::atomic<bool> *pauseFlag() const noexcept { return &m_pause; }

    /// Runs `report` on the owner's thread, after every report posted before it, unless a newer
    /// run has superseded this one by then or the job is being destroyed. Without a poster (a
    /// JobControl made by hand, e.g. in a test) `report` runs at once on the calling thread.
    void report(std::function<void()> report) const
    {
        if (m_poster)
            m_poster(std::move(report));
        else
            report();
    }

private:
    std::atomic<bool> m_cancel{false};
    std::atomic<bool> m_pause{false};
    Poster m_poster;
};

} // namespace chestlens
