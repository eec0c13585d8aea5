#include "ui/training/trainingdialog.h"

#include "core/error.h"
#include "core/worker/trainingjob.h"
#include "ui/common/plotexport.h"
#include "ui/evaluation/evaluationview.h"
#include "ui/training/duplicatereviewdialog.h"
#include "ui/training/trainingplots.h"

#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

#include <cmath>

namespace chestlens::ui {

namespace {

/// Classes with fewer films than this get a warning: too few to learn from or to validate on.
constexpr int kFewFilms = 20;
/// Each saved training curve: half an A4 landscape page at 96 dpi.
constexpr QSize kPlotExportSize(1123, 397);

QString duration(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return QStringLiteral("–");
    const int s = int(std::lround(seconds));
    if (s >= 3600)
        return QObject::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    if (s >= 60)
        return QObject::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QObject::tr("%1 s").arg(s);
}

QString percent(double v)
{
    return QStringLiteral("%1 %").arg(v * 100.0, 0, 'f', 1);
}

} // namespace

TrainingDialog::TrainingDialog(QWidget *parent)
    : QDialog(parent), m_preview(new DedupPreviewJob(this)), m_job(new TrainingJob(this))
{
    qRegisterMetaType<State>();
    setWindowTitle(tr("Train a Model"));
    setObjectName(QStringLiteral("TrainingDialog"));
    buildForm();

    connect(m_preview, &DedupPreviewJob::scanned, this, &TrainingDialog::onScanned);
    connect(m_preview, &DedupPreviewJob::progress, this, [this](int done, int total) {
        m_duplicates->setText(tr("Looking for duplicates… %1 of %2 films").arg(done).arg(total));
    });
    connect(m_preview, &DedupPreviewJob::finished, this, &TrainingDialog::onDedupFinished);
    connect(m_preview, &DedupPreviewJob::failed, this, [this](int, const QString &message) {
        m_folderScan = {};
        m_classes->setText(tr("—"));
        m_duplicates->setText(tr("—"));
        showMessage(message, true);
        setState(m_state);
    });
    connect(m_preview, &DedupPreviewJob::cancelled, this,
            [this] { m_duplicates->setText(tr("Duplicate search stopped (training runs its own).")); });

    connect(m_job, &TrainingJob::preparing, this, [this](const QString &stage, int done, int total) {
        m_status->setText(tr("Preparing: %1 (%2 of %3)").arg(stage).arg(done).arg(total));
        m_progress->setRange(0, std::max(1, total));
        m_progress->setValue(done);
    });
    connect(m_job, &TrainingJob::batchDone, this, &TrainingDialog::onBatch);
    connect(m_job, &TrainingJob::epochDone, this, &TrainingDialog::onEpoch);
    connect(m_job, &TrainingJob::logMessage, this, &TrainingDialog::appendLog);
    connect(m_job, &TrainingJob::finished, this, &TrainingDialog::onFinished);
    connect(m_job, &TrainingJob::failed, this, &TrainingDialog::onFailed);
    connect(m_job, &TrainingJob::cancelled, this, &TrainingDialog::onCancelled);
    setState(State::Idle);
    resize(1180, 760);
}

TrainingDialog::~TrainingDialog() = default; // the jobs cancel and join their threads

void TrainingDialog::buildForm()
{
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto *browseFolder = addDataRows(form);
    addRecipeRows(form);
    auto *browseOutput = addOutputRows(form);
    QWidget *formScroll = buildFormColumn(form);
    buildResultTabs();

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(formScroll);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({formScroll->minimumWidth(), 1180 - formScroll->minimumWidth()});

    m_useButton = new QPushButton(tr("Use This Model"), this);
    m_useButton->setObjectName(QStringLiteral("useButton"));
    m_savePlotsButton = new QPushButton(tr("Save Curves…"), this);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_savePlotsButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_useButton, QDialogButtonBox::AcceptRole);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);

    // Defaults: the product's recommended recipe.
    setOptions(TrainOptions{});

    connect(browseFolder, &QPushButton::clicked, this, &TrainingDialog::chooseFolder);
    connect(browseOutput, &QPushButton::clicked, this, &TrainingDialog::chooseOutput);
    connect(m_folder, &QLineEdit::editingFinished, this, &TrainingDialog::folderChanged);
    connect(m_output, &QLineEdit::textChanged, this, &TrainingDialog::outputChanged);
    connect(m_reviewButton, &QPushButton::clicked, this, &TrainingDialog::reviewDuplicates);
    connect(m_startButton, &QPushButton::clicked, this, [this] { startTraining(false); });
    connect(m_resumeButton, &QPushButton::clicked, this, [this] { startTraining(true); });
    connect(m_pauseButton, &QPushButton::clicked, this, &TrainingDialog::togglePause);
    connect(m_cancelButton, &QPushButton::clicked, this, &TrainingDialog::cancelTraining);
    connect(m_savePlotsButton, &QPushButton::clicked, this, &TrainingDialog::savePlots);
    connect(m_useButton, &QPushButton::clicked, this, [this] {
        Q_EMIT useModel(m_result.modelPath);
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &TrainingDialog::reject);
}

