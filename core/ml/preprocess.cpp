#include "core/ml/preprocess.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace chestlens {

namespace {

/// A band is "uniform" when its grey-level standard deviation is below this (8-bit units):
/// flat collimation/padding bands measure < 3, anatomy > 10.
constexpr double kUniformBandStd = 4.0;
/// Never trim more than this fraction of the film from one side.
constexpr double kMaxTrimFraction = 0.2;

QRect findContentRect(const cv::Mat &grey8)
{
    const int w = grey8.cols;
    const int h = grey8.rows;
    auto rowUniform = [&](int y) {
        cv::Scalar mean, sd;
        cv::meanStdDev(grey8.row(y), mean, sd);
        return sd[0] < kUniformBandStd;
    };
    auto colUniform = [&](int x) {
        cv::Scalar mean, sd;
        cv::meanStdDev(grey8.col(x), mean, sd);
        return sd[0] < kUniformBandStd;
    };
    const int maxY = static_cast<int>(h * kMaxTrimFraction);
    const int maxX = static_cast<int>(w * kMaxTrimFraction);
    int top = 0, bottom = 0, left = 0, right = 0;
    while (top < maxY && rowUniform(top))
        ++top;
    while (bottom < maxY && rowUniform(h - 1 - bottom))
        ++bottom;
    while (left < maxX && colUniform(left))
        ++left;
    while (right < maxX && colUniform(w - 1 - right))
        ++right;
    return QRect(left, top, w - left - right, h - top - bottom);
}

} // namespace

QJsonObject PreprocessOptions::toJson() const
{
    return {{QStringLiteral("image_size"), imageSize},
            {QStringLiteral("trim_borders"), trimBorders},
            {QStringLiteral("equalize"), equalize},
            {QStringLiteral("resize"),
             fit == Fit::CentreCrop ? QStringLiteral("centre-crop") : QStringLiteral("stretch")},
            {QStringLiteral("window"),
             QStringLiteral("default (DICOM preset / VOI LUT / 0.5-99.5 %), MONOCHROME1 inverted")},
            {QStringLiteral("normalisation"),
             QJsonObject{{QStringLiteral("mean"), 0.5}, {QStringLiteral("std"), 0.25}}}};
}

PreprocessOptions PreprocessOptions::fromJson(const QJsonObject &o)
{
    PreprocessOptions p;
    p.imageSize = o.value(QStringLiteral("image_size")).toInt(p.imageSize);
    p.trimBorders = o.value(QStringLiteral("trim_borders")).toBool(p.trimBorders);
    p.equalize = o.value(QStringLiteral("equalize")).toBool(p.equalize);
    // Models written before the choice existed stretched.
    p.fit = o.value(QStringLiteral("resize")).toString() == QLatin1String("centre-crop") ? Fit::CentreCrop
                                                                                         : Fit::Stretch;
    return p;
}

QPointF InputGeometry::toInput(const QPointF &s) const
{
    const double sx = static_cast<double>(size) / crop.width();
    const double sy = static_cast<double>(size) / crop.height();
    return {(s.x() - crop.x() + 0.5) * sx - 0.5, (s.y() - crop.y() + 0.5) * sy - 0.5};
}

QPointF InputGeometry::toSource(const QPointF &in) const
{
    const double sx = static_cast<double>(crop.width()) / size;
    const double sy = static_cast<double>(crop.height()) / size;
    return {crop.x() + (in.x() + 0.5) * sx - 0.5, crop.y() + (in.y() + 0.5) * sy - 0.5};
}

PreparedImage prepareFilm(const Film &film, const DisplayWindow &window, const PreprocessOptions &options)
{
    const std::vector<float> values = renderDisplayValues(film, window);
    cv::Mat asFloat(film.height(), film.width(), CV_32F, const_cast<float *>(values.data()));
    cv::Mat grey8;
    asFloat.convertTo(grey8, CV_8U, 255.0);

    PreparedImage out;
    out.geometry.sourceWidth = film.width();
    out.geometry.sourceHeight = film.height();
    out.geometry.size = options.imageSize;
    out.geometry.crop = QRect(0, 0, film.width(), film.height());
    if (options.trimBorders && film.width() >= 32 && film.height() >= 32)
        out.geometry.crop = findContentRect(grey8);
    out.geometry.content = out.geometry.crop;
    if (options.fit == PreprocessOptions::Fit::CentreCrop) {
        QRect &r = out.geometry.crop;
        const int side = std::min(r.width(), r.height());
        r = QRect(r.x() + (r.width() - side) / 2, r.y() + (r.height() - side) / 2, side, side);
    }

    const QRect &c = out.geometry.crop;
    cv::Mat resized;
    const cv::Mat roi = grey8(cv::Rect(c.x(), c.y(), c.width(), c.height()));
    const bool shrinking = c.width() > options.imageSize || c.height() > options.imageSize;
    cv::resize(roi, resized, cv::Size(options.imageSize, options.imageSize), 0, 0,
               shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
    if (options.equalize)
        cv::equalizeHist(resized, resized);
    out.pixels.assign(resized.data,
                      resized.data + static_cast<std::size_t>(options.imageSize) * options.imageSize);
    return out;
}

PreparedImage prepareFilm(const Film &film, const PreprocessOptions &options)
{
    return prepareFilm(film, defaultWindow(film), options);
}

} // namespace chestlens
