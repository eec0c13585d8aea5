#include "ui/common/plotexport.h"

#include "core/atomicfile.h"
#include "core/error.h"
#include "core/film/imagewriter.h"

#include <qcustomplot.h>

#include <QFileInfo>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>

namespace chestlens::ui {

namespace {

/// Logical pixels per inch of every figure: fonts keep their on-screen size.
constexpr int kDpi = 96;
constexpr double kPointsPerInch = 72.0;

bool isSuffix(const QString &path, const char *suffix)
{
    return QFileInfo(path).suffix().compare(QLatin1String(suffix), Qt::CaseInsensitive) == 0;
}

void savePdf(const QString &path, const QSize &size, const PaintFigure &paint)
{
    writeFileAtomically(path, [&](QIODevice &device) {
        QPdfWriter writer(&device);
        writer.setResolution(kDpi);
        writer.setCreator(QStringLiteral("ChestLens"));
        const QSizeF points(size.width() * kPointsPerInch / kDpi, size.height() * kPointsPerInch / kDpi);
        writer.setPageLayout(
            QPageLayout(QPageSize(points, QPageSize::Point, QString(), QPageSize::ExactMatch),
                        QPageLayout::Portrait, QMarginsF()));
        QCPPainter painter;
        if (!painter.begin(&writer))
            return false;
        painter.setMode(QCPPainter::pmVectorized);
        painter.setMode(QCPPainter::pmNoCaching);
        paint(painter, size);
        return painter.end();
    });
}

void savePng(const QString &path, const QSize &size, const PaintFigure &paint, double scale)
{
    QImage image((QSizeF(size) * scale).toSize(), QImage::Format_RGB32);
    image.setDevicePixelRatio(scale);
    image.fill(Qt::white);
    QCPPainter painter(&image);
    paint(painter, size);
    painter.end();
    writeImageAtomically(image, path);
}

} // namespace

bool isFigureFormat(const QString &path)
{
    return isSuffix(path, "png") || isSuffix(path, "pdf");
}

void saveFigure(const QString &path, const QSize &size, const PaintFigure &paint, double pngScale)
{
    if (isSuffix(path, "pdf"))
        savePdf(path, size, paint);
    else if (isSuffix(path, "png"))
        savePng(path, size, paint, pngScale);
    else
        throw Error(ErrorCode::InvalidArgument, path, QStringLiteral("choose a .png or .pdf file name"));
}

void saveStackedPlots(const QString &path, const QList<QCustomPlot *> &plots, const QSize &plotSize,
                      double pngScale)
{
    const QSize size(plotSize.width(), plotSize.height() * int(plots.size()));
    saveFigure(
        path, size,
        [&plots, plotSize](QCPPainter &painter, const QSize &) {
            for (QCustomPlot *plot : plots) {
                plot->toPainter(&painter, plotSize.width(), plotSize.height());
                painter.translate(0, plotSize.height());
            }
        },
        pngScale);
}

} // namespace chestlens::ui
