#include "ui/evaluation/evaluationview.h"

#include "core/error.h"
#include "core/ml/calibration.h"
#include "core/report/evaluationexport.h"
#include "core/worker/evaluationjob.h"
#include "ui/common/classnames.h"
#include "ui/common/plotexport.h"
#include "ui/common/wrappinglabel.h"
#include "ui/evaluation/confusionmatrixwidget.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QScopeGuard>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <cmath>
#include <limits>

namespace chestlens::ui {

namespace {

// Same binning as Metrics::ece and fitTemperature(), so the bars and the ECE numbers agree.
constexpr int kReliabilityBins = 15;
// Exported plots: logical size in pixels at 96 dpi (saveFigure() renders PNGs at twice that).
constexpr int kExportWidth = 900;
constexpr int kExportHeight = 660;
constexpr int kDecimals = 3; // every metric in the table and the summary

/// Okabe & Ito's colour-blind-safe palette, ordered for contrast on light and dark backgrounds.
QColor seriesColor(int i)
{
    static const QColor colors[] = {QColor(0xE6, 0x9F, 0x00), QColor(0x56, 0xB4, 0xE9),
                                    QColor(0x00, 0x9E, 0x73), QColor(0xD5, 0x5E, 0x00),
                                    QColor(0xCC, 0x79, 0xA7), QColor(0x00, 0x72, 0xB2),
                                    QColor(0xF0, 0xE4, 0x42)};
    return colors[i % static_cast<int>(std::size(colors))];
}

QString num(double v)
{
    return std::isfinite(v) ? QString::number(v, 'f', kDecimals) : QStringLiteral("—");
}

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
    // The reference diagonal is always the first graph of both plots.
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

/// A diagonal y = x, the first graph of a plot ("chance" for ROC, "perfect" for reliability).
void addDiagonal(QCustomPlot *plot, const QString &name)
{
    QCPGraph *g = plot->addGraph();
    g->setName(name);
    g->setData(QVector<double>{0.0, 1.0}, QVector<double>{0.0, 1.0}, true);
}

/// The hover marker: a ring around the point read out, not in the legend.
QCPGraph *addMarker(QCustomPlot *plot, const QColor &color)
{
    QCPGraph *g = plot->addGraph();
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(color, 2), Qt::NoBrush, 12));
    g->removeFromLegend();
    g->setVisible(false);
    return g;
}

QTableWidgetItem *numberItem(double value, const QString &tip = {})
{
    auto *item = new QTableWidgetItem(num(value));
    item->setData(Qt::UserRole, value);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    if (!tip.isEmpty())
        item->setToolTip(tip);
    return item;
}

QTableWidgetItem *textItem(const QString &text, bool bold = false)
{
    auto *item = new QTableWidgetItem(text);
    if (bold) {
        QFont f = item->font();
        f.setBold(true);
        item->setFont(f);
    }
    return item;
}

} // namespace

struct EvaluationView::RocSeries
{
    int classIndex = 0;
    RocCurve curve;
    int positives = 0, negatives = 0;
};

struct EvaluationView::BinSeries
{
    QString name;
    std::vector<ReliabilityBin> bins;
};

EvaluationView::EvaluationView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("EvaluationView"));
    buildUi();
    clear();
}

EvaluationView::~EvaluationView() = default;

