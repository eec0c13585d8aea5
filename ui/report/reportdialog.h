#pragma once

#include "core/worker/reportjob.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace chestlens::ui {

/// File ▸ Export report… (the current film) and Export batch report… (the current folder): output
/// path, page size, anonymise (on by default), include patient fields (only while anonymise is
/// off), findings note, open the PDF when done; a progress bar and Cancel while it runs.
///
/// The report is made by a ReportJob the dialog owns, which loads its own copy of the model
/// (`modelPath`): the viewer's inference worker is never blocked or shared. Closing the dialog
/// while it runs cancels the export (nothing is written) and closes once the job has stopped.
class ReportDialog : public QDialog
{
    Q_OBJECT
public:
    /// `files`: the current film, or the folder's films (a summary page comes first when there are
    /// several). `analysis`: what the viewer shows (window for a single film, explain settings,
    /// colormap, opacity, threshold); its document fields are set from the dialog.
    ReportDialog(const QStringList &files, const QString &modelPath, const chestlens::ReportOptions &analysis,
                 QWidget *parent = nullptr);
    ~ReportDialog() override;

    bool isRunning() const { return m_job->isRunning(); }
    /// The options the dialog's controls give (analysis settings plus the document fields).
    chestlens::ReportOptions options() const;
    QString outputPath() const;
    void setOutputPath(const QString &path);

public Q_SLOTS:
    /// Starts the export (the Export button). Does nothing while one runs or without a path.
    void startExport();
    /// Asks a running export to stop; finished() follows with `cancelled` set.
    void cancelExport();
    void reject() override;

Q_SIGNALS:
    /// The export ended (written, failed or cancelled). When written and "open when done" is
    /// checked, the PDF has been handed to the system viewer.
    void exportFinished(const chestlens::ReportOutcome &outcome);

private:
    void onProgress(int done, int total, const QString &what);
    void onFinished(const chestlens::ReportOutcome &outcome);
    void onFailed(int code, const QString &message);
    void onCancelled();
    /// The controls' and the job's signals.
    void connectControls();
    void chooseOutput();
    void updateEnabled();
    static QString defaultOutputPath();

    QStringList m_files;
    QString m_modelPath;
    chestlens::ReportOptions m_analysis;

    QLineEdit *m_output = nullptr;
    QPushButton *m_browse = nullptr;
    QComboBox *m_pageSize = nullptr;
    QCheckBox *m_anonymize = nullptr;
    QCheckBox *m_includePatient = nullptr;
    QPlainTextEdit *m_note = nullptr;
    QCheckBox *m_openWhenDone = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_export = nullptr;
    QPushButton *m_cancel = nullptr;

    chestlens::ReportJob *m_job = nullptr;
    bool m_closeWhenDone = false;
};

} // namespace chestlens::ui
