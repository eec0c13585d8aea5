// The small formats every writer shares: CSV quoting (core/csv.h), atomic file writing
// (core/atomicfile.h: the old file survives a failed write), the one JSON layout of an evaluation
// (core/report/evaluationexport.h) and the CAM method names people read (core/ml/gradcam.h).

#include "core/atomicfile.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/ml/gradcam.h"
#include "core/report/evaluationexport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest/QTest>

#include <stdexcept>

using namespace chestlens;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Files in `dir` other than `keep`: temporaries a failed write must not leave behind.
QStringList othersIn(const QString &dir, const QString &keep)
{
    QStringList names = QDir(dir).entryList(QDir::Files | QDir::Hidden);
    names.removeAll(keep);
    return names;
}

Metrics twoClassMetrics()
{
    return computeMetrics({{0.9f, 0.1f}, {0.2f, 0.8f}, {0.6f, 0.4f}}, {0, 1, 1},
                          {QStringLiteral("normal"), QStringLiteral("covid, severe")});
}

} // namespace

class TestTextFormats : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void csvField_data();
    void csvField();
    void csvRowQuotesEachField();

    void atomicWriteReplacesTheFile();
    void failedWriteKeepsTheOldFile_data();
    void failedWriteKeepsTheOldFile();
    void unwritableFolderNamesTheFile();

    void evaluationJsonLayout();
    void evaluationJsonLeavesOutTheUnknown();
    void saveEvaluationPicksTheFormat();

    void camMethodTitles_data();
    void camMethodTitles();

private:
    QTemporaryDir m_dir;
};

void TestTextFormats::csvField_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("field");
    QTest::newRow("plain") << QStringLiteral("normal") << QStringLiteral("normal");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("spaces stay plain") << QStringLiteral(" a b ") << QStringLiteral(" a b ");
    QTest::newRow("comma") << QStringLiteral("a,b") << QStringLiteral("\"a,b\"");
    QTest::newRow("double quote") << QStringLiteral("say \"hi\"") << QStringLiteral("\"say \"\"hi\"\"\"");
    QTest::newRow("line feed") << QStringLiteral("a\nb") << QStringLiteral("\"a\nb\"");
    QTest::newRow("carriage return") << QStringLiteral("a\rb") << QStringLiteral("\"a\rb\"");
    QTest::newRow("CRLF") << QStringLiteral("a\r\nb") << QStringLiteral("\"a\r\nb\"");
    QTest::newRow("only a quote") << QStringLiteral("\"") << QStringLiteral("\"\"\"\"");
    QTest::newRow("path with comma") << QStringLiteral("/films/a, b.png")
                                     << QStringLiteral("\"/films/a, b.png\"");
}

void TestTextFormats::csvField()
{
    QFETCH(QString, text);
    QFETCH(QString, field);
    QCOMPARE(chestlens::csvField(text), field);
}

void TestTextFormats::csvRowQuotesEachField()
{
    QCOMPARE(csvRow({QStringLiteral("a"), QStringLiteral("b,c"), QString(), QStringLiteral("d\re")}),
             QStringLiteral("a,\"b,c\",,\"d\re\""));
    QCOMPARE(csvRow({}), QString());
}

void TestTextFormats::atomicWriteReplacesTheFile()
{
    const QString path = m_dir.filePath(QStringLiteral("replace/out.txt"));
    QVERIFY(QDir().mkpath(QFileInfo(path).path()));
    writeBytesAtomically(path, "old");
    writeBytesAtomically(path, "new contents");
    QCOMPARE(readAll(path), QByteArray("new contents"));
    QCOMPARE(othersIn(QFileInfo(path).path(), QStringLiteral("out.txt")), QStringList());
}

void TestTextFormats::failedWriteKeepsTheOldFile_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("writer returns false") << QStringLiteral("false");
    QTest::newRow("writer throws") << QStringLiteral("throw");
    QTest::newRow("writer throws chestlens::Error") << QStringLiteral("error");
}

void TestTextFormats::failedWriteKeepsTheOldFile()
{
    QFETCH(QString, how);
    const QString dir = m_dir.filePath(QStringLiteral("fail-") + how);
    QVERIFY(QDir().mkpath(dir));
    const QString path = dir + QStringLiteral("/metrics.json");
    writeBytesAtomically(path, "the old file");
    bool threw = false;
    try {
        writeFileAtomically(path, [&how](QIODevice &dev) {
            dev.write("half of the new"); // written, then abandoned
            if (how == QLatin1String("throw"))
                throw std::runtime_error("encoder crashed");
            if (how == QLatin1String("error"))
                throw Error(ErrorCode::Cancelled, QStringLiteral("stopped"));
            return false;
        });
    } catch (const std::exception &) {
        threw = true;
    }
    QVERIFY(threw); // a failed write always says so
    QCOMPARE(readAll(path), QByteArray("the old file"));
    QCOMPARE(othersIn(dir, QStringLiteral("metrics.json")), QStringList());
}

