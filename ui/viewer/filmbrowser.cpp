#include "ui/viewer/filmbrowser.h"

#include "ui/common/thumbnail.h"
#include "ui/viewer/applicabilitybanner.h"

#include "core/error.h"
#include "core/film/display.h"
#include "core/film/filmloader.h"
#include "core/worker/inferencecontroller.h"
#include "ui/common/backgroundtask.h"
#include "ui/common/classnames.h"

#include <QCollator>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>

namespace chestlens::ui {

namespace {

/// Thumbnail side in device-independent pixels.
constexpr int kThumbSide = 56;
/// Background predictions in flight at once: enough to keep the worker busy, few enough that
/// scrolling re-prioritises within a film or two (and an interactive request never waits long).
constexpr int kMaxPredictionsInFlight = 2;
/// A folder scan stops here; nobody browses more films than this in one list.
constexpr int kMaxFiles = 20000;
/// Arrow-key browsing opens the row only after this pause, so holding a key does not queue a
/// decode for every film passed.
constexpr int kActivateDelayMs = 150;
const QColor kThumbBackground(24, 24, 27);
const QColor kFailedColour(230, 120, 120);
const QColor kUnsureColour(255, 200, 110);
/// Films the model may not judge: grey, like the greyed-out probabilities of the viewer.
const QColor kInapplicableColour(150, 150, 150);

} // namespace

QStringList FilmBrowser::filmSuffixes()
{
    return supportedImageSuffixes();
}

FilmBrowser::FilmBrowser(QWidget *parent)
    : QWidget(parent), m_header(new QLabel(this)), m_list(new QListWidget(this)),
      m_activateTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("FilmBrowser"));
    m_pool.setMaxThreadCount(1); // the other core belongs to the inference worker
    m_header->setObjectName(QStringLiteral("browserHeader"));
    m_header->setWordWrap(true);
    m_header->setContentsMargins(4, 2, 4, 2);
    m_list->setObjectName(QStringLiteral("browserList"));
    m_list->setViewMode(QListView::ListMode);
    m_list->setIconSize(QSize(kThumbSide, kThumbSide));
    m_list->setUniformItemSizes(true);
    m_list->setTextElideMode(Qt::ElideMiddle);
    m_list->setWordWrap(false);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // elide instead
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_list->setSpacing(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_header);
    layout->addWidget(m_list, 1);
    m_activateTimer->setSingleShot(true);
    m_activateTimer->setInterval(kActivateDelayMs);
    connect(m_activateTimer, &QTimer::timeout, this, [this] {
        if (QListWidgetItem *item = m_list->currentItem())
            Q_EMIT fileActivated(item->data(Qt::UserRole).toString());
    });
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            m_activateTimer->start();
    });
    connect(m_list->verticalScrollBar(), &QScrollBar::valueChanged, this, [this] {
        scheduleThumbnails();
        schedulePredictions();
    });
    m_header->setText(tr("No folder open"));
}

FilmBrowser::~FilmBrowser()
{
    m_pool.clear();
    m_pool.waitForDone();
}

void FilmBrowser::setController(InferenceController *controller)
{
    if (m_controller)
        disconnect(m_controller, nullptr, this, nullptr);
    m_controller = controller;
    if (!controller)
        return;
    connect(controller, &InferenceController::predictionReady, this, &FilmBrowser::onPrediction);
    connect(controller, &InferenceController::failed, this, &FilmBrowser::onFailed);
}

void FilmBrowser::setModelAvailable(bool available)
{
    m_modelAvailable = available;
    // A (new) model makes every earlier prediction obsolete, including those still running.
    if (m_controller && !m_predictInFlight.isEmpty())
        m_controller->cancelBackground();
    for (auto it = m_predictInFlight.cbegin(); it != m_predictInFlight.cend(); ++it)
        m_obsolete.insert(it.key());
    m_predictInFlight.clear();
    for (int row = 0; row < m_entries.size(); ++row) {
        m_entries[row].predicted = false;
        m_entries[row].prediction = Prediction();
        updateItemText(row);
    }
    schedulePredictions();
    emitProgress();
}

void FilmBrowser::clearAll()
{
    ++m_generation;
    m_pool.clear();
    if (m_controller && !m_predictInFlight.isEmpty())
        m_controller->cancelBackground();
    m_predictInFlight.clear();
    m_thumbInFlight = -1;
    m_entries.clear();
    m_rowOf.clear();
    m_list->clear();
}

