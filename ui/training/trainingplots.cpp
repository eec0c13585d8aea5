#include "ui/training/trainingplots.h"

#include <qcustomplot.h>

#include <QLabel>
#include <QPainter>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace chestlens::ui {

namespace {

/// Weight of the newest batch in the moving average: about the last 20 batches count.
constexpr double kEmaWeight = 0.1;
/// Replots are coalesced: at most one per this many milliseconds.
constexpr int kReplotIntervalMs = 100;

const QColor kTrainColour(90, 160, 235);
const QColor kValColour(245, 160, 60);

void styleAxis(QCPAxis *axis, const QPalette &palette)
{
    const QColor text = palette.color(QPalette::WindowText);
    const QColor grid = palette.color(QPalette::Mid);
    axis->setBasePen(QPen(text));
    axis->setTickPen(QPen(text));
    axis->setSubTickPen(QPen(text));
    axis->setTickLabelColor(text);
    axis->setLabelColor(text);
    axis->grid()->setPen(QPen(grid, 0, Qt::DotLine));
}

QCustomPlot *makePlot(const QString &yLabel, QWidget *parent)
{
    auto *plot = new QCustomPlot(parent);
    const QPalette palette = parent->palette();
    plot->setBackground(palette.color(QPalette::Base));
    styleAxis(plot->xAxis, palette);
    styleAxis(plot->yAxis, palette);
    plot->xAxis->setLabel(QObject::tr("epoch"));
    plot->yAxis->setLabel(yLabel);
    plot->legend->setVisible(true);
    plot->legend->setBrush(palette.color(QPalette::Window));
    plot->legend->setTextColor(palette.color(QPalette::WindowText));
    plot->legend->setBorderPen(QPen(palette.color(QPalette::Mid)));
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    plot->setMinimumHeight(160);
    plot->setMouseTracking(true);
    return plot;
}

QCPGraph *addGraph(QCustomPlot *plot, const QString &name, const QPen &pen, bool scatter)
{
    QCPGraph *g = plot->addGraph();
    g->setName(name);
    g->setPen(pen);
    if (scatter)
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, pen.color(), pen.color(), 6));
    return g;
}

/// The value of `graph` at the data point nearest to x, or NaN when it has none.
double valueNear(const QCPGraph *graph, double x, double *key)
{
    const auto data = graph->data();
    if (data->isEmpty())
        return std::nan("");
    auto it = data->findBegin(x, false);
    if (it == data->constEnd())
        --it;
    if (it != data->constBegin()) {
        auto prev = it - 1;
        if (std::abs(prev->key - x) < std::abs(it->key - x))
            it = prev;
    }
    *key = it->key;
    return it->value;
}

} // namespace

TrainingPlots::TrainingPlots(QWidget *parent)
    : QWidget(parent), m_loss(makePlot(tr("loss"), this)), m_accuracy(makePlot(tr("accuracy"), this)),
      m_readout(new QLabel(this))
{
    const QColor faint(kTrainColour.red(), kTrainColour.green(), kTrainColour.blue(), 70);
    m_graphs[TrainLossRaw] = addGraph(m_loss, tr("training (per batch)"), QPen(faint, 1), false);
    m_graphs[TrainLoss] = addGraph(m_loss, tr("training (smoothed)"), QPen(kTrainColour, 2), false);
    m_graphs[ValLoss] = addGraph(m_loss, tr("validation"), QPen(kValColour, 2), true);
    m_graphs[TrainAccuracyRaw] = addGraph(m_accuracy, tr("training (per batch)"), QPen(faint, 1), false);
    m_graphs[TrainAccuracy] = addGraph(m_accuracy, tr("training (smoothed)"), QPen(kTrainColour, 2), false);
    m_graphs[ValAccuracy] = addGraph(m_accuracy, tr("validation"), QPen(kValColour, 2), true);
    m_accuracy->yAxis->setRange(0, 1.02);
    // Accuracy rises towards 1: its legend goes to the bottom, out of the curves' way.
    m_accuracy->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);

    m_readout->setObjectName(QStringLiteral("plotReadout"));
    m_readout->setText(tr("Hover over a plot to read its values."));
    m_readout->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_loss, 1);
    layout->addWidget(m_accuracy, 1);
    layout->addWidget(m_readout);

    for (QCustomPlot *plot : {m_loss, m_accuracy})
        connect(plot, &QCustomPlot::mouseMove, this, [this, plot](QMouseEvent *event) {
            showReadout(plot, plot->xAxis->pixelToCoord(event->position().x()));
        });
}

void TrainingPlots::clear()
{
    for (QCPGraph *g : m_graphs)
        g->data()->clear();
    m_batches = 0;
    m_bestEpoch = 0;
    m_emaLoss = m_emaAccuracy = 0;
    m_loss->clearItems();
    m_accuracy->clearItems();
    scheduleReplot();
}

