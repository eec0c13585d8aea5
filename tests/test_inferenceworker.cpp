// The inference controller and its worker thread: results arrive as values, stale explanation and
// window requests are dropped (newest wins), background predictions yield to interactive requests
// and can be cancelled, errors name the file, and destroying the controller mid-request neither
// hangs nor crashes.

#include "core/error.h"
#include "core/worker/inferencecontroller.h"
#include "support/blobmodel.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <memory>

using namespace chestlens;
using chestlens::test::SyntheticFilmSpec;

namespace {

/// Generous: the ASan build is several times slower than the release one.
constexpr int kTimeoutMs = 60000;

} // namespace

class TestInferenceWorker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void metatypesAreRegistered();
    void resultsArrive();
    void openWithoutModelStillRenders();
    void staleExplanationsAreDropped();
    void staleWindowsAreDropped();
    void errorsNameTheFile();
    void backgroundYieldsToInteractive();
    void cancelBackground();
    void shutdownWhileBusy();
    void shutdownWithQueuedWork();

private:
    /// A controller with the blob model loaded and `film` open (prediction received); null after
    /// a test failure.
    std::unique_ptr<InferenceController> readyController(const QString &film);

    QTemporaryDir m_dir;
    QString m_model, m_centre, m_corner, m_large, m_broken;
};

void TestInferenceWorker::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_model = m_dir.filePath(QStringLiteral("blob.clm"));
    test::writeBlobModel(m_model, QStringLiteral("resnet"), 128);
    SyntheticFilmSpec centre;
    centre.size = QSize(300, 200);
    centre.border = QMargins(16, 8, 16, 8);
    centre.blobs = {{QPointF(150, 100), 18, 250}};
    m_centre = m_dir.filePath(QStringLiteral("centre.png"));
    QVERIFY(test::makeSyntheticFilm(centre).save(m_centre));
    SyntheticFilmSpec corner;
    corner.size = QSize(220, 260);
    corner.blobs = {{QPointF(15, 15), 12, 250}};
    m_corner = m_dir.filePath(QStringLiteral("corner.png"));
    QVERIFY(test::makeSyntheticFilm(corner).save(m_corner));
    // Large enough that decoding and rendering keep the worker busy for a while.
    SyntheticFilmSpec large;
    large.size = QSize(2000, 1600);
    large.blobs = {{QPointF(1000, 800), 150, 250}};
    m_large = m_dir.filePath(QStringLiteral("large.png"));
    QVERIFY(test::makeSyntheticFilm(large).save(m_large));
    m_broken = m_dir.filePath(QStringLiteral("broken.png"));
    QFile f(m_broken);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("\x89PNG\r\n\x1a\n but nothing else");
}

std::unique_ptr<InferenceController> TestInferenceWorker::readyController(const QString &film)
{
    auto c = std::make_unique<InferenceController>();
    QSignalSpy loaded(c.get(), &InferenceController::modelLoaded);
    QSignalSpy predicted(c.get(), &InferenceController::predictionReady);
    c->loadModel(m_model);
    const quint64 open = c->openFilm(film);
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() == 1, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!predicted.isEmpty() &&
                                     predicted.last().at(0).value<PredictionResult>().requestId == open,
                                 kTimeoutMs);
    }();
    if (QTest::currentTestFailed())
        return nullptr;
    return c;
}

void TestInferenceWorker::metatypesAreRegistered()
{
    InferenceController c;
    for (const char *name : {"chestlens::Explanation", "chestlens::FilmView", "chestlens::PredictionResult",
                             "chestlens::ExplainSettings", "chestlens::ModelInfo"})
        QVERIFY2(QMetaType::fromName(name).isValid(), name);
}

