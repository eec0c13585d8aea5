// The training dialog end to end on the offscreen platform: a tiny run on synthetic films
// (bright blob vs dark blob, 64 px, 2 epochs) fills the live plots, finishes and writes a model
// that loads; Cancel stops within a bounded time and keeps the best epoch; bad folders give clear
// messages and start nothing.

#include "core/ml/classifier.h"
#include "support/blobmodel.h"
#include "ui/evaluation/evaluationview.h"
#include "ui/training/trainingdialog.h"
#include "ui/training/trainingplots.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace chestlens;
using chestlens::ui::TrainingDialog;
using chestlens::ui::TrainingPlots;

namespace {

/// DIR/bright/*.png and DIR/dark/*.png: synthetic films with one blob each, at random places.
void writeBlobFolder(const QString &dir, int perClass, quint32 seed)
{
    QRandomGenerator rng(seed);
    for (const QString cls : {QStringLiteral("bright"), QStringLiteral("dark")}) {
        QVERIFY(QDir().mkpath(dir + QLatin1Char('/') + cls));
        for (int i = 0; i < perClass; ++i) {
            test::SyntheticFilmSpec spec;
            spec.size = QSize(160 + int(rng.bounded(80)), 160 + int(rng.bounded(80)));
            spec.seed = rng.generate();
            const QPointF c(40 + rng.bounded(spec.size.width() - 80),
                            40 + rng.bounded(spec.size.height() - 80));
            spec.blobs.push_back({c, 14.0 + rng.bounded(10), cls == QLatin1String("bright") ? 240 : 10});
            QVERIFY(test::makeSyntheticFilm(spec).save(QStringLiteral("%1/%2/%3.png").arg(dir, cls).arg(i)));
        }
    }
}

TrainOptions tinyOptions(const QString &data, const QString &out, int epochs)
{
    TrainOptions o;
    o.dataDir = data;
    o.outPath = out;
    o.arch = QStringLiteral("resnet");
    o.width = 4;
    o.imageSize = 64;
    o.epochs = epochs;
    o.batch = 8;
    o.patience = 0; // run every epoch
    o.threads = 2;
    o.seed = 3;
    return o;
}

/// Waits until the dialog's folder scan and duplicate preview are done.
bool waitForPreview(TrainingDialog &dialog)
{
    auto *dup = dialog.findChild<QLabel *>(QStringLiteral("duplicatesLabel"));
    return QTest::qWaitFor(
        [dup] {
            return dup->text().contains(QStringLiteral("duplicates;")) ||
                   dup->text().contains(QStringLiteral("left out"));
        },
        60000);
}

} // namespace

class TestGuiTraining : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void tinyRunFillsPlotsAndWritesModel();
    void ensembleFieldTrainsOneModelOfSeveralNetworks();
    void cancelStopsWithinBoundedTime();
    void badFoldersGiveClearMessages_data();
    void badFoldersGiveClearMessages();
    void unreadableFilmsAreNamedAndSkipped();
    void startFromChoices();

private:
    QTemporaryDir m_dir;
    QString m_data;
};

void TestGuiTraining::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_data = m_dir.filePath(QStringLiteral("blobs"));
    writeBlobFolder(m_data, 24, 11);
}