bool FilmBrowser::setFolder(const QString &folderIn)
{
    const QFileInfo info(folderIn);
    if (!info.isDir() || !info.isReadable())
        return false;
    clearAll();
    const QString folder = info.absoluteFilePath();
    m_folder = folder;
    m_header->setText(tr("Reading %1…").arg(QDir::toNativeSeparators(folder)));
    const quint64 generation = m_generation;
    QStringList filters;
    for (const QString &s : filmSuffixes())
        filters << QStringLiteral("*.") + s;
    runInBackground(
        m_pool, this,
        [folder, filters]() {
            QStringList files;
            QDirIterator it(folder, filters, QDir::Files | QDir::Readable, QDirIterator::Subdirectories);
            while (it.hasNext() && files.size() < kMaxFiles)
                files << it.next();
            QCollator collator;
            collator.setNumericMode(true);
            collator.setCaseSensitivity(Qt::CaseInsensitive);
            std::sort(files.begin(), files.end(), collator);
            return files;
        },
        [this, generation, folder](const QStringList &files) {
            if (generation != m_generation)
                return;
            populate(folder, files);
            Q_EMIT folderLoaded(folder, int(files.size()));
        });
    return true;
}

void FilmBrowser::setFiles(const QStringList &files)
{
    clearAll();
    m_folder.clear();
    QStringList absolute;
    for (const QString &f : files)
        absolute << QFileInfo(f).absoluteFilePath();
    populate(QString(), absolute);
}

void FilmBrowser::populate(const QString &root, const QStringList &files)
{
    m_header->setText(root.isEmpty()
                          ? tr("%n film(s)", "", int(files.size()))
                          : tr("%1 — %n film(s)", "", int(files.size())).arg(QDir(root).dirName()));
    m_header->setToolTip(QDir::toNativeSeparators(root));
    const qreal dpr = devicePixelRatioF();
    QPixmap placeholder(QSize(kThumbSide, kThumbSide) * dpr);
    placeholder.setDevicePixelRatio(dpr);
    placeholder.fill(kThumbBackground);
    const QIcon placeholderIcon(placeholder);
    m_list->setUpdatesEnabled(false);
    const QDir base(root);
    for (const QString &path : files) {
        if (m_rowOf.contains(path))
            continue;
        auto *item = new QListWidgetItem(placeholderIcon, QString(), m_list);
        item->setData(Qt::UserRole, path);
        item->setData(Qt::UserRole + 1,
                      root.isEmpty() ? QFileInfo(path).fileName() : base.relativeFilePath(path));
        item->setToolTip(QDir::toNativeSeparators(path));
        m_rowOf.insert(path, int(m_entries.size()));
        Entry entry;
        entry.path = path;
        m_entries.append(entry);
        updateItemText(int(m_entries.size()) - 1);
    }
    m_list->setUpdatesEnabled(true);
    scheduleThumbnails();
    schedulePredictions();
    emitProgress();
}

QStringList FilmBrowser::files() const
{
    QStringList out;
    for (const Entry &e : m_entries)
        out << e.path;
    return out;
}

int FilmBrowser::count() const
{
    return int(m_entries.size());
}

void FilmBrowser::setCurrentFile(const QString &path)
{
    const int row = m_rowOf.value(QFileInfo(path).absoluteFilePath(), -1);
    const QSignalBlocker block(m_list);
    m_activateTimer->stop();
    m_list->setCurrentRow(row);
    if (row >= 0)
        m_list->scrollToItem(m_list->item(row));
}

QString FilmBrowser::predictedClass(const QString &path) const
{
    const int row = m_rowOf.value(path, -1);
    return row >= 0 && m_entries[row].predicted ? m_entries[row].prediction.topClass() : QString();
}

int FilmBrowser::predictedCount() const
{
    return int(std::count_if(m_entries.begin(), m_entries.end(), [](const Entry &e) { return e.predicted; }));
}

int FilmBrowser::thumbnailCount() const
{
    return int(std::count_if(m_entries.begin(), m_entries.end(), [](const Entry &e) { return e.thumbnail; }));
}

void FilmBrowser::selectNext()
{
    if (m_entries.isEmpty())
        return;
    m_list->setCurrentRow(std::min(m_list->currentRow() + 1, int(m_entries.size()) - 1));
}

void FilmBrowser::selectPrevious()
{
    if (m_entries.isEmpty())
        return;
    m_list->setCurrentRow(std::max(m_list->currentRow() - 1, 0));
}

QVector<int> FilmBrowser::rowsInPriorityOrder() const
{
    const int n = int(m_entries.size());
    QVector<int> order;
    order.reserve(n);
    // Rows on screen first, then those below them (where the user is likely heading), then above.
    const QRect vp = m_list->viewport()->rect();
    int first = m_list->indexAt(vp.topLeft() + QPoint(2, 2)).row();
    int last = m_list->indexAt(QPoint(vp.left() + 2, vp.bottom() - 2)).row();
    if (first < 0)
        first = 0;
    if (last < first)
        last = std::min(n - 1, first + 20);
    for (int r = first; r <= last && r < n; ++r)
        order << r;
    for (int r = last + 1; r < n; ++r)
        order << r;
    for (int r = 0; r < first && r < n; ++r)
        order << r;
    return order;
}

