// chestlens-cli as a user runs it (a separate process): info --json against MANIFEST.csv, failures
// among good files, convert to 8/16-bit PNG, --help/--version, unwritable output.
#include "core/film/display.h"
#include "core/film/filmloader.h"
#include "support/dicomsynth.h"
#include "support/manifest.h"
#include "support/process.h"
#include "support/testdata.h"

#include <chestlens/version.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace chestlens;
using namespace chestlens::test;

namespace {

/// Decoding every shared film (several 4-megapixel JPEG 2000 files) takes a few seconds.
constexpr int kCliTimeoutMs = 60'000;

/// Parses each non-empty stdout line as one JSON object; `error` names the first bad line.
QList<QJsonObject> jsonLines(const QByteArray &out, QString *error)
{
    QList<QJsonObject> objects;
    for (const QByteArray &line : out.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
        if (!doc.isObject()) {
            *error = QStringLiteral("not a JSON object (%1): %2")
                         .arg(parseError.errorString(), QString::fromUtf8(line));
            return {};
        }
        objects << doc.object();
    }
    return objects;
}

} // namespace

class TestCliInfo : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    SynthSpec m_spec;    ///< the synthetic film's description, for expected values
    QString m_synthetic; ///< a 12-bit MONOCHROME2 DICOM with a window preset
    QString m_mono1;     ///< the same pixels as MONOCHROME1
    QString m_bad;       ///< a text file named .dcm