QPushButton *TrainingDialog::addDataRows(QFormLayout *form)
{
    m_folder = new QLineEdit(this);
    m_folder->setObjectName(QStringLiteral("folderEdit"));
    m_folder->setPlaceholderText(tr("DIR/<class>/<image>"));
    auto *browseFolder = new QPushButton(tr("Browse…"), this);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browseFolder);
    form->addRow(tr("Labelled folder:"), folderRow);

    m_classes = new QLabel(tr("—"), this);
    m_classes->setObjectName(QStringLiteral("classesLabel"));
    m_classes->setWordWrap(true);
    m_classes->setTextFormat(Qt::RichText);
    form->addRow(tr("Classes:"), m_classes);

    m_duplicates = new QLabel(tr("—"), this);
    m_duplicates->setObjectName(QStringLiteral("duplicatesLabel"));
    m_duplicates->setWordWrap(true);
    m_reviewButton = new QPushButton(tr("Review…"), this);
    m_reviewButton->setEnabled(false);
    auto *dupRow = new QHBoxLayout;
    dupRow->addWidget(m_duplicates, 1);
    dupRow->addWidget(m_reviewButton, 0, Qt::AlignTop);
    form->addRow(tr("Duplicates:"), dupRow);
    m_excludeDuplicates = new QCheckBox(tr("Leave them out (recommended)"), this);
    m_excludeDuplicates->setChecked(true);
    m_excludeDuplicates->setToolTip(
        tr("Leave duplicates and label conflicts out of training and validation. Copies of one film in both "
           "the training and the validation split inflate "
           "validation accuracy; films filed under two classes teach the model noise."));
    form->addRow(QString(), m_excludeDuplicates);
    return browseFolder;
}

QSpinBox *TrainingDialog::limitSpin(const OptionLimit &limit, const QString &objectName, int step,
                                    const QString &suffix)
{
    auto *s = new QSpinBox(this);
    s->setObjectName(objectName);
    s->setRange(static_cast<int>(limit.min), static_cast<int>(limit.max));
    s->setSingleStep(step);
    s->setSuffix(suffix);
    return s;
}

QDoubleSpinBox *TrainingDialog::limitDoubleSpin(const OptionLimit &limit, const QString &objectName,
                                                int decimals, double step)
{
    // An exclusive bound becomes the nearest value the spin box can show.
    const double unit = std::pow(10.0, -decimals);
    auto *s = new QDoubleSpinBox(this);
    s->setObjectName(objectName);
    s->setDecimals(decimals);
    s->setRange(limit.min + (limit.minExclusive ? unit : 0.0), limit.max - (limit.maxExclusive ? unit : 0.0));
    s->setSingleStep(step);
    return s;
}

void TrainingDialog::addStartRows(QFormLayout *form)
{
    m_start = new QComboBox(this);
    m_start->setObjectName(QStringLiteral("startCombo"));
    m_start->addItem(tr("Random weights"), QStringLiteral("random"));
    m_start->addItem(tr("ImageNet weights (MobileNetV2)"), QStringLiteral("imagenet"));
    m_start->addItem(tr("Model file…"), QStringLiteral("choose"));
    m_start->setToolTip(tr(
        "Where the weights start. A model is retrained on the folder: its network and film preparation are "
        "kept; with the same classes its classifier continues, with other classes it gets a new one on the "
        "same features."));
    form->addRow(tr("Start from:"), m_start);
    m_freeze = new QCheckBox(tr("Train only the classifier (freeze the pretrained layers)"), this);
    m_freeze->setObjectName(QStringLiteral("freezeCheck"));
    m_freeze->setToolTip(tr("For a few dozen films: the pretrained features stay as they are."));
    form->addRow(QString(), m_freeze);
    m_lrBackbone = limitDoubleSpin(trainlimits::lrBackbone, QStringLiteral("lrBackboneSpin"), 5, 1e-4);
    m_lrBackbone->setSpecialValueText(tr("automatic"));
    form->addRow(tr("Pretrained layers' rate:"), m_lrBackbone);
    connect(m_freeze, &QCheckBox::toggled, this, &TrainingDialog::startChanged);
    connect(m_start, &QComboBox::activated, this, [this] {
        if (m_start->currentData().toString() == QLatin1String("choose"))
            chooseStartModel();
        startChanged();
    });
}

void TrainingDialog::chooseStartModel()
{
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Start from Model"), QString(), tr("ChestLens models (*.clm)"));
    if (file.isEmpty()) {
        m_start->setCurrentIndex(m_lastStart);
        return;
    }
    selectStartModel(file, QFileInfo(file).fileName());
}