void TestInferenceWorker::resultsArrive()
{
    InferenceController c;
    QSignalSpy loaded(&c, &InferenceController::modelLoaded);
    QSignalSpy opened(&c, &InferenceController::filmOpened);
    QSignalSpy predicted(&c, &InferenceController::predictionReady);
    QSignalSpy explained(&c, &InferenceController::explanationReady);
    QSignalSpy failed(&c, &InferenceController::failed);
    QSignalSpy busy(&c, &InferenceController::busyChanged);
    QVERIFY(!c.hasModel());

    const quint64 loadId = c.loadModel(m_model);
    QVERIFY(loaded.wait(kTimeoutMs));
    QVERIFY(c.hasModel());
    const ModelInfo info = loaded.first().at(0).value<ModelInfo>();
    QCOMPARE(info.classes, test::blobClasses());
    QCOMPARE(loaded.first().at(1).toStringList(),
             (QStringList{"stem", "block1", "block2", "block3", "block4"}));

    const quint64 openId = c.openFilm(m_centre);
    QVERIFY(openId > loadId);
    QTRY_VERIFY_WITH_TIMEOUT(predicted.count() == 1, kTimeoutMs);
    QCOMPARE(opened.count(), 1);
    const FilmView view = opened.first().at(0).value<FilmView>();
    QCOMPARE(view.requestId, openId);
    QCOMPARE(view.path, m_centre);
    QCOMPARE(view.image.size(), QSize(300, 200));
    QCOMPARE(view.image.format(), QImage::Format_Grayscale8);
    QCOMPARE(view.meta.width, 300);
    const PredictionResult p = predicted.first().at(0).value<PredictionResult>();
    QCOMPARE(p.requestId, openId);
    QCOMPARE(p.path, m_centre);
    QCOMPARE(p.prediction.topClass(), QStringLiteral("bright"));

    ExplainSettings s;
    s.method = CamMethod::GradCamPlusPlus;
    const quint64 explainId = c.explain(s);
    QVERIFY(explained.wait(kTimeoutMs));
    const Explanation e = explained.first().at(0).value<Explanation>();
    QCOMPARE(e.requestId, explainId);
    QCOMPARE(e.path, m_centre);
    QCOMPARE(e.heat.size(), QSize(300, 200));
    QCOMPARE(e.heat.format(), QImage::Format_Grayscale8);
    QCOMPARE(e.className, QStringLiteral("bright"));
    QCOMPARE(e.settings.classIndex, 0);
    QCOMPARE(e.settings.layer, QStringLiteral("block4"));
    QCOMPARE(e.settings.method, CamMethod::GradCamPlusPlus);
    QCOMPARE(e.crop, QRect(16, 8, 268, 184));
    QVERIFY2(e.inChestFraction > 0.95, qPrintable(QString::number(e.inChestFraction)));
    QCOMPARE(qGray(e.heat.pixel(2, 2)), 0); // trimmed border: no heat

    // The other class of the same film.
    s.classIndex = 1;
    c.explain(s);
    QVERIFY(explained.wait(kTimeoutMs));
    QCOMPARE(explained.last().at(0).value<Explanation>().className, QStringLiteral("dark"));
    QVERIFY(failed.isEmpty());
    // busy went up and, with nothing left, down again.
    QTRY_VERIFY_WITH_TIMEOUT(!busy.isEmpty() && busy.last().at(0).toBool() == false, kTimeoutMs);
    QCOMPARE(busy.first().at(0).toBool(), true);
}

void TestInferenceWorker::openWithoutModelStillRenders()
{
    InferenceController c;
    QSignalSpy opened(&c, &InferenceController::filmOpened);
    QSignalSpy predicted(&c, &InferenceController::predictionReady);
    QSignalSpy failed(&c, &InferenceController::failed);
    c.openFilm(m_corner);
    QVERIFY(opened.wait(kTimeoutMs));
    QCOMPARE(opened.first().at(0).value<FilmView>().image.size(), QSize(220, 260));
    // Explaining without a model fails with a message, naming the film.
    const quint64 id = c.explain({});
    QVERIFY(failed.wait(kTimeoutMs));
    QCOMPARE(failed.first().at(0).toULongLong(), id);
    QCOMPARE(failed.first().at(1).toInt(), int(ErrorCode::InvalidModel));
    QVERIFY(failed.first().at(2).toString().contains(QStringLiteral("corner.png")));
    QVERIFY(predicted.isEmpty());
}

