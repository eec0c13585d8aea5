// The background-job contract (core/worker/backgroundjob.h), checked for every job type: training,
// evaluation, report export and the duplicate preview. Outcomes and progress arrive on the owner's
// thread, exactly one outcome per run; cancel ends a run with cancelled(); destroying a job
// mid-run returns promptly and emits nothing more; a second start() supersedes the first (newest
// request wins). A minimal job of the test's own checks the parts no real job can show reliably:
// queued runs that are superseded never run, and nothing a run holds outlives the job.
// Everything runs on synthetic films and a hand-made model: no shared data needed.

#include "core/error.h"
#include "core/worker/backgroundjob.h"
#include "core/worker/evaluationjob.h"
#include "core/worker/reportjob.h"
#include "core/worker/trainingjob.h"
#include "support/blobmodel.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest/QTest>

#include <functional>
#include <memory>
#include <stdexcept>

using namespace chestlens;

namespace {

/// Long enough for a tiny training run on a loaded machine.
constexpr int kWaitMs = 180000;
/// Destroying a job waits for one step of its work (a batch, a film): far less than this.
constexpr int kDestroyMs = 30000;
constexpr int kFilmsPerClass = 12;

/// DIR/bright/*.png and DIR/dark/*.png: synthetic films with one blob each (blobmodel.h).
void writeBlobFolder(const QString &dir, int perClass)
{
    QRandomGenerator rng(11);
    for (const QString cls : {QStringLiteral("bright"), QStringLiteral("dark")}) {
        QVERIFY(QDir().mkpath(dir + QLatin1Char('/') + cls));
        for (int i = 0; i < perClass; ++i) {
            test::SyntheticFilmSpec spec;
            spec.size = QSize(180, 160);
            spec.seed = rng.generate();
            const QPointF c(50 + rng.bounded(80), 50 + rng.bounded(60));
            spec.blobs.push_back({c, 16.0, cls == QLatin1String("bright") ? 240 : 10});
            QVERIFY(test::makeSyntheticFilm(spec).save(QStringLiteral("%1/%2/%3.png").arg(dir, cls).arg(i)));
        }
    }
}

/// What the tests record about one job: every signal, and the thread it was emitted on.
struct Record
{
    int progress = 0;
    int finished = 0;
    int failed = 0;
    int cancelled = 0;
    QList<bool> running;          ///< runningChanged arguments, in order
    bool runningAtOutcome = true; ///< isRunning() when the outcome was emitted
    bool allOnOwnerThread = true;
    QString failure;
    int outcomes() const { return finished + failed + cancelled; }
};

/// One job type: how to make it, start it and listen to its type-specific signals.
struct JobCase
{
    std::function<BackgroundJob *()> make;
    std::function<void(BackgroundJob *)> start;
    /// Connects the job's finished() and progress signals to `onFinished` / `onProgress`.
    std::function<void(BackgroundJob *, QObject *, std::function<void()>, std::function<void()>)> listen;
};

/// A job with nothing but the base contract: sleeps in steps of 5 ms until `steps` are done or it
/// is cancelled, then returns `value` (or throws when `value` < 0). `runs` counts the runs that
/// actually ran; `held` is kept alive by the run for as long as it exists.
class SleepJob : public BackgroundJob
{
    Q_OBJECT
public:
    SleepJob() : BackgroundJob(QStringLiteral("test job")) {}
    std::shared_ptr<std::atomic<int>> runs = std::make_shared<std::atomic<int>>(0);

    void start(int value, int steps, std::shared_ptr<int> held = {})
    {
        auto counter = runs;
        launch<int>(
            [value, steps, counter, held](JobControl &control) {
                counter->fetch_add(1);
                for (int i = 0; i < steps && !control.isCancelled(); ++i)
                    QThread::msleep(5);
                if (control.isCancelled())
                    throw Error(ErrorCode::Cancelled, QStringLiteral("stopped"));
                if (value < 0)
                    throw std::runtime_error("boom");
                return value;
            },
            [this](const int &v) { Q_EMIT finished(v); }, QStringLiteral("sleep job failed"));
    }

Q_SIGNALS:
    void finished(int value);
};

} // namespace

class TestJobs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void outcomeOnOwnerThread_data() { jobTypes(); }
    void outcomeOnOwnerThread();
    void cancelEndsCancelled_data() { jobTypes(); }
    void cancelEndsCancelled();
    void destroyWhileRunning_data() { jobTypes(); }
    void destroyWhileRunning();
    void newestStartWins_data() { jobTypes(); }
    void newestStartWins();

    void supersededQueuedRunNeverRuns();
    void destroyReleasesQueuedRuns();
    void exceptionBecomesFailed();

private:
    void jobTypes();
    JobCase jobCase(const QString &kind) const;
    /// Connects everything `record` tracks; the connections live as long as `context`.
    void watch(const JobCase &c, BackgroundJob *job, QObject *context, Record &record) const;

    QTemporaryDir m_dir;
    QString m_data, m_model, m_report;
    QStringList m_films;
};