QWidget *EvaluationView::buildMatrixPane()
{
    // Left: confusion matrix over the per-class table.
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *confusionTitle = new QLabel(tr("<b>Confusion matrix</b> — rows: true class, columns: predicted; "
                                         "colour: share of the row"),
                                      left);
    confusionTitle->setWordWrap(true);
    m_confusion = new ConfusionMatrixWidget(left);
    m_confusionReadout = new QLabel(left);
    m_confusionReadout->setObjectName(QStringLiteral("confusionReadout"));
    m_confusionReadout->setMinimumHeight(fontMetrics().height());
    m_confusionReadout->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    connect(m_confusion, &ConfusionMatrixWidget::hoverTextChanged, this, [this](const QString &text) {
        m_confusionReadout->setText(text.isEmpty() && hasEvaluation() ? tr("Point at a cell to read it.")
                                                                      : text);
    });
    m_table = new QTableWidget(0, 6, left);
    m_table->setObjectName(QStringLiteral("classTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("Class"), tr("Precision"), tr("Recall"), tr("F1"), tr("AUROC"), tr("Support")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_table->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    leftLayout->addWidget(confusionTitle);
    leftLayout->addWidget(m_confusion, 1);
    leftLayout->addWidget(m_confusionReadout);
    leftLayout->addWidget(m_table);
    return left;
}

void EvaluationView::buildPlotTabs()
{
    // Right: the two plots, each with its read-out, or a message when there are no rows.
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("evaluationTabs"));
    auto makeTab = [this](QCustomPlot *&plot, QLabel *&readout, WrappingLabel *&message,
                          QStackedWidget *&stack, const QString &name, const QString &xLabel,
                          const QString &yLabel) {
        stack = new QStackedWidget(m_tabs);
        auto *page = new QWidget(stack);
        auto *layout = new QVBoxLayout(page);
        layout->setContentsMargins(4, 4, 4, 4);
        plot = makePlot(page, name, xLabel, yLabel);
        readout = new QLabel(page);
        readout->setObjectName(name + QStringLiteral("Readout"));
        readout->setWordWrap(true);
        // Two lines reserved, so the plot does not jump when the read-out changes length.
        readout->setMinimumHeight(2 * fontMetrics().lineSpacing() + 4);
        readout->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        layout->addWidget(plot, 1);
        layout->addWidget(readout);
        message = new WrappingLabel(stack);
        message->setObjectName(name + QStringLiteral("Message"));
        message->setAlignment(Qt::AlignCenter);
        message->setMargin(24);
        stack->addWidget(page);
        stack->addWidget(message);
    };
    makeTab(m_rocPlot, m_rocReadout, m_rocMessage, m_rocStack, QStringLiteral("rocPlot"),
            tr("False positive rate (1 − specificity)"), tr("True positive rate (sensitivity)"));
    makeTab(m_reliabilityPlot, m_reliabilityReadout, m_reliabilityMessage, m_reliabilityStack,
            QStringLiteral("reliabilityPlot"), tr("Confidence (top-class probability)"),
            tr("Accuracy in the bin"));
    m_tabs->addTab(m_rocStack, tr("ROC curves"));
    m_tabs->addTab(m_reliabilityStack, tr("Reliability"));
    connect(m_rocPlot, &QCustomPlot::mouseMove, this, [this](QMouseEvent *e) { rocHover(e->position()); });
    connect(m_reliabilityPlot, &QCustomPlot::mouseMove, this,
            [this](QMouseEvent *e) { reliabilityHover(e->position()); });
}

void EvaluationView::buildUi()
{
    m_descriptionLabel = new WrappingLabel(this);
    m_descriptionLabel->setObjectName(QStringLiteral("evaluationDescription"));
    m_descriptionLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary = new WrappingLabel(this);
    m_summary->setObjectName(QStringLiteral("evaluationSummary"));
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    QWidget *left = buildMatrixPane();
    buildPlotTabs();

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(left);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 5);
    splitter->setStretchFactor(1, 6);

    m_savePlots = new QPushButton(tr("Save Plots…"), this);
    m_savePlots->setObjectName(QStringLiteral("savePlotsButton"));
    m_savePlots->setToolTip(tr("Confusion matrix, ROC curves and reliability diagram as PNG or PDF files"));
    m_saveMetrics = new QPushButton(tr("Save Metrics…"), this);
    m_saveMetrics->setObjectName(QStringLiteral("saveMetricsButton"));
    m_saveMetrics->setToolTip(tr("All metrics as JSON, or the per-class table as CSV"));
    connect(m_savePlots, &QPushButton::clicked, this, &EvaluationView::chooseAndSavePlots);
    connect(m_saveMetrics, &QPushButton::clicked, this, &EvaluationView::chooseAndSaveMetrics);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_savePlots);
    buttons->addWidget(m_saveMetrics);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_descriptionLabel);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);
    layout->addLayout(buttons);
}

