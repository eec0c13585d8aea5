#include "ui/evaluation/evaluationdialog.h"

#include "core/worker/evaluationjob.h"
#include "ui/common/wrappinglabel.h"
#include "ui/evaluation/evaluationview.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace chestlens::ui {

namespace {

/// How many unreadable films the status line names; the tool tip lists them all.
constexpr int kListedFailures = 2;

} // namespace

EvaluationDialog::EvaluationDialog(const QString &modelPath, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("EvaluationDialog"));
    setWindowTitle(tr("Evaluate Model on Folder"));
    m_job = new EvaluationJob(this);

    m_folder = new QLineEdit(this);
    m_folder->setObjectName(QStringLiteral("folderEdit"));
    m_folder->setPlaceholderText(tr("A folder with one sub-folder of films per class, e.g. DIR/covid/…"));
    m_folder->setClearButtonEnabled(true);
    m_browseFolder = new QPushButton(tr("Browse…"), this);
    m_model = new QLineEdit(modelPath, this);
    m_model->setObjectName(QStringLiteral("modelEdit"));
    m_model->setPlaceholderText(tr("The bundled default model"));
    m_model->setClearButtonEnabled(true);
    m_browseModel = new QPushButton(tr("Browse…"), this);
    connect(m_browseFolder, &QPushButton::clicked, this, &EvaluationDialog::chooseFolder);
    connect(m_browseModel, &QPushButton::clicked, this, &EvaluationDialog::chooseModel);
    connect(m_folder, &QLineEdit::returnPressed, this, &EvaluationDialog::run);

    auto folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(m_browseFolder);
    auto modelRow = new QHBoxLayout;
    modelRow->addWidget(m_model, 1);
    modelRow->addWidget(m_browseModel);
    auto *form = new QFormLayout;
    auto *folderLabel = new QLabel(tr("Labelled &folder:"), this);
    folderLabel->setBuddy(m_folder);
    auto *modelLabel = new QLabel(tr("&Model:"), this);
    modelLabel->setBuddy(m_model);
    form->addRow(folderLabel, folderRow);
    form->addRow(modelLabel, modelRow);

    m_run = new QPushButton(tr("&Run"), this);
    m_run->setObjectName(QStringLiteral("runButton"));
    m_run->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("evaluationProgress"));
    m_progress->setTextVisible(true);
    // Hidden between runs without moving the buttons.
    QSizePolicy keep = m_progress->sizePolicy();
    keep.setRetainSizeWhenHidden(true);
    m_progress->setSizePolicy(keep);
    m_status = new WrappingLabel(this);
    m_status->setObjectName(QStringLiteral("evaluationStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_run, &QPushButton::clicked, this, &EvaluationDialog::run);
    connect(m_cancel, &QPushButton::clicked, this, &EvaluationDialog::cancel);
    auto *runRow = new QHBoxLayout;
    runRow->addWidget(m_run);
    runRow->addWidget(m_cancel);
    runRow->addWidget(m_progress, 1);

    m_view = new EvaluationView(this);
    connect(m_view, &EvaluationView::saved, this, &EvaluationDialog::showStatus);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &EvaluationDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(runRow);
    layout->addWidget(m_status);
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);

    connect(m_job, &EvaluationJob::progress, this, &EvaluationDialog::onProgress);
    connect(m_job, &EvaluationJob::finished, this, &EvaluationDialog::onFinished);
    connect(m_job, &EvaluationJob::failed, this, [this](int, const QString &message) {
        setRunning(false);
        showError(message);
        Q_EMIT evaluationFailed(message);
    });
    connect(m_job, &EvaluationJob::cancelled, this, [this] {
        setRunning(false);
        showStatus(tr("Evaluation cancelled; nothing was changed."));
        Q_EMIT evaluationCancelled();
    });

    setRunning(false);
    showStatus(tr("Choose a labelled folder and press Run. Each film's class is the name of its sub-folder; "
                  "the names must be classes of the model."));
    resize(1200, 780);
}

EvaluationDialog::~EvaluationDialog()
{
    // Cancel and join the job's thread while this dialog is still whole: the job's last signals
    // may be queued to it until then.
    delete m_job;
}

void EvaluationDialog::setDataFolder(const QString &dir)
{
    m_folder->setText(QDir::toNativeSeparators(dir));
}

QString EvaluationDialog::dataFolder() const
{
    return QDir::fromNativeSeparators(m_folder->text().trimmed());
}

