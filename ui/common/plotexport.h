#pragma once

// Saving figures (plots and other painted widgets) to files: the one export path of the
// evaluation view and the training dialog.

#include <QList>
#include <QSize>
#include <QString>

#include <functional>

class QCPPainter;
class QCustomPlot;

namespace chestlens::ui {

/// Paints a figure of `size` logical pixels (96 dpi) with its top-left corner at the origin.
using PaintFigure = std::function<void(QCPPainter &painter, const QSize &size)>;

/// True when `path` names a format figures can be saved in: .png or .pdf (any case).
bool isFigureFormat(const QString &path);

/// Writes a figure to `path`, atomically (an older file there survives a failure): a .png is
/// rendered on white at `pngScale` device pixels per logical pixel; a .pdf is one vector page of
/// exactly `size` at 96 dpi. @throws chestlens::Error (InvalidArgument for other suffixes,
/// WriteFailed naming `path` and the cause).
void saveFigure(const QString &path, const QSize &size, const PaintFigure &paint, double pngScale = 2.0);

/// saveFigure() of QCustomPlots stacked top to bottom, each `plotSize`; vector in PDF.
void saveStackedPlots(const QString &path, const QList<QCustomPlot *> &plots, const QSize &plotSize,
                      double pngScale = 2.0);

} // namespace chestlens::ui