void TestTextFormats::unwritableFolderNamesTheFile()
{
    const QString path = m_dir.filePath(QStringLiteral("no-such-folder/out.csv"));
    try {
        writeBytesAtomically(path, "x");
        QFAIL("writing into a missing folder succeeded");
    } catch (const Error &e) {
        QCOMPARE(e.code(), ErrorCode::WriteFailed);
        QVERIFY2(e.message().contains(path), qPrintable(e.message()));
    }
}

void TestTextFormats::evaluationJsonLayout()
{
    EvaluationRecord r;
    r.metrics = twoClassMetrics();
    r.uncalibrated = twoClassMetrics();
    r.perSource[QStringLiteral("site-a")] = twoClassMetrics();
    r.modelPath = QStringLiteral("/models/m.clm");
    r.modelSha256 = QStringLiteral("abc123");
    r.dataDir = QStringLiteral("/data/test");
    r.temperature = 1.5;
    r.tta = false;
    r.skipped = QStringList{QStringLiteral("bad.png: not an image")};
    const QJsonObject o = evaluationToJson(r);
    // Metrics::toJson()'s keys come first and unchanged: the README's documented layout.
    const QJsonObject metrics = r.metrics.toJson();
    for (auto it = metrics.begin(); it != metrics.end(); ++it)
        QCOMPARE(o.value(it.key()), it.value());
    QVERIFY(o.value(QStringLiteral("per_source")).toObject().contains(QStringLiteral("site-a")));
    QCOMPARE(o.value(QStringLiteral("model")).toString(), r.modelPath);
    QCOMPARE(o.value(QStringLiteral("model_sha256")).toString(), r.modelSha256);
    QCOMPARE(o.value(QStringLiteral("data")).toString(), r.dataDir);
    QCOMPARE(o.value(QStringLiteral("temperature")).toDouble(), 1.5);
    QCOMPARE(Metrics::fromJson(o.value(QStringLiteral("uncalibrated")).toObject()).n, 3);
    QCOMPARE(o.value(QStringLiteral("tta")), QJsonValue(false));
    QCOMPARE(o.value(QStringLiteral("skipped")).toArray().size(), 1);
}

void TestTextFormats::evaluationJsonLeavesOutTheUnknown()
{
    EvaluationRecord r;
    r.metrics = twoClassMetrics();
    const QJsonObject o = evaluationToJson(r);
    for (const char *key :
         {"per_source", "model", "model_sha256", "data", "temperature", "uncalibrated", "tta", "skipped"})
        QVERIFY2(!o.contains(QLatin1String(key)), key);
    QCOMPARE(o, r.metrics.toJson());
}

void TestTextFormats::saveEvaluationPicksTheFormat()
{
    EvaluationRecord r;
    r.metrics = twoClassMetrics();
    r.temperature = 2.0;
    const QString json = m_dir.filePath(QStringLiteral("eval.json"));
    const QString csv = m_dir.filePath(QStringLiteral("eval.CSV"));
    saveEvaluation(json, r);
    saveEvaluation(csv, r);
    QCOMPARE(QJsonDocument::fromJson(readAll(json)).object(), evaluationToJson(r));
    QCOMPARE(QString::fromUtf8(readAll(csv)), r.metrics.toCsv());
    QVERIFY(QString::fromUtf8(readAll(csv)).contains(QStringLiteral("\"covid, severe\","))); // quoted class
}

void TestTextFormats::camMethodTitles_data()
{
    QTest::addColumn<int>("methodIndex");
    QTest::addColumn<QString>("title");
    QTest::newRow("Grad-CAM") << int(CamMethod::GradCam) << QStringLiteral("Grad-CAM");
    QTest::newRow("Grad-CAM++") << int(CamMethod::GradCamPlusPlus) << QStringLiteral("Grad-CAM++");
    QTest::newRow("Layer-CAM") << int(CamMethod::LayerCam) << QStringLiteral("Layer-CAM");
}

void TestTextFormats::camMethodTitles()
{
    QFETCH(int, methodIndex);
    QFETCH(QString, title);
    const auto method = CamMethod(methodIndex);
    QCOMPARE(camMethodTitle(method), title);
    // The title reads back as the method (the CLI accepts it too).
    QCOMPARE(camMethodFromName(title), std::optional<CamMethod>(method));
}

QTEST_GUILESS_MAIN(TestTextFormats)
#include "test_textformats.moc"
