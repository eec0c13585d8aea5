#include "ui/evaluation/rocplot.h"

#include "ui/evaluation/plotstyle_p.h"

#include <qcustomplot.h>

#include <cmath>
#include <limits>

namespace chestlens::ui {

RocPlot::RocPlot(QWidget *parent)
    : PlotPage(QStringLiteral("rocPlot"), tr("False positive rate (1 − specificity)"),
               tr("True positive rate (sensitivity)"), parent)
{
    clear();
}

std::vector<RocSeries> RocPlot::oneVsRest(const std::vector<int> &labels,
                                          const std::vector<std::vector<float>> &probabilities,
                                          int classCount)
{
    std::vector<RocSeries> curves;
    for (int c = 0; c < classCount; ++c) {
        std::vector<float> scores;
        std::vector<bool> positive;
        scores.reserve(labels.size());
        positive.reserve(labels.size());
        RocSeries s;
        s.classIndex = c;
        for (std::size_t i = 0; i < labels.size(); ++i) {
            scores.push_back(probabilities[i][static_cast<std::size_t>(c)]);
            positive.push_back(labels[i] == c);
            (labels[i] == c ? s.positives : s.negatives) += 1;
        }
        s.curve = rocCurve(scores, positive);
        curves.push_back(std::move(s));
    }
    return curves;
}

void RocPlot::setCurves(std::vector<RocSeries> curves, const QStringList &classNames)
{
    m_curves = std::move(curves);
    m_names = classNames;
    beginPlot(tr("Chance (AUROC 0.500)"));
    for (const RocSeries &s : m_curves) {
        auto *curve = new QCPCurve(plot()->xAxis, plot()->yAxis);
        const QString name = m_names.value(s.classIndex);
        curve->setName(std::isfinite(s.curve.auc) ? tr("%1 (AUROC %2)").arg(name, metricText(s.curve.auc))
                                                  : tr("%1 (AUROC undefined)").arg(name));
        curve->setPen(QPen(seriesColor(s.classIndex), 2));
        curve->setData(QVector<double>(s.curve.fpr.begin(), s.curve.fpr.end()),
                       QVector<double>(s.curve.tpr.begin(), s.curve.tpr.end()));
    }
    endPlot(m_curves.empty() ? QString()
                             : tr("Point at a curve to read its threshold, sensitivity and specificity."));
}

std::pair<const RocSeries *, std::size_t> RocPlot::nearestPoint(const QPointF &pos) const
{
    // Nearest on screen: what the eye picks, whatever the axis scales.
    double best = std::numeric_limits<double>::max();
    std::pair<const RocSeries *, std::size_t> nearest{nullptr, 0};
    for (const RocSeries &s : m_curves) {
        for (std::size_t i = 0; i < s.curve.fpr.size(); ++i) {
            const double dx = plot()->xAxis->coordToPixel(s.curve.fpr[i]) - pos.x();
            const double dy = plot()->yAxis->coordToPixel(s.curve.tpr[i]) - pos.y();
            const double d = dx * dx + dy * dy;
            if (d < best) {
                best = d;
                nearest = {&s, i};
            }
        }
    }
    return nearest;
}

void RocPlot::hover(const QPointF &pos)
{
    if (m_curves.empty() || !inAxisRect(pos)) {
        hideMarker();
        return;
    }
    const auto [series, index] = nearestPoint(pos);
    if (!series)
        return;
    const RocCurve &c = series->curve;
    const double fpr = c.fpr[index], tpr = c.tpr[index], threshold = c.thresholds[index];
    const QString name = m_names.value(series->classIndex);
    const QString rule = std::isfinite(threshold)
                             ? tr("%1 when p(%1) ≥ %2").arg(name, QString::number(threshold, 'f', 4))
                             : tr("nothing called %1").arg(name);
    const auto found = static_cast<int>(std::lround(tpr * series->positives));
    const auto flagged = static_cast<int>(std::lround(fpr * series->negatives));
    setReadout(tr("<b>%1</b>: TPR (sensitivity) %2, FPR %3 (specificity %4)<br>"
                  "%5 of %6 %7 films found; %8 of %9 other films flagged")
                   .arg(rule, metricText(tpr), metricText(fpr), metricText(1.0 - fpr))
                   .arg(found)
                   .arg(series->positives)
                   .arg(name)
                   .arg(flagged)
                   .arg(series->negatives));
    showMarker({fpr}, {tpr}, seriesColor(series->classIndex).lighter(130));
}

} // namespace chestlens::ui
