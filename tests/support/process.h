#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <functional>

namespace chestlens::test {

/// What a finished child process left behind.
struct ProcessResult
{
    bool finished = false; ///< started, exited normally within the timeout
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QString errText() const { return QString::fromUtf8(err); }
};

/// Runs `program` with `args` to completion (killed after `timeoutMs`). `childModifier`, when set,
/// runs in the child between fork and exec (QProcess::setChildProcessModifier: resource limits).
ProcessResult runProcess(const QString &program, const QStringList &args, int timeoutMs = 300'000,
                         const std::function<void()> &childModifier = {});

/// runProcess() of the chestlens-cli under test (cliPath(), set by CTest).
ProcessResult runCli(const QStringList &args, int timeoutMs = 300'000,
                     const std::function<void()> &childModifier = {});

/// "exit N / stdout / stderr" for failure messages, each stream cut to 2,000 bytes.
QString describe(const ProcessResult &r);

} // namespace chestlens::test