void TrainingDialog::selectStartModel(const QString &path, const QString &label)
{
    const QString data = QStringLiteral("model:") + path;
    int index = m_start->findData(data);
    if (index < 0) {
        index = m_start->count() - 1; // before "Model file…"
        m_start->insertItem(index, tr("Retrain %1").arg(label), data);
        m_start->setItemData(index, QDir::toNativeSeparators(path), Qt::ToolTipRole);
    }
    m_start->setCurrentIndex(index);
}

void TrainingDialog::setCurrentModel(const QString &path, const QString &name, const QStringList &classes)
{
    m_currentModel = path;
    m_currentModelClasses = classes;
    if (path.isEmpty() || m_start->findData(QStringLiteral("model:") + path) >= 0)
        return;
    const int keep = m_start->currentIndex();
    selectStartModel(path, name.isEmpty() ? QFileInfo(path).fileName() : name);
    m_start->setCurrentIndex(keep);
    startChanged();
}

/// A model to retrain fixes the network and the film preparation; ImageNet weights fix the
/// architecture.
void TrainingDialog::startChanged()
{
    const QString start = m_start->currentData().toString();
    m_lastStart = m_start->currentIndex();
    const bool fromModel = start.startsWith(QLatin1String("model:"));
    if (start == QLatin1String("imagenet"))
        m_arch->setCurrentIndex(std::max(0, m_arch->findData(QStringLiteral("mobilenetv2"))));
    m_arch->setEnabled(start == QLatin1String("random"));
    m_imageSize->setEnabled(!fromModel);
    m_fit->setEnabled(!fromModel);
    if (start == QLatin1String("random"))
        m_freeze->setChecked(false); // nothing pretrained to freeze
    m_freeze->setEnabled(start != QLatin1String("random"));
    m_lrBackbone->setEnabled(start != QLatin1String("random") && !m_freeze->isChecked());
}

void TrainingDialog::addRecipeRows(QFormLayout *form)
{
    addStartRows(form);
    m_arch = new QComboBox(this);
    for (const auto &a : trainableArchitectures()) {
        m_arch->addItem(a.first, a.first);
        m_arch->setItemData(m_arch->count() - 1, a.second, Qt::ToolTipRole);
    }
    form->addRow(tr("Architecture:"), m_arch);
    m_imageSize = limitSpin(trainlimits::imageSize, QStringLiteral("imageSizeSpin"),
                            trainlimits::imageSize.multipleOf, tr(" px"));
    form->addRow(tr("Input size:"), m_imageSize);
    m_fit = new QComboBox(this);
    m_fit->setObjectName(QStringLiteral("fitCombo"));
    m_fit->addItem(tr("Crop the central square"), true);
    m_fit->addItem(tr("Stretch the whole film"), false);
    m_fit->setToolTip(tr(
        "How a film becomes the square input. Cropping keeps the anatomy's proportions; stretching squeezes "
        "wide films, and since the width of a film often depends on its hospital (and in public data on the "
        "class), a network can learn the squeeze instead of the disease."));
    form->addRow(tr("Film shape:"), m_fit);
    m_epochs = limitSpin(trainlimits::epochs, QStringLiteral("epochsSpin"), 1);
    form->addRow(tr("Epochs (at most):"), m_epochs);
    m_batch = limitSpin(trainlimits::batch, QStringLiteral("batchSpin"), 8);
    form->addRow(tr("Batch size:"), m_batch);
    m_lr = limitDoubleSpin(trainlimits::lr, QStringLiteral("lrSpin"), 5, 1e-4);
    form->addRow(tr("Learning rate:"), m_lr);
    m_patience = limitSpin(trainlimits::patience, QStringLiteral("patienceSpin"), 1, tr(" epochs"));
    m_patience->setSpecialValueText(tr("off"));
    form->addRow(tr("Early stopping after:"), m_patience);
    m_valSplit = limitDoubleSpin(trainlimits::valSplit, QStringLiteral("valSplitSpin"), 2, 0.05);
    form->addRow(tr("Validation fraction:"), m_valSplit);
    addAugmentRow(form);
    m_seed = limitSpin(OptionLimit{"seed", "", 0, 1'000'000, 0}, QStringLiteral("seedSpin"), 1);
    form->addRow(tr("Seed:"), m_seed);
    addEnsembleRows(form);
}

void TrainingDialog::addAugmentRow(QFormLayout *form)
{
    m_augment = new QCheckBox(tr("Augment"), this);
    m_augmentStrength =
        limitDoubleSpin(trainlimits::augmentStrength, QStringLiteral("augmentStrengthSpin"), 2, 0.1);
    m_augmentStrength->setPrefix(tr("strength "));
    auto *augRow = new QHBoxLayout;
    augRow->addWidget(m_augment);
    augRow->addWidget(m_augmentStrength, 1);
    form->addRow(tr("Augmentation:"), augRow);
    connect(m_augment, &QCheckBox::toggled, m_augmentStrength, &QWidget::setEnabled);
}

