#pragma once

#include <QWidget>

class QCustomPlot;
class QCPGraph;
class QLabel;

namespace chestlens::ui {

/// Live loss and accuracy curves of a training run: training per batch (raw, faint, and an
/// exponential moving average), validation per epoch. The x axis counts epochs (1.5 = half way
/// through epoch 2). Axes rescale as points arrive; hovering reads out the values under the mouse.
class TrainingPlots : public QWidget
{
    Q_OBJECT
public:
    enum Series {
        TrainLossRaw,
        TrainLoss,
        ValLoss,
        TrainAccuracyRaw,
        TrainAccuracy,
        ValAccuracy,
        SeriesCount
    };

    explicit TrainingPlots(QWidget *parent = nullptr);

    void clear();
    /// `position` in epochs (epoch - 1 + batch / batches); accuracy in [0, 1].
    void addBatch(double position, double loss, double accuracy);
    /// Validation after `epoch` (1-based) ends.
    void addEpoch(int epoch, double valLoss, double valAccuracy);
    /// Marks the epoch whose weights the model keeps.
    void setBestEpoch(int epoch);

    int pointCount(Series series) const;
    QCustomPlot *lossPlot() const { return m_loss; }
    QCustomPlot *accuracyPlot() const { return m_accuracy; }
    /// Both plots stacked, for saving (PNG).
    QImage render() const;

private:
    void showReadout(QCustomPlot *plot, double x);
    void scheduleReplot();

    QCustomPlot *m_loss;
    QCustomPlot *m_accuracy;
    QLabel *m_readout;
    QCPGraph *m_graphs[SeriesCount] = {};
    double m_emaLoss = 0, m_emaAccuracy = 0;
    int m_batches = 0;
    int m_bestEpoch = 0;
    bool m_replotPending = false;
};

} // namespace chestlens::ui
