#include "ui/report/reportdialog.h"

#include "core/error.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QUrl>
#include <QVBoxLayout>

#include <initializer_list>

namespace chestlens::ui {

ReportDialog::ReportDialog(const QStringList &files, const QString &modelPath, const ReportOptions &analysis,
                           QWidget *parent)
    : QDialog(parent), m_files(files), m_modelPath(modelPath), m_analysis(analysis)
{
    setObjectName(QStringLiteral("ReportDialog"));
    m_job = new ReportJob(this);
    const bool batch = files.size() > 1;
    setWindowTitle(batch ? tr("Export Batch Report") : tr("Export Report"));

    auto *what = new QLabel(this);
    what->setObjectName(QStringLiteral("reportSubject"));
    what->setWordWrap(true);
    what->setText(batch ? tr("%1 films from %2: a summary page, then one page per film.")
                              .arg(files.size())
                              .arg(QDir::toNativeSeparators(QFileInfo(files.first()).absolutePath()))
                        : tr("The current film, %1, with its heatmap as shown.")
                              .arg(QFileInfo(files.value(0)).fileName()));

    m_output = new QLineEdit(defaultOutputPath(), this);
    m_output->setObjectName(QStringLiteral("outputPath"));
    m_browse = new QPushButton(tr("Browse…"), this);
    m_browse->setObjectName(QStringLiteral("browseButton"));
    auto *outputRow = new QHBoxLayout;
    outputRow->addWidget(m_output, 1);
    outputRow->addWidget(m_browse);

    m_pageSize = new QComboBox(this);
    m_pageSize->setObjectName(QStringLiteral("pageSize"));
    m_pageSize->addItem(QStringLiteral("A4"), int(ReportPageSize::A4));
    m_pageSize->addItem(QStringLiteral("Letter"), int(ReportPageSize::Letter));

    m_anonymize =
        new QCheckBox(tr("&Anonymise: no patient or study fields, films labelled \"Film N\" instead of "
                         "their file names"),
                      this);
    m_anonymize->setObjectName(QStringLiteral("anonymize"));
    m_anonymize->setChecked(true);
    m_includePatient = new QCheckBox(tr("Include &patient and study fields from the DICOM header"), this);
    m_includePatient->setObjectName(QStringLiteral("includePatient"));
    m_includePatient->setToolTip(
        tr("Names, IDs, birth date, accession number, institution, physicians, dates and "
           "UIDs. Only while Anonymise is off."));

    m_note = new QPlainTextEdit(this);
    m_note->setObjectName(QStringLiteral("findingsNote"));
    m_note->setPlaceholderText(batch ? tr("Findings for the batch (printed on the summary page)")
                                     : tr("Findings (printed in the report's findings box)"));
    m_note->setTabChangesFocus(true);

    m_openWhenDone = new QCheckBox(tr("&Open the PDF when done"), this);
    m_openWhenDone->setObjectName(QStringLiteral("openWhenDone"));

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("reportProgress"));
    m_progress->setVisible(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("reportStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_buttons = new QDialogButtonBox(this);
    m_export = m_buttons->addButton(tr("&Export"), QDialogButtonBox::ActionRole);
    m_export->setObjectName(QStringLiteral("exportButton"));
    m_export->setDefault(true);
    m_cancel = m_buttons->addButton(QDialogButtonBox::Close);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));

    auto *form = new QFormLayout;
    form->addRow(tr("Save as:"), outputRow);
    form->addRow(tr("Page size:"), m_pageSize);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(what);
    layout->addLayout(form);
    layout->addWidget(m_anonymize);
    layout->addWidget(m_includePatient);
    layout->addWidget(new QLabel(tr("Findings:"), this));
    layout->addWidget(m_note, 1);
    layout->addWidget(m_openWhenDone);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);

    connectControls();
    updateEnabled();
    resize(620, 460);
}

void ReportDialog::connectControls()
{
    connect(m_browse, &QPushButton::clicked, this, &ReportDialog::chooseOutput);
    connect(m_anonymize, &QCheckBox::toggled, this, [this](bool on) {
        if (on)
            m_includePatient->setChecked(false);
        updateEnabled();
    });
    connect(m_output, &QLineEdit::textChanged, this, &ReportDialog::updateEnabled);
    connect(m_export, &QPushButton::clicked, this, &ReportDialog::startExport);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (isRunning())
            cancelExport();
        else
            reject();
    });

    connect(m_job, &ReportJob::progress, this, &ReportDialog::onProgress);
    connect(m_job, &ReportJob::finished, this, &ReportDialog::onFinished);
    connect(m_job, &ReportJob::failed, this, &ReportDialog::onFailed);
    connect(m_job, &ReportJob::cancelled, this, &ReportDialog::onCancelled);
}

