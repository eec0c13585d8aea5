#pragma once

#include "core/ml/metrics.h"
#include "ui/evaluation/plotpage.h"

#include <vector>

class QCPBarsGroup;

namespace chestlens::ui {

/// The reliability tab of the evaluation view: accuracy per confidence bin as bars over the
/// "perfect calibration" diagonal, after temperature scaling and, when the temperature is not 1,
/// before it (side by side). Hovering reads out the films, accuracy and mean confidence of the bin
/// under the mouse. Object names: "reliabilityPlot", "reliabilityPlotReadout",
/// "reliabilityPlotMessage" (see PlotPage).
class ReliabilityPlot : public PlotPage
{
    Q_OBJECT
public:
    /// Same binning as Metrics::ece and fitTemperature(), so the bars and the ECE numbers agree.
    static constexpr int kBins = 15;

    explicit ReliabilityPlot(QWidget *parent = nullptr);

    /// Draws `after`, the kBins bins of the calibrated probabilities (ECE `eceAfter`, temperature
    /// `temperature`), and `before`, those at T = 1 (ECE `eceBefore`). `before` empty: `after`
    /// alone, labelled as not temperature-scaled. Both empty: the diagonal only, no read-out.
    void setBins(std::vector<ReliabilityBin> after, double eceAfter, std::vector<ReliabilityBin> before,
                 double eceBefore, double temperature);
    void clear() { setBins({}, 0, {}, 0, 1.0); }

protected:
    void hover(const QPointF &pos) override;

private:
    struct Series
    {
        QString name; ///< in the read-out when there are two
        std::vector<ReliabilityBin> bins;
        double ece = 0;
    };
    /// The bars of m_series[index], in `group` when there are two series.
    void addBars(std::size_t index, QCPBarsGroup *group);

    std::vector<Series> m_series; ///< [0] after calibration, [1] before (when known)
    double m_temperature = 1.0;
};

} // namespace chestlens::ui
