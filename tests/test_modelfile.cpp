// The model file format: self-describing, checksummed, refused with a clear message when damaged.
#include "core/error.h"
#include "core/ml/classifier.h"
#include "core/ml/modelfile_p.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtEndian>
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

/// A small three-class network spec, as the tests below use it.
ml::ArchitectureSpec smallSpec(const QString &arch, int size = 64, int stemStride = 2)
{
    ml::ArchitectureSpec spec;
    spec.name = arch;
    spec.imageSize = size;
    spec.numClasses = 3;
    spec.width = 8;
    spec.stemStride = stemStride;
    return spec;
}

QByteArray modelBytes(const QString &arch, int size = 64, int stemStride = 2)
{
    const ml::ArchitectureSpec spec = smallSpec(arch, size, stemStride);
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
        QTest::addColumn<int>("stemStride");
        QTest::newRow("seed") << QStringLiteral("seed") << 2;
        QTest::newRow("resnet") << QStringLiteral("resnet") << 2;
        QTest::newRow("resnet, stem stride 4") << QStringLiteral("resnet") << 4;
    }
    void roundTrip()
    {
        QFETCH(QString, arch);
        QFETCH(int, stemStride);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("m.clm"));
        writeFile(path, modelBytes(arch, 64, stemStride));
        const auto classifier = Classifier::load(path);
        QCOMPARE(classifier->info().classes,
                 QStringList({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
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
        case 0:
            bytes.truncate(bytes.size() / 2);
            break;
        case 1:
            bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x5a);
            break;
        case 2:
            bytes = "hello, I am a text file\n";
            break;
        case 3:
            bytes.clear();
            break;
        case 4:
            bytes = QByteArray("PK\x03\x04", 4) + QByteArray(100, 'x');
            break;
        case 5:
            bytes.chop(5);
            break;
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

    /// Stem stride 4 (a max-pool after the stride-2 stem convolution) quarters the area of every
    /// later feature map; the key round-trips through the metadata, and files without it (older
    /// models) read as stride 2.
    void stemStrideSetsResolution()
    {
        ml::ArchitectureSpec spec = smallSpec(QStringLiteral("resnet"));
        torch::NoGradGuard noGrad;
        const torch::Tensor x = torch::rand({1, 1, 64, 64});
        ml::ChestNet two = ml::createNetwork(spec);
        two->eval();
        QCOMPARE(two->forwardWithFeatures(x, "stem").features.size(3), int64_t(32));
        QCOMPARE(two->forwardWithFeatures(x, "block4").features.size(3), int64_t(4));
        spec.stemStride = 4;
        ml::ChestNet four = ml::createNetwork(spec);
        four->eval();
        QCOMPARE(four->forwardWithFeatures(x, "stem").features.size(3), int64_t(16));
        QCOMPARE(four->forwardWithFeatures(x, "block4").features.size(3), int64_t(2));
        QCOMPARE(ml::parameterCount(two), ml::parameterCount(four)); // pooling has no weights

        QCOMPARE(ml::ArchitectureSpec::fromJson(spec.toJson()).stemStride, 4);
        QJsonObject old = spec.toJson();
        old.remove(QStringLiteral("stem_stride"));
        QCOMPARE(ml::ArchitectureSpec::fromJson(old).stemStride, 2);

        spec.stemStride = 3;
        try {
            ml::createNetwork(spec);
            QFAIL("stem stride 3 was accepted");
        } catch (const Error &e) {
            QCOMPARE(e.code(), ErrorCode::InvalidArgument);
            QVERIFY2(e.message().contains(QStringLiteral("stem stride")), qPrintable(e.message()));
        }
    }

    /// Weights are raw named tensors: every parameter and buffer comes back bit for bit.
    void tensorsRoundTripExactly()
    {
        const ml::ArchitectureSpec spec = smallSpec(QStringLiteral("resnet"));
        torch::manual_seed(7);
        ml::ChestNet a = ml::createNetwork(spec);
        // Non-default buffers too (batch-norm running statistics and counters).
        a->train();
        a->forward(torch::rand({4, 1, 64, 64}));
        torch::manual_seed(8);
        ml::ChestNet b = ml::createNetwork(spec);
        ml::deserializeModule(*b, ml::serializeModule(*a), QStringLiteral("x.clm"));
        const auto pa = a->named_parameters(), pb = b->named_parameters();
        QCOMPARE(pa.size(), pb.size());
        for (const auto &p : pa)
            QVERIFY2(torch::equal(p.value(), pb[p.key()]), p.key().c_str());
        const auto ba = a->named_buffers(), bb = b->named_buffers();
        QVERIFY(ba.size() > 0);
        for (const auto &buf : ba)
            QVERIFY2(torch::equal(buf.value(), bb[buf.key()]), buf.key().c_str());
    }

    /// Damaged tensor blocks (behind a valid checksum, as a crafted file would be) are refused with a
    /// message; none reaches libtorch's archive parser.
    void damagedTensorsAreRefused_data()
    {
        QTest::addColumn<int>("damage");
        QTest::addColumn<QString>("cause");
        QTest::newRow("torch archive instead of tensors") << 0 << QStringLiteral("tensor format");
        QTest::newRow("tensor data cut short") << 1 << QStringLiteral("truncated");
        QTest::newRow("tensor count too high") << 2 << QStringLiteral("tensors stored");
        QTest::newRow("unknown tensor name") << 3 << QStringLiteral("unexpected tensor");
        QTest::newRow("wrong extent") << 4 << QStringLiteral("extent");
        QTest::newRow("huge name length") << 5 << QStringLiteral("truncated");
    }

    void damagedTensorsAreRefused()
    {
        QFETCH(int, damage);
        QFETCH(QString, cause);
        ml::ArchitectureSpec spec;
        spec.name = QStringLiteral("seed");
        spec.imageSize = 64;
        spec.numClasses = 3;
        ml::ChestNet net = ml::createNetwork(spec);
        QByteArray w = ml::serializeModule(*net);
        const int firstName = 9 + 8 + 8; // magic, count, name length
        switch (damage) {
        case 0:
            w = QByteArray("PK\x03\x04", 4) + QByteArray(100, 'x');
            break;
        case 1:
            w.chop(100);
            break;
        case 2:
            w[9] = char(w[9] + 1);
            break;
        case 3:
            w[firstName] = 'Z';
            break;
        case 4: {
            // The first tensor's first extent: after its name, dtype and rank bytes.
            const qsizetype nameLength = qsizetype(qFromLittleEndian<quint64>(w.constData() + 17));
            const qsizetype extent = firstName + nameLength + 2;
            w[extent] = char(w[extent] + 1);
            break;
        }
        case 5:
            qToLittleEndian<quint64>(quint64(1) << 60, w.data() + 17);
            break;
        }
        ml::ModelFileContents c;
        c.metadata = metadataFor(spec, {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
        c.weights = w;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("damaged.clm"));
        writeFile(path, ml::encodeModelFile(c));
        try {
            Classifier::load(path);
            QFAIL("damaged weights were accepted");
        } catch (const Error &e) {
            QCOMPARE(e.code(), ErrorCode::InvalidModel);
            QVERIFY2(e.message().startsWith(path) && e.message().contains(cause), qPrintable(e.message()));
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