void TrainingDialog::addEnsembleRows(QFormLayout *form)
{
    m_ensemble = limitSpin(trainlimits::ensemble, QStringLiteral("ensembleSpin"), 1);
    m_ensemble->setSpecialValueText(tr("1 network (no ensemble)"));
    m_ensemble->setSuffix(tr(" networks"));
    m_ensemble->setToolTip(
        tr("Train this many networks one after another on the same split, each from its own random start, "
           "and save them as one model that averages their probabilities: usually more accurate and "
           "better calibrated, at this many times the training and prediction time."));
    form->addRow(tr("Ensemble:"), m_ensemble);
    m_processes = new QSpinBox(this);
    m_processes->setRange(1, std::max(1, QThread::idealThreadCount()));
    m_processes->setObjectName(QStringLiteral("processesSpin"));
    m_processes->setToolTip(
        tr("Local training processes (data-parallel, gradients averaged every step). "
           "The cores are split between them; the batch size is the total over all processes."));
    form->addRow(tr("Processes:"), m_processes);
}

QPushButton *TrainingDialog::addOutputRows(QFormLayout *form)
{
    m_output = new QLineEdit(this);
    m_output->setObjectName(QStringLiteral("outputEdit"));
    m_output->setPlaceholderText(tr("model.clm"));
    auto *browseOutput = new QPushButton(tr("Browse…"), this);
    auto *outRow = new QHBoxLayout;
    outRow->addWidget(m_output, 1);
    outRow->addWidget(browseOutput);
    form->addRow(tr("Save model as:"), outRow);
    m_checkpointNote = new QLabel(this);
    m_checkpointNote->setWordWrap(true);
    m_checkpointNote->hide();
    form->addRow(QString(), m_checkpointNote);
    return browseOutput;
}

QWidget *TrainingDialog::buildFormColumn(QFormLayout *form)
{
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("trainingMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    m_startButton = new QPushButton(tr("Start Training"), this);
    m_startButton->setObjectName(QStringLiteral("startButton"));
    m_startButton->setDefault(true);
    m_resumeButton = new QPushButton(tr("Resume"), this);
    m_resumeButton->setObjectName(QStringLiteral("resumeButton"));
    m_resumeButton->hide();
    m_pauseButton = new QPushButton(tr("Pause"), this);
    m_pauseButton->setObjectName(QStringLiteral("pauseButton"));
    m_cancelButton = new QPushButton(tr("Cancel Run"), this);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    auto *runRow = new QHBoxLayout;
    runRow->addWidget(m_startButton);
    runRow->addWidget(m_resumeButton);
    runRow->addWidget(m_pauseButton);
    runRow->addWidget(m_cancelButton);
    runRow->addStretch(1);

    auto *formWidget = new QWidget(this);
    auto *formColumn = new QVBoxLayout(formWidget);
    formColumn->addLayout(form);
    formColumn->addWidget(m_message);
    formColumn->addLayout(runRow);
    formColumn->addStretch(1);
    auto *formScroll = new QScrollArea(this);
    formScroll->setWidget(formWidget);
    formScroll->setWidgetResizable(true);
    formScroll->setFrameShape(QFrame::NoFrame);
    formScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    formScroll->setMinimumWidth(std::max(460, formWidget->minimumSizeHint().width()) +
                                formScroll->verticalScrollBar()->sizeHint().width());
    return formScroll;
}

/// Right: progress and curves, log, results.
void TrainingDialog::buildResultTabs()
{
    m_status = new QLabel(tr("Choose a labelled folder to begin."), this);
    m_status->setObjectName(QStringLiteral("trainingStatus"));
    m_status->setWordWrap(true);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_plots = new TrainingPlots(this);
    auto *progressPage = new QWidget(this);
    auto *progressLayout = new QVBoxLayout(progressPage);
    progressLayout->addWidget(m_status);
    progressLayout->addWidget(m_progress);
    progressLayout->addWidget(m_plots, 1);

    m_log = new QPlainTextEdit(this);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);

    m_resultSummary = new QLabel(tr("Results appear here when a run finishes."), this);
    m_resultSummary->setObjectName(QStringLiteral("resultSummary"));
    m_resultSummary->setWordWrap(true);
    m_resultSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_evaluation = new EvaluationView(this);
    auto *resultPage = new QWidget(this);
    auto *resultLayout = new QVBoxLayout(resultPage);
    resultLayout->addWidget(m_resultSummary);
    resultLayout->addWidget(m_evaluation, 1);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(progressPage, tr("Progress"));
    m_tabs->addTab(m_log, tr("Log"));
    m_tabs->addTab(resultPage, tr("Validation results"));
}