QString EvaluationView::displayName(int classIndex) const
{
    return displayClassName(m_calibrated.classes.value(classIndex));
}

void EvaluationView::clear()
{
    m_calibrated = Metrics();
    m_uncalibrated = Metrics();
    m_labels.clear();
    m_probabilities.clear();
    m_temperature = 1.0;
    m_description.clear();
    m_provenance = {};
    m_rowsNote.clear();
    m_roc.clear();
    m_bins.clear();
    m_descriptionLabel->clear();
    m_descriptionLabel->setVisible(false);
    m_summary->setText(tr("No evaluation yet."));
    m_confusion->clear();
    m_confusionReadout->clear();
    m_table->setRowCount(0);
    m_table->setFixedHeight(m_table->horizontalHeader()->sizeHint().height() + 2 * m_table->frameWidth());
    fillRoc();
    fillReliability();
    showRowPages(false);
    m_savePlots->setEnabled(false);
    m_saveMetrics->setEnabled(false);
}

void EvaluationView::setDescription(const QString &text)
{
    m_description = text;
    m_descriptionLabel->setText(text);
    m_descriptionLabel->setVisible(!text.isEmpty());
}

void EvaluationView::setMetrics(const Metrics &calibrated, const Metrics &uncalibrated, double temperature)
{
    m_calibrated = calibrated;
    m_uncalibrated = uncalibrated;
    m_temperature = std::isfinite(temperature) && temperature > 0 ? temperature : 1.0;
    m_labels.clear();
    m_probabilities.clear();
    m_roc.clear();
    m_bins.clear();
    m_rowsNote.clear();
    m_provenance = {};

    QStringList names;
    for (int i = 0; i < m_calibrated.classes.size(); ++i)
        names << displayName(i);
    m_confusion->setMatrix(names, m_calibrated.confusion);
    m_confusionReadout->setText(tr("Point at a cell to read it."));
    showSummary();
    fillTable();
    fillRoc();
    fillReliability();
    showRowPages(false);
    m_savePlots->setEnabled(true);
    m_saveMetrics->setEnabled(true);
}

void EvaluationView::setEvaluation(const Metrics &calibrated, const std::vector<int> &labels,
                                   const std::vector<std::vector<float>> &probabilities, double temperature)
{
    const double t = std::isfinite(temperature) && temperature > 0 ? temperature : 1.0;
    Metrics uncalibrated;
    std::vector<RocSeries> roc;
    std::vector<BinSeries> bins;
    QString note;
    try {
        const int k = static_cast<int>(calibrated.classes.size());
        if (labels.size() != probabilities.size() || labels.empty())
            throw Error(ErrorCode::InvalidArgument,
                        tr("%1 labels but %2 probability rows").arg(labels.size()).arg(probabilities.size()));
        const auto undone = undoTemperatureScalingAll(probabilities, t);
        uncalibrated = computeMetrics(undone, labels, calibrated.classes);
        for (int c = 0; c < k; ++c) {
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
            roc.push_back(std::move(s));
        }
        bins.push_back(
            {tr("After temperature scaling"), reliabilityDiagram(probabilities, labels, kReliabilityBins)});
        if (t != 1.0)
            bins.push_back({tr("Before"), reliabilityDiagram(undone, labels, kReliabilityBins)});
    } catch (const Error &e) {
        note = tr("Per-film scores could not be used: %1").arg(e.message());
        uncalibrated = Metrics();
        roc.clear();
        bins.clear();
    }
    setMetrics(calibrated, uncalibrated, t);
    m_rowsNote = note;
    if (note.isEmpty()) {
        m_labels = labels;
        m_probabilities = probabilities;
        m_roc = std::move(roc);
        m_bins = std::move(bins);
    }
    showSummary();
    fillRoc();
    fillReliability();
    showRowPages(hasRows());
}