void TestInferenceWorker::staleExplanationsAreDropped()
{
    auto c = readyController(m_centre);
    QVERIFY(c);
    QSignalSpy explained(c.get(), &InferenceController::explanationReady);
    QSignalSpy failed(c.get(), &InferenceController::failed);
    // Keep the worker busy with a large film, then change the settings 20 times in a row.
    c->openFilm(m_large);
    quint64 last = 0;
    const CamMethod methods[] = {CamMethod::GradCam, CamMethod::GradCamPlusPlus, CamMethod::LayerCam};
    for (int i = 0; i < 20; ++i) {
        ExplainSettings s;
        s.method = methods[i % 3];
        s.classIndex = i % 2;
        s.layer = i % 4 == 0 ? QStringLiteral("block3") : QString();
        last = c->explain(s);
    }
    QTRY_VERIFY_WITH_TIMEOUT(
        !explained.isEmpty() && explained.last().at(0).value<Explanation>().requestId == last, kTimeoutMs);
    QVERIFY2(explained.count() < 20, qPrintable(QString::number(explained.count())));
    const Explanation e = explained.last().at(0).value<Explanation>();
    QCOMPARE(e.path, m_large); // explained the film current when it ran
    QCOMPARE(e.heat.size(), QSize(2000, 1600));
    QCOMPARE(e.settings.method, methods[19 % 3]);
    QCOMPARE(e.settings.classIndex, 1);
    quint64 previous = 0;
    for (const QList<QVariant> &args : explained) { // in request order, none twice
        const quint64 id = args.at(0).value<Explanation>().requestId;
        QVERIFY(id > previous);
        previous = id;
    }
    QVERIFY(failed.isEmpty());
}

void TestInferenceWorker::staleWindowsAreDropped()
{
    auto c = readyController(m_centre);
    QVERIFY(c);
    QSignalSpy opened(c.get(), &InferenceController::filmOpened);
    c->openFilm(m_large);
    quint64 last = 0;
    for (int i = 0; i < 15; ++i) {
        DisplayWindow w;
        w.centre = 100 + i;
        w.width = 50 + i;
        last = c->setWindow(w);
    }
    QTRY_VERIFY_WITH_TIMEOUT(!opened.isEmpty() && opened.last().at(0).value<FilmView>().requestId == last,
                             kTimeoutMs);
    QVERIFY2(opened.count() < 16, qPrintable(QString::number(opened.count()))); // 1 open + fewer than 15
    const FilmView v = opened.last().at(0).value<FilmView>();
    QCOMPARE(v.window.centre, 114.0);
    QCOMPARE(v.image.size(), QSize(2000, 1600));
}

void TestInferenceWorker::errorsNameTheFile()
{
    auto c = readyController(m_centre);
    QVERIFY(c);
    QSignalSpy failed(c.get(), &InferenceController::failed);
    QSignalSpy explained(c.get(), &InferenceController::explanationReady);
    QSignalSpy loaded(c.get(), &InferenceController::modelLoaded);

    const QString missing = m_dir.filePath(QStringLiteral("missing-film.png"));
    const quint64 openId = c->openFilm(missing);
    QVERIFY(failed.wait(kTimeoutMs));
    QCOMPARE(failed.last().at(0).toULongLong(), openId);
    QCOMPARE(failed.last().at(1).toInt(), int(ErrorCode::FileNotFound));
    QVERIFY2(failed.last().at(2).toString().contains(QStringLiteral("missing-film.png")),
             qPrintable(failed.last().at(2).toString()));

    // The previous film stays current.
    c->explain({});
    QVERIFY(explained.wait(kTimeoutMs));
    QCOMPARE(explained.last().at(0).value<Explanation>().path, m_centre);

    // A bad explanation setting names the film too.
    ExplainSettings bad;
    bad.layer = QStringLiteral("conv9");
    const quint64 badId = c->explain(bad);
    QVERIFY(failed.wait(kTimeoutMs));
    QCOMPARE(failed.last().at(0).toULongLong(), badId);
    QCOMPARE(failed.last().at(1).toInt(), int(ErrorCode::InvalidArgument));
    QVERIFY(failed.last().at(2).toString().contains(QStringLiteral("centre.png")));
    QVERIFY(failed.last().at(2).toString().contains(QStringLiteral("conv9")));

    // A model file that is not one: the old model stays loaded.
    const quint64 modelId = c->loadModel(m_broken);
    QVERIFY(failed.wait(kTimeoutMs));
    QCOMPARE(failed.last().at(0).toULongLong(), modelId);
    QCOMPARE(failed.last().at(1).toInt(), int(ErrorCode::InvalidModel));
    QVERIFY(failed.last().at(2).toString().contains(QStringLiteral("broken.png")));
    QVERIFY(c->hasModel());
    QVERIFY(loaded.isEmpty());

    // A broken file in the background.
    const quint64 bgId = c->predictFile(m_broken);
    QVERIFY(failed.wait(kTimeoutMs));
    QCOMPARE(failed.last().at(0).toULongLong(), bgId);
    QVERIFY(failed.last().at(2).toString().contains(QStringLiteral("broken.png")));
}