void TrainingDialog::setOptions(const TrainOptions &o)
{
    const bool folderDiffers = QDir::cleanPath(o.dataDir) != QDir::cleanPath(m_folder->text());
    m_folder->setText(QDir::toNativeSeparators(o.dataDir));
    m_output->setText(QDir::toNativeSeparators(o.outPath));
    const int arch = m_arch->findData(o.arch);
    m_arch->setCurrentIndex(arch >= 0 ? arch : 0);
    if (!o.fromModel.isEmpty())
        selectStartModel(o.fromModel, QFileInfo(o.fromModel).fileName());
    else
        m_start->setCurrentIndex(std::max(0, m_start->findData(o.effectiveInit())));
    m_freeze->setChecked(o.freeze == QLatin1String("backbone"));
    m_lrBackbone->setValue(o.lrBackbone);
    m_imageSize->setValue(o.imageSize);
    m_epochs->setValue(o.epochs);
    m_batch->setValue(o.batch);
    m_lr->setValue(o.lr);
    m_patience->setValue(o.patience);
    m_valSplit->setValue(o.valSplit);
    m_augment->setChecked(o.augment);
    m_augmentStrength->setValue(o.augmentStrength);
    m_augmentStrength->setEnabled(o.augment);
    m_fit->setCurrentIndex(m_fit->findData(o.centreCrop));
    m_seed->setValue(int(o.seed));
    m_ensemble->setValue(o.ensemble);
    m_excludeDuplicates->setChecked(!o.keepDuplicates);
    m_runOptions = o; // keeps the options the form has no field for (width, threads, …)
    startChanged();
    if (folderDiffers)
        folderChanged();
}

TrainOptions TrainingDialog::options() const
{
    TrainOptions o = m_runOptions;
    o.dataDir = QDir::fromNativeSeparators(m_folder->text().trimmed());
    o.outPath = QDir::fromNativeSeparators(m_output->text().trimmed());
    o.arch = m_arch->currentData().toString();
    const QString start = m_start->currentData().toString();
    o.fromModel = start.startsWith(QLatin1String("model:")) ? start.mid(6) : QString();
    o.init = o.fromModel.isEmpty() ? start : QString();
    o.freeze = m_freeze->isChecked() ? QStringLiteral("backbone") : QStringLiteral("none");
    o.lrBackbone = m_lrBackbone->value();
    o.imageSize = m_imageSize->value();
    o.epochs = m_epochs->value();
    o.batch = m_batch->value();
    o.lr = m_lr->value();
    o.patience = m_patience->value();
    o.valSplit = m_valSplit->value();
    o.augment = m_augment->isChecked();
    o.augmentStrength = m_augmentStrength->value();
    o.centreCrop = m_fit->currentData().toBool();
    o.seed = quint64(m_seed->value());
    o.ensemble = m_ensemble->value();
    o.keepDuplicates = !m_excludeDuplicates->isChecked();
    o.resumeFrom.clear();
    return o;
}

QString TrainingDialog::message() const
{
    return m_message->isVisible() || !m_message->isHidden() ? m_message->text() : QString();
}

void TrainingDialog::chooseFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Labelled Folder"), m_folder->text());
    if (dir.isEmpty())
        return;
    m_folder->setText(QDir::toNativeSeparators(dir));
    folderChanged();
}

void TrainingDialog::chooseOutput()
{
    const QString file = QFileDialog::getSaveFileName(this, tr("Save Model As"), m_output->text(),
                                                      tr("ChestLens models (*.clm)"));
    if (file.isEmpty())
        return;
    m_output->setText(QDir::toNativeSeparators(
        file.endsWith(QLatin1String(".clm")) ? file : file + QStringLiteral(".clm")));
}

void TrainingDialog::folderChanged()
{
    const QString dir = QDir::fromNativeSeparators(m_folder->text().trimmed());
    // editingFinished also fires when the field merely loses focus: rescan only for a new folder.
    if (dir == m_previewDir && !dir.isEmpty())
        return;
    m_previewDir = dir;
    m_folderScan = {};
    m_dedup = {};
    m_dedupReady = false;
    m_reviewButton->setEnabled(false);
    m_message->hide();
    m_preview->cancel();
    if (dir.isEmpty()) {
        m_classes->setText(tr("—"));
        m_duplicates->setText(tr("—"));
        setState(m_state);
        return;
    }
    if (m_output->text().trimmed().isEmpty())
        m_output->setText(QDir::toNativeSeparators(
            QDir(dir).absoluteFilePath(QStringLiteral("../%1-model.clm").arg(QFileInfo(dir).fileName()))));
    m_classes->setText(tr("Scanning…"));
    m_duplicates->setText(tr("Waiting for the scan…"));
    m_preview->start(dir); // a scan of the previous folder is superseded
    setState(m_state);
}

void TrainingDialog::outputChanged()
{
    const QString out = QDir::fromNativeSeparators(m_output->text().trimmed());
    const QFileInfo ckpt(Trainer::checkpointPathFor(out));
    const QFileInfo member(out + QStringLiteral(".member1")); // an interrupted ensemble keeps its networks
    const bool resumable = !out.isEmpty() && (ckpt.exists() || member.exists());
    if (resumable && ckpt.exists())
        m_checkpointNote->setText(
            tr("An interrupted run left a checkpoint (%1, %2): Resume continues it.")
                .arg(ckpt.fileName(), QLocale().toString(ckpt.lastModified(), QLocale::ShortFormat)));
    else if (resumable)
        m_checkpointNote->setText(
            tr("An interrupted ensemble run left its networks (%1, …): Resume with the same settings "
               "reuses the finished ones and continues the interrupted one.")
                .arg(member.fileName()));
    m_checkpointNote->setVisible(resumable);
    m_resumeButton->setVisible(resumable);
}

