#include "ui/evaluation/reliabilityplot.h"

#include "ui/evaluation/plotstyle_p.h"

#include <QStringList>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace chestlens::ui {

ReliabilityPlot::ReliabilityPlot(QWidget *parent)
    : PlotPage(QStringLiteral("reliabilityPlot"), tr("Confidence (top-class probability)"),
               tr("Accuracy in the bin"), parent)
{
    clear();
}

void ReliabilityPlot::setBins(std::vector<ReliabilityBin> after, double eceAfter,
                              std::vector<ReliabilityBin> before, double eceBefore, double temperature)
{
    m_series.clear();
    if (!after.empty())
        m_series.push_back({tr("After temperature scaling"), std::move(after), eceAfter});
    if (!m_series.empty() && !before.empty())
        m_series.push_back({tr("Before"), std::move(before), eceBefore});
    m_temperature = temperature;

    beginPlot(tr("Perfect calibration"));
    qDeleteAll(plot()->findChildren<QCPBarsGroup *>(QString(), Qt::FindDirectChildrenOnly));
    auto *group = m_series.size() > 1 ? new QCPBarsGroup(plot()) : nullptr;
    if (group)
        group->setSpacing(0);
    // Draw "before" first so that "after" (the numbers the model reports) sits on top in the legend.
    for (std::size_t idx = m_series.size(); idx-- > 0;)
        addBars(idx, group);
    plot()->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    endPlot(m_series.empty() ? QString() : tr("Point at a bin to read its films, accuracy and confidence."));
}

void ReliabilityPlot::addBars(std::size_t index, QCPBarsGroup *group)
{
    const Series &series = m_series[index];
    auto *bars = new QCPBars(plot()->xAxis, plot()->yAxis);
    const bool after = index == 0;
    if (m_series.size() == 1)
        bars->setName(tr("Not temperature-scaled, T = 1 (ECE %1)").arg(metricText(series.ece)));
    else if (after)
        bars->setName(tr("After temperature scaling, T = %1 (ECE %2)")
                          .arg(QString::number(m_temperature, 'f', 2), metricText(series.ece)));
    else
        bars->setName(tr("Before, T = 1 (ECE %1)").arg(metricText(series.ece)));
    const QColor color = after ? seriesColor(1) : seriesColor(0);
    bars->setPen(QPen(color.darker(130)));
    QColor fill = color;
    fill.setAlpha(after ? 220 : 150);
    bars->setBrush(fill);
    bars->setWidthType(QCPBars::wtPlotCoords);
    const double width = 1.0 / kBins;
    bars->setWidth(group ? width * 0.45 : width * 0.9);
    if (group)
        bars->setBarsGroup(group);
    QVector<double> keys, values;
    for (const ReliabilityBin &b : series.bins) {
        if (b.count == 0)
            continue;
        keys << (b.lower + b.upper) / 2;
        values << b.accuracy;
    }
    bars->setData(keys, values, true);
}

void ReliabilityPlot::hover(const QPointF &pos)
{
    if (m_series.empty() || !inAxisRect(pos)) {
        hideMarker();
        return;
    }
    const double x = plot()->xAxis->pixelToCoord(pos.x());
    const int bin = std::clamp(static_cast<int>(std::floor(x * kBins)), 0, kBins - 1);
    QStringList lines;
    QVector<double> keys, values;
    const ReliabilityBin &edges = m_series.front().bins[static_cast<std::size_t>(bin)];
    lines << tr("<b>Confidence %1 – %2</b>")
                 .arg(QString::number(edges.lower, 'f', 3), QString::number(edges.upper, 'f', 3));
    for (const Series &series : m_series) {
        const ReliabilityBin &b = series.bins[static_cast<std::size_t>(bin)];
        const QString label = m_series.size() == 1 ? QString() : series.name + QStringLiteral(": ");
        if (b.count == 0) {
            lines << label + tr("no films");
            continue;
        }
        lines << label + tr("%n film(s), accuracy %1, mean confidence %2 (gap %3)", nullptr, b.count)
                             .arg(metricText(b.accuracy), metricText(b.meanConfidence),
                                  metricText(b.accuracy - b.meanConfidence));
        keys << b.meanConfidence;
        values << b.accuracy;
    }
    setReadout(lines.join(QStringLiteral("<br>")));
    showMarker(keys, values);
}

} // namespace chestlens::ui