void TestGuiTraining::tinyRunFillsPlotsAndWritesModel()
{
    const QString out = m_dir.filePath(QStringLiteral("tiny.clm"));
    TrainingDialog dialog;
    dialog.setOptions(tinyOptions(m_data, out, 2));
    dialog.show();
    QVERIFY(waitForPreview(dialog));
    QVERIFY2(dialog.findChild<QLabel *>(QStringLiteral("classesLabel"))
                 ->text()
                 .contains(QStringLiteral("bright 24")),
             qPrintable(dialog.findChild<QLabel *>(QStringLiteral("classesLabel"))->text()));

    QSignalSpy states(&dialog, &TrainingDialog::stateChanged);
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("startButton")), Qt::LeftButton);
    QVERIFY2(dialog.state() == TrainingDialog::State::Training, qPrintable(dialog.message()));
    QTRY_VERIFY_WITH_TIMEOUT(dialog.state() == TrainingDialog::State::Finished ||
                                 dialog.state() == TrainingDialog::State::Failed,
                             300000);
    QVERIFY2(dialog.state() == TrainingDialog::State::Finished, qPrintable(dialog.message()));

    // The live plots received every batch and both validation points.
    const TrainingPlots *plots = dialog.plots();
    const int batchesPerEpoch = (dialog.result().trainImages + 7) / 8;
    QVERIFY(batchesPerEpoch > 0);
    QCOMPARE(plots->pointCount(TrainingPlots::TrainLoss), 2 * batchesPerEpoch);
    QCOMPARE(plots->pointCount(TrainingPlots::TrainAccuracy), 2 * batchesPerEpoch);
    QCOMPARE(plots->pointCount(TrainingPlots::ValLoss), 2);
    QCOMPARE(plots->pointCount(TrainingPlots::ValAccuracy), 2);

    // The results page shows the validation split of the best epoch, with per-film scores (ROC).
    const auto *evaluation = dialog.findChild<ui::EvaluationView *>();
    QVERIFY(evaluation);
    QVERIFY(evaluation->hasRows());
    QCOMPARE(evaluation->metrics().confusion, dialog.result().validation.confusion);
    QCOMPARE(evaluation->metrics().n, dialog.result().valImages);

    // The model file loads and describes this run.
    const std::unique_ptr<Classifier> model = Classifier::load(out);
    QCOMPARE(model->info().classes, QStringList({QStringLiteral("bright"), QStringLiteral("dark")}));
    QCOMPARE(model->info().preprocessing.imageSize, 64);
    QVERIFY(!QFile::exists(out + QStringLiteral(".ckpt"))); // a finished run removes its checkpoint

    // "Use This Model" hands the file to the viewer.
    auto *use = dialog.findChild<QPushButton *>(QStringLiteral("useButton"));
    QVERIFY(use->isEnabled());
    QSignalSpy used(&dialog, &TrainingDialog::useModel);
    QTest::mouseClick(use, Qt::LeftButton);
    QCOMPARE(used.count(), 1);
    QCOMPARE(used.at(0).at(0).toString(), out);
}

void TestGuiTraining::ensembleFieldTrainsOneModelOfSeveralNetworks()
{
    const QString out = m_dir.filePath(QStringLiteral("ensemble.clm"));
    TrainingDialog dialog;
    dialog.setOptions(tinyOptions(m_data, out, 1));
    dialog.show();
    QVERIFY(waitForPreview(dialog));
    auto *ensemble = dialog.findChild<QSpinBox *>(QStringLiteral("ensembleSpin"));
    QVERIFY(ensemble);
    ensemble->setValue(2);
    QCOMPARE(dialog.options().ensemble, 2);
    // The film-shape field, set away from the default, reaches the written model.
    auto *fit = dialog.findChild<QComboBox *>(QStringLiteral("fitCombo"));
    QVERIFY(fit);
    const bool crop = !TrainOptions().centreCrop;
    fit->setCurrentIndex(fit->findData(crop));
    QCOMPARE(dialog.options().centreCrop, crop);
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("startButton")), Qt::LeftButton);
    QVERIFY2(dialog.state() == TrainingDialog::State::Training, qPrintable(dialog.message()));
    QVERIFY(!ensemble->isEnabled()); // the recipe is fixed while it runs
    QVERIFY(!fit->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(dialog.state() == TrainingDialog::State::Finished ||
                                 dialog.state() == TrainingDialog::State::Failed,
                             300000);
    QVERIFY2(dialog.state() == TrainingDialog::State::Finished, qPrintable(dialog.message()));
    // The curves restart for the second network: one epoch's batches and one validation point.
    const int batchesPerEpoch = (dialog.result().trainImages + 7) / 8;
    QCOMPARE(dialog.plots()->pointCount(TrainingPlots::TrainLoss), batchesPerEpoch);
    QCOMPARE(dialog.plots()->pointCount(TrainingPlots::ValLoss), 1);
    QCOMPARE(dialog.result().epochsRun, 2);
    const std::unique_ptr<Classifier> model = Classifier::load(out);
    QCOMPARE(model->info().architectureSpec.value(QStringLiteral("members")).toInt(), 2);
    QCOMPARE(model->info()
                 .metadata.value(QStringLiteral("preprocessing"))
                 .toObject()
                 .value(QStringLiteral("resize"))
                 .toString(),
             crop ? QStringLiteral("centre-crop") : QStringLiteral("stretch"));
    QVERIFY(!QFile::exists(out + QStringLiteral(".member1")));
}

