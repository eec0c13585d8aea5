#pragma once

#include <QDialog>
#include <QElapsedTimer>
#include <QString>

class QLineEdit;
class QProgressBar;
class QPushButton;

namespace chestlens {
class EvaluationJob;
struct FolderEvaluation;
} // namespace chestlens

namespace chestlens::ui {

class EvaluationView;
class WrappingLabel;

/// Model ▸ Evaluate on Folder…: pick a labelled folder (DIR/<class>/<image>) and a model, Run
/// evaluates it in the background (progress bar, Cancel), then the EvaluationView shows the
/// results. The dialog stays usable throughout; closing it cancels a running evaluation.
class EvaluationDialog : public QDialog
{
    Q_OBJECT
public:
    /// `modelPath`: the model to evaluate by default (the viewer's current one); empty means the
    /// bundled default model.
    explicit EvaluationDialog(const QString &modelPath = QString(), QWidget *parent = nullptr);
    ~EvaluationDialog() override;

    void setDataFolder(const QString &dir);
    QString dataFolder() const;
    void setModelPath(const QString &path);
    QString modelPath() const; ///< as typed; empty means the bundled default

    EvaluationView *view() const { return m_view; }
    bool isRunning() const;
    /// The status line: progress, the result's one-line summary or the error.
    QString statusText() const;

public Q_SLOTS:
    /// Starts evaluating; a missing folder is reported in the status line and nothing starts.
    /// No-op while an evaluation runs.
    void run();
    /// Stops a running evaluation; evaluationCancelled() follows.
    void cancel();

Q_SIGNALS:
    void evaluationFinished();
    void evaluationFailed(const QString &message);
    void evaluationCancelled();

protected:
    void reject() override;

private:
    void chooseFolder();
    void chooseModel();
    void setRunning(bool running);
    void showError(const QString &message);
    void showStatus(const QString &message);
    void onProgress(int done, int total);
    void onFinished(const chestlens::FolderEvaluation &evaluation);

    chestlens::EvaluationJob *m_job = nullptr;
    QLineEdit *m_folder = nullptr;
    QLineEdit *m_model = nullptr;
    QPushButton *m_browseFolder = nullptr;
    QPushButton *m_browseModel = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_cancel = nullptr;
    QProgressBar *m_progress = nullptr;
    WrappingLabel *m_status = nullptr;
    EvaluationView *m_view = nullptr;
    QElapsedTimer m_clock;
};

} // namespace chestlens::ui
