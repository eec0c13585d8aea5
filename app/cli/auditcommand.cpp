#include "app/cli/cli.h"
#include "app/cli/commands_p.h"
#include "app/cli/modelarg_p.h"
#include "core/data/labelledfolder.h"
#include "core/error.h"
#include "core/ml/audit.h"
#include "core/ml/classifier.h"

#include <atomic>
#include <csignal>
#include <mutex>

namespace chestlens::cli {

namespace {

std::atomic<bool> g_auditInterrupted{false};

extern "C" void onAuditInterrupt(int)
{
    g_auditInterrupted = true;
}

} // namespace

int runAudit(Context &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Shortcut audit of a model on a labelled folder DIR/<class>/<image>: metrics overall and per source "
        "(DIR/MANIFEST.csv or sub-folders below the class folders), calibration (ECE before and after the "
        "model's temperature), accuracy with the central chest region masked against chance, and the "
        "distribution of the Grad-CAM heat inside the chest, with a plain-language verdict."));
    const QCommandLineOption model = modelOption();
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("Labelled folder."),
                                  QStringLiteral("DIR"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the audit as one JSON object."));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     QStringLiteral("CPU threads (default: all cores)."), QStringLiteral("N"),
                                     QStringLiteral("0"));
    const QCommandLineOption noHeat(QStringLiteral("no-heat"),
                                    QStringLiteral("Skip the Grad-CAM probe (one backward pass per film)."));
    parser.addOptions({model, data, json, threads, noHeat});
    bool help = false;
    if (!ctx.parse(parser, args, help))
        return ExitUsage;
    if (help)
        return ExitOk;
    if (!parser.isSet(data)) {
        ctx.error(QStringLiteral("audit: --data DIR is required"));
        return ExitUsage;
    }
    AuditOptions options;
    bool ok = false;
    options.threads = parser.value(threads).toInt(&ok);
    if (!ok || options.threads < 0) {
        ctx.error(
            QStringLiteral("audit: --threads needs a number >= 0, not '%1'").arg(parser.value(threads)));
        return ExitUsage;
    }
    options.heat = !parser.isSet(noHeat);

    const bool bar = ctx.stderrIsTerminal();
    std::mutex barMutex; // decoding reports from worker threads
    g_auditInterrupted = false;
    std::signal(SIGINT, onAuditInterrupt);
    std::signal(SIGTERM, onAuditInterrupt);
    int code = ExitOk;
    try {
        const auto classifier = Classifier::load(modelPathFrom(parser, model));
        const LabelledFolder folder = scanLabelledFolder(parser.value(data), 1);
        const AuditReport r = auditModel(
            *classifier, folder, options,
            [&](int done, int total) {
                if (!bar)
                    return;
                const std::lock_guard<std::mutex> lock(barMutex);
                ctx.err() << "\r\033[K[" << done << '/' << total << "] "
                          << (done * 2 <= total && options.heat ? "reading films" : "auditing");
                ctx.err().flush();
            },
            &g_auditInterrupted);
        if (bar)
            ctx.err() << "\r\033[K";
        for (const QString &f : r.failures)
            ctx.error(QStringLiteral("audit: skipped %1").arg(f));
        if (parser.isSet(json)) {
            ctx.printJson(r.toJson());
        } else {
            ctx.out() << r.toText();
            ctx.out().flush();
        }
        code = r.failures.isEmpty() ? ExitOk : ExitFailed;
    } catch (const Error &e) {
        if (bar)
            ctx.err() << "\r\033[K";
        ctx.error(QStringLiteral("audit: %1").arg(e.message()));
        code = e.code() == ErrorCode::Cancelled ? ExitCancelled : ExitFailed;
    }
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    return code;
}

} // namespace chestlens::cli
