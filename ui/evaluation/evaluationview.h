#pragma once

#include "core/ml/metrics.h"
#include "core/report/evaluationexport.h"

#include <QString>
#include <QStringList>
#include <QWidget>

#include <vector>

class QLabel;
class QPushButton;
class QTableWidget;
class QTabWidget;

namespace chestlens {
struct FolderEvaluation;
}

namespace chestlens::ui {

class ConfusionMatrixWidget;
class ReliabilityPlot;
class RocPlot;
class WrappingLabel;

/// One evaluation of a classifier, readable at a glance: summary line (n, accuracy, macro-F1, ECE
/// before and after temperature scaling), confusion matrix, per-class precision/recall/F1/AUROC
/// table, one-vs-rest ROC curves and a reliability diagram, with hover read-outs, "Save plots…"
/// (PNG or PDF) and "Save metrics…" (JSON or CSV).
///
/// Two ways to fill it:
///  - setEvaluation(): with the per-film labels and calibrated probabilities, everything is shown;
///    the uncalibrated side is recomputed from the rows and the temperature;
///  - setMetrics(): metrics only (e.g. the trainer's validation metrics in TrainResult). The ROC and
///    reliability tabs then say that they need per-film scores and show the stored numbers (AUROC
///    per class in the table, ECE before/after) instead of curves.
/// GUI thread only; the computations are a few passes over the rows.
class EvaluationView : public QWidget
{
    Q_OBJECT
public:
    explicit EvaluationView(QWidget *parent = nullptr);
    ~EvaluationView() override;

    /// Full evaluation. `calibrated` are the metrics of `probabilities` (rows of calibrated class
    /// probabilities, in calibrated.classes order) against `labels`; `temperature` is the model's.
    /// Rows that do not fit (sizes, labels out of range, rows that are not probabilities) are
    /// dropped with a note and the view falls back to setMetrics() with what it has.
    void setEvaluation(const chestlens::Metrics &calibrated, const std::vector<int> &labels,
                       const std::vector<std::vector<float>> &probabilities, double temperature);
    /// The result of an EvaluationJob; also fills the description and the JSON's provenance.
    void setEvaluation(const chestlens::FolderEvaluation &evaluation);
    /// Metrics only. `uncalibrated` with n == 0 means "unknown" (ECE shown after calibration only).
    void setMetrics(const chestlens::Metrics &calibrated, const chestlens::Metrics &uncalibrated,
                    double temperature);
    /// One line above the numbers, e.g. "model X on folder Y" or "validation split, best epoch 12".
    void setDescription(const QString &text);
    /// Back to "no evaluation" (the save buttons are disabled).
    void clear();

    bool hasEvaluation() const { return m_calibrated.n > 0 || !m_calibrated.classes.isEmpty(); }
    /// True when per-film rows are shown (ROC curves and reliability bars available).
    bool hasRows() const { return !m_labels.empty(); }
    const chestlens::Metrics &metrics() const { return m_calibrated; }
    /// Before temperature scaling; n == 0 when unknown.
    const chestlens::Metrics &uncalibratedMetrics() const { return m_uncalibrated; }
    double temperature() const { return m_temperature; }
    /// The matrix as drawn (rows = true class), for tests and callers that want the numbers.
    ConfusionMatrixWidget *confusionMatrix() const { return m_confusion; }
    QTableWidget *classTable() const { return m_table; }

    /// Writes the metrics atomically with saveEvaluation(): `path` ending in .csv gets the per-class
    /// CSV, anything else the evaluation JSON of `chestlens-cli evaluate --json` (with the
    /// temperature, the uncalibrated metrics when known, and the model and folder of a
    /// FolderEvaluation). Returns false with errorString() naming the file and the cause.
    bool saveMetrics(const QString &path);
    /// Writes every plot shown, atomically: for "DIR/NAME.png" (or .pdf) the files
    /// DIR/NAME-confusion.png, DIR/NAME-roc.png and DIR/NAME-reliability.png (the last two only
    /// with per-film rows), on a white background for print. Returns the files written; stops at
    /// the first failure (errorString() names the file and the cause; the files written before it
    /// stay).
    QStringList savePlots(const QString &path);
    QString errorString() const { return m_error; }

    /// What the ROC / reliability hover read-outs show now (empty when the mouse is elsewhere).
    QString rocReadout() const;
    QString reliabilityReadout() const;

    /// Opens a file dialog, then saveMetrics() / savePlots(); errors in a message box.
    void chooseAndSaveMetrics();
    void chooseAndSavePlots();

Q_SIGNALS:
    /// After a successful save from the buttons: a one-line summary for a status bar.
    void saved(const QString &message);

private:
    void buildUi();
    /// The confusion matrix over the per-class table.
    QWidget *buildMatrixPane();
    /// The ROC and reliability tabs: each a plot with its read-out, or a message without rows.
    void buildPlotTabs();
    void showSummary();
    /// "On n films, a perfectly calibrated model would measure about …": the ECE noise floor of
    /// the calibrated metrics; empty for metrics that carry none.
    QString eceFloorSentence() const;
    void fillTable();
    /// The plots when `rows`, else on both tabs why there are none and the stored numbers.
    void showRowPages(bool rows);
    QString displayName(int classIndex) const;
    /// displayName() of every class, in class order.
    QStringList displayNames() const;

    // Data
    chestlens::Metrics m_calibrated;
    chestlens::Metrics m_uncalibrated;
    std::vector<int> m_labels;
    std::vector<std::vector<float>> m_probabilities;
    double m_temperature = 1.0;
    QString m_description;
    /// Model, folder, sources and skipped films of a FolderEvaluation, for saveMetrics().
    chestlens::EvaluationRecord m_provenance;
    QString m_rowsNote; ///< why per-film rows were dropped, when they were
    QString m_error;

    // Widgets
    WrappingLabel *m_descriptionLabel = nullptr;
    WrappingLabel *m_summary = nullptr;
    ConfusionMatrixWidget *m_confusion = nullptr;
    QLabel *m_confusionReadout = nullptr;
    QTableWidget *m_table = nullptr;
    QTabWidget *m_tabs = nullptr;
    RocPlot *m_rocPlot = nullptr;
    ReliabilityPlot *m_reliabilityPlot = nullptr;
    QPushButton *m_savePlots = nullptr;
    QPushButton *m_saveMetrics = nullptr;
};

} // namespace chestlens::ui
