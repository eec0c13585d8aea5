#pragma once

#include "core/data/dedup.h"
#include "core/data/labelledfolder.h"
#include "core/ml/trainer.h"

#include <QDialog>
#include <QElapsedTimer>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace chestlens {
class DedupPreviewJob;
class TrainingJob;
} // namespace chestlens

namespace chestlens::ui {

class EvaluationView;
class TrainingPlots;

/// Model ▸ Train Model…: choose a labelled folder and the recipe, preview duplicates, then watch
/// the run learn (live curves, progress, ETA) with Pause/Resume and Cancel, and inspect the new
/// model's validation results. Training runs on its own thread; the viewer keeps working with the
/// current model until the user picks "Use This Model".
class TrainingDialog : public QDialog
{
    Q_OBJECT
public:
    explicit TrainingDialog(QWidget *parent = nullptr);
    ~TrainingDialog() override;

    /// Fills the form (folder, output and every option); used by the tests and for "train again".
    void setOptions(const TrainOptions &options);
    /// The model open in the viewer, offered under "Start from" (retrain it on the folder) and
    /// chosen there when a folder with exactly its classes is picked.
    void setCurrentModel(const QString &path, const QString &name, const QStringList &classes);
    /// The options the form describes now.
    TrainOptions options() const;

    enum class State { Idle, Training, Paused, Cancelling, Finished, Failed };
    State state() const { return m_state; }
    TrainingPlots *plots() const { return m_plots; }
    /// The run's result once state() is Finished.
    const TrainResult &result() const { return m_result; }
    /// Inline message shown under the form (errors and warnings), for tests.
    QString message() const;

public Q_SLOTS:
    /// Starts a run with the form's options (or resumes the checkpoint when `resume`).
    void startTraining(bool resume = false);
    void cancelTraining();
    void togglePause();

Q_SIGNALS:
    /// "Use This Model": the viewer should load this model file.
    void useModel(const QString &path);
    void stateChanged(chestlens::ui::TrainingDialog::State state);

protected:
    void closeEvent(QCloseEvent *event) override;
    void reject() override;

private:
    void buildForm();
    QPushButton *addDataRows(QFormLayout *form); ///< returns the folder's Browse button
    void addRecipeRows(QFormLayout *form);
    void addAugmentRow(QFormLayout *form);
    void addEnsembleRows(QFormLayout *form);
    void addStartRows(QFormLayout *form);
    /// Selects (adding it when new) the "Start from" entry of a model file.
    void selectStartModel(const QString &path, const QString &label);
    void chooseStartModel();
    void startChanged();
    QPushButton *addOutputRows(QFormLayout *form); ///< returns the output's Browse button
    QWidget *buildFormColumn(QFormLayout *form);   ///< the form, its message and the run buttons, scrollable
    void buildResultTabs();
    /// Spin boxes whose range is an option's limit (trainlimits).
    QSpinBox *limitSpin(const OptionLimit &limit, const QString &objectName, int step,
                        const QString &suffix = {});
    QDoubleSpinBox *limitDoubleSpin(const OptionLimit &limit, const QString &objectName, int decimals,
                                    double step);
    void chooseFolder();
    void chooseOutput();
    void folderChanged();
    void outputChanged();
    void onScanned(const LabelledFolder &folder);
    void onDedupFinished(const LabelledFolder &folder, const DedupReport &report);
    void reviewDuplicates();
    void onBatch(const BatchProgress &p);
    void onEpoch(const EpochProgress &p);
    void onFinished(const TrainResult &result);
    void onFailed(int code, const QString &message);
    void onCancelled();
    /// A run ended without a model (failed or cancelled early): `status` says which.
    void endRun(const QString &status);
    void setState(State state);
    void showMessage(const QString &text, bool error);
    void appendLog(const QString &line);
    bool confirmStop();
    void savePlots();

    // Form
    QLineEdit *m_folder;
    QLabel *m_classes;
    QLabel *m_duplicates;
    QPushButton *m_reviewButton;
    QCheckBox *m_excludeDuplicates;
    QComboBox *m_start;
    QCheckBox *m_freeze;
    QDoubleSpinBox *m_lrBackbone;
    int m_lastStart = 0;    ///< "Start from" entry before "Model file…" was picked
    QString m_currentModel; ///< the viewer's model, offered under "Start from"
    QStringList m_currentModelClasses;
    QComboBox *m_arch;
    QSpinBox *m_imageSize;
    QSpinBox *m_epochs;
    QSpinBox *m_batch;
    QDoubleSpinBox *m_lr;
    QSpinBox *m_patience;
    QDoubleSpinBox *m_valSplit;
    QCheckBox *m_augment;
    QDoubleSpinBox *m_augmentStrength;
    QComboBox *m_fit;
    QSpinBox *m_seed;
    QSpinBox *m_processes;
    QSpinBox *m_ensemble;
    int m_plotMember = 0; ///< ensemble member whose curves the plots show
    QLineEdit *m_output;
    QLabel *m_checkpointNote;
    QLabel *m_message;

    // Run
    QPushButton *m_startButton;
    QPushButton *m_resumeButton;
    QPushButton *m_pauseButton;
    QPushButton *m_cancelButton;
    QPushButton *m_useButton;
    QPushButton *m_savePlotsButton;
    QLabel *m_status;
    QProgressBar *m_progress;
    TrainingPlots *m_plots;
    QPlainTextEdit *m_log;
    QTabWidget *m_tabs;
    QLabel *m_resultSummary;
    EvaluationView *m_evaluation = nullptr;

    DedupPreviewJob *m_preview;
    TrainingJob *m_job;
    State m_state = State::Idle;
    QString m_previewDir; ///< the folder the preview describes (or is scanning)
    LabelledFolder m_folderScan;
    DedupReport m_dedup;
    bool m_dedupReady = false;
    TrainResult m_result;
    TrainOptions m_runOptions;
    bool m_closeAfterStop = false;
};

} // namespace chestlens::ui

Q_DECLARE_METATYPE(chestlens::ui::TrainingDialog::State)