void TestGuiTraining::cancelStopsWithinBoundedTime()
{
    const QString out = m_dir.filePath(QStringLiteral("cancelled.clm"));
    TrainingDialog dialog;
    dialog.setOptions(tinyOptions(m_data, out, 200));
    dialog.show();
    QVERIFY(waitForPreview(dialog));
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("startButton")), Qt::LeftButton);
    // Cancel in the middle of the second epoch, once the first has a best checkpoint.
    QTRY_VERIFY_WITH_TIMEOUT(dialog.plots()->pointCount(TrainingPlots::ValLoss) >= 1 &&
                                 dialog.plots()->pointCount(TrainingPlots::TrainLoss) >
                                     (dialog.result().trainImages + 7) / 8 + 1,
                             300000);
    // CHESTLENS_SCREENSHOT_DIR: let it learn a while and grab the dialog mid-training (README).
    const QString shots = qEnvironmentVariable("CHESTLENS_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        dialog.resize(1280, 800);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.plots()->pointCount(TrainingPlots::ValLoss) >= 8, 300000);
        QTest::qWait(300); // the coalesced replot
        QVERIFY(dialog.grab().save(shots + QStringLiteral("/training.png")));
    }
    QElapsedTimer timer;
    timer.start();
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("cancelButton")), Qt::LeftButton);
    QCOMPARE(dialog.state(), TrainingDialog::State::Cancelling);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.state() == TrainingDialog::State::Finished ||
                                 dialog.state() == TrainingDialog::State::Failed,
                             60000);
    qInfo("cancel took %lld ms", timer.elapsed());
    QVERIFY2(timer.elapsed() < 30000, "cancel did not stop within one batch");
    QCOMPARE(dialog.state(), TrainingDialog::State::Finished);
    QVERIFY(dialog.result().cancelled);
    QVERIFY(dialog.result().epochsRun < 200);
    QVERIFY(dialog.result().bestEpoch >= 1);
    const std::unique_ptr<Classifier> model = Classifier::load(out); // the best epoch, valid
    QCOMPARE(model->info().classes.size(), 2);
    if (!shots.isEmpty()) {
        dialog.findChild<QTabWidget *>()->setCurrentIndex(2);
        QTest::qWait(300);
        QVERIFY(dialog.grab().save(shots + QStringLiteral("/training-results.png")));
    }
}

void TestGuiTraining::badFoldersGiveClearMessages_data()
{
    QTest::addColumn<QString>("layout"); // "empty", "one class", "missing"
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty folder") << QStringLiteral("empty") << QStringLiteral("class");
    QTest::newRow("one class") << QStringLiteral("one class") << QStringLiteral("2");
    QTest::newRow("missing folder") << QStringLiteral("missing") << QStringLiteral("");
}