void EvaluationView::setEvaluation(const FolderEvaluation &evaluation)
{
    setEvaluation(evaluation.metrics, evaluation.labels, evaluation.probabilities, evaluation.temperature);
    m_provenance = {};
    m_provenance.modelPath = evaluation.modelPath;
    m_provenance.modelSha256 = evaluation.modelSha256;
    m_provenance.dataDir = evaluation.dataDir;
    m_provenance.perSource = evaluation.perSource;
    m_provenance.skipped = evaluation.failures;
    const QString model =
        evaluation.modelName.isEmpty() ? QFileInfo(evaluation.modelPath).fileName() : evaluation.modelName;
    setDescription(tr("%1 on %2").arg(model, QDir::toNativeSeparators(evaluation.dataDir)));
}

QString EvaluationView::eceFloorSentence() const
{
    if (m_calibrated.eceIfCalibrated <= 0)
        return {};
    return tr("On %n film(s), a perfectly calibrated model would measure about %1 by chance alone.", nullptr,
              m_calibrated.n)
        .arg(num(m_calibrated.eceIfCalibrated));
}

void EvaluationView::showSummary()
{
    const Metrics &m = m_calibrated;
    QStringList parts;
    parts << tr("<b>n = %1</b> films").arg(m.n);
    parts << tr("accuracy <b>%1</b>").arg(num(m.accuracy));
    parts << tr("macro-F1 <b>%1</b>").arg(num(m.macroF1));
    if (m_uncalibrated.n > 0)
        parts << tr("ECE <b>%1</b> before → <b>%2</b> after temperature scaling (T = %3)")
                     .arg(num(m_uncalibrated.ece), num(m.ece), QString::number(m_temperature, 'f', 2));
    else
        parts << tr("ECE <b>%1</b> (calibrated, T = %2)")
                     .arg(num(m.ece), QString::number(m_temperature, 'f', 2));
    parts << tr("NLL %1").arg(num(m.nll)) << tr("Brier %1").arg(num(m.brier));
    QString text = parts.join(QStringLiteral(" · "));
    if (const QString floor = eceFloorSentence(); !floor.isEmpty())
        text += QStringLiteral("<br>") + floor;
    if (!m_rowsNote.isEmpty())
        text += QStringLiteral("<br>") + m_rowsNote.toHtmlEscaped();
    m_summary->setText(text);
}

void EvaluationView::fillTable()
{
    const Metrics &m = m_calibrated;
    const int k = static_cast<int>(m.perClass.size());
    m_table->setRowCount(k + 2);
    double sumP = 0, sumR = 0, sumF = 0, sumAuc = 0;
    int definedAuc = 0;
    const QString undefinedAuc = tr("Undefined: this class has no positives or no negatives in the data");
    for (int c = 0; c < k; ++c) {
        const ClassMetrics &cm = m.perClass[static_cast<std::size_t>(c)];
        m_table->setItem(c, 0, textItem(displayName(c)));
        m_table->setItem(c, 1, numberItem(cm.precision));
        m_table->setItem(c, 2, numberItem(cm.recall));
        m_table->setItem(c, 3, numberItem(cm.f1));
        m_table->setItem(c, 4, numberItem(cm.auroc, std::isfinite(cm.auroc) ? QString() : undefinedAuc));
        m_table->setItem(c, 5, numberItem(cm.support));
        m_table->item(c, 5)->setText(QString::number(cm.support));
        sumP += cm.precision;
        sumR += cm.recall;
        sumF += cm.f1;
        if (std::isfinite(cm.auroc)) {
            sumAuc += cm.auroc;
            ++definedAuc;
        }
    }
    const double kk = std::max(1, k);
    m_table->setItem(k, 0, textItem(tr("Macro average"), true));
    m_table->setItem(k, 1, numberItem(sumP / kk));
    m_table->setItem(k, 2, numberItem(sumR / kk));
    m_table->setItem(k, 3, numberItem(m.macroF1, tr("Unweighted mean of the per-class F1 scores")));
    m_table->setItem(
        k, 4,
        numberItem(definedAuc > 0 ? sumAuc / definedAuc : std::numeric_limits<double>::quiet_NaN(),
                   tr("Mean of the defined per-class AUROCs")));
    m_table->setItem(k, 5, numberItem(m.n));
    m_table->item(k, 5)->setText(QString::number(m.n));
    // scikit-learn's classification_report layout: accuracy under F1, n under support.
    m_table->setItem(k + 1, 0, textItem(tr("Accuracy"), true));
    for (int col = 1; col <= 2; ++col)
        m_table->setItem(k + 1, col, textItem(QString()));
    m_table->setItem(k + 1, 3, numberItem(m.accuracy, tr("Fraction of films whose top class is right")));
    m_table->setItem(k + 1, 4, textItem(QString()));
    m_table->setItem(k + 1, 5, numberItem(m.n));
    m_table->item(k + 1, 5)->setText(QString::number(m.n));
    // Every row visible without scrolling: the table is as tall as its rows.
    m_table->setFixedHeight(m_table->horizontalHeader()->sizeHint().height() +
                            m_table->verticalHeader()->defaultSectionSize() * m_table->rowCount() +
                            2 * m_table->frameWidth() + 2);
}

