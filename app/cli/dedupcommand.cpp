#include "app/cli/cli.h"
#include "app/cli/commands_p.h"
#include "core/data/dedup.h"
#include "core/data/labelledfolder.h"
#include "core/error.h"

#include <QElapsedTimer>

namespace chestlens::cli {

int runDedup(Context &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Find exact and near-duplicate films in a labelled folder (DIR/<class>/<image>) and duplicates\n"
        "across classes (label conflicts). Exact: identical decoded pixels. Near: perceptual hashes\n"
        "propose candidates, a thumbnail correlation confirms them. The training split leaves out\n"
        "every conflicting film and all but one film of each other group."));
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("The labelled folder."),
                                  QStringLiteral("DIR"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the report as one JSON object."));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     QStringLiteral("Decoding threads (default: all cores)."),
                                     QStringLiteral("N"));
    parser.addOptions({data, json, threads});
    bool help = false;
    if (!ctx.parse(parser, args, help))
        return ExitUsage;
    if (help)
        return ExitOk;
    if (!parser.isSet(data)) {
        ctx.error(QStringLiteral("dedup: --data DIR is required"));
        return ExitUsage;
    }
    if (!parser.positionalArguments().isEmpty()) {
        ctx.error(
            QStringLiteral("dedup: unexpected argument '%1'").arg(parser.positionalArguments().first()));
        return ExitUsage;
    }
    DedupOptions options;
    if (parser.isSet(threads)) {
        bool ok = false;
        options.threads = parser.value(threads).toInt(&ok);
        if (!ok || options.threads < 1) {
            ctx.error(QStringLiteral("dedup: --threads needs a positive number, not '%1'")
                          .arg(parser.value(threads)));
            return ExitUsage;
        }
    }

    try {
        const LabelledFolder folder = scanLabelledFolder(parser.value(data));
        const bool showProgress = ctx.stderrIsTerminal();
        QElapsedTimer timer;
        timer.start();
        const DedupReport report = findDuplicates(folder, options, [&](int done, int total) {
            if (!showProgress)
                return;
            ctx.err() << "\rdecoding " << done << '/' << total << (done == total ? "\n" : "");
            ctx.err().flush();
        });
        for (const QString &problem : report.unreadable)
            ctx.error(QStringLiteral("dedup: skipped %1").arg(problem));
        if (parser.isSet(json)) {
            ctx.printJson(report.toJson(folder));
            return ExitOk;
        }

        QTextStream &out = ctx.out();
        const std::vector<int> counts = folder.countsPerClass();
        QStringList perClass;
        for (int c = 0; c < folder.classes.size(); ++c)
            perClass
                << QStringLiteral("%1 %2").arg(folder.classes.at(c)).arg(counts[static_cast<std::size_t>(c)]);
        out << folder.root << ": " << folder.items.size() << " images in " << folder.classes.size()
            << " classes (" << perClass.join(QStringLiteral(", ")) << "), searched in "
            << QString::number(timer.elapsed() / 1000.0, 'f', 1) << " s\n"
            << "  exact duplicates: " << report.exactDuplicates << '\n'
            << "  near duplicates:  " << report.nearDuplicates << '\n'
            << "  label conflicts:  " << report.conflictGroups << " groups, " << report.conflictImages
            << " images\n"
            << "  unreadable:       " << report.unreadable.size() << '\n'
            << "  left out of training by default: " << report.excluded.size() << " images\n";
        int number = 0;
        for (const DuplicateGroup &g : report.groups) {
            out << "\ngroup " << ++number << " (" << (g.exact ? "exact" : "near") << ')'
                << (g.labelConflict ? "  LABEL CONFLICT: all members left out" : "") << '\n';
            for (int m : g.members) {
                const QString cls = folder.classes.at(folder.items[static_cast<std::size_t>(m)].label);
                out << "  " << (m == g.keep ? "keep " : "     ") << folder.relativePath(m) << "  [" << cls
                    << "]\n";
            }
        }
        out.flush();
        return ExitOk;
    } catch (const Error &e) {
        ctx.error(e.message());
        return e.code() == ErrorCode::Cancelled ? ExitCancelled : ExitFailed;
    }
}

} // namespace chestlens::cli