ReportDialog::~ReportDialog()
{
    // Cancel and join the job while the dialog is still whole.
    delete m_job;
}

ReportOptions ReportDialog::options() const
{
    ReportOptions o = m_analysis;
    if (m_files.size() > 1)
        o.window.reset(); // the viewer's window belongs to its film; each film of a batch gets its own
    o.pageSize = ReportPageSize(m_pageSize->currentData().toInt());
    o.anonymize = m_anonymize->isChecked();
    o.includePatient = !o.anonymize && m_includePatient->isChecked();
    o.note = m_note->toPlainText();
    return o;
}

QString ReportDialog::outputPath() const
{
    return m_output->text().trimmed();
}

void ReportDialog::setOutputPath(const QString &path)
{
    m_output->setText(path);
}

QString ReportDialog::defaultOutputPath()
{
    // A neutral name: one made from the film's would carry the patient's name into the file system.
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = QDir::homePath();
    const QString name = QStringLiteral("ChestLens report %1.pdf")
                             .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HHmm")));
    return QDir(folder).filePath(name);
}

void ReportDialog::chooseOutput()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save Report"), outputPath(), tr("PDF (*.pdf)"));
    if (path.isEmpty())
        return;
    setOutputPath(path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive) ? path
                                                                            : path + QStringLiteral(".pdf"));
}

void ReportDialog::updateEnabled()
{
    const bool running = isRunning();
    for (QWidget *w : std::initializer_list<QWidget *>{m_output, m_browse, m_pageSize, m_anonymize, m_note,
                                                       m_openWhenDone})
        w->setEnabled(!running);
    m_includePatient->setEnabled(!running && !m_anonymize->isChecked());
    m_export->setEnabled(!running && !outputPath().isEmpty() && !m_files.isEmpty());
    m_cancel->setText(running ? tr("Cancel") : tr("Close"));
}

void ReportDialog::startExport()
{
    if (isRunning() || outputPath().isEmpty() || m_files.isEmpty())
        return;
    ReportRequest request;
    request.files = m_files;
    request.out = outputPath();
    request.modelPath = m_modelPath;
    request.options = options();

    m_job->start(request);
    m_progress->setRange(0, 0); // busy until the first step (the model is loading)
    m_progress->setVisible(true);
    m_status->setText(tr("Loading the model…"));
    updateEnabled();
}

void ReportDialog::cancelExport()
{
    if (!isRunning())
        return;
    m_job->cancel();
    m_status->setText(tr("Cancelling…"));
}

void ReportDialog::reject()
{
    if (isRunning()) {
        // Close once the job has stopped, so no thread outlives what it writes into.
        m_closeWhenDone = true;
        cancelExport();
        return;
    }
    QDialog::reject();
}

void ReportDialog::onProgress(int done, int total, const QString &what)
{
    m_progress->setRange(0, total);
    m_progress->setValue(done);
    m_status->setText(what);
}

void ReportDialog::onFailed(int code, const QString &message)
{
    ReportOutcome outcome;
    outcome.errorCode = code;
    outcome.message = message;
    onFinished(outcome);
}

void ReportDialog::onCancelled()
{
    ReportOutcome outcome;
    outcome.cancelled = true;
    outcome.errorCode = int(ErrorCode::Cancelled);
    outcome.message = tr("Cancelled; no file was written.");
    onFinished(outcome);
}

void ReportDialog::onFinished(const ReportOutcome &outcome)
{
    m_progress->setVisible(false);
    updateEnabled();
    if (outcome.ok) {
        QString text =
            tr("Written: %1 (pages: %2).").arg(QDir::toNativeSeparators(outcome.path)).arg(outcome.pages);
        if (!outcome.leftOut.isEmpty())
            text += QLatin1Char('\n') +
                    tr("Left out (could not be read): %1").arg(outcome.leftOut.join(QStringLiteral("; ")));
        m_status->setText(text);
        if (m_openWhenDone->isChecked())
            QDesktopServices::openUrl(QUrl::fromLocalFile(outcome.path));
    } else {
        m_status->setText(outcome.cancelled ? tr("Cancelled; no file was written.") : outcome.message);
    }
    Q_EMIT exportFinished(outcome);
    if (m_closeWhenDone)
        QDialog::reject();
}

} // namespace chestlens::ui
