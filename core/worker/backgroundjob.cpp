#include "core/worker/backgroundjob.h"

#include "core/error.h"

#include <QPointer>

#include <exception>

namespace chestlens {

BackgroundJob::BackgroundJob(const QString &threadName, QObject *parent) : QObject(parent)
{
    m_thread.setObjectName(threadName);
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    // Runs still queued when the loop ends are destroyed with the context, unrun.
    connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.start();
}

BackgroundJob::~BackgroundJob()
{
    // Queued runs see that they are superseded and skip their work; the running one sees its flag.
    // Deliveries posted to this object meanwhile are discarded with it.
    m_latest.store(0);
    if (m_control)
        m_control->cancel();
    m_thread.quit();
    m_thread.wait();
}

void BackgroundJob::cancel()
{
    if (m_control)
        m_control->cancel();
}

quint64 BackgroundJob::beginRun()
{
    if (m_control)
        m_control->cancel(); // newest request wins
    const quint64 id = ++m_lastId;
    m_latest.store(id);
    // Reports go through this object's event queue, so they arrive on the owner's thread in order
    // and are dropped once the run is superseded or the job destroyed.
    m_control = std::make_shared<JobControl>([this, id](std::function<void()> report) {
        QMetaObject::invokeMethod(
            this,
            [this, id, report = std::move(report)] {
                if (!isSuperseded(id))
                    report();
            },
            Qt::QueuedConnection);
    });
    if (++m_pending == 1)
        Q_EMIT runningChanged(true);
    return id;
}

void BackgroundJob::post(std::function<void()> run)
{
    QMetaObject::invokeMethod(m_context, std::move(run), Qt::QueuedConnection);
}

BackgroundJob::Ending BackgroundJob::runCaught(const std::function<void()> &work, const QString &subject)
{
    try {
        work();
        return {};
    } catch (const Error &e) {
        if (e.code() == ErrorCode::Cancelled)
            return {Ending::Cancelled, int(e.code()), e.message()};
        return {Ending::Failed, int(e.code()), e.message()};
    } catch (const std::exception &e) {
        return {Ending::Failed, int(ErrorCode::Internal),
                QStringLiteral("%1 (%2)").arg(subject, QString::fromLocal8Bit(e.what()))};
    } catch (...) {
        return {Ending::Failed, int(ErrorCode::Internal), QStringLiteral("%1 (unknown error)").arg(subject)};
    }
}

void BackgroundJob::deliver(quint64 id, const Ending &ending, std::function<void()> finish)
{
    QMetaObject::invokeMethod(
        this, [this, id, ending, finish = std::move(finish)] { complete(id, ending, finish); },
        Qt::QueuedConnection);
}

void BackgroundJob::complete(quint64 id, const Ending &ending, const std::function<void()> &finish)
{
    --m_pending;
    const QPointer<BackgroundJob> self(this); // a receiver may delete the job
    if (!isSuperseded(id)) {
        // Runs end in the order they started, so the newest one is the last: nothing is pending.
        m_control.reset();
        switch (ending.kind) {
        case Ending::Finished:
            finish();
            break;
        case Ending::Failed:
            Q_EMIT failed(ending.code, ending.message);
            break;
        case Ending::Cancelled:
            Q_EMIT cancelled();
            break;
        }
    }
    if (self && m_pending == 0)
        Q_EMIT runningChanged(false);
}

} // namespace chestlens