void TrainingPlots::addBatch(double position, double loss, double accuracy)
{
    if (!std::isfinite(loss) || !std::isfinite(accuracy))
        return;
    // Bias-corrected moving average (as in Adam), so the first points are not pulled to zero.
    ++m_batches;
    m_emaLoss = (1 - kEmaWeight) * m_emaLoss + kEmaWeight * loss;
    m_emaAccuracy = (1 - kEmaWeight) * m_emaAccuracy + kEmaWeight * accuracy;
    const double correction = 1.0 - std::pow(1.0 - kEmaWeight, m_batches);
    m_graphs[TrainLossRaw]->addData(position, loss);
    m_graphs[TrainLoss]->addData(position, m_emaLoss / correction);
    m_graphs[TrainAccuracyRaw]->addData(position, accuracy);
    m_graphs[TrainAccuracy]->addData(position, m_emaAccuracy / correction);
    scheduleReplot();
}

void TrainingPlots::addEpoch(int epoch, double valLoss, double valAccuracy)
{
    m_graphs[ValLoss]->addData(epoch, valLoss);
    m_graphs[ValAccuracy]->addData(epoch, valAccuracy);
    scheduleReplot();
}

void TrainingPlots::setBestEpoch(int epoch)
{
    if (epoch == m_bestEpoch)
        return;
    m_bestEpoch = epoch;
    for (QCustomPlot *plot : {m_loss, m_accuracy}) {
        plot->clearItems();
        auto *line = new QCPItemStraightLine(plot);
        line->setPen(QPen(palette().color(QPalette::WindowText), 1, Qt::DashLine));
        line->point1->setCoords(epoch, 0);
        line->point2->setCoords(epoch, 1);
        if (plot != m_loss)
            continue; // one label is enough; the accuracy plot's legend sits where it would go
        auto *label = new QCPItemText(plot);
        label->setColor(palette().color(QPalette::WindowText));
        label->setText(tr("best: epoch %1").arg(epoch));
        label->setPositionAlignment(Qt::AlignRight |
                                    Qt::AlignBottom); // left of the line: never clipped at the end
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords(epoch, 1.0);
        label->setPadding(QMargins(0, 0, 4, 4));
    }
    scheduleReplot();
}

int TrainingPlots::pointCount(Series series) const
{
    return m_graphs[series]->dataCount();
}

QImage TrainingPlots::render() const
{
    const QPixmap a = m_loss->toPixmap();
    const QPixmap b = m_accuracy->toPixmap();
    QImage out(std::max(a.width(), b.width()), a.height() + b.height(), QImage::Format_RGB32);
    out.fill(palette().color(QPalette::Base));
    QPainter p(&out);
    p.drawPixmap(0, 0, a);
    p.drawPixmap(0, a.height(), b);
    return out;
}

void TrainingPlots::showReadout(QCustomPlot *plot, double x)
{
    const bool loss = plot == m_loss;
    const Series train = loss ? TrainLoss : TrainAccuracy;
    const Series val = loss ? ValLoss : ValAccuracy;
    const QString what = loss ? tr("loss") : tr("accuracy");
    auto format = [loss](double v) {
        return loss ? QString::number(v, 'f', 3) : QStringLiteral("%1 %").arg(v * 100, 0, 'f', 1);
    };
    QStringList parts;
    double key = 0;
    const double t = valueNear(m_graphs[train], x, &key);
    if (std::isfinite(t))
        parts << tr("epoch %1: training %2 %3 (smoothed)").arg(key, 0, 'f', 2).arg(what, format(t));
    const double v = valueNear(m_graphs[val], x, &key);
    if (std::isfinite(v))
        parts << tr("after epoch %1: validation %2 %3").arg(int(key)).arg(what, format(v));
    if (!parts.isEmpty())
        m_readout->setText(parts.join(QStringLiteral(" · ")));
}

void TrainingPlots::scheduleReplot()
{
    if (m_replotPending)
        return;
    m_replotPending = true;
    QTimer::singleShot(kReplotIntervalMs, this, [this] {
        m_replotPending = false;
        for (QCustomPlot *plot : {m_loss, m_accuracy}) {
            plot->xAxis->rescale();
            double lo = plot->xAxis->range().lower, hi = plot->xAxis->range().upper;
            plot->xAxis->setRange(std::min(0.0, lo), std::max(1.0, hi));
        }
        bool found = false;
        QCPRange lossRange = m_graphs[TrainLossRaw]->getValueRange(found);
        if (found) {
            bool foundVal = false;
            const QCPRange val = m_graphs[ValLoss]->getValueRange(foundVal);
            if (foundVal)
                lossRange.expand(val);
            m_loss->yAxis->setRange(0, std::max(0.1, lossRange.upper * 1.05));
        }
        m_loss->replot(QCustomPlot::rpQueuedReplot);
        m_accuracy->replot(QCustomPlot::rpQueuedReplot);
    });
}

} // namespace chestlens::ui
