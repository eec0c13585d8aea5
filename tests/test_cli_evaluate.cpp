// `chestlens-cli evaluate --json` on a tiny freshly trained model: the documented keys, the
// confusion matrix covering every film, --tta, and a single-class folder as a test set.
#include "core/ml/trainer.h"
#include "support/testdata.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace chestlens;

class TestCliEvaluate : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_data;

private Q_SLOTS:
    void initTestCase()
    {
        CHESTLENS_REQUIRE_DATA(cxr4, "cxr4");
        // 12 films from each of three classes, nested one level deep for one class.
        m_data = m_tmp.filePath(QStringLiteral("data"));
        const QString copied = chestlens::test::copySmallLabelledFolder(cxr4, m_data);
        QVERIFY2(copied.isEmpty(), qPrintable(copied));
        // A tiny model to evaluate: the small "seed" network, 64 px, two epochs.
        TrainOptions o;
        o.dataDir = m_data;
        o.outPath = m_tmp.filePath(QStringLiteral("tiny.clm"));
        o.arch = QStringLiteral("seed");
        o.imageSize = 64;
        o.epochs = 2;
        o.batch = 8;
        o.threads = 2;
        o.seed = 7;
        Trainer(o).run();
        QVERIFY(QFile::exists(o.outPath));
    }

    void evaluateJsonHasDocumentedKeys()
    {
        const QString cli = test::cliPath();
        if (cli.isEmpty())
            QSKIP("CHESTLENS_CLI not set (run through ctest)");
        const QString model = m_tmp.filePath(QStringLiteral("tiny.clm"));
        QVERIFY(QFile::exists(model));
        QProcess p;
        p.start(cli, {QStringLiteral("evaluate"), QStringLiteral("--model"), model, QStringLiteral("--data"),
                      m_data, QStringLiteral("--json"), QStringLiteral("--threads"), QStringLiteral("2")});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        for (const char *key :
             {"classes", "n", "accuracy", "macro_f1", "per_class", "confusion", "ece", "ece_if_calibrated"})
            QVERIFY2(o.contains(QLatin1String(key)), key);
        QCOMPARE(o.value(QStringLiteral("n")).toInt(), 36);
        const QJsonArray confusion = o.value(QStringLiteral("confusion")).toArray();
        QCOMPARE(confusion.size(), 3);
        int total = 0;
        for (const QJsonValue &row : confusion)
            for (const QJsonValue &v : row.toArray())
                total += v.toInt();
        QCOMPARE(total, 36);
        for (const QString &cls :
             {QStringLiteral("covid"), QStringLiteral("normal"), QStringLiteral("tuberculosis")}) {
            const QJsonObject pc = o.value(QStringLiteral("per_class")).toObject().value(cls).toObject();
            for (const char *key : {"precision", "recall", "f1", "auroc"})
                QVERIFY2(pc.contains(QLatin1String(key)), key);
        }
        QCOMPARE(o.value(QStringLiteral("tta")).toBool(true), false);

        // --tta: same films, probabilities averaged over the test-time views, so the calibration
        // error (a continuous function of the probabilities) moves.
        p.start(cli, {QStringLiteral("evaluate"), QStringLiteral("--model"), model, QStringLiteral("--data"),
                      m_data, QStringLiteral("--json"), QStringLiteral("--threads"), QStringLiteral("2"),
                      QStringLiteral("--tta")});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject t = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(t.value(QStringLiteral("tta")).toBool(false), true);
        QCOMPARE(t.value(QStringLiteral("n")).toInt(), 36);
        QVERIFY(t.value(QStringLiteral("ece")).toDouble(-1) >= 0);
        QVERIFY(t.value(QStringLiteral("ece")).toDouble() != o.value(QStringLiteral("ece")).toDouble());

        // A folder with a single class (one source's films, say) is a valid test set.
        QTemporaryDir one;
        QVERIFY(QDir().mkpath(one.filePath(QStringLiteral("covid"))));
        const QStringList covid = QDir(m_data + QStringLiteral("/covid")).entryList(QDir::Files, QDir::Name);
        for (int i = 0; i < 3; ++i)
            QVERIFY(QFile::copy(m_data + QStringLiteral("/covid/") + covid[i],
                                one.filePath(QStringLiteral("covid/")) + covid[i]));
        p.start(cli,
                {QStringLiteral("evaluate"), QStringLiteral("--model"), model, QStringLiteral("--data"),
                 one.path(), QStringLiteral("--json"), QStringLiteral("--threads"), QStringLiteral("2")});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject single = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(single.value(QStringLiteral("n")).toInt(), 3);
        const QJsonArray rows = single.value(QStringLiteral("confusion")).toArray();
        int covidRow = 0;
        for (const QJsonValue &v : rows.at(single.value(QStringLiteral("classes"))
                                               .toArray()
                                               .toVariantList()
                                               .indexOf(QStringLiteral("covid")))
                                       .toArray())
            covidRow += v.toInt();
        QCOMPARE(covidRow, 3);
    }
};

QTEST_GUILESS_MAIN(TestCliEvaluate)
#include "test_cli_evaluate.moc"