void EvaluationView::fillRoc()
{
    m_rocPlot->clearPlottables();
    addDiagonal(m_rocPlot, tr("Chance (AUROC 0.500)"));
    for (const RocSeries &s : m_roc) {
        auto *curve = new QCPCurve(m_rocPlot->xAxis, m_rocPlot->yAxis);
        const QString name = displayName(s.classIndex);
        curve->setName(std::isfinite(s.curve.auc) ? tr("%1 (AUROC %2)").arg(name, num(s.curve.auc))
                                                  : tr("%1 (AUROC undefined)").arg(name));
        curve->setPen(QPen(seriesColor(s.classIndex), 2));
        curve->setData(QVector<double>(s.curve.fpr.begin(), s.curve.fpr.end()),
                       QVector<double>(s.curve.tpr.begin(), s.curve.tpr.end()));
    }
    m_rocMarker = addMarker(m_rocPlot, palette().color(QPalette::Text));
    stylePlot(m_rocPlot, screenPlotColors(palette()));
    m_rocReadout->setText(
        hasRows() ? tr("Point at a curve to read its threshold, sensitivity and specificity.") : QString());
    m_rocPlot->replot();
}

void EvaluationView::fillReliability()
{
    m_reliabilityPlot->clearPlottables();
    qDeleteAll(m_reliabilityPlot->findChildren<QCPBarsGroup *>(QString(), Qt::FindDirectChildrenOnly));
    addDiagonal(m_reliabilityPlot, tr("Perfect calibration"));
    const double width = 1.0 / kReliabilityBins;
    auto *group = m_bins.size() > 1 ? new QCPBarsGroup(m_reliabilityPlot) : nullptr;
    if (group)
        group->setSpacing(0);
    // Draw "before" first so that "after" (the numbers the model reports) sits on top in the legend.
    for (int idx = static_cast<int>(m_bins.size()) - 1; idx >= 0; --idx) {
        const BinSeries &series = m_bins[static_cast<std::size_t>(idx)];
        auto *bars = new QCPBars(m_reliabilityPlot->xAxis, m_reliabilityPlot->yAxis);
        const bool after = idx == 0;
        const double ece = after ? m_calibrated.ece : m_uncalibrated.ece;
        if (m_bins.size() == 1)
            bars->setName(tr("Not temperature-scaled, T = 1 (ECE %1)").arg(num(ece)));
        else if (after)
            bars->setName(tr("After temperature scaling, T = %1 (ECE %2)")
                              .arg(QString::number(m_temperature, 'f', 2), num(ece)));
        else
            bars->setName(tr("Before, T = 1 (ECE %1)").arg(num(ece)));
        const QColor color = after ? seriesColor(1) : seriesColor(0);
        bars->setPen(QPen(color.darker(130)));
        QColor fill = color;
        fill.setAlpha(after ? 220 : 150);
        bars->setBrush(fill);
        bars->setWidthType(QCPBars::wtPlotCoords);
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
    m_reliabilityMarker = addMarker(m_reliabilityPlot, palette().color(QPalette::Text));
    m_reliabilityPlot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    stylePlot(m_reliabilityPlot, screenPlotColors(palette()));
    m_reliabilityReadout->setText(hasRows() ? tr("Point at a bin to read its films, accuracy and confidence.")
                                            : QString());
    m_reliabilityPlot->replot();
}

void EvaluationView::showRowPages(bool rows)
{
    m_rocStack->setCurrentIndex(rows ? 0 : 1);
    m_reliabilityStack->setCurrentIndex(rows ? 0 : 1);
    if (rows)
        return;
    if (!hasEvaluation()) {
        m_rocMessage->setText(tr("No evaluation yet."));
        m_reliabilityMessage->setText(tr("No evaluation yet."));
        return;
    }
    const QString why =
        tr("Curves need each film's scores, and these metrics come without them. Evaluate the "
           "model on a labelled folder (Model ▸ Evaluate on Folder…) to see them.");
    QStringList auc;
    for (int c = 0; c < static_cast<int>(m_calibrated.perClass.size()); ++c)
        auc << tr("%1: %2").arg(displayName(c),
                                num(m_calibrated.perClass[static_cast<std::size_t>(c)].auroc));
    m_rocMessage->setText(
        tr("AUROC per class (one-vs-rest): %1.\n\n%2").arg(auc.join(QStringLiteral(", ")), why));
    const QString ece =
        m_uncalibrated.n > 0
            ? tr("Expected calibration error: %1 before, %2 after temperature scaling (T = %3).")
                  .arg(num(m_uncalibrated.ece), num(m_calibrated.ece), QString::number(m_temperature, 'f', 2))
            : tr("Expected calibration error: %1 (T = %2).")
                  .arg(num(m_calibrated.ece), QString::number(m_temperature, 'f', 2));
    const QString floor = eceFloorSentence();
    m_reliabilityMessage->setText(ece + (floor.isEmpty() ? QString() : QStringLiteral(" ") + floor) +
                                  QStringLiteral("\n\n") + why);
    if (!m_rowsNote.isEmpty()) {
        m_rocMessage->setText(m_rocMessage->text() + QStringLiteral("\n\n") + m_rowsNote);
        m_reliabilityMessage->setText(m_reliabilityMessage->text() + QStringLiteral("\n\n") + m_rowsNote);
    }
}

void EvaluationView::rocHover(const QPointF &pos)
{
    if (m_roc.empty() || !m_rocPlot->axisRect()->rect().contains(pos.toPoint())) {
        if (m_rocMarker->visible()) {
            m_rocMarker->setVisible(false);
            m_rocPlot->replot(QCustomPlot::rpQueuedReplot);
        }
        return;
    }
    // Nearest point on screen over all curves: what the eye picks, whatever the axis scales.
    double best = std::numeric_limits<double>::max();
    const RocSeries *bestSeries = nullptr;
    std::size_t bestIndex = 0;
    for (const RocSeries &s : m_roc) {
        for (std::size_t i = 0; i < s.curve.fpr.size(); ++i) {
            const double dx = m_rocPlot->xAxis->coordToPixel(s.curve.fpr[i]) - pos.x();
            const double dy = m_rocPlot->yAxis->coordToPixel(s.curve.tpr[i]) - pos.y();
            const double d = dx * dx + dy * dy;
            if (d < best) {
                best = d;
                bestSeries = &s;
                bestIndex = i;
            }
        }
    }
    if (!bestSeries)
        return;
    const RocCurve &c = bestSeries->curve;
    const double fpr = c.fpr[bestIndex], tpr = c.tpr[bestIndex], threshold = c.thresholds[bestIndex];
    const QString name = displayName(bestSeries->classIndex);
    const QString rule = std::isfinite(threshold)
                             ? tr("%1 when p(%1) ≥ %2").arg(name, QString::number(threshold, 'f', 4))
                             : tr("nothing called %1").arg(name);
    const auto found = static_cast<int>(std::lround(tpr * bestSeries->positives));
    const auto flagged = static_cast<int>(std::lround(fpr * bestSeries->negatives));
    m_rocReadout->setText(tr("<b>%1</b>: TPR (sensitivity) %2, FPR %3 (specificity %4)<br>"
                             "%5 of %6 %7 films found; %8 of %9 other films flagged")
                              .arg(rule, num(tpr), num(fpr), num(1.0 - fpr))
                              .arg(found)
                              .arg(bestSeries->positives)
                              .arg(name)
                              .arg(flagged)
                              .arg(bestSeries->negatives));
    m_rocMarker->setData(QVector<double>{fpr}, QVector<double>{tpr}, true);
    m_rocMarker->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle,
                                                 QPen(seriesColor(bestSeries->classIndex).lighter(130), 2),
                                                 Qt::NoBrush, 12));
    m_rocMarker->setVisible(true);
    m_rocPlot->replot(QCustomPlot::rpQueuedReplot);
}

