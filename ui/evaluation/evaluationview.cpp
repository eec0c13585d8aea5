#include "ui/evaluation/evaluationview.h"

#include "core/error.h"
#include "core/ml/calibration.h"
#include "core/report/evaluationexport.h"
#include "core/worker/evaluationjob.h"
#include "ui/common/classnames.h"
#include "ui/common/plotexport.h"
#include "ui/common/wrappinglabel.h"
#include "ui/evaluation/confusionmatrixwidget.h"
#include "ui/evaluation/plotstyle_p.h"
#include "ui/evaluation/reliabilityplot.h"
#include "ui/evaluation/rocplot.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <cmath>
#include <limits>

namespace chestlens::ui {

namespace {

// Exported plots: logical size in pixels at 96 dpi (saveFigure() renders PNGs at twice that).
constexpr int kExportWidth = 900;
constexpr int kExportHeight = 660;

QTableWidgetItem *numberItem(double value, const QString &tip = {})
{
    auto *item = new QTableWidgetItem(metricText(value));
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
    m_rocPlot = new RocPlot(m_tabs);
    m_reliabilityPlot = new ReliabilityPlot(m_tabs);
    m_tabs->addTab(m_rocPlot, tr("ROC curves"));
    m_tabs->addTab(m_reliabilityPlot, tr("Reliability"));
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

QStringList EvaluationView::displayNames() const
{
    QStringList names;
    for (int i = 0; i < m_calibrated.classes.size(); ++i)
        names << displayName(i);
    return names;
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
    m_descriptionLabel->clear();
    m_descriptionLabel->setVisible(false);
    m_summary->setText(tr("No evaluation yet."));
    m_confusion->clear();
    m_confusionReadout->clear();
    m_table->setRowCount(0);
    m_table->setFixedHeight(m_table->horizontalHeader()->sizeHint().height() + 2 * m_table->frameWidth());
    m_rocPlot->clear();
    m_reliabilityPlot->clear();
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
    m_rowsNote.clear();
    m_provenance = {};

    m_confusion->setMatrix(displayNames(), m_calibrated.confusion);
    m_confusionReadout->setText(tr("Point at a cell to read it."));
    showSummary();
    fillTable();
    m_rocPlot->clear();
    m_reliabilityPlot->clear();
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
    std::vector<ReliabilityBin> after, before;
    QString note;
    try {
        const int k = static_cast<int>(calibrated.classes.size());
        if (labels.size() != probabilities.size() || labels.empty())
            throw Error(ErrorCode::InvalidArgument,
                        tr("%1 labels but %2 probability rows").arg(labels.size()).arg(probabilities.size()));
        const auto undone = undoTemperatureScalingAll(probabilities, t);
        uncalibrated = computeMetrics(undone, labels, calibrated.classes);
        roc = RocPlot::oneVsRest(labels, probabilities, k);
        after = reliabilityDiagram(probabilities, labels, ReliabilityPlot::kBins);
        if (t != 1.0)
            before = reliabilityDiagram(undone, labels, ReliabilityPlot::kBins);
    } catch (const Error &e) {
        note = tr("Per-film scores could not be used: %1").arg(e.message());
        uncalibrated = Metrics();
    }
    setMetrics(calibrated, uncalibrated, t);
    m_rowsNote = note;
    if (note.isEmpty()) {
        m_labels = labels;
        m_probabilities = probabilities;
        m_rocPlot->setCurves(std::move(roc), displayNames());
        m_reliabilityPlot->setBins(std::move(after), m_calibrated.ece, std::move(before), m_uncalibrated.ece,
                                   m_temperature);
    }
    showSummary();
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
        .arg(metricText(m_calibrated.eceIfCalibrated));
}

void EvaluationView::showSummary()
{
    const Metrics &m = m_calibrated;
    QStringList parts;
    parts << tr("<b>n = %1</b> films").arg(m.n);
    parts << tr("accuracy <b>%1</b>").arg(metricText(m.accuracy));
    parts << tr("macro-F1 <b>%1</b>").arg(metricText(m.macroF1));
    if (m_uncalibrated.n > 0)
        parts << tr("ECE <b>%1</b> before → <b>%2</b> after temperature scaling (T = %3)")
                     .arg(metricText(m_uncalibrated.ece), metricText(m.ece),
                          QString::number(m_temperature, 'f', 2));
    else
        parts << tr("ECE <b>%1</b> (calibrated, T = %2)")
                     .arg(metricText(m.ece), QString::number(m_temperature, 'f', 2));
    parts << tr("NLL %1").arg(metricText(m.nll)) << tr("Brier %1").arg(metricText(m.brier));
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

void EvaluationView::showRowPages(bool rows)
{
    if (rows) {
        m_rocPlot->showPlot();
        m_reliabilityPlot->showPlot();
        return;
    }
    if (!hasEvaluation()) {
        m_rocPlot->showMessage(tr("No evaluation yet."));
        m_reliabilityPlot->showMessage(tr("No evaluation yet."));
        return;
    }
    const QString why =
        tr("Curves need each film's scores, and these metrics come without them. Evaluate the "
           "model on a labelled folder (Model ▸ Evaluate on Folder…) to see them.");
    QStringList auc;
    for (int c = 0; c < static_cast<int>(m_calibrated.perClass.size()); ++c)
        auc << tr("%1: %2").arg(displayName(c),
                                metricText(m_calibrated.perClass[static_cast<std::size_t>(c)].auroc));
    QString rocText = tr("AUROC per class (one-vs-rest): %1.\n\n%2").arg(auc.join(QStringLiteral(", ")), why);
    const QString ece =
        m_uncalibrated.n > 0
            ? tr("Expected calibration error: %1 before, %2 after temperature scaling (T = %3).")
                  .arg(metricText(m_uncalibrated.ece), metricText(m_calibrated.ece),
                       QString::number(m_temperature, 'f', 2))
            : tr("Expected calibration error: %1 (T = %2).")
                  .arg(metricText(m_calibrated.ece), QString::number(m_temperature, 'f', 2));
    const QString floor = eceFloorSentence();
    QString reliabilityText =
        ece + (floor.isEmpty() ? QString() : QStringLiteral(" ") + floor) + QStringLiteral("\n\n") + why;
    if (!m_rowsNote.isEmpty()) {
        rocText += QStringLiteral("\n\n") + m_rowsNote;
        reliabilityText += QStringLiteral("\n\n") + m_rowsNote;
    }
    m_rocPlot->showMessage(rocText);
    m_reliabilityPlot->showMessage(reliabilityText);
}

QString EvaluationView::rocReadout() const
{
    return m_rocPlot->readout();
}

QString EvaluationView::reliabilityReadout() const
{
    return m_reliabilityPlot->readout();
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
        const std::pair<PlotPage *, QString> plots[] = {{m_rocPlot, QStringLiteral("-roc")},
                                                        {m_reliabilityPlot, QStringLiteral("-reliability")}};
        for (const auto &[plot, name] : plots) {
            const QString out = stem + name + suffix;
            plot->save(out, size);
            written << out;
        }
    } catch (const Error &e) {
        m_error = e.message();
    }
    return written;
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