void TestJobs::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_data = m_dir.filePath(QStringLiteral("data"));
    writeBlobFolder(m_data, kFilmsPerClass);
    m_model = m_dir.filePath(QStringLiteral("blob.clm"));
    test::writeBlobModel(m_model, QStringLiteral("resnet"), 64);
    m_report = m_dir.filePath(QStringLiteral("report.pdf"));
    for (int i = 0; i < 4; ++i)
        m_films << QStringLiteral("%1/bright/%2.png").arg(m_data).arg(i);
}

void TestJobs::jobTypes()
{
    QTest::addColumn<QString>("kind");
    for (const char *kind : {"training", "evaluation", "report", "duplicate preview"})
        QTest::newRow(kind) << QString::fromLatin1(kind);
}

JobCase TestJobs::jobCase(const QString &kind) const
{
    JobCase c;
    if (kind == QLatin1String("training")) {
        TrainOptions o;
        o.dataDir = m_data;
        o.outPath = m_dir.filePath(QStringLiteral("trained.clm"));
        o.arch = QStringLiteral("resnet");
        o.width = 4;
        o.imageSize = 64;
        o.epochs = 1;
        o.batch = 8;
        o.threads = 2;
        c.make = [] { return new TrainingJob; };
        c.start = [o](BackgroundJob *j) { static_cast<TrainingJob *>(j)->start(o); };
        c.listen = [](BackgroundJob *j, QObject *ctx, std::function<void()> done,
                      std::function<void()> step) {
            auto *t = static_cast<TrainingJob *>(j);
            QObject::connect(t, &TrainingJob::finished, ctx, [done](const TrainResult &) { done(); });
            QObject::connect(t, &TrainingJob::preparing, ctx, [step] { step(); });
            QObject::connect(t, &TrainingJob::batchDone, ctx, [step] { step(); });
        };
    } else if (kind == QLatin1String("evaluation")) {
        c.make = [] { return new EvaluationJob; };
        c.start = [this](BackgroundJob *j) { static_cast<EvaluationJob *>(j)->start(m_model, m_data, 2); };
        c.listen = [](BackgroundJob *j, QObject *ctx, std::function<void()> done,
                      std::function<void()> step) {
            auto *e = static_cast<EvaluationJob *>(j);
            QObject::connect(e, &EvaluationJob::finished, ctx, [done](const FolderEvaluation &) { done(); });
            QObject::connect(e, &EvaluationJob::progress, ctx, [step] { step(); });
        };
    } else if (kind == QLatin1String("report")) {
        ReportRequest r;
        r.files = m_films;
        r.out = m_report;
        r.modelPath = m_model;
        c.make = [] { return new ReportJob; };
        c.start = [r](BackgroundJob *j) { static_cast<ReportJob *>(j)->start(r); };
        c.listen = [](BackgroundJob *j, QObject *ctx, std::function<void()> done,
                      std::function<void()> step) {
            auto *rj = static_cast<ReportJob *>(j);
            QObject::connect(rj, &ReportJob::finished, ctx, [done](const ReportOutcome &) { done(); });
            QObject::connect(rj, &ReportJob::progress, ctx, [step] { step(); });
        };
    } else {
        c.make = [] { return new DedupPreviewJob; };
        c.start = [this](BackgroundJob *j) { static_cast<DedupPreviewJob *>(j)->start(m_data); };
        c.listen = [](BackgroundJob *j, QObject *ctx, std::function<void()> done,
                      std::function<void()> step) {
            auto *d = static_cast<DedupPreviewJob *>(j);
            QObject::connect(d, &DedupPreviewJob::finished, ctx, [done] { done(); });
            QObject::connect(d, &DedupPreviewJob::scanned, ctx, [step] { step(); });
            QObject::connect(d, &DedupPreviewJob::progress, ctx, [step] { step(); });
        };
    }
    return c;
}

void TestJobs::watch(const JobCase &c, BackgroundJob *job, QObject *context, Record &record) const
{
    QThread *owner = QThread::currentThread();
    const auto onOwner = [&record, owner] {
        if (QThread::currentThread() != owner)
            record.allOnOwnerThread = false;
    };
    const auto outcome = [&record, job, onOwner] {
        onOwner();
        record.runningAtOutcome = job->isRunning();
    };
    // Direct connections: each lambda runs on the thread that emitted the signal.
    c.listen(
        job, context, [&record, outcome] { outcome(), ++record.finished; },
        [&record, onOwner] { onOwner(), ++record.progress; });
    connect(job, &BackgroundJob::failed, context, [&record, outcome](int, const QString &message) {
        outcome(), ++record.failed, record.failure = message;
    });
    connect(job, &BackgroundJob::cancelled, context, [&record, outcome] { outcome(), ++record.cancelled; });
    connect(job, &BackgroundJob::runningChanged, context,
            [&record, onOwner](bool running) { onOwner(), record.running << running; });
}

