// libFuzzer target: the film loader (DICOM through DCMTK/GDCM, PNG/JPEG/TIFF/BMP through OpenCV and
// Qt) and the display pipeline behind it. The first input byte picks the file name's extension, so
// the extension-based and content-based paths are both reached; the rest is the file.
#include "core/error.h"
#include "core/film/display.h"
#include "core/film/filmloader.h"

#include <QDir>
#include <QFile>

#include <unistd.h>

#include <cstddef>
#include <cstdint>

namespace {

const char *const kSuffixes[] = {".dcm", ".png", ".jpg", ".tif", ".bmp", ""};

QString scratchPath(int suffix)
{
    static const QString base = QDir::temp().filePath(QStringLiteral("chestlens-fuzz-%1").arg(::getpid()));
    return base + QLatin1String(kSuffixes[suffix]);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const int suffix = data[0] % int(std::size(kSuffixes));
    const QString path = scratchPath(suffix);
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return 0;
        f.write(reinterpret_cast<const char *>(data + 1), qint64(size - 1));
    }
    chestlens::LoadLimits limits;
    limits.maxPixels = 16'000'000; // a 4k x 4k film; keeps each run fast, same code path
    try {
        const chestlens::Film film = chestlens::loadFilm(path, limits);
        const chestlens::DisplayWindow window = chestlens::defaultWindow(film);
        const QImage image = chestlens::renderFilm(film, window);
        if (image.isNull())
            __builtin_trap(); // a film that loads must render
        (void)chestlens::percentileWindow(film);
    } catch (const chestlens::Error &) {
        // Refusing a bad file with a message is the expected outcome.
    }
    QFile::remove(path);
    return 0;
}