void EvaluationView::reliabilityHover(const QPointF &pos)
{
    if (m_bins.empty() || !m_reliabilityPlot->axisRect()->rect().contains(pos.toPoint())) {
        if (m_reliabilityMarker->visible()) {
            m_reliabilityMarker->setVisible(false);
            m_reliabilityPlot->replot(QCustomPlot::rpQueuedReplot);
        }
        return;
    }
    const double x = m_reliabilityPlot->xAxis->pixelToCoord(pos.x());
    const int bin = std::clamp(static_cast<int>(std::floor(x * kReliabilityBins)), 0, kReliabilityBins - 1);
    QStringList lines;
    QVector<double> keys, values;
    const ReliabilityBin &edges = m_bins.front().bins[static_cast<std::size_t>(bin)];
    lines << tr("<b>Confidence %1 – %2</b>")
                 .arg(QString::number(edges.lower, 'f', 3), QString::number(edges.upper, 'f', 3));
    for (const BinSeries &series : m_bins) {
        const ReliabilityBin &b = series.bins[static_cast<std::size_t>(bin)];
        const QString label = m_bins.size() == 1 ? QString() : series.name + QStringLiteral(": ");
        if (b.count == 0) {
            lines << label + tr("no films");
            continue;
        }
        lines << label + tr("%n film(s), accuracy %1, mean confidence %2 (gap %3)", nullptr, b.count)
                             .arg(num(b.accuracy), num(b.meanConfidence), num(b.accuracy - b.meanConfidence));
        keys << b.meanConfidence;
        values << b.accuracy;
    }
    m_reliabilityReadout->setText(lines.join(QStringLiteral("<br>")));
    m_reliabilityMarker->setData(keys, values, false);
    m_reliabilityMarker->setVisible(!keys.isEmpty());
    m_reliabilityPlot->replot(QCustomPlot::rpQueuedReplot);
}

