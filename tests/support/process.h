#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace chestlens::test {

/// What a finished child process left behind.
struct ProcessResult
{
    bool finished = false; ///< started, exited normally within the timeout
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

/// Runs `program` with `args` to completion (killed after `timeoutMs`).
ProcessResult runProcess(const QString &program, const QStringList &args, int timeoutMs = 300'000);

/// "exit N / stdout / stderr" for failure messages, each stream cut to 2,000 bytes.
QString describe(const ProcessResult &r);

} // namespace chestlens::test