void TestInferenceWorker::backgroundYieldsToInteractive()
{
    auto c = readyController(m_centre);
    QVERIFY(c);
    QStringList order;
    connect(c.get(), &InferenceController::predictionReady, this,
            [&order](const PredictionResult &r) { order << QStringLiteral("predict %1").arg(r.requestId); });
    connect(c.get(), &InferenceController::explanationReady, this,
            [&order](const Explanation &e) { order << QStringLiteral("explain %1").arg(e.requestId); });
    QSignalSpy predicted(c.get(), &InferenceController::predictionReady);
    QList<quint64> background;
    for (int i = 0; i < 5; ++i)
        background << c->predictFile(i % 2 ? m_corner : m_large);
    const quint64 explainId = c->explain({});
    QTRY_VERIFY_WITH_TIMEOUT(predicted.count() == 5, kTimeoutMs);
    // All five arrive, in order, and the explanation (asked for after them) overtakes at least
    // the last four of them: at most one background item runs before a queued interactive request.
    QStringList expected;
    for (quint64 id : background)
        expected << QStringLiteral("predict %1").arg(id);
    QStringList predictions = order;
    predictions.removeAll(QStringLiteral("explain %1").arg(explainId));
    QCOMPARE(predictions, expected);
    const int explainAt = int(order.indexOf(QStringLiteral("explain %1").arg(explainId)));
    QVERIFY2(explainAt >= 0 && explainAt <= 1, qPrintable(order.join(QStringLiteral(", "))));
    const PredictionResult r = predicted.at(1).at(0).value<PredictionResult>();
    QCOMPARE(r.path, m_corner);
    QCOMPARE(r.requestId, background[1]);
}

void TestInferenceWorker::cancelBackground()
{
    auto c = readyController(m_centre);
    QVERIFY(c);
    QSignalSpy predicted(c.get(), &InferenceController::predictionReady);
    QList<quint64> cancelled;
    for (int i = 0; i < 10; ++i)
        cancelled << c->predictFile(m_large);
    c->cancelBackground();
    // A request after the cancellation still runs, and it is reported after every older one was
    // handled (background work is FIFO).
    const quint64 after = c->predictFile(m_corner);
    QTRY_VERIFY_WITH_TIMEOUT(!predicted.isEmpty() &&
                                 predicted.last().at(0).value<PredictionResult>().requestId == after,
                             kTimeoutMs);
    int old = 0;
    for (const QList<QVariant> &args : predicted)
        old += cancelled.contains(args.at(0).value<PredictionResult>().requestId) ? 1 : 0;
    // At most the one that may already have been running when cancelBackground() was called —
    // and even that one is not reported once cancelled.
    QVERIFY2(old == 0, qPrintable(QString::number(old)));
}

void TestInferenceWorker::shutdownWhileBusy()
{
    auto c = readyController(m_centre);
    QVERIFY(c);
    QSignalSpy opened(c.get(), &InferenceController::filmOpened);
    c->openFilm(m_large);
    for (int i = 0; i < 5; ++i)
        c->explain({});
    for (int i = 0; i < 5; ++i)
        c->predictFile(m_large);
    // The large film is decoded; its prediction or the first explanation (3.2 MP heatmap) runs now.
    QVERIFY(opened.wait(kTimeoutMs));
    QElapsedTimer timer;
    timer.start();
    c.reset(); // quits and joins while a request runs; the queued ones are skipped
    // At most the running request is finished first (well under a second, a few seconds under
    // ASan), not the ten queued behind it.
    QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed())));
}

void TestInferenceWorker::shutdownWithQueuedWork()
{
    // Destroyed before the worker even started: nothing runs, nothing leaks, no hang.
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 3; ++i) {
        InferenceController c;
        c.loadModel(m_model);
        c.openFilm(m_large);
        c.explain({});
        c.predictFile(m_corner);
    }
    QVERIFY(timer.elapsed() < 30000);
}

QTEST_GUILESS_MAIN(TestInferenceWorker)
#include "test_inferenceworker.moc"
