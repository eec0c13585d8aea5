#include "app/cli/cli.h"

#include "app/cli/commands_p.h"

#include <chestlens/version.h>

#include <QJsonDocument>

#include <cstdio>
#include <functional>
#include <unistd.h>

namespace chestlens::cli {

Context::Context()
    : m_out(stdout), m_err(stderr), m_stdoutTty(isatty(fileno(stdout)) != 0),
      m_stderrTty(isatty(fileno(stderr)) != 0)
{
}

bool Context::parse(QCommandLineParser &parser, const QStringList &args, bool &helpShown)
{
    helpShown = false;
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    QStringList full = args;
    full[0] = QStringLiteral("chestlens-cli ") + args.first();
    if (!parser.parse(full)) {
        error(parser.errorText());
        return false;
    }
    if (parser.isSet(help)) {
        m_out << parser.helpText().replace(QStringLiteral("Usage: chestlens-cli %1").arg(args.first()),
                                           QStringLiteral("Usage: chestlens-cli %1").arg(args.first()));
        m_out.flush();
        helpShown = true;
    }
    return true;
}

void Context::printJson(const QJsonObject &object)
{
    m_out << QJsonDocument(object).toJson(QJsonDocument::Compact) << '\n';
    m_out.flush();
}

void Context::error(const QString &message)
{
    m_err << "chestlens-cli: " << message << '\n';
    m_err.flush();
}

namespace {

struct Command
{
    const char *name;
    const char *summary;
    std::function<int(Context &, const QStringList &)> run;
};

const std::vector<Command> &commands()
{
    static const std::vector<Command> table = {
        {"info", "print a film's metadata (--json: one JSON object per file)", runInfo},
        {"convert", "render a film through the display pipeline to PNG", runConvert},
        {"dedup", "find exact and near-duplicate films and label conflicts", runDedup},
        {"train", "train a model on a labelled folder (dedup, split, early stopping, calibration)", runTrain},
        {"evaluate", "metrics of a model on a labelled folder (--json for machine-readable output)",
         runEvaluate},
        {"audit", "shortcut probes: masked-lung accuracy, heat inside the chest, per-source metrics",
         runAudit},
        {"predict", "classify films or folders with calibrated probabilities", runPredict},
        {"explain", "draw a Grad-CAM heatmap over a film (or every film in a folder)", runExplain},
        {"report", "write an annotated PDF report of a film or a folder (--anonymize to de-identify)",
         runReport},
        {"fit-applicability", "add the check of which films a model may judge to a model trained without it",
         runFitApplicability},
        {"lungs", "lung fields: train, evaluate (Dice) and segment (mask PNG)", runLungs},
    };
    return table;
}

QString globalHelp()
{
    QString text =
        QStringLiteral(
            "Usage: chestlens-cli COMMAND [options] [arguments]\n"
            "ChestLens %1 command-line interface. Research use only - not for clinical diagnosis.\n\n"
            "Commands:\n")
            .arg(QStringLiteral(CHESTLENS_VERSION));
    for (const Command &c : commands())
        text += QStringLiteral("  %1%2\n")
                    .arg(QString::fromLatin1(c.name).leftJustified(18), QString::fromLatin1(c.summary));
    text += QStringLiteral(
        "\n'chestlens-cli COMMAND --help' describes a command's options.\n\n"
        "Exit codes:\n"
        "  0  success\n"
        "  1  at least one file or operation failed (the message on stderr names the file and cause)\n"
        "  2  bad command line\n"
        "  3  cancelled\n");
    return text;
}

} // namespace

int run(const QStringList &arguments)
{
    Context ctx;
    const QStringList args = arguments.mid(1);
    if (args.isEmpty()) {
        ctx.err() << globalHelp();
        return ExitUsage;
    }
    const QString &first = args.first();
    if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
        ctx.out() << globalHelp();
        return ExitOk;
    }
    if (first == QLatin1String("--version") || first == QLatin1String("-v")) {
        ctx.out() << "chestlens-cli " << CHESTLENS_VERSION << '\n';
        return ExitOk;
    }
    for (const Command &c : commands()) {
        if (first == QLatin1String(c.name))
            return c.run(ctx, args);
    }
    ctx.error(QStringLiteral("unknown command '%1' (see chestlens-cli --help)").arg(first));
    return ExitUsage;
}

} // namespace chestlens::cli
