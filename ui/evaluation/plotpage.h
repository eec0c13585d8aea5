#pragma once

#include <QStackedWidget>
#include <QVector>

class QCPGraph;
class QCustomPlot;
class QLabel;

namespace chestlens::ui {

class WrappingLabel;

/// One plot tab of the evaluation view, a stack of two pages: a QCustomPlot over [0, 1] × [0, 1]
/// with a hover read-out under it, or a message in its place (e.g. why there are no curves).
///
/// Subclasses draw their data between beginPlot() (empties the plot, adds the y = x reference line
/// as graph 0) and endPlot() (adds the hover marker, applies the screen colours, replots), and
/// answer hover() for every mouse move over the plot. Object names: `name` for the plot,
/// name + "Readout" and name + "Message" for the two labels. GUI thread only.
class PlotPage : public QStackedWidget
{
    Q_OBJECT
public:
    QCustomPlot *plot() const { return m_plot; }
    /// What the read-out under the plot says now.
    QString readout() const;
    /// Shows the plot page.
    void showPlot();
    /// Shows `text` instead of the plot.
    void showMessage(const QString &text);
    /// Writes the plot as drawn to `path` (.png or .pdf, saveStackedPlots() at `size`) in print
    /// colours and without the hover marker; the screen look is back afterwards, whatever happens.
    /// @throws chestlens::Error naming `path` and the cause
    void save(const QString &path, const QSize &size);

protected:
    PlotPage(const QString &name, const QString &xLabel, const QString &yLabel, QWidget *parent);

    /// Removes everything drawn and adds the reference diagonal, named `diagonalName` in the legend.
    void beginPlot(const QString &diagonalName);
    /// Adds the (hidden) hover marker, styles the plot for the screen, sets the read-out to `hint`
    /// and replots.
    void endPlot(const QString &hint);
    /// A mouse move to `pos`, in the plot's pixels.
    virtual void hover(const QPointF &pos) = 0;
    /// True when `pos` lies inside the plot's axis rectangle.
    bool inAxisRect(const QPointF &pos) const;
    void setReadout(const QString &text);
    /// Rings the points (`x`, `y`), in `color` when it is valid (else in the colour it has), or
    /// hides the ring when there are none; queues a replot.
    void showMarker(const QVector<double> &x, const QVector<double> &y, const QColor &color = QColor());
    /// Hides the ring, replotting only when it was shown.
    void hideMarker();

private:
    QCustomPlot *m_plot = nullptr;
    QCPGraph *m_marker = nullptr; ///< the hover ring; re-created by every endPlot()
    QLabel *m_readout = nullptr;
    WrappingLabel *m_message = nullptr;
};

} // namespace chestlens::ui