QString EvaluationView::rocReadout() const
{
    return m_rocReadout->text();
}

QString EvaluationView::reliabilityReadout() const
{
    return m_reliabilityReadout->text();
}

bool EvaluationView::saveMetrics(const QString &path)
{
    m_error.clear();
    if (!hasEvaluation()) {
        m_error = tr("%1: nothing to save, no evaluation is shown").arg(QDir::toNativeSeparators(path));
        return false;
    }
    EvaluationRecord record = m_provenance;
    record.metrics = m_calibrated;
    record.uncalibrated = m_uncalibrated;
    record.temperature = m_temperature;
    try {
        saveEvaluation(path, record);
    } catch (const Error &e) {
        m_error = e.message();
        return false;
    }
    return true;
}

QStringList EvaluationView::savePlots(const QString &path)
{
    m_error.clear();
    if (!isFigureFormat(path)) {
        m_error = tr("%1: choose a .png or .pdf file name").arg(QDir::toNativeSeparators(path));
        return {};
    }
    if (!hasEvaluation()) {
        m_error = tr("%1: nothing to save, no evaluation is shown").arg(QDir::toNativeSeparators(path));
        return {};
    }
    const QFileInfo info(path);
    const QString stem = QDir(info.path()).filePath(info.completeBaseName());
    const QString suffix = QLatin1Char('.') + info.suffix();
    const QSize size(kExportWidth, kExportHeight);
    QStringList written;
    try {
        // Confusion matrix: the widget's own painting, in print colours.
        const QString confusionPath = stem + QStringLiteral("-confusion") + suffix;
        saveFigure(confusionPath, size, [this](QCPPainter &painter, const QSize &area) {
            painter.setFont(font());
            painter.fillRect(QRect(QPoint(), area), Qt::white);
            m_confusion->paintMatrix(painter, QRectF(QPointF(), area).adjusted(16, 16, -16, -16),
                                     ConfusionMatrixWidget::printColors());
        });
        written << confusionPath;
        if (!hasRows())
            return written;
        const std::pair<QCustomPlot *, QCPGraph *> plots[] = {{m_rocPlot, m_rocMarker},
                                                              {m_reliabilityPlot, m_reliabilityMarker}};
        const QString names[] = {QStringLiteral("-roc"), QStringLiteral("-reliability")};
        for (int i = 0; i < 2; ++i) {
            const QString out = stem + names[i] + suffix;
            savePrintable(plots[i].first, plots[i].second, out);
            written << out;
        }
    } catch (const Error &e) {
        m_error = e.message();
    }
    return written;
}

