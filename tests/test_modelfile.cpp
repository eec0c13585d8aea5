// The model file format: self-describing, checksummed, refused with a clear message when damaged.
#include "core/error.h"
#include "core/ml/classifier.h"
#include "core/ml/modelfile_p.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace chestlens;

namespace {

QJsonObject metadataFor(const ml::ArchitectureSpec &spec, const QStringList &classes)
{
    PreprocessOptions prep;
    prep.imageSize = spec.imageSize;
    return {{QStringLiteral("format"), QStringLiteral("chestlens-model")},
            {QStringLiteral("name"), QStringLiteral("test model")},
            {QStringLiteral("classes"), QJsonArray::fromStringList(classes)},
            {QStringLiteral("architecture"), spec.toJson()},
            {QStringLiteral("preprocessing"), prep.toJson()},
            {QStringLiteral("temperature"), 1.5}};
}

QByteArray modelBytes(const QString &arch, int size = 64)
{
    ml::ArchitectureSpec spec;
    spec.name = arch;
    spec.imageSize = size;
    spec.numClasses = 3;
    spec.width = 8;
    ml::ChestNet net = ml::createNetwork(spec);
    ml::ModelFileContents c;
    c.metadata = metadataFor(spec, {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
    c.weights = ml::serializeModule(*net);
    return ml::encodeModelFile(c);
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

} // namespace

class TestModelFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("arch");
        QTest::newRow("seed") << QStringLiteral("seed");
        QTest::newRow("resnet") << QStringLiteral("resnet");
    }
    void roundTrip()
    {
        QFETCH(QString, arch);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("m.clm"));
        writeFile(path, modelBytes(arch));
        const auto classifier = Classifier::load(path);
        QCOMPARE(classifier->info().classes, QStringList({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        QCOMPARE(classifier->info().architecture, arch);
        QCOMPARE(classifier->info().temperature, 1.5);
        QCOMPARE(classifier->info().sha256.size(), 64);
        QVERIFY(!classifier->camLayers().isEmpty());

        // A film through the whole inference path gives a probability vector.
        Film film;
        film.meta.width = 90;
        film.meta.height = 70;
        film.meta.bitsStored = 8;
        film.meta.format = QStringLiteral("PNG");
        film.pixels.resize(90 * 70);
        for (std::size_t i = 0; i < film.pixels.size(); ++i)
            film.pixels[i] = static_cast<float>(i % 255);
        for (bool tta : {false, true}) {
            PredictOptions po;
            po.tta = tta;
            const Prediction p = classifier->predict(film, po);
            QCOMPARE(p.probabilities.size(), std::size_t(3));
            double sum = 0;
            for (float v : p.probabilities) {
                QVERIFY(v >= 0.0f && v <= 1.0f);
                sum += v;
            }
            QVERIFY(qAbs(sum - 1.0) < 1e-4);
            QCOMPARE(p.ttaViews, tta ? 5 : 1);
        }
    }

    void damagedFilesAreRefused_data()
    {
        QTest::addColumn<int>("damage");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated half") << 0 << QStringLiteral("truncated");
        QTest::newRow("flipped byte") << 1 << QStringLiteral("checksum");
        QTest::newRow("not a model") << 2 << QStringLiteral("not a ChestLens model");
        QTest::newRow("empty file") << 3 << QStringLiteral("not a ChestLens model");
        QTest::newRow("zip/torchscript") << 4 << QStringLiteral("TorchScript");
        QTest::newRow("truncated in checksum") << 5 << QStringLiteral("");
    }
    void damagedFilesAreRefused()
    {
        QFETCH(int, damage);
        QFETCH(QString, expected);
        QByteArray bytes = modelBytes(QStringLiteral("seed"));
        switch (damage) {
        case 0: bytes.truncate(bytes.size() / 2); break;
        case 1: bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x5a); break;
        case 2: bytes = "hello, I am a text file\n"; break;
        case 3: bytes.clear(); break;
        case 4: bytes = QByteArray("PK\x03\x04", 4) + QByteArray(100, 'x'); break;
        case 5: bytes.chop(5); break;
        }
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.clm"));
        writeFile(path, bytes);
        try {
            Classifier::load(path);
            QFAIL("a damaged model file was accepted");
        } catch (const Error &e) {
            QCOMPARE(e.code(), ErrorCode::InvalidModel);
            QVERIFY2(e.message().contains(path), qPrintable(e.message()));
            QVERIFY2(e.message().contains(expected, Qt::CaseInsensitive), qPrintable(e.message()));
        }
    }

    void architectureMismatchIsRefused()
    {
        // Weights of a seed CNN declared as a resnet: torch must not be allowed to crash.
        ml::ArchitectureSpec seed;
        seed.name = QStringLiteral("seed");
        seed.imageSize = 64;
        seed.numClasses = 3;
        ml::ArchitectureSpec resnet = seed;
        resnet.name = QStringLiteral("resnet");
        resnet.width = 8;
        ml::ModelFileContents c;
        c.metadata = metadataFor(resnet, {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
        c.weights = ml::serializeModule(*ml::createNetwork(seed));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("mismatch.clm"));
        writeFile(path, ml::encodeModelFile(c));
        try {
            Classifier::load(path);
            QFAIL("mismatched weights were accepted");
        } catch (const Error &e) {
            QCOMPARE(e.code(), ErrorCode::InvalidModel);
            QVERIFY2(e.message().contains(QStringLiteral("architecture")), qPrintable(e.message()));
        }
    }

    void missingFileNamesThePath()
    {
        try {
            Classifier::load(QStringLiteral("/nonexistent/model.clm"));
            QFAIL("missing model accepted");
        } catch (const Error &e) {
            QCOMPARE(e.code(), ErrorCode::FileNotFound);
            QVERIFY(e.message().contains(QStringLiteral("/nonexistent/model.clm")));
        }
    }
};

QTEST_GUILESS_MAIN(TestModelFile)
#include "test_modelfile.moc"