void TrainingDialog::onScanned(const LabelledFolder &folder)
{
    m_folderScan = folder;
    const std::vector<int> counts = folder.countsPerClass();
    QStringList parts;
    QStringList few;
    for (int c = 0; c < folder.classes.size(); ++c) {
        const int n = counts[std::size_t(c)];
        const QString entry = QStringLiteral("%1 %2").arg(folder.classes[c].toHtmlEscaped()).arg(n);
        if (n < kFewFilms) {
            parts << QStringLiteral("<span style='color:#f0b060'>%1</span>").arg(entry);
            few << folder.classes[c];
        } else {
            parts << entry;
        }
    }
    QString text =
        tr("%n film(s): %1", nullptr, int(folder.items.size())).arg(parts.join(QStringLiteral(" · ")));
    if (!few.isEmpty())
        text += QStringLiteral("<br><span style='color:#f0b060'>%1</span>")
                    .arg(tr("Very few films in %1: the model cannot learn or be validated reliably there.")
                             .arg(few.join(QStringLiteral(", ")).toHtmlEscaped()));
    if (!folder.ignored.isEmpty())
        text += QStringLiteral("<br>") +
                tr("%n file(s) ignored (not images).", nullptr, int(folder.ignored.size()));
    m_classes->setText(text);
    // A folder of the open model's classes: retraining that model is the natural start.
    if (!m_currentModel.isEmpty() && folder.classes == m_currentModelClasses) {
        m_start->setCurrentIndex(std::max(0, m_start->findData(QStringLiteral("model:") + m_currentModel)));
        startChanged();
    }
    setState(m_state);
}

void TrainingDialog::onDedupFinished(const LabelledFolder &folder, const DedupReport &report)
{
    m_folderScan = folder;
    m_dedup = report;
    m_dedupReady = true;
    QString text =
        tr("%1 exact and %2 near duplicates, %3 label conflicts (%4 films); %5 films would be left out.")
            .arg(report.exactDuplicates)
            .arg(report.nearDuplicates)
            .arg(report.conflictGroups)
            .arg(report.conflictImages)
            .arg(report.excluded.size());
    if (!report.unreadable.isEmpty()) {
        text += QLatin1Char(' ') +
                tr("%n film(s) cannot be read and will be skipped.", nullptr, int(report.unreadable.size()));
        showMessage(
            tr("Unreadable films (skipped):\n%1").arg(report.unreadable.mid(0, 5).join(QLatin1Char('\n'))) +
                (report.unreadable.size() > 5 ? tr("\n… and %1 more").arg(report.unreadable.size() - 5)
                                              : QString()),
            false);
    }
    m_duplicates->setText(text);
    m_reviewButton->setEnabled(!report.groups.empty());
}

void TrainingDialog::reviewDuplicates()
{
    DuplicateReviewDialog dialog(m_folderScan, m_dedup, this);
    dialog.exec();
}

void TrainingDialog::startTraining(bool resume)
{
    if (m_state == State::Training || m_state == State::Paused || m_state == State::Cancelling)
        return;
    TrainOptions o = options();
    if (o.dataDir.isEmpty() || !QFileInfo(o.dataDir).isDir()) {
        showMessage(tr("%1: choose an existing labelled folder (DIR/<class>/<image>).")
                        .arg(o.dataDir.isEmpty() ? tr("No folder") : o.dataDir),
                    true);
        return;
    }
    if (m_folderScan.classes.isEmpty()) {
        // The scan failed (its message is shown) or has not finished yet.
        if (m_message->isHidden())
            showMessage(tr("%1: the folder is still being scanned; try again in a moment.").arg(o.dataDir),
                        true);
        return;
    }
    if (o.outPath.isEmpty()) {
        showMessage(tr("Choose where to save the model."), true);
        return;
    }
    const QFileInfo outDir(QFileInfo(o.outPath).absolutePath());
    if (!outDir.isDir() || !outDir.isWritable()) {
        showMessage(tr("%1: cannot write the model there (the folder does not exist or is read-only).")
                        .arg(o.outPath),
                    true);
        return;
    }
    if (const QStringList problems = o.problems(); !problems.isEmpty()) {
        showMessage(problems.join(QLatin1Char('\n')), true);
        return;
    }
    if (o.ensemble > 1 && m_processes->value() > 1) {
        showMessage(
            tr("An ensemble trains its networks one after another in one process: set Processes to 1."),
            true);
        return;
    }
    if (resume && o.ensemble == 1)
        o.resumeFrom = Trainer::checkpointPathFor(o.outPath);
    // (An ensemble needs no checkpoint path: the same options reuse its finished networks.)
    else if (QFileInfo::exists(o.outPath) &&
             QMessageBox::question(this, tr("Replace Model?"),
                                   tr("%1 exists. Replace it when the run finishes?").arg(o.outPath)) !=
                 QMessageBox::Yes)
        return;

    m_preview->cancel(); // the trainer does its own duplicate search; do not compete for the CPU
    m_message->hide();
    m_plots->clear();
    m_plotMember = 0;
    m_log->clear();
    m_result = {};
    m_resultSummary->setText(tr("Results appear here when a run finishes."));
    m_evaluation->clear();
    m_runOptions = o;
    appendLog(tr("%1 training %2 → %3")
                  .arg(QDateTime::currentDateTime().toString(Qt::ISODate), o.dataDir, o.outPath));
    m_job->start(o, m_processes->value());
    m_tabs->setCurrentIndex(0);
    m_status->setText(resume ? tr("Resuming…") : tr("Starting…"));
    m_progress->setRange(0, 0);
    setState(State::Training);
}