void EvaluationDialog::setModelPath(const QString &path)
{
    m_model->setText(QDir::toNativeSeparators(path));
}

QString EvaluationDialog::modelPath() const
{
    return QDir::fromNativeSeparators(m_model->text().trimmed());
}

bool EvaluationDialog::isRunning() const
{
    return m_job->isRunning();
}

QString EvaluationDialog::statusText() const
{
    return m_status->text();
}

void EvaluationDialog::run()
{
    if (isRunning())
        return;
    const QString dir = dataFolder();
    if (dir.isEmpty()) {
        showError(tr("Choose a labelled folder first."));
        Q_EMIT evaluationFailed(m_status->text());
        return;
    }
    m_view->clear();
    m_job->start(modelPath(), dir);
    m_clock.start();
    setRunning(true);
    m_progress->setRange(0, 0); // busy until the first film is read
    showStatus(tr("Loading the model and scanning %1…").arg(QDir::toNativeSeparators(dir)));
}

void EvaluationDialog::cancel()
{
    if (!isRunning())
        return;
    m_job->cancel();
    m_cancel->setEnabled(false);
    showStatus(tr("Cancelling…"));
}

void EvaluationDialog::reject()
{
    // Nothing is written by an evaluation, so closing simply stops it.
    if (isRunning())
        m_job->cancel();
    QDialog::reject();
}

void EvaluationDialog::chooseFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Labelled Folder"), dataFolder());
    if (!dir.isEmpty())
        setDataFolder(dir);
}

void EvaluationDialog::chooseModel()
{
    const QString start = modelPath().isEmpty() ? QString() : QFileInfo(modelPath()).path();
    const QString path = QFileDialog::getOpenFileName(this, tr("Model to Evaluate"), start,
                                                      tr("Models (*.clm *.pt *.pth *.ts);;ChestLens models "
                                                         "(*.clm);;TorchScript archives (*.pt *.pth *.ts);;"
                                                         "All files (*)"));
    if (!path.isEmpty())
        setModelPath(path);
}

void EvaluationDialog::setRunning(bool running)
{
    m_run->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_folder->setEnabled(!running);
    m_model->setEnabled(!running);
    m_browseFolder->setEnabled(!running);
    m_browseModel->setEnabled(!running);
    m_progress->setVisible(running);
    if (!running)
        m_progress->setRange(0, 1);
}

void EvaluationDialog::showError(const QString &message)
{
    QPalette p = m_status->palette();
    p.setColor(QPalette::WindowText, QColor(232, 112, 104)); // readable on light and dark windows
    m_status->setPalette(p);
    m_status->setToolTip(QString());
    m_status->setText(message);
}

void EvaluationDialog::showStatus(const QString &message)
{
    m_status->setPalette(palette());
    m_status->setToolTip(QString());
    m_status->setText(message);
}

void EvaluationDialog::onProgress(int done, int total)
{
    if (!isRunning())
        return;
    if (done >= total) {
        m_progress->setRange(0, 0);
        showStatus(tr("Running the model on %n film(s)…", nullptr, total));
        return;
    }
    m_progress->setRange(0, total);
    m_progress->setValue(done);
    m_progress->setFormat(tr("Reading films: %v / %m"));
}

void EvaluationDialog::onFinished(const FolderEvaluation &evaluation)
{
    setRunning(false);
    m_view->setEvaluation(evaluation);
    QString text = tr("Evaluated %n film(s) of %1 classes in %2 s.", nullptr, evaluation.metrics.n)
                       .arg(evaluation.metrics.classes.size())
                       .arg(QString::number(m_clock.elapsed() / 1000.0, 'f', 1));
    if (!evaluation.failures.isEmpty()) {
        text += QLatin1Char(' ') +
                tr("%n film(s) could not be read and were left out: %1", nullptr, evaluation.failures.size())
                    .arg(evaluation.failures.mid(0, kListedFailures).join(QStringLiteral("; ")));
        if (evaluation.failures.size() > kListedFailures)
            text += QStringLiteral("; …");
    }
    if (!evaluation.inapplicable.isEmpty())
        text += QLatin1Char(' ') + tr("%n film(s) the model may not judge were left out (see the tooltip).",
                                      nullptr, evaluation.inapplicable.size());
    showStatus(text);
    if (!evaluation.failures.isEmpty() || !evaluation.inapplicable.isEmpty())
        m_status->setToolTip((evaluation.failures + evaluation.inapplicable).join(QLatin1Char('\n')));
    Q_EMIT evaluationFinished();
}

} // namespace chestlens::ui
