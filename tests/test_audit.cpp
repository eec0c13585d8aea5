// The shortcut audit (core/ml/audit.h, `chestlens-cli audit`) on models whose evidence is known by
// construction (tests/support/blobmodel.h): the class is a bright or a dark blob. When the blob
// lies in the chest region, masking the chest removes the evidence and the heat lies in the chest;
// when it sits in a corner (a "shortcut", like a hospital's marker), masking changes nothing and
// the heat lies outside.

#include "core/data/labelledfolder.h"
#include "core/error.h"
#include "core/ml/audit.h"
#include "core/ml/camsanity.h"
#include "core/ml/classifier.h"
#include "support/blobmodel.h"
#include "support/process.h"
#include "support/testdata.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest/QTest>

using namespace chestlens;

namespace {

constexpr int kInput = 128;       ///< model input of the blob model
constexpr int kFilmSide = 200;    ///< synthetic films are square
constexpr int kFilmsPerClass = 8; ///< per class and source
constexpr int kCliTimeoutMs = 60000;

enum class Placement {
    Centre, ///< the blob lies well inside the chest region
    Corner, ///< the blob sits in a corner, wholly outside the chest region
};

/// Writes kFilmsPerClass films per class below `root`/<class>/[source/].
void writeFilms(const QString &root, Placement placement, const QString &source, quint32 seed)
{
    QRandomGenerator rng(seed);
    for (const QString &cls : test::blobClasses()) {
        const QString dir = source.isEmpty() ? QStringLiteral("%1/%2").arg(root, cls)
                                             : QStringLiteral("%1/%2/%3").arg(root, cls, source);
        QVERIFY(QDir().mkpath(dir));
        for (int i = 0; i < kFilmsPerClass; ++i) {
            test::SyntheticFilmSpec spec;
            spec.size = QSize(kFilmSide, kFilmSide);
            spec.seed = rng.generate();
            const int value = cls == QLatin1String("bright") ? 245 : 5;
            if (placement == Placement::Centre) {
                // Within +-40 px of the centre; the region's semi-axes are 84 and 88 px.
                const QPointF c(kFilmSide / 2.0 - 40 + rng.bounded(80),
                                kFilmSide / 2.0 - 40 + rng.bounded(80));
                spec.blobs.push_back({c, 12.0 + rng.bounded(6), value});
            } else {
                // One of the four corners, 16 px from both edges, radius 9: the nearest blob pixel
                // is outside the superellipse (|0.85|^4 * 2 > 1).
                const int corner = static_cast<int>(rng.bounded(4));
                const double x = corner % 2 == 0 ? 16.0 : kFilmSide - 16.0;
                const double y = corner / 2 == 0 ? 16.0 : kFilmSide - 16.0;
                spec.blobs.push_back({QPointF(x, y), 9.0, value});
            }
            QVERIFY(test::makeSyntheticFilm(spec).save(QStringLiteral("%1/%2.png").arg(dir).arg(i)));
        }
    }
}

} // namespace

class TestAudit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void maskCoversTheChestRegionOnly();
    void heatDistributionQuantiles();
    void chestEvidenceFallsToChanceWhenMasked();
    void cornerShortcutSurvivesMasking();
    void perSourceMetricsFromSubFolders();
    void cliJson();
    void cliText();
    void badFolderIsAClearError_data();
    void badFolderIsAClearError();

private:
    QTemporaryDir m_dir;
    QString m_model, m_centre, m_corner, m_mixed;
    std::unique_ptr<Classifier> m_classifier;
};

void TestAudit::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_model = m_dir.filePath(QStringLiteral("blob.clm"));
    test::writeBlobModel(m_model, QStringLiteral("resnet"), kInput);
    m_classifier = Classifier::load(m_model);
    m_centre = m_dir.filePath(QStringLiteral("centre"));
    m_corner = m_dir.filePath(QStringLiteral("corner"));
    m_mixed = m_dir.filePath(QStringLiteral("mixed"));
    writeFilms(m_centre, Placement::Centre, {}, 11);
    writeFilms(m_corner, Placement::Corner, {}, 12);
    writeFilms(m_mixed, Placement::Centre, QStringLiteral("siteA"), 13);
    writeFilms(m_mixed, Placement::Corner, QStringLiteral("siteB"), 14);
}