private Q_SLOTS:
    void initTestCase()
    {
        if (cliPath().isEmpty())
            QSKIP("CHESTLENS_CLI is not set: run this test through ctest, which points it at the built "
                  "chestlens-cli");
        QVERIFY2(
            QFileInfo(cliPath()).isExecutable(),
            qPrintable(
                QStringLiteral("chestlens-cli not built at %1 (build target chestlens-cli)").arg(cliPath())));
        QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
        m_spec.width = 73;
        m_spec.height = 41;
        m_spec.windows = {{2048.0, 3000.0}};
        m_synthetic = m_dir.filePath(QStringLiteral("synthetic.dcm"));
        QString err = writeSynthetic(m_spec, m_synthetic);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        SynthSpec mono1 = m_spec;
        mono1.photometric = QStringLiteral("MONOCHROME1");
        m_mono1 = m_dir.filePath(QStringLiteral("mono1.dcm"));
        err = writeSynthetic(mono1, m_mono1);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        m_bad = m_dir.filePath(QStringLiteral("report.dcm"));
        QFile bad(m_bad);
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("This is a radiology report, not an image.\n");
    }

    void infoJsonMatchesManifest()
    {
        CHESTLENS_REQUIRE_DATA(folder, "dicom");
        QString error;
        const QList<ManifestRow> manifest = readManifest(folder, &error);
        QVERIFY2(!manifest.isEmpty(), qPrintable(error));
        QStringList files;
        for (const ManifestRow &row : manifest)
            files << QDir(folder).absoluteFilePath(row.value(QStringLiteral("file")));

        const ProcessResult r =
            runCli(QStringList{QStringLiteral("info"), QStringLiteral("--json")} + files, kCliTimeoutMs);
        QVERIFY2(r.finished, qPrintable(describe(r)));
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QList<QJsonObject> objects = jsonLines(r.out, &error);
        QVERIFY2(!objects.isEmpty(), qPrintable(error));
        QCOMPARE(objects.size(), manifest.size());
        for (int i = 0; i < manifest.size(); ++i) {
            const ManifestRow &row = manifest[i];
            const QJsonObject &o = objects[i];
            const QString name = row.value(QStringLiteral("file"));
            auto check = [&](const QString &key, const QJsonValue &actual, const QJsonValue &expected) {
                if (actual != expected)
                    QTest::qFail(qPrintable(QStringLiteral("%1: %2 is %3, MANIFEST.csv says %4")
                                                .arg(name, key,
                                                     QString::fromUtf8(QJsonDocument(QJsonArray{actual})
                                                                           .toJson(QJsonDocument::Compact)),
                                                     QString::fromUtf8(QJsonDocument(QJsonArray{expected})
                                                                           .toJson(QJsonDocument::Compact)))),
                                 __FILE__, __LINE__);
                return actual == expected;
            };
            if (!check(QStringLiteral("file"), o.value(QStringLiteral("file")), files[i]) ||
                !check(QStringLiteral("ok"), o.value(QStringLiteral("ok")), true) ||
                !check(QStringLiteral("format"), o.value(QStringLiteral("format")),
                       QStringLiteral("DICOM")) ||
                !check(QStringLiteral("width"), o.value(QStringLiteral("width")),
                       row.value(QStringLiteral("columns")).toInt()) ||
                !check(QStringLiteral("height"), o.value(QStringLiteral("height")),
                       row.value(QStringLiteral("rows")).toInt()) ||
                !check(QStringLiteral("bits_stored"), o.value(QStringLiteral("bits_stored")),
                       row.value(QStringLiteral("bits_stored")).toInt()) ||
                !check(QStringLiteral("photometric_interpretation"),
                       o.value(QStringLiteral("photometric_interpretation")),
                       row.value(QStringLiteral("photometric_interpretation"))) ||
                !check(QStringLiteral("modality"), o.value(QStringLiteral("modality")),
                       row.value(QStringLiteral("modality"))) ||
                !check(QStringLiteral("transfer_syntax.uid"),
                       o.value(QStringLiteral("transfer_syntax")).toObject().value(QStringLiteral("uid")),
                       uidInParentheses(row.value(QStringLiteral("transfer_syntax")))))
                return;
            // Patient fields are withheld unless asked for.
            QVERIFY2(!o.contains(QStringLiteral("patient")), qPrintable(name));
        }
    }

    void infoReportsBadFileAmongGood()
    {
        const ProcessResult r = runCli({QStringLiteral("info"), QStringLiteral("--json"),
                                        QStringLiteral("--include-patient"), m_synthetic, m_bad, m_mono1},
                                       kCliTimeoutMs);
        QVERIFY2(r.finished, qPrintable(describe(r)));
        QVERIFY2(r.exitCode == 1, qPrintable(describe(r)));
        QString error;
        const QList<QJsonObject> objects = jsonLines(r.out, &error);
        QVERIFY2(objects.size() == 3, qPrintable(error + describe(r)));
        QCOMPARE(objects[0].value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(objects[0].value(QStringLiteral("width")).toInt(), m_spec.width);
        QCOMPARE(objects[2].value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(objects[2].value(QStringLiteral("photometric_interpretation")).toString(),
                 QStringLiteral("MONOCHROME1"));
        QCOMPARE(objects[0]
                     .value(QStringLiteral("patient"))
                     .toObject()
                     .value(QStringLiteral("PatientID"))
                     .toString(),
                 QStringLiteral("SYNTH-0001"));
        const QJsonObject &bad = objects[1];
        QCOMPARE(bad.value(QStringLiteral("ok")).toBool(true), false);
        QCOMPARE(bad.value(QStringLiteral("file")).toString(), m_bad);
        const QJsonObject e = bad.value(QStringLiteral("error")).toObject();
        QCOMPARE(e.value(QStringLiteral("code")).toString(), QStringLiteral("not-an-image"));
        QVERIFY2(e.value(QStringLiteral("message")).toString().startsWith(m_bad + QStringLiteral(": ")),
                 qPrintable(describe(r)));
        QVERIFY2(QString::fromUtf8(r.err).contains(m_bad), qPrintable(describe(r)));
        QVERIFY2(!QString::fromUtf8(r.err).contains(m_synthetic), "a good file was reported as failing");
    }

    void infoTextOutput()
    {
        const ProcessResult r = runCli({QStringLiteral("info"), m_mono1}, kCliTimeoutMs);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(describe(r)));
        const QString out = QString::fromUtf8(r.out);
        QVERIFY2(out.contains(QStringLiteral("%1 x %2").arg(m_spec.width).arg(m_spec.height)),
                 qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("MONOCHROME1")), qPrintable(out));
        QVERIFY2(!out.contains(QLatin1String("SYNTH-0001")), "patient ID printed without --include-patient");
    }

    /// A model file gets its card: the bundled model says it started from the ImageNet weights,
    /// in text and in JSON, with the hash of the file those weights are in.
    void infoPrintsModelCard()
    {
        const QString model =
            QDir(qEnvironmentVariable("CHESTLENS_DATADIR")).filePath(QStringLiteral("models/default.clm"));
        const QString imagenet = QDir(qEnvironmentVariable("CHESTLENS_DATADIR"))
                                     .filePath(QStringLiteral("models/imagenet-mobilenetv2.clm"));
        QVERIFY2(QFileInfo::exists(model), qPrintable(model));
        const ProcessResult text = runCli({QStringLiteral("info"), model}, kCliTimeoutMs);
        QVERIFY2(text.finished && text.exitCode == 0, qPrintable(describe(text)));
        QVERIFY2(QString::fromUtf8(text.out).contains(QLatin1String("Started from:  pretrained: ImageNet")),
                 text.out.constData());
        const ProcessResult json =
            runCli({QStringLiteral("info"), QStringLiteral("--json"), model}, kCliTimeoutMs);
        QVERIFY2(json.finished && json.exitCode == 0, qPrintable(describe(json)));
        const QJsonObject card =
            QJsonDocument::fromJson(json.out).object().value(QStringLiteral("model")).toObject();
        QCOMPARE(card.value(QStringLiteral("architecture")).toString(), QStringLiteral("mobilenetv2"));
        QFile f(imagenet);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(card.value(QStringLiteral("start"))
                     .toObject()
                     .value(QStringLiteral("sha256"))
                     .toString()
                     .toLatin1(),
                 QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex());
    }

    void convert_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<bool>("raw");
        // Each run starts a process that loads libtorch (about a second): two rows cover both
        // outputs; the MONOCHROME2/MONOCHROME1 variants of each are checked in-process elsewhere.
        QTest::newRow("MONOCHROME1, 8-bit rendering") << m_mono1 << false;
        QTest::newRow("MONOCHROME2, --raw") << m_synthetic << true;
    }

    void convert()
    {
        QFETCH(QString, input);
        QFETCH(bool, raw);
        const QString out = m_dir.filePath(
            QStringLiteral("%1-%2.png").arg(QFileInfo(input).baseName()).arg(raw ? "raw" : "8bit"));
        QStringList args{QStringLiteral("convert"), input, QStringLiteral("--out"), out};
        if (raw)
            args << QStringLiteral("--raw");
        const ProcessResult r = runCli(args, kCliTimeoutMs);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(describe(r)));
        QImage image;
        QVERIFY2(image.load(out, "PNG"), qPrintable(out));
        QCOMPARE(image.size(), QSize(m_spec.width, m_spec.height));

        const Film film = loadFilm(input);
        if (raw) {
            QCOMPARE(image.format(), QImage::Format_Grayscale16);
            // Stored 12-bit values as they are (MONOCHROME1: inverted within 12 bits).
            const std::vector<std::int32_t> stored = firstFrameGrey(m_spec);
            for (int y = 0; y < image.height(); ++y) {
                const auto *row = reinterpret_cast<const quint16 *>(image.constScanLine(y));
                for (int x = 0; x < image.width(); ++x) {
                    const int v = stored[static_cast<std::size_t>(y) * m_spec.width + x];
                    QCOMPARE(int(row[x]), film.meta.invertedPolarity() ? 4095 - v : v);
                }
            }
        } else {
            QCOMPARE(image.format(), QImage::Format_Grayscale8);
            const QImage expected = renderFilm(film, defaultWindow(film));
            QCOMPARE(image, expected);
            // Bone white: the lowest stored value (pixel 0) is black in MONOCHROME2, white in MONOCHROME1.
            QCOMPARE(image.pixelColor(0, 0).red(), film.meta.invertedPolarity() ? 255 : 0);
        }
    }

    void convertSharedFilm()
    {
        CHESTLENS_REQUIRE_DATA(folder, "dicom");
        const QString input = QDir(folder).absoluteFilePath(QStringLiteral("CR_chest_RG1_JLSN.dcm"));
        const QString out = m_dir.filePath(QStringLiteral("chest.png"));
        const ProcessResult r =
            runCli({QStringLiteral("convert"), input, QStringLiteral("--out"), out}, kCliTimeoutMs);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(describe(r)));
        QImage image;
        QVERIFY(image.load(out, "PNG"));
        QCOMPARE(image.size(), QSize(1841, 1955));
        QCOMPARE(image.format(), QImage::Format_Grayscale8);
    }

    void helpAndVersion_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("--help") << QStringList{QStringLiteral("--help")} << QStringLiteral("Exit codes");
        QTest::newRow("--version") << QStringList{QStringLiteral("--version")}
                                   << QStringLiteral("chestlens-cli " CHESTLENS_VERSION);
        QTest::newRow("convert --help")
            << QStringList{QStringLiteral("convert"), QStringLiteral("--help")} << QStringLiteral("--raw");
    }

    void helpAndVersion()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const ProcessResult r = runCli(args, kCliTimeoutMs);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(describe(r)));
        QVERIFY2(QString::fromUtf8(r.out).contains(expected), qPrintable(describe(r)));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no arguments") << QStringList{};
        QTest::newRow("convert without --out")
            << QStringList{QStringLiteral("convert"), QStringLiteral("x.dcm")};
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        const ProcessResult r = runCli(args, kCliTimeoutMs);
        QVERIFY2(r.finished, qPrintable(describe(r)));
        QVERIFY2(r.exitCode == 2, qPrintable(describe(r)));
        QVERIFY2(!r.err.trimmed().isEmpty(), "a usage error must say what is wrong on stderr");
    }

    void convertFailures_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("out");
        QTest::addColumn<QString>("named"); // the path stderr must mention
        const QString unwritable = QStringLiteral("/nonexistent-dir/x.png");
        QTest::newRow("unwritable output folder") << m_synthetic << unwritable << unwritable;
        const QString fromBad = m_dir.filePath(QStringLiteral("from-bad.png"));
        QTest::newRow("bad input") << m_bad << fromBad << m_bad;
    }

    void convertFailures()
    {
        QFETCH(QString, input);
        QFETCH(QString, out);
        QFETCH(QString, named);
        const ProcessResult r =
            runCli({QStringLiteral("convert"), input, QStringLiteral("--out"), out}, kCliTimeoutMs);
        QVERIFY2(r.finished, qPrintable(describe(r)));
        QVERIFY2(r.exitCode == 1, qPrintable(describe(r)));
        QVERIFY2(QString::fromUtf8(r.err).contains(named), qPrintable(describe(r)));
        QVERIFY2(!QFileInfo::exists(out), "a failed convert left an output file");
        // Nor a temporary file beside it.
        const QStringList leftovers =
            QDir(QFileInfo(out).absolutePath())
                .entryList({QFileInfo(out).fileName() + QStringLiteral("*")}, QDir::Files);
        QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(QLatin1Char(' '))));
    }
};

QTEST_GUILESS_MAIN(TestCliInfo)
#include "test_cli_info.moc"