void FilmBrowser::scheduleThumbnails()
{
    if (m_thumbInFlight >= 0)
        return;
    for (int row : rowsInPriorityOrder()) {
        if (m_entries[row].thumbnail)
            continue;
        m_thumbInFlight = row;
        const quint64 generation = m_generation;
        const int side = qRound(kThumbSide * devicePixelRatioF());
        const qreal dpr = devicePixelRatioF();
        runInBackground(
            m_pool, this,
            [path = m_entries[row].path, side]() { return filmThumbnail(path, side, kThumbBackground); },
            [this, generation, row, dpr](QImage thumb) {
                if (generation != m_generation)
                    return;
                m_thumbInFlight = -1;
                m_entries[row].thumbnail = true;
                if (!thumb.isNull()) {
                    thumb.setDevicePixelRatio(dpr);
                    m_list->item(row)->setIcon(QIcon(QPixmap::fromImage(thumb)));
                }
                scheduleThumbnails();
            });
        return;
    }
}

void FilmBrowser::schedulePredictions()
{
    if (!m_controller || !m_modelAvailable || m_predictInFlight.size() >= kMaxPredictionsInFlight)
        return;
    QList<int> busy = m_predictInFlight.values();
    for (int row : rowsInPriorityOrder()) {
        const Entry &e = m_entries[row];
        if (e.predicted || e.failed || busy.contains(row))
            continue;
        m_predictInFlight.insert(m_controller->predictFile(e.path), row);
        busy << row;
        if (m_predictInFlight.size() >= kMaxPredictionsInFlight)
            return;
    }
}

void FilmBrowser::onPrediction(const PredictionResult &result)
{
    if (m_obsolete.remove(result.requestId))
        return;
    const bool ours = m_predictInFlight.remove(result.requestId) > 0;
    const int row = m_rowOf.value(result.path, -1);
    if (row >= 0 && m_modelAvailable) {
        // Also the foreground prediction of a listed film: no need to compute it twice.
        m_entries[row].predicted = true;
        m_entries[row].prediction = result.prediction;
        updateItemText(row);
        emitProgress();
    }
    if (ours)
        schedulePredictions();
}

void FilmBrowser::onFailed(quint64 requestId, int code, const QString &message)
{
    Q_UNUSED(code)
    m_obsolete.remove(requestId);
    const auto it = m_predictInFlight.find(requestId);
    if (it == m_predictInFlight.end())
        return;
    const int row = it.value();
    m_predictInFlight.erase(it);
    m_entries[row].failed = true;
    m_list->item(row)->setToolTip(message);
    updateItemText(row);
    emitProgress();
    schedulePredictions();
}

void FilmBrowser::updateItemText(int row)
{
    QListWidgetItem *item = m_list->item(row);
    const Entry &e = m_entries[row];
    QString second;
    if (e.failed) {
        second = tr("cannot be read");
    } else if (e.predicted && !e.prediction.applicability.applicable) {
        second = tr("not applicable");
    } else if (e.predicted) {
        const Prediction &p = e.prediction;
        second = tr("%1 · %2 %").arg(displayClassName(p.topClass())).arg(p.topProbability * 100.0, 0, 'f', 0);
    } else if (m_modelAvailable && m_controller) {
        second = QStringLiteral("…");
    }
    item->setText(item->data(Qt::UserRole + 1).toString() + QLatin1Char('\n') + second);
    // Unreadable in red, unsure predictions in amber (the tooltip says why).
    const bool inapplicable = e.predicted && !e.prediction.applicability.applicable;
    const bool unsure = e.predicted && !inapplicable && e.prediction.uncertain;
    QVariant colour;
    if (e.failed)
        colour = QBrush(kFailedColour);
    else if (inapplicable)
        colour = QBrush(kInapplicableColour);
    else if (unsure)
        colour = QBrush(kUnsureColour);
    item->setData(Qt::ForegroundRole, colour);
    QString why;
    if (inapplicable)
        why = QStringLiteral("\n") + ApplicabilityBanner::describe(e.prediction.applicability);
    else if (unsure)
        why = QStringLiteral("\n") + tr("The model is unsure about this film.");
    if (!e.failed)
        item->setToolTip(QDir::toNativeSeparators(e.path) + why);
}

void FilmBrowser::emitProgress()
{
    int done = 0;
    for (const Entry &e : m_entries)
        done += (e.predicted || e.failed) ? 1 : 0;
    Q_EMIT predictionProgress(m_modelAvailable ? done : 0, m_modelAvailable ? int(m_entries.size()) : 0);
}

} // namespace chestlens::ui
