#include "app/cli/cli.h"
#include "app/cli/commands_p.h"
#include "core/error.h"
#include "core/film/display.h"
#include "core/film/filmloader.h"
#include "core/film/imagewriter.h"

namespace chestlens::cli {

int runConvert(Context &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Render a film through the display pipeline (modality LUT, VOI window, MONOCHROME1 "
                       "inversion) to an 8-bit PNG, or its stored values to a 16-bit PNG with --raw."));
    const QCommandLineOption outOpt(QStringLiteral("out"), QStringLiteral("Output PNG file."),
                                    QStringLiteral("OUT.png"));
    const QCommandLineOption raw(QStringLiteral("raw"),
                                 QStringLiteral("16-bit PNG of the unwindowed values."));
    const QCommandLineOption windowOpt(
        QStringLiteral("window"),
        QStringLiteral("Window centre,width in modality units (default: the file's "
                       "first preset, else its VOI LUT, else a 0.5–99.5 % window)."),
        QStringLiteral("C,W"));
    const QCommandLineOption invert(QStringLiteral("invert"), QStringLiteral("Invert the rendered image."));
    parser.addOptions({outOpt, raw, windowOpt, invert});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Film to convert."));
    bool help = false;
    if (!ctx.parse(parser, args, help))
        return ExitUsage;
    if (help)
        return ExitOk;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(outOpt)) {
        ctx.error(QStringLiteral("convert: give exactly one FILE and --out OUT.png"));
        return ExitUsage;
    }
    const QString file = parser.positionalArguments().first();
    try {
        const Film film = loadFilm(file);
        QImage image;
        if (parser.isSet(raw)) {
            image = renderRaw16(film);
        } else {
            DisplayWindow window = defaultWindow(film);
            if (parser.isSet(windowOpt)) {
                const QStringList parts = parser.value(windowOpt).split(QLatin1Char(','));
                bool okC = false, okW = false;
                const double c = parts.value(0).toDouble(&okC);
                const double w = parts.value(1).toDouble(&okW);
                if (parts.size() != 2 || !okC || !okW || w < 1.0) {
                    ctx.error(
                        QStringLiteral("convert: --window expects C,W with W >= 1, e.g. --window 2048,4096"));
                    return ExitUsage;
                }
                window = DisplayWindow{DisplayWindow::Kind::Linear, c, w, false, QStringLiteral("custom")};
            }
            window.invert = parser.isSet(invert);
            image = renderFilm(film, window, 8);
        }
        writeImageAtomically(image, parser.value(outOpt));
    } catch (const Error &e) {
        ctx.error(e.message());
        return ExitFailed;
    }
    return ExitOk;
}

} // namespace chestlens::cli
