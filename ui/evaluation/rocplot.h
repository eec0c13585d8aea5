#pragma once

#include "core/ml/metrics.h"
#include "ui/evaluation/plotpage.h"

#include <QStringList>

#include <utility>
#include <vector>

namespace chestlens::ui {

/// One class's one-vs-rest ROC curve, with the film counts the read-out turns its rates into.
struct RocSeries
{
    int classIndex = 0;
    RocCurve curve;
    int positives = 0, negatives = 0;
};

/// The ROC tab of the evaluation view: one-vs-rest ROC curves, one per class, over the chance
/// diagonal. Hovering reads out the point nearest the mouse on screen: its threshold rule,
/// sensitivity, specificity and the films found and flagged. Object names: "rocPlot",
/// "rocPlotReadout", "rocPlotMessage" (see PlotPage).
class RocPlot : public PlotPage
{
    Q_OBJECT
public:
    explicit RocPlot(QWidget *parent = nullptr);

    /// The one-vs-rest curve of each of `classCount` classes: column c of the `probabilities` rows
    /// scores "class c" against `labels` (same length, each in [0, classCount)).
    static std::vector<RocSeries> oneVsRest(const std::vector<int> &labels,
                                            const std::vector<std::vector<float>> &probabilities,
                                            int classCount);

    /// Draws `curves`, each named in the legend and read-out by classNames[classIndex]; with no
    /// curves the plot shows the diagonal only and the read-out is empty.
    void setCurves(std::vector<RocSeries> curves, const QStringList &classNames);
    void clear() { setCurves({}, {}); }

protected:
    void hover(const QPointF &pos) override;

private:
    /// The curve point nearest `pos` in pixels, over all curves; {nullptr, 0} when there is none.
    std::pair<const RocSeries *, std::size_t> nearestPoint(const QPointF &pos) const;

    std::vector<RocSeries> m_curves;
    QStringList m_names;
};

} // namespace chestlens::ui