void EvaluationView::savePrintable(QCustomPlot *plot, QCPGraph *marker, const QString &path)
{
    // Print colours and no hover marker while saving; the screen look comes back whatever happens.
    const bool markerVisible = marker->visible();
    marker->setVisible(false);
    stylePlot(plot, printPlotColors());
    const auto restore = qScopeGuard([&] {
        stylePlot(plot, screenPlotColors(palette()));
        marker->setVisible(markerVisible);
        plot->replot();
    });
    saveStackedPlots(path, {plot}, QSize(kExportWidth, kExportHeight));
}

void EvaluationView::chooseAndSaveMetrics()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    QString filter;
    const QString jsonFilter = tr("JSON, all metrics (*.json)"),
                  csvFilter = tr("CSV, per-class table (*.csv)");
    QString path = QFileDialog::getSaveFileName(this, tr("Save Metrics"),
                                                QDir(dir).filePath(QStringLiteral("evaluation-metrics.json")),
                                                jsonFilter + QStringLiteral(";;") + csvFilter, &filter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += filter == csvFilter ? QStringLiteral(".csv") : QStringLiteral(".json");
    if (!saveMetrics(path)) {
        QMessageBox::warning(this, tr("Save Metrics"), m_error);
        return;
    }
    Q_EMIT saved(tr("Metrics saved to %1").arg(QDir::toNativeSeparators(path)));
}

void EvaluationView::chooseAndSavePlots()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    QString filter;
    const QString pngFilter = tr("PNG images (*.png)"), pdfFilter = tr("PDF documents (*.pdf)");
    QString path = QFileDialog::getSaveFileName(this, tr("Save Plots (one file per plot)"),
                                                QDir(dir).filePath(QStringLiteral("evaluation.png")),
                                                pngFilter + QStringLiteral(";;") + pdfFilter, &filter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += filter == pdfFilter ? QStringLiteral(".pdf") : QStringLiteral(".png");
    const QStringList written = savePlots(path);
    if (!m_error.isEmpty()) {
        QString text = m_error;
        if (!written.isEmpty())
            text += QStringLiteral("\n\n") +
                    tr("Written before the failure: %1").arg(written.join(QStringLiteral(", ")));
        QMessageBox::warning(this, tr("Save Plots"), text);
        return;
    }
    QStringList names;
    for (const QString &f : written)
        names << QFileInfo(f).fileName();
    Q_EMIT saved(tr("Plots saved: %1").arg(names.join(QStringLiteral(", "))));
}

} // namespace chestlens::ui