void TestJobs::outcomeOnOwnerThread()
{
    QFETCH(QString, kind);
    const JobCase c = jobCase(kind);
    std::unique_ptr<BackgroundJob> job(c.make());
    Record r;
    QObject context;
    watch(c, job.get(), &context, r);

    c.start(job.get());
    QVERIFY(job->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(r.outcomes() > 0, kWaitMs);
    QVERIFY2(r.finished == 1, qPrintable(r.failure));
    QCOMPARE(r.outcomes(), 1);
    QVERIFY(r.progress > 0);
    QVERIFY(r.allOnOwnerThread);
    QVERIFY(!r.runningAtOutcome);
    QCOMPARE(r.running, (QList<bool>{true, false}));
    QVERIFY(!job->isRunning());
}

void TestJobs::cancelEndsCancelled()
{
    QFETCH(QString, kind);
    const JobCase c = jobCase(kind);
    QFile::remove(m_report);
    std::unique_ptr<BackgroundJob> job(c.make());
    Record r;
    QObject context;
    watch(c, job.get(), &context, r);

    c.start(job.get());
    job->cancel();
    QVERIFY(job->isCancelling());
    QTRY_VERIFY_WITH_TIMEOUT(!job->isRunning(), kWaitMs);
    QVERIFY2(r.cancelled == 1, qPrintable(r.failure));
    QCOMPARE(r.outcomes(), 1);
    QVERIFY(r.allOnOwnerThread);
    QVERIFY(!job->isCancelling());
    if (kind == QLatin1String("report"))
        QVERIFY(!QFileInfo::exists(m_report)); // a cancelled export writes nothing
}

void TestJobs::destroyWhileRunning()
{
    QFETCH(QString, kind);
    const JobCase c = jobCase(kind);
    auto *job = c.make();
    Record r;
    QObject context; // outlives the job: its connections would see any late signal
    watch(c, job, &context, r);

    c.start(job);
    QTRY_VERIFY_WITH_TIMEOUT(r.progress > 0 || r.outcomes() > 0, kWaitMs);
    const int outcomes = r.outcomes();
    QElapsedTimer clock;
    clock.start();
    delete job;
    qInfo("destroying the running %s job took %lld ms", qPrintable(kind),
          static_cast<long long>(clock.elapsed()));
    QVERIFY(clock.elapsed() < kDestroyMs);
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QCOMPARE(r.outcomes(), outcomes);
}

void TestJobs::newestStartWins()
{
    QFETCH(QString, kind);
    const JobCase c = jobCase(kind);
    std::unique_ptr<BackgroundJob> job(c.make());
    Record r;
    QObject context;
    watch(c, job.get(), &context, r);

    c.start(job.get());
    c.start(job.get()); // supersedes the first: it is cancelled and reports nothing
    QVERIFY(job->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(!job->isRunning(), kWaitMs);
    QVERIFY2(r.finished == 1, qPrintable(r.failure));
    QCOMPARE(r.outcomes(), 1);
    QCOMPARE(r.running, (QList<bool>{true, false}));
    QVERIFY(r.allOnOwnerThread);
}

void TestJobs::supersededQueuedRunNeverRuns()
{
    SleepJob job;
    QSignalSpy finished(&job, &SleepJob::finished);
    QSignalSpy cancelled(&job, &BackgroundJob::cancelled);
    job.start(1, 40);
    job.start(2, 40); // queued behind the first, superseded before it can start
    job.start(3, 1);
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.first().first().toInt(), 3);
    QCOMPARE(cancelled.count(), 0);
    QVERIFY(job.runs->load() <= 2); // the first may have started; the second never does
    QVERIFY(!job.isRunning());
}

void TestJobs::destroyReleasesQueuedRuns()
{
    auto held = std::make_shared<int>(0);
    const std::weak_ptr<int> watchHeld = held;
    {
        SleepJob job;
        job.start(1, 1000, held);
        job.start(2, 1000, held);
        held.reset();
        QVERIFY(!watchHeld.expired()); // the runs hold it
    }
    QVERIFY(watchHeld.expired()); // both runs, the queued one included, are gone with the job
}

void TestJobs::exceptionBecomesFailed()
{
    SleepJob job;
    QSignalSpy failed(&job, &BackgroundJob::failed);
    job.start(-1, 1);
    QVERIFY(failed.wait(kWaitMs));
    QCOMPARE(failed.first().at(0).toInt(), int(ErrorCode::Internal));
    QCOMPARE(failed.first().at(1).toString(), QStringLiteral("sleep job failed (boom)"));
}

// A QGuiApplication: the report job draws its PDF with QPainter (offscreen platform in CTest).
QTEST_MAIN(TestJobs)
#include "test_jobs.moc"