void TestAudit::maskCoversTheChestRegionOnly()
{
    constexpr int s = 64;
    std::vector<unsigned char> px(static_cast<std::size_t>(s) * s);
    for (std::size_t i = 0; i < px.size(); ++i)
        px[i] = static_cast<unsigned char>(i % 2 == 0 ? 10 : 200); // median 200 (upper middle)
    px[0] = 255;
    const int fill = maskChestRegion(px, s);
    QCOMPARE(fill, 200);
    int masked = 0;
    const QRect square(0, 0, s, s);
    for (int y = 0; y < s; ++y) {
        for (int x = 0; x < s; ++x) {
            const bool inside = ChestRegion::contains(square, x, y);
            const unsigned char v = px[static_cast<std::size_t>(y) * s + x];
            if (inside)
                QCOMPARE(int(v), fill);
            masked += inside ? 1 : 0;
        }
    }
    QCOMPARE(int(px[0]), 255); // corner untouched
    QCOMPARE(int(px[static_cast<std::size_t>(s) * s - 1]), 200);
    QCOMPARE(int(px[static_cast<std::size_t>(s) * s - 2]), 10);
    // The region covers about 68.5 % of the crop (camsanity.h).
    const double share = double(masked) / (s * s);
    QVERIFY2(share > 0.64 && share < 0.73, qPrintable(QString::number(share)));
    std::vector<unsigned char> wrong(10);
    QVERIFY_THROWS_EXCEPTION(Error, maskChestRegion(wrong, s));
}

void TestAudit::heatDistributionQuantiles()
{
    const HeatDistribution d = HeatDistribution::of({0.9, 0.1, 0.5, 0.3, 0.7});
    QCOMPARE(d.n, 5);
    QCOMPARE(d.median, 0.5);
    QCOMPARE(d.q1, 0.3);
    QCOMPARE(d.q3, 0.7);
    QCOMPARE(d.shareBelowHalf, 0.4); // 0.1 and 0.3; 0.5 itself is not below
    QVERIFY(qAbs(d.mean - 0.5) < 1e-12);
    QCOMPARE(HeatDistribution::of({}).n, 0);
}

void TestAudit::chestEvidenceFallsToChanceWhenMasked()
{
    const LabelledFolder folder = scanLabelledFolder(m_centre);
    int calls = 0, lastDone = 0, lastTotal = 0;
    const AuditReport r = auditModel(*m_classifier, folder, {}, [&](int done, int total) {
        ++calls;
        lastDone = std::max(lastDone, done);
        lastTotal = total;
    });
    QVERIFY(r.failures.isEmpty());
    QCOMPARE(r.metrics.n, 2 * kFilmsPerClass);
    QCOMPARE(r.metrics.accuracy, 1.0);
    QCOMPARE(r.temperature, 1.0);
    QCOMPARE(r.eceUncalibrated, r.metrics.ece); // temperature 1: nothing to undo
    QCOMPARE(r.chanceUniform, 0.5);
    QCOMPARE(r.chanceMajority, 0.5);
    // Without its blob a film has no evidence for either class: chance.
    QVERIFY2(r.masked.accuracy <= r.chance() + 0.1, qPrintable(QString::number(r.masked.accuracy)));
    QVERIFY(!r.maskedAboveChance);
    QVERIFY(r.heatComputed);
    QCOMPARE(r.heat.n + r.filmsWithoutHeat, 2 * kFilmsPerClass);
    QCOMPARE(r.filmsWithoutHeat, 0);
    QVERIFY2(r.heat.median >= 0.8, qPrintable(QString::number(r.heat.median)));
    QCOMPARE(r.heat.shareBelowHalf, 0.0);
    QCOMPARE(r.heatByPredicted.keys(), test::blobClasses());
    QVERIFY(!r.heatOutsideChest);
    QVERIFY(!r.shortcutSuspected);
    QVERIFY2(r.verdict.contains(QStringLiteral("evidence lies in the chest")), qPrintable(r.verdict));
    QVERIFY(r.perSource.isEmpty());
    QVERIFY(calls > 0);
    QCOMPARE(lastTotal, 4 * kFilmsPerClass); // decoding, then one explanation per film
    QCOMPARE(lastDone, lastTotal);
}

void TestAudit::cornerShortcutSurvivesMasking()
{
    const AuditReport r = auditModel(*m_classifier, scanLabelledFolder(m_corner));
    QCOMPARE(r.metrics.n, 2 * kFilmsPerClass);
    QCOMPARE(r.metrics.accuracy, 1.0);
    QVERIFY2(r.masked.accuracy >= 0.9, qPrintable(QString::number(r.masked.accuracy)));
    QVERIFY(r.maskedAboveChance);
    QVERIFY2(r.heat.median < 0.5, qPrintable(QString::number(r.heat.median)));
    QVERIFY(r.heat.shareBelowHalf > 0.5);
    QVERIFY(r.heatOutsideChest);
    QVERIFY(r.shortcutSuspected);
    QVERIFY2(r.verdict.contains(QStringLiteral("relies on regions outside the chest")),
             qPrintable(r.verdict));
    QVERIFY2(r.verdict.contains(QStringLiteral("most of the heat lies outside the chest")),
             qPrintable(r.verdict));
    const QString text = r.toText();
    QVERIFY(text.contains(QStringLiteral("Verdict: ") + r.verdict));
}