void TrainingDialog::cancelTraining()
{
    if (m_state != State::Training && m_state != State::Paused)
        return;
    m_job->cancel();
    m_status->setText(tr("Cancelling: the run stops after the current batch and keeps its best epoch…"));
    setState(State::Cancelling);
}

void TrainingDialog::togglePause()
{
    if (m_state == State::Training) {
        m_job->setPaused(true);
        m_status->setText(tr("Paused after the current batch. Resume continues where it stopped."));
        setState(State::Paused);
    } else if (m_state == State::Paused) {
        m_job->setPaused(false);
        m_status->setText(tr("Resuming…"));
        setState(State::Training);
    }
}

void TrainingDialog::onBatch(const BatchProgress &p)
{
    if (p.member != m_plotMember) { // each network of an ensemble gets fresh curves
        m_plots->clear();
        m_plotMember = p.member;
        if (p.members > 1)
            appendLog(tr("Network %1 of %2").arg(p.member).arg(p.members));
    }
    const double position = (p.epoch - 1) + double(p.batch) / std::max(1, p.batches);
    m_plots->addBatch(position, p.loss, p.accuracy);
    m_progress->setRange(0, std::max(1, p.members * p.epochs * p.batches));
    m_progress->setValue(((p.member - 1) * p.epochs + p.epoch - 1) * p.batches + p.batch);
    if (m_state == State::Training)
        m_status->setText(
            (p.members > 1 ? tr("Network %1 of %2 · ").arg(p.member).arg(p.members) : QString()) +
            tr("Epoch %1 of at most %2 · batch %3 of %4 · %5 images/s · ETA %6 (early stopping may end it "
               "sooner)")
                .arg(p.epoch)
                .arg(p.epochs)
                .arg(p.batch)
                .arg(p.batches)
                .arg(p.imagesPerSecond, 0, 'f', 1)
                .arg(duration(p.etaSeconds)));
}

void TrainingDialog::onEpoch(const EpochProgress &p)
{
    m_plots->addEpoch(p.epoch, p.valLoss, p.valAccuracy);
    m_plots->setBestEpoch(p.bestEpoch);
    appendLog(tr("epoch %1/%2: train loss %3 acc %4 · val loss %5 acc %6 macro-F1 %7 · %8%9")
                  .arg(p.epoch)
                  .arg(p.epochs)
                  .arg(p.trainLoss, 0, 'f', 3)
                  .arg(percent(p.trainAccuracy))
                  .arg(p.valLoss, 0, 'f', 3)
                  .arg(percent(p.valAccuracy))
                  .arg(p.valMacroF1, 0, 'f', 3)
                  .arg(duration(p.seconds))
                  .arg(p.improved ? tr(" · best so far") : QString()));
}

void TrainingDialog::onFinished(const TrainResult &result)
{
    m_result = result;
    const Metrics &m = result.validation;
    m_progress->setRange(0, 1);
    m_progress->setValue(1);
    const int members = m_runOptions.ensemble;
    const QString what =
        members > 1
            ? (result.cancelled ? tr("Cancelled; the model averages the networks finished so far "
                                     "(%1 epochs in all). Resume with the same settings continues it.")
                                      .arg(result.epochsRun)
                                : tr("Finished: an ensemble of %1 networks (%2 epochs in all).")
                                      .arg(members)
                                      .arg(result.epochsRun))
            : (result.cancelled ? tr("Cancelled after epoch %1; the model keeps epoch %2.")
                                : tr("Finished after %1 epochs; the model keeps epoch %2."))
                  .arg(result.epochsRun)
                  .arg(result.bestEpoch);
    m_status->setText(
        what + QLatin1Char(' ') +
        tr("Validation accuracy %1, macro-F1 %2, ECE %3 (before calibration %4). Saved to %5 (%6).")
            .arg(percent(m.accuracy))
            .arg(m.macroF1, 0, 'f', 3)
            .arg(m.ece, 0, 'f', 3)
            .arg(result.validationUncalibrated.ece, 0, 'f', 3)
            .arg(QDir::toNativeSeparators(result.modelPath), duration(result.seconds)));
    m_resultSummary->setText(
        members > 1 ? tr("Validation split of this run: %1 films, ensemble of the networks' best epochs, "
                         "calibrated with temperature %2.")
                          .arg(result.valImages)
                          .arg(result.temperature, 0, 'f', 3)
                    : tr("Validation split of this run: %1 films, epoch %2, calibrated with temperature %3.")
                          .arg(result.valImages)
                          .arg(result.bestEpoch)
                          .arg(result.temperature, 0, 'f', 3));
    m_evaluation->setEvaluation(m, result.validationLabels, result.validationProbabilities,
                                result.temperature);
    appendLog(m_status->text());
    setState(State::Finished);
    outputChanged();
    if (m_closeAfterStop)
        QDialog::reject();
}

