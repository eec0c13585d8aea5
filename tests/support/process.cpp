#include "support/process.h"

#include "support/testdata.h"

#include <QProcess>

namespace chestlens::test {

ProcessResult runProcess(const QString &program, const QStringList &args, int timeoutMs,
                         const std::function<void()> &childModifier)
{
    QProcess p;
    if (childModifier)
        p.setChildProcessModifier(childModifier);
    p.start(program, args);
    ProcessResult r;
    r.finished = p.waitForStarted() && p.waitForFinished(timeoutMs) && p.exitStatus() == QProcess::NormalExit;
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished();
    }
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

ProcessResult runCli(const QStringList &args, int timeoutMs, const std::function<void()> &childModifier)
{
    return runProcess(cliPath(), args, timeoutMs, childModifier);
}

QString describe(const ProcessResult &r)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
        .arg(r.exitCode)
        .arg(QString::fromUtf8(r.out.left(2000)), QString::fromUtf8(r.err.left(2000)));
}

} // namespace chestlens::test