void TestAudit::perSourceMetricsFromSubFolders()
{
    AuditOptions options;
    options.heat = false;
    const AuditReport r = auditModel(*m_classifier, scanLabelledFolder(m_mixed), options);
    QCOMPARE(r.perSource.keys(), QStringList({QStringLiteral("siteA"), QStringLiteral("siteB")}));
    QCOMPARE(r.perSource.value(QStringLiteral("siteA")).n, 2 * kFilmsPerClass);
    QCOMPARE(r.perSource.value(QStringLiteral("siteB")).n, 2 * kFilmsPerClass);
    QCOMPARE(r.perSource.value(QStringLiteral("siteA")).accuracy, 1.0);
    QVERIFY(!r.heatComputed);
    // Half the films keep their evidence when masked (siteB's corners), half fall to chance.
    QVERIFY2(r.masked.accuracy > 0.6 && r.masked.accuracy < 0.9,
             qPrintable(QString::number(r.masked.accuracy)));
    const QJsonObject o = r.toJson();
    QVERIFY(o.contains(QStringLiteral("per_source")));
    QVERIFY(!o.contains(QStringLiteral("heat_in_chest")));
    QVERIFY(r.verdict.contains(QStringLiteral("per source")));
}

void TestAudit::cliJson()
{
    const test::ProcessResult r =
        test::runCli({QStringLiteral("audit"), QStringLiteral("--model"), m_model, QStringLiteral("--data"),
                      m_corner, QStringLiteral("--json"), QStringLiteral("--threads"), QStringLiteral("1")},
                     kCliTimeoutMs);
    QVERIFY2(r.finished, r.err.constData());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QJsonParseError error{};
    const QJsonObject o = QJsonDocument::fromJson(r.out, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError,
             qPrintable(error.errorString() + QString::fromUtf8(r.out)));
    for (const char *key :
         {"model", "model_sha256", "data", "classes", "n", "temperature", "metrics", "ece_uncalibrated",
          "ece_calibrated", "masked", "chance", "heat_in_chest", "masked_above_chance", "heat_outside_chest",
          "shortcut_suspected", "verdict", "skipped"})
        QVERIFY2(o.contains(QLatin1String(key)), key);
    QCOMPARE(o.value(QStringLiteral("n")).toInt(), 2 * kFilmsPerClass);
    QVERIFY(o.value(QStringLiteral("masked")).toObject().value(QStringLiteral("accuracy")).toDouble() >= 0.9);
    QCOMPARE(o.value(QStringLiteral("chance")).toObject().value(QStringLiteral("majority")).toDouble(), 0.5);
    const QJsonObject heat = o.value(QStringLiteral("heat_in_chest")).toObject();
    for (const char *key : {"median", "q1", "q3", "share_below_0_5"})
        QVERIFY2(heat.value(QStringLiteral("overall")).toObject().contains(QLatin1String(key)), key);
    QCOMPARE(heat.value(QStringLiteral("by_predicted_class")).toObject().keys(), test::blobClasses());
    QVERIFY(o.value(QStringLiteral("shortcut_suspected")).toBool());
    QVERIFY(!o.contains(QStringLiteral("per_source")));
}

void TestAudit::cliText()
{
    const test::ProcessResult r =
        test::runCli({QStringLiteral("audit"), QStringLiteral("--model"), m_model, QStringLiteral("--data"),
                      m_mixed, QStringLiteral("--no-heat")},
                     kCliTimeoutMs);
    QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
    const QString text = QString::fromUtf8(r.out);
    QVERIFY2(text.contains(QStringLiteral("siteA: n 16")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Lungs masked")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Verdict: ")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("Grad-CAM heat")), qPrintable(text));
}

void TestAudit::badFolderIsAClearError_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing folder") << QStringLiteral("missing") << 1 << QStringLiteral("no-such-folder");
    QTest::newRow("class the model does not know")
        << QStringLiteral("unknown-class") << 1 << QStringLiteral("is not one of the model's classes");
    QTest::newRow("no --data") << QStringLiteral("no-data") << 2 << QStringLiteral("--data DIR is required");
    QTest::newRow("bad --threads") << QStringLiteral("bad-threads") << 2 << QStringLiteral("--threads");
}

void TestAudit::badFolderIsAClearError()
{
    QFETCH(QString, kind);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QStringList args{QStringLiteral("audit"), QStringLiteral("--model"), m_model};
    if (kind == QLatin1String("missing")) {
        args << QStringLiteral("--data") << m_dir.filePath(QStringLiteral("no-such-folder"));
    } else if (kind == QLatin1String("unknown-class")) {
        const QString dir = m_dir.filePath(QStringLiteral("unknown"));
        writeFilms(dir, Placement::Centre, {}, 15);
        QVERIFY(QDir(dir).rename(QStringLiteral("dark"), QStringLiteral("grey")));
        args << QStringLiteral("--data") << dir;
    } else if (kind == QLatin1String("bad-threads")) {
        args << QStringLiteral("--data") << m_centre << QStringLiteral("--threads") << QStringLiteral("many");
    }
    const test::ProcessResult r = test::runCli(args, kCliTimeoutMs);
    QVERIFY(r.finished);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY(r.out.isEmpty());
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
}

QTEST_GUILESS_MAIN(TestAudit)
#include "test_audit.moc"
