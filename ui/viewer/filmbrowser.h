#pragma once

#include "core/ml/classifier.h"

#include <QHash>
#include <QSet>
#include <QThreadPool>
#include <QVector>
#include <QWidget>

class QLabel;
class QListWidget;
class QTimer;

namespace chestlens {
class InferenceController;
struct PredictionResult;
} // namespace chestlens

namespace chestlens::ui {

/// A folder (or a set of files) as a list with thumbnails and, once computed, each film's
/// predicted class. Thumbnails are made on a background thread and predictions are asked of the
/// inference worker as background requests, a few at a time, the rows on screen first.
/// Choosing a row emits fileActivated().
class FilmBrowser : public QWidget
{
    Q_OBJECT
public:
    explicit FilmBrowser(QWidget *parent = nullptr);
    ~FilmBrowser() override; ///< waits for a running thumbnail job

    /// Where background predictions go; without a controller the browser only shows thumbnails.
    void setController(chestlens::InferenceController *controller);
    /// Whether a model is loaded. Turning it on (or a new model) restarts the predictions.
    void setModelAvailable(bool available);

    /// Lists the films in `folder` and its subfolders (scanned in the background; folderLoaded()
    /// follows). Returns false when it is not a readable folder.
    bool setFolder(const QString &folder);
    /// Lists exactly these files (e.g. several given on the command line).
    void setFiles(const QStringList &files);
    QString folder() const { return m_folder; }
    QStringList files() const;
    int count() const;

    /// Marks `path` as the film shown (if listed) without emitting fileActivated().
    void setCurrentFile(const QString &path);
    /// The raw class name predicted for `path`, empty while unknown.
    QString predictedClass(const QString &path) const;
    int predictedCount() const;
    int thumbnailCount() const;

    static QStringList filmSuffixes();

public Q_SLOTS:
    void selectNext();
    void selectPrevious();

Q_SIGNALS:
    void fileActivated(const QString &path);
    void folderLoaded(const QString &folder, int count);
    /// Background predictions: `done` of `total` films.
    void predictionProgress(int done, int total);

private:
    struct Entry
    {
        QString path;
        bool thumbnail = false;
        bool predicted = false;
        bool failed = false;
        chestlens::Prediction prediction;
    };

    void populate(const QString &root, const QStringList &files);
    void clearAll();
    QVector<int> rowsInPriorityOrder() const;
    void scheduleThumbnails();
    void schedulePredictions();
    void updateItemText(int row);
    void onPrediction(const chestlens::PredictionResult &result);
    void onFailed(quint64 requestId, int code, const QString &message);
    void emitProgress();

    QLabel *m_header;
    QListWidget *m_list;
    QTimer *m_activateTimer;
    QString m_folder;
    QVector<Entry> m_entries;
    QHash<QString, int> m_rowOf;
    chestlens::InferenceController *m_controller = nullptr;
    bool m_modelAvailable = false;
    QHash<quint64, int> m_predictInFlight; ///< request id → row
    QSet<quint64> m_obsolete;              ///< requests made for a previous model
    int m_thumbInFlight = -1;              ///< row, -1: none
    quint64 m_generation = 0;              ///< bumped on every new listing; stale results are dropped
    QThreadPool m_pool;
};

} // namespace chestlens::ui
