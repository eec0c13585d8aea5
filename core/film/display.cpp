#include "core/film/display.h"

#include <algorithm>
#include <cmath>

namespace chestlens {

namespace {

/// Most quantile estimates need no more than this many samples (error well under 0.1 %).
constexpr std::size_t kQuantileSamples = 1'000'000;

} // namespace

DisplayWindow percentileWindow(const Film &film, double lowFraction, double highFraction)
{
    DisplayWindow w;
    w.name = QStringLiteral("auto (%1–%2 %)").arg(lowFraction * 100.0).arg(highFraction * 100.0);
    if (film.pixels.empty())
        return w;
    const std::size_t stride = std::max<std::size_t>(1, film.pixels.size() / kQuantileSamples);
    std::vector<float> sample;
    sample.reserve(film.pixels.size() / stride + 1);
    for (std::size_t i = 0; i < film.pixels.size(); i += stride)
        sample.push_back(film.pixels[i]);
    auto quantile = [&sample](double q) {
        const auto k = static_cast<std::size_t>(std::clamp(q, 0.0, 1.0) * (sample.size() - 1));
        std::nth_element(sample.begin(), sample.begin() + static_cast<std::ptrdiff_t>(k), sample.end());
        return static_cast<double>(sample[k]);
    };
    const double lo = quantile(lowFraction);
    const double hi = quantile(highFraction);
    // Linear window of PS3.3 C.11.2.1.2 maps [c - 0.5 - (w-1)/2, c - 0.5 + (w-1)/2] to the output range.
    w.width = std::max(1.0, hi - lo + 1.0);
    w.centre = lo + 0.5 + (w.width - 1.0) / 2.0;
    return w;
}

DisplayWindow defaultWindow(const Film &film)
{
    const FilmMetadata &m = film.meta;
    if (!m.windows.isEmpty()) {
        DisplayWindow w;
        w.centre = m.windows.first().centre;
        w.width = m.windows.first().width;
        w.name = m.windows.first().explanation.isEmpty() ? QStringLiteral("DICOM preset 1")
                                                         : m.windows.first().explanation;
        return w;
    }
    if (m.voiLut && !m.voiLut->table.empty()) {
        DisplayWindow w;
        w.kind = DisplayWindow::Kind::VoiLut;
        w.name = m.voiLut->explanation.isEmpty() ? QStringLiteral("DICOM VOI LUT") : m.voiLut->explanation;
        return w;
    }
    if (m.format == QLatin1String("DICOM") || m.bitsStored > 8)
        return percentileWindow(film);
    // 8-bit raster: the identity. With the linear function of PS3.3 C.11.2.1.2.1, c = 128 and
    // w = 256 map 0 -> 0 and 255 -> 255 exactly (c = 127.5 would shift every value up by half a level).
    DisplayWindow w;
    w.centre = 128.0;
    w.width = 256.0;
    w.name = QStringLiteral("full range");
    return w;
}

std::vector<float> renderDisplayValues(const Film &film, const DisplayWindow &window)
{
    std::vector<float> out(film.pixels.size());
    const bool flip = film.meta.invertedPolarity() != window.invert;
    if (window.kind == DisplayWindow::Kind::VoiLut && film.meta.voiLut && !film.meta.voiLut->table.empty()) {
        const VoiLut &lut = *film.meta.voiLut;
        const double scale = 1.0 / ((1 << lut.bits) - 1);
        const long last = static_cast<long>(lut.table.size()) - 1;
        for (std::size_t i = 0; i < out.size(); ++i) {
            const long idx = std::clamp(std::lround(film.pixels[i]) - lut.firstMapped, 0L, last);
            out[i] = static_cast<float>(std::min(1.0, lut.table[static_cast<std::size_t>(idx)] * scale));
        }
    } else {
        // PS3.3 C.11.2.1.2.1, normalised to [0, 1].
        const double w = std::max(1.0, window.width);
        const double lower = window.centre - 0.5 - (w - 1.0) / 2.0;
        const double upper = window.centre - 0.5 + (w - 1.0) / 2.0;
        const double span = std::max(1e-12, w - 1.0);
        for (std::size_t i = 0; i < out.size(); ++i) {
            const double x = film.pixels[i];
            double y;
            if (x <= lower)
                y = 0.0;
            else if (x > upper)
                y = 1.0;
            else
                y = (x - (window.centre - 0.5)) / span + 0.5;
            out[i] = static_cast<float>(std::clamp(y, 0.0, 1.0));
        }
    }
    if (flip) {
        for (float &v : out)
            v = 1.0f - v;
    }
    return out;
}

QImage renderFilm(const Film &film, const DisplayWindow &window, int outputBits)
{
    const std::vector<float> values = renderDisplayValues(film, window);
    const bool wide = outputBits > 8;
    QImage img(film.width(), film.height(), wide ? QImage::Format_Grayscale16 : QImage::Format_Grayscale8);
    if (img.isNull())
        return img;
    const float maxOut = wide ? 65535.0f : 255.0f;
    for (int y = 0; y < film.height(); ++y) {
        const float *src = values.data() + static_cast<std::size_t>(y) * film.width();
        if (wide) {
            auto *dst = reinterpret_cast<quint16 *>(img.scanLine(y));
            for (int x = 0; x < film.width(); ++x)
                dst[x] = static_cast<quint16>(std::lround(src[x] * maxOut));
        } else {
            uchar *dst = img.scanLine(y);
            for (int x = 0; x < film.width(); ++x)
                dst[x] = static_cast<uchar>(std::lround(src[x] * maxOut));
        }
    }
    return img;
}

QImage renderRaw16(const Film &film)
{
    QImage img(film.width(), film.height(), QImage::Format_Grayscale16);
    if (img.isNull())
        return img;
    const double lo = film.meta.minValue;
    const double range = std::max(1e-12, static_cast<double>(film.meta.maxValue) - lo);
    // Values already in 0..65535 are written as they are; anything else (signed, rescaled) is
    // shifted/scaled linearly into the 16-bit range.
    const bool asIs = film.meta.minValue >= 0 && film.meta.maxValue <= 65535 && film.meta.rescaleSlope == 1.0;
    const double storedMax = std::ldexp(1.0, std::min(16, film.meta.bitsStored)) - 1.0;
    for (int y = 0; y < film.height(); ++y) {
        auto *dst = reinterpret_cast<quint16 *>(img.scanLine(y));
        for (int x = 0; x < film.width(); ++x) {
            double v = film.at(x, y);
            v = asIs ? v : (v - lo) / range * 65535.0;
            if (film.meta.invertedPolarity())
                v = (asIs ? storedMax : 65535.0) - v;
            dst[x] = static_cast<quint16>(std::clamp(std::lround(v), 0L, 65535L));
        }
    }
    return img;
}

} // namespace chestlens