void TestGuiTraining::badFoldersGiveClearMessages()
{
    QFETCH(QString, layout);
    QFETCH(QString, expected);
    const QString dir =
        m_dir.filePath(QStringLiteral("bad-") + QString(layout).replace(QLatin1Char(' '), QLatin1Char('-')));
    if (layout == QLatin1String("empty")) {
        QVERIFY(QDir().mkpath(dir));
    } else if (layout == QLatin1String("one class")) {
        QVERIFY(QDir().mkpath(dir + QStringLiteral("/normal")));
        QVERIFY(test::makeSyntheticFilm({}).save(dir + QStringLiteral("/normal/a.png")));
    }
    const QString out = m_dir.filePath(QStringLiteral("never.clm"));
    TrainingDialog dialog;
    dialog.setOptions(tinyOptions(dir, out, 1));
    dialog.show();
    if (layout != QLatin1String("missing"))
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.message().isEmpty(), 30000);
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("startButton")), Qt::LeftButton);
    QCOMPARE(dialog.state(), TrainingDialog::State::Idle); // nothing started
    const QString message = dialog.message();
    QVERIFY2(message.contains(QDir::toNativeSeparators(dir)) || message.contains(dir), qPrintable(message));
    QVERIFY2(message.contains(expected), qPrintable(message));
    QTest::qWait(200);
    QCOMPARE(dialog.state(), TrainingDialog::State::Idle);
    QVERIFY(!QFile::exists(out));
}

void TestGuiTraining::unreadableFilmsAreNamedAndSkipped()
{
    const QString data = m_dir.filePath(QStringLiteral("with-broken"));
    writeBlobFolder(data, 10, 5);
    QFile broken(data + QStringLiteral("/dark/broken.png"));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("\x89PNG\r\n\x1a\n this is not a PNG");
    broken.close();

    const QString out = m_dir.filePath(QStringLiteral("with-broken.clm"));
    TrainingDialog dialog;
    dialog.setOptions(tinyOptions(data, out, 1));
    dialog.show();
    QVERIFY(waitForPreview(dialog));
    QVERIFY2(dialog.message().contains(QStringLiteral("broken.png")), qPrintable(dialog.message()));
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("startButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.state() == TrainingDialog::State::Finished ||
                                 dialog.state() == TrainingDialog::State::Failed,
                             300000);
    QVERIFY2(dialog.state() == TrainingDialog::State::Finished, qPrintable(dialog.message()));
    QVERIFY(QFile::exists(out));
    QCOMPARE(dialog.result().trainImages + dialog.result().valImages,
             20); // the broken film is not among them
}

/// "Start from": the open model is chosen for a folder of its classes and becomes --from; ImageNet
/// fixes the architecture to mobilenetv2; random weights leave nothing to freeze.
void TestGuiTraining::startFromChoices()
{
    const QString parent = m_dir.filePath(QStringLiteral("parent.clm"));
    TrainingDialog dialog;
    dialog.setCurrentModel(parent, QStringLiteral("Parent"),
                           {QStringLiteral("bright"), QStringLiteral("dark")});
    dialog.setOptions(tinyOptions(m_data, m_dir.filePath(QStringLiteral("child.clm")), 1));
    dialog.show();
    QVERIFY(waitForPreview(dialog));
    auto *start = dialog.findChild<QComboBox *>(QStringLiteral("startCombo"));
    QVERIFY(start);
    QCOMPARE(dialog.options().fromModel, parent);
    QVERIFY(dialog.options().problems().isEmpty());

    const auto choose = [&](const QString &data) {
        const int i = start->findData(data);
        QVERIFY(i >= 0);
        start->setCurrentIndex(i);
        Q_EMIT start->activated(i);
    };
    choose(QStringLiteral("imagenet"));
    QCOMPARE(dialog.options().init, QStringLiteral("imagenet"));
    QCOMPARE(dialog.options().arch, QStringLiteral("mobilenetv2"));
    QVERIFY(dialog.options().fromModel.isEmpty());
    QVERIFY(dialog.findChild<QCheckBox *>(QStringLiteral("freezeCheck"))->isEnabled());

    choose(QStringLiteral("random"));
    QCOMPARE(dialog.options().effectiveInit(), QStringLiteral("random"));
    QVERIFY(!dialog.findChild<QCheckBox *>(QStringLiteral("freezeCheck"))->isEnabled());
}

QTEST_MAIN(TestGuiTraining)
#include "test_gui_training.moc"
