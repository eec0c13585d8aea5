#include "ui/evaluation/plotpage.h"

#include "ui/common/plotexport.h"
#include "ui/common/wrappinglabel.h"

#include <QLabel>
#include <QScopeGuard>
#include <QVBoxLayout>

#include <qcustomplot.h>

namespace chestlens::ui {

namespace {

struct PlotColors
{
    QColor background, text, axis, grid, legendBackground, reference;
};

PlotColors screenPlotColors(const QPalette &p)
{
    PlotColors c;
    c.background = p.color(QPalette::Base);
    c.text = p.color(QPalette::Text);
    c.axis = p.color(QPalette::Mid);
    c.grid = p.color(QPalette::Midlight);
    c.legendBackground = p.color(QPalette::Window);
    c.reference = p.color(QPalette::PlaceholderText);
    return c;
}

PlotColors printPlotColors()
{
    return {Qt::white,
            QColor(20, 20, 20),
            QColor(60, 60, 60),
            QColor(215, 215, 215),
            QColor(255, 255, 255, 230),
            QColor(120, 120, 120)};
}

void stylePlot(QCustomPlot *plot, const PlotColors &c)
{
    plot->setBackground(c.background);
    plot->axisRect()->setBackground(c.background);
    for (QCPAxis *axis : {plot->xAxis, plot->yAxis}) {
        axis->setBasePen(QPen(c.axis));
        axis->setTickPen(QPen(c.axis));
        axis->setSubTickPen(QPen(c.axis));
        axis->setTickLabelColor(c.text);
        axis->setLabelColor(c.text);
        axis->grid()->setPen(QPen(c.grid, 1, Qt::DotLine));
        axis->grid()->setZeroLinePen(QPen(c.grid, 1, Qt::DotLine));
    }
    plot->legend->setBrush(c.legendBackground);
    plot->legend->setBorderPen(QPen(c.axis));
    plot->legend->setTextColor(c.text);
    // The reference diagonal is always the first graph (beginPlot()).
    if (plot->graphCount() > 0)
        plot->graph(0)->setPen(QPen(c.reference, 1.5, Qt::DashLine));
}

QCustomPlot *makePlot(QWidget *parent, const QString &name, const QString &xLabel, const QString &yLabel)
{
    auto *plot = new QCustomPlot(parent);
    plot->setObjectName(name);
    plot->setMinimumSize(320, 240);
    plot->xAxis->setLabel(xLabel);
    plot->yAxis->setLabel(yLabel);
    plot->xAxis->setRange(-0.02, 1.02);
    plot->yAxis->setRange(-0.02, 1.04);
    plot->legend->setVisible(true);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    plot->setNoAntialiasingOnDrag(true);
    return plot;
}

} // namespace

PlotPage::PlotPage(const QString &name, const QString &xLabel, const QString &yLabel, QWidget *parent)
    : QStackedWidget(parent)
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(4, 4, 4, 4);
    m_plot = makePlot(page, name, xLabel, yLabel);
    m_readout = new QLabel(page);
    m_readout->setObjectName(name + QStringLiteral("Readout"));
    m_readout->setWordWrap(true);
    // Two lines reserved, so the plot does not jump when the read-out changes length.
    m_readout->setMinimumHeight(2 * fontMetrics().lineSpacing() + 4);
    m_readout->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_readout);
    m_message = new WrappingLabel(this);
    m_message->setObjectName(name + QStringLiteral("Message"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setMargin(24);
    addWidget(page);
    addWidget(m_message);
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent *e) { hover(e->position()); });
}

QString PlotPage::readout() const
{
    return m_readout->text();
}

void PlotPage::showPlot()
{
    setCurrentIndex(0);
}

void PlotPage::showMessage(const QString &text)
{
    m_message->setText(text);
    setCurrentWidget(m_message);
}

void PlotPage::beginPlot(const QString &diagonalName)
{
    m_plot->clearPlottables();
    m_marker = nullptr;
    QCPGraph *diagonal = m_plot->addGraph();
    diagonal->setName(diagonalName);
    diagonal->setData(QVector<double>{0.0, 1.0}, QVector<double>{0.0, 1.0}, true);
}

void PlotPage::endPlot(const QString &hint)
{
    // The hover marker: a ring around the point read out, not in the legend.
    m_marker = m_plot->addGraph();
    m_marker->setLineStyle(QCPGraph::lsNone);
    m_marker->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle,
                                              QPen(palette().color(QPalette::Text), 2), Qt::NoBrush, 12));
    m_marker->removeFromLegend();
    m_marker->setVisible(false);
    stylePlot(m_plot, screenPlotColors(palette()));
    m_readout->setText(hint);
    m_plot->replot();
}

bool PlotPage::inAxisRect(const QPointF &pos) const
{
    return m_plot->axisRect()->rect().contains(pos.toPoint());
}

void PlotPage::setReadout(const QString &text)
{
    m_readout->setText(text);
}

void PlotPage::showMarker(const QVector<double> &x, const QVector<double> &y, const QColor &color)
{
    m_marker->setData(x, y, false);
    if (color.isValid())
        m_marker->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(color, 2), Qt::NoBrush, 12));
    m_marker->setVisible(!x.isEmpty());
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void PlotPage::hideMarker()
{
    if (!m_marker->visible())
        return;
    m_marker->setVisible(false);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void PlotPage::save(const QString &path, const QSize &size)
{
    // Print colours and no hover marker while saving; the screen look comes back whatever happens.
    const bool markerVisible = m_marker->visible();
    m_marker->setVisible(false);
    stylePlot(m_plot, printPlotColors());
    const auto restore = qScopeGuard([&] {
        stylePlot(m_plot, screenPlotColors(palette()));
        m_marker->setVisible(markerVisible);
        m_plot->replot();
    });
    saveStackedPlots(path, {m_plot}, size);
}

} // namespace chestlens::ui
