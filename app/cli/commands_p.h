#pragma once

#include <QCommandLineParser>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTextStream>

namespace chestlens::cli {

/// Shared plumbing of the sub-commands: streams, parsing, error printing.
class Context
{
public:
    Context();
    QTextStream &out() { return m_out; }
    QTextStream &err() { return m_err; }
    bool stdoutIsTerminal() const { return m_stdoutTty; }
    bool stderrIsTerminal() const { return m_stderrTty; }

    /// Parses `args` (sub-command name first) with help handling. Returns false after
    /// printing a usage error (caller returns ExitUsage); sets `helpShown` when --help was given.
    bool parse(QCommandLineParser &parser, const QStringList &args, bool &helpShown);
    void printJson(const QJsonObject &object);
    /// "chestlens-cli: <message>" on stderr.
    void error(const QString &message);

private:
    QTextStream m_out;
    QTextStream m_err;
    bool m_stdoutTty;
    bool m_stderrTty;
};

int runInfo(Context &ctx, const QStringList &args);
int runConvert(Context &ctx, const QStringList &args);
int runDedup(Context &ctx, const QStringList &args);
int runPredict(Context &ctx, const QStringList &args);
int runExplain(Context &ctx, const QStringList &args);
int runTrain(Context &ctx, const QStringList &args);
int runEvaluate(Context &ctx, const QStringList &args);
int runAudit(Context &ctx, const QStringList &args);
int runReport(Context &ctx, const QStringList &args);
int runFitApplicability(Context &ctx, const QStringList &args);
int runLungs(Context &ctx, const QStringList &args);

} // namespace chestlens::cli
