// TrainOptions' one description of its limits, and the three places that use it: the trainer's
// problems(), `chestlens-cli train` and the training dialog's spin boxes.

#include "core/ml/trainoptions.h"
#include "support/process.h"
#include "support/testdata.h"
#include "ui/training/trainingdialog.h"

#include <QDoubleSpinBox>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>
#include <functional>

using namespace chestlens;

using Change = std::function<void(TrainOptions &)>;
Q_DECLARE_METATYPE(Change)
Q_DECLARE_METATYPE(const chestlens::OptionLimit *)

class TestTrainOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsHaveNoProblems()
    {
        const QStringList problems = TrainOptions().problems();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void defaultsAreTheLimitsDefaults()
    {
        const TrainOptions d;
        for (const TrainOptionField &f : trainOptionFields()) {
            QVERIFY2(f.limit->accepts(f.limit->defaultValue), f.limit->option);
            QCOMPARE(f.value(d), f.limit->defaultValue);
        }
    }

    void eachViolationIsNamed_data()
    {
        QTest::addColumn<Change>("change");
        QTest::addColumn<QString>("named"); ///< what the problem text must contain

        // Every limit, just below its minimum and just above its maximum.
        for (const TrainOptionField &f : trainOptionFields()) {
            const OptionLimit &l = *f.limit;
            const double step = l.integer ? 1.0 : 1e-3;
            const double below = l.minExclusive ? l.min : l.min - step;
            const double above = l.maxExclusive ? l.max : l.max + step;
            const QString name = QStringLiteral("--%1").arg(QLatin1String(l.option));
            QTest::addRow("%s below minimum", l.option)
                << Change([f, below](TrainOptions &o) { f.set(o, below); }) << name;
            QTest::addRow("%s above maximum", l.option)
                << Change([f, above](TrainOptions &o) { f.set(o, above); }) << name;
        }
        QTest::newRow("image size not a multiple of 16")
            << Change([](TrainOptions &o) { o.imageSize = 100; }) << QStringLiteral("--image-size");
        QTest::newRow("stem stride 3")
            << Change([](TrainOptions &o) { o.stemStride = 3; }) << QStringLiteral("--stem-stride");
        QTest::newRow("mixup with source adversary") << Change([](TrainOptions &o) {
            o.mixup = 0.4;
            o.sourceAdversary = 1;
        }) << QStringLiteral("--mixup and --source-adversary");
        QTest::newRow("source adversary across ranks") << Change([](TrainOptions &o) {
            o.worldSize = 2;
            o.sourceAdversary = 1;
        }) << QStringLiteral("one process");
        QTest::newRow("rank outside the world")
            << Change([](TrainOptions &o) { o.rank = 2; }) << QStringLiteral("--rank");
        QTest::newRow("ensemble with --resume") << Change([](TrainOptions &o) {
            o.ensemble = 2;
            o.resumeFrom = QStringLiteral("x.ckpt");
        }) << QStringLiteral("same train command");
        QTest::newRow("ensemble across ranks") << Change([](TrainOptions &o) {
            o.ensemble = 2;
            o.worldSize = 2;
        }) << QStringLiteral("an ensemble is trained in one process");
    }

    void eachViolationIsNamed()
    {
        QFETCH(Change, change);
        QFETCH(QString, named);
        TrainOptions o;
        change(o);
        const QStringList problems = o.problems();
        QVERIFY(!problems.isEmpty());
        QVERIFY2(problems.join(QLatin1Char('\n')).contains(named),
                 qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void cliRefusesABadImageSize_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("not a multiple of 16") << QStringLiteral("100");
        QTest::newRow("too small") << QStringLiteral("16");
        QTest::newRow("too large") << QStringLiteral("2048");
    }

    /// A value outside its limit is a usage error (exit 2) naming the option, before any film is read.
    void cliRefusesABadImageSize()
    {
        QFETCH(QString, value);
        const QString cli = test::cliPath();
        if (cli.isEmpty())
            QSKIP("CHESTLENS_CLI not set (run through ctest)");
        QTemporaryDir tmp;
        const QString out = tmp.filePath(QStringLiteral("m.clm"));
        const test::ProcessResult r =
            test::runProcess(cli,
                             {QStringLiteral("train"), QStringLiteral("--data"), tmp.path(),
                              QStringLiteral("--out"), out, QStringLiteral("--image-size"), value},
                             60'000);
        QVERIFY2(r.finished && r.exitCode == 2, qPrintable(test::describe(r)));
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.contains(QStringLiteral("--image-size must be a multiple of 16 from 32 to 1024")) &&
                     err.contains(value),
                 qPrintable(err));
        QVERIFY(!QFile::exists(out));
    }

    void dialogSpinRangesAreTheLimits_data()
    {
        QTest::addColumn<QString>("objectName");
        QTest::addColumn<const OptionLimit *>("limit");
        QTest::newRow("image size") << QStringLiteral("imageSizeSpin") << &trainlimits::imageSize;
        QTest::newRow("epochs") << QStringLiteral("epochsSpin") << &trainlimits::epochs;
        QTest::newRow("batch") << QStringLiteral("batchSpin") << &trainlimits::batch;
        QTest::newRow("patience") << QStringLiteral("patienceSpin") << &trainlimits::patience;
        QTest::newRow("ensemble") << QStringLiteral("ensembleSpin") << &trainlimits::ensemble;
        QTest::newRow("learning rate") << QStringLiteral("lrSpin") << &trainlimits::lr;
        QTest::newRow("pretrained layers' rate")
            << QStringLiteral("lrBackboneSpin") << &trainlimits::lrBackbone;
        QTest::newRow("validation fraction") << QStringLiteral("valSplitSpin") << &trainlimits::valSplit;
        QTest::newRow("augmentation strength")
            << QStringLiteral("augmentStrengthSpin") << &trainlimits::augmentStrength;
    }

    /// Inclusive bounds are the spin box's; an exclusive bound is the nearest value it can show.
    void dialogSpinRangesAreTheLimits()
    {
        QFETCH(QString, objectName);
        QFETCH(const OptionLimit *, limit);
        ui::TrainingDialog dialog;
        double lo = 0, hi = 0, value = 0, unit = 0;
        if (auto *s = dialog.findChild<QSpinBox *>(objectName)) {
            lo = s->minimum(), hi = s->maximum(), value = s->value();
        } else if (auto *d = dialog.findChild<QDoubleSpinBox *>(objectName)) {
            lo = d->minimum(), hi = d->maximum(), value = d->value(), unit = std::pow(10.0, -d->decimals());
        } else {
            QFAIL(qPrintable(QStringLiteral("no spin box %1").arg(objectName)));
        }
        QCOMPARE(lo, limit->minExclusive ? limit->min + unit : limit->min);
        QCOMPARE(hi, limit->maxExclusive ? limit->max - unit : limit->max);
        QCOMPARE(value, limit->defaultValue);
        QVERIFY(limit->accepts(lo) && limit->accepts(hi));
    }
};

QTEST_MAIN(TestTrainOptions)
#include "test_trainoptions.moc"