void TrainingDialog::onFailed(int code, const QString &message)
{
    Q_UNUSED(code);
    showMessage(message, true);
    appendLog(message);
    endRun(tr("Training failed."));
}

void TrainingDialog::onCancelled()
{
    endRun(tr("Cancelled before the first epoch finished: no model was written."));
    appendLog(m_status->text());
}

void TrainingDialog::endRun(const QString &status)
{
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_status->setText(status);
    setState(State::Failed);
    outputChanged();
    if (m_closeAfterStop)
        QDialog::reject();
}

void TrainingDialog::setState(State state)
{
    const bool changed = state != m_state;
    m_state = state;
    const bool running = state == State::Training || state == State::Paused || state == State::Cancelling;
    for (QWidget *w : std::initializer_list<QWidget *>{m_folder, m_start, m_epochs, m_batch, m_lr, m_patience,
                                                       m_valSplit, m_augment, m_seed, m_ensemble, m_processes,
                                                       m_output, m_excludeDuplicates})
        w->setEnabled(!running);
    if (running) {
        for (QWidget *w :
             std::initializer_list<QWidget *>{m_arch, m_imageSize, m_fit, m_freeze, m_lrBackbone})
            w->setEnabled(false);
    } else {
        startChanged(); // what the starting point leaves open
    }
    m_augmentStrength->setEnabled(!running && m_augment->isChecked());
    m_startButton->setEnabled(!running);
    m_resumeButton->setEnabled(!running);
    m_pauseButton->setEnabled(state == State::Training || state == State::Paused);
    m_pauseButton->setText(state == State::Paused ? tr("Resume") : tr("Pause"));
    m_cancelButton->setEnabled(state == State::Training || state == State::Paused);
    m_useButton->setEnabled(state == State::Finished && !m_result.modelPath.isEmpty());
    m_savePlotsButton->setEnabled(m_plots->pointCount(TrainingPlots::TrainLoss) > 0 && !running);
    if (changed)
        Q_EMIT stateChanged(state);
}

void TrainingDialog::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #ff8a80;") : QStringLiteral("color: #f0b060;"));
    m_message->show();
}

void TrainingDialog::appendLog(const QString &line)
{
    m_log->appendPlainText(line);
}

bool TrainingDialog::confirmStop()
{
    const bool running =
        m_state == State::Training || m_state == State::Paused || m_state == State::Cancelling;
    if (!running)
        return true;
    if (m_state != State::Cancelling &&
        QMessageBox::question(
            this, tr("Stop Training?"),
            tr("A training run is in progress. Stop it and close? The best epoch so far is saved to %1.")
                .arg(QDir::toNativeSeparators(m_runOptions.outPath))) != QMessageBox::Yes)
        return false;
    // Close once the run has wound down (within one batch) and written the best epoch.
    m_closeAfterStop = true;
    cancelTraining();
    return false;
}

void TrainingDialog::closeEvent(QCloseEvent *event)
{
    if (!confirmStop()) {
        event->ignore();
        return;
    }
    QDialog::closeEvent(event);
}

void TrainingDialog::reject()
{
    if (confirmStop())
        QDialog::reject();
}

void TrainingDialog::savePlots()
{
    QString file = QFileDialog::getSaveFileName(this, tr("Save Training Curves"),
                                                QFileInfo(m_runOptions.outPath).absolutePath() +
                                                    QStringLiteral("/training-curves.png"),
                                                tr("PNG image (*.png);;PDF document (*.pdf)"));
    if (file.isEmpty())
        return;
    if (QFileInfo(file).suffix().isEmpty())
        file += QStringLiteral(".png");
    try {
        // Both curves on one figure, an A4 landscape page at 96 dpi (vector in a PDF).
        saveStackedPlots(file, {m_plots->lossPlot(), m_plots->accuracyPlot()}, kPlotExportSize);
    } catch (const Error &e) {
        showMessage(e.message(), true);
    }
}

} // namespace chestlens::ui
