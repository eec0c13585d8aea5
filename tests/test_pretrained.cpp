// The ImageNet MobileNetV2 starting weights: the bundled file is what the converter makes of the
// TensorFlow Lite original, it still recognises the reference pictures, a grey film gets exactly
// the features of three equal channels, batch-norm recalibration keeps the network's function, and
// a training run starts from these weights and says so in the model file.
#include "core/error.h"
#include "core/film/filmloader.h"
#include "core/ml/classifier.h"
#include "core/ml/gradcam.h"
#include "core/ml/mobilenetv2_p.h"
#include "core/ml/modelfile_p.h"
#include "core/ml/pretrained.h"
#include "core/ml/trainer.h"
#include "support/testdata.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace chestlens;

namespace {

/// ../shared/weights/imagenet-mobilenetv2 beside the data folder, or empty.
QString weightsFolder()
{
    const QString root = chestlens::test::dataRoot();
    const QString dir = root.isEmpty()
                            ? QString()
                            : QDir(root).absoluteFilePath(QStringLiteral("../weights/imagenet-mobilenetv2"));
    return !dir.isEmpty() && QFileInfo::exists(dir) ? QDir::cleanPath(dir) : QString();
}

QString bundledModel()
{
    return chestlens::test::sourcePath(QStringLiteral("resources/models/imagenet-mobilenetv2.clm"));
}

QByteArray sha256Of(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly)
               ? QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex()
               : QByteArray();
}

/// An RGB picture resized to `size`, normalised as ChestLens normalises films: (x − 0.5) / 0.25.
torch::Tensor rgbInput(const QString &path, int size)
{
    cv::Mat bgr = cv::imread(path.toStdString(), cv::IMREAD_COLOR);
    if (bgr.empty())
        return {};
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    cv::resize(rgb, rgb, cv::Size(size, size), 0, 0, cv::INTER_AREA);
    const torch::Tensor t = torch::from_blob(rgb.data, {size, size, 3}, torch::kUInt8).clone();
    return (t.permute({2, 0, 1}).unsqueeze(0).to(torch::kFloat32).div(255.0) - 0.5) / 0.25;
}

/// The bundled network rebuilt with one grey input channel, `classes` outputs and no dropout.
ml::ChestNet greyCopy(ml::ChestNetImpl &rgb, int classes, QStringList *fresh = nullptr)
{
    ml::ArchitectureSpec spec;
    spec.name = QStringLiteral("mobilenetv2");
    spec.imageSize = 224;
    spec.numClasses = classes;
    spec.dropout = 0.0;
    ml::ChestNet grey = ml::createNetwork(spec);
    const QStringList kept = ml::transferWeights(rgb, *grey);
    if (fresh)
        *fresh = kept;
    grey->eval();
    return grey;
}

/// Options of a one-epoch 64 px mobilenetv2 run on 6 films of each of three cxr4 classes, copied
/// into `dir`/data, writing `dir`/mobile.clm. Returns what went wrong copying, or empty.
QString tinyMobileRun(const QString &cxr4, const QString &dir, TrainOptions &o)
{
    o.dataDir = QDir(dir).filePath(QStringLiteral("data"));
    o.outPath = QDir(dir).filePath(QStringLiteral("mobile.clm"));
    o.arch = QStringLiteral("mobilenetv2");
    o.imageSize = 64;
    o.epochs = 1;
    o.batch = 6;
    o.threads = 2;
    return chestlens::test::copySmallLabelledFolder(cxr4, o.dataDir, 6);
}

} // namespace

class TestPretrained : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void converterReproducesBundledFile()
    {
        const QString src = weightsFolder();
        if (src.isEmpty())
            QSKIP("../shared/weights/imagenet-mobilenetv2 not found beside the data folder");
        QTemporaryDir tmp;
        const QString out = tmp.filePath(QStringLiteral("converted.clm"));
        convertImageNetMobileNetV2(QDir(src).filePath(QStringLiteral("mobilenet_v2_1.0_224_quant.tflite")),
                                   QDir(src).filePath(QStringLiteral("imagenet_labels.txt")), out);
        QCOMPARE(sha256Of(out), sha256Of(bundledModel()));
    }

    void converterRefusesOtherFiles()
    {
        const QString src = weightsFolder();
        if (src.isEmpty())
            QSKIP("../shared/weights/imagenet-mobilenetv2 not found beside the data folder");
        QTemporaryDir tmp;
        const QString labels = QDir(src).filePath(QStringLiteral("imagenet_labels.txt"));
        try {
            convertImageNetMobileNetV2(labels, labels, tmp.filePath(QStringLiteral("x.clm")));
            QFAIL("a text file was converted");
        } catch (const Error &e) {
            QCOMPARE(e.code(), ErrorCode::InvalidModel);
            QVERIFY2(e.message().contains(QStringLiteral("imagenet_labels.txt")), qPrintable(e.message()));
        }
        QVERIFY(!QFile::exists(tmp.filePath(QStringLiteral("x.clm"))));
    }

    void recognisesReferencePictures_data()
    {
        QTest::addColumn<QString>("picture");
        QTest::addColumn<int>("expected");
        QTest::newRow("cat: Egyptian cat") << QStringLiteral("cat.bmp") << 286;
        QTest::newRow("bird: chickadee") << QStringLiteral("bird.bmp") << 20;
    }

    void recognisesReferencePictures()
    {
        QFETCH(QString, picture);
        QFETCH(int, expected);
        const QString src = weightsFolder();
        if (src.isEmpty())
            QSKIP("../shared/weights/imagenet-mobilenetv2 not found beside the data folder");
        const ml::LoadedModel m = ml::loadModel(bundledModel());
        const torch::Tensor x = rgbInput(QDir(src).filePath(picture), 224);
        QVERIFY(x.defined());
        const torch::NoGradGuard noGrad;
        const torch::Tensor logits = m.net->forward(x);
        QCOMPARE(logits.argmax(1).item<int64_t>(), int64_t(expected));
        QCOMPARE(m.info.classes.size(), 1001);
    }

    void greyFilmGetsTheFeaturesOfThreeEqualChannels()
    {
        const ml::LoadedModel m = ml::loadModel(bundledModel());
        QStringList fresh;
        const ml::ChestNet grey = greyCopy(*m.net, 1001, &fresh);
        QVERIFY2(fresh.isEmpty(), qPrintable(fresh.join(QLatin1Char(' '))));
        torch::manual_seed(3);
        const torch::Tensor film = torch::randn({2, 1, 224, 224});
        const torch::NoGradGuard noGrad;
        const torch::Tensor a = m.net->forward(film.expand({-1, 3, -1, -1}).contiguous());
        const torch::Tensor b = grey->forward(film);
        QVERIFY2(torch::allclose(a, b, 1e-3, 1e-3),
                 qPrintable(QString::number((a - b).abs().max().item<double>())));
    }

    void newClassSetGetsNewClassifier()
    {
        const ml::LoadedModel m = ml::loadModel(bundledModel());
        QStringList fresh;
        greyCopy(*m.net, 4, &fresh);
        fresh.sort();
        QCOMPARE(fresh, QStringList({QStringLiteral("fc.bias"), QStringLiteral("fc.weight")}));
    }

    void recalibrationKeepsTheFunction()
    {
        const ml::LoadedModel m = ml::loadModel(bundledModel());
        const ml::ChestNet grey = greyCopy(*m.net, 1001);
        torch::manual_seed(5);
        const torch::Tensor batch = torch::randn({8, 1, 224, 224}) * 0.7 + 0.3;
        torch::Tensor before, after, trainMode;
        {
            const torch::NoGradGuard noGrad;
            before = grey->forward(batch);
        }
        ml::recalibrateBatchNorm(*grey, batch);
        {
            const torch::NoGradGuard noGrad;
            after = grey->forward(batch);
            grey->train();
            trainMode = grey->forward(batch); // batch statistics: now those of the running ones
            grey->eval();
        }
        const double scale = before.abs().max().item<double>();
        QVERIFY2((before - after).abs().max().item<double>() < 1e-3 * scale, "eval output changed");
        QVERIFY2((trainMode - after).abs().max().item<double>() < 1e-2 * scale,
                 qPrintable(QString::number((trainMode - after).abs().max().item<double>() / scale)));
    }

    void trainingStartsFromImageNet()
    {
        CHESTLENS_REQUIRE_DATA(cxr4, "cxr4");
        QTemporaryDir tmp;
        TrainOptions o;
        const QString copied = tinyMobileRun(cxr4, tmp.path(), o);
        QVERIFY2(copied.isEmpty(), qPrintable(copied));
        const TrainResult r = Trainer(o).run();
        const ml::LoadedModel m = ml::loadModel(r.modelPath);
        const QJsonObject start = m.info.metadata.value(QStringLiteral("training"))
                                      .toObject()
                                      .value(QStringLiteral("start"))
                                      .toObject();
        QCOMPARE(start.value(QStringLiteral("weights")).toString(), QStringLiteral("imagenet"));
        QCOMPARE(start.value(QStringLiteral("sha256")).toString().toLatin1(), sha256Of(bundledModel()));
        QCOMPARE(m.spec.name, QStringLiteral("mobilenetv2"));
        QCOMPARE(m.spec.inputChannels, 1);
        QCOMPARE(QString::fromStdString(m.net->camLayers().back()), QStringLiteral("head"));
    }

    /// The product's features on a mobilenetv2 model: an ensemble of two trained with the source
    /// adversary, test-time augmentation, and every Grad-CAM method at every listed layer.
    void featuresWorkWithMobileNet()
    {
        CHESTLENS_REQUIRE_DATA(cxr4, "cxr4");
        QTemporaryDir tmp;
        TrainOptions o;
        const QString copied = tinyMobileRun(cxr4, tmp.path(), o);
        QVERIFY2(copied.isEmpty(), qPrintable(copied));
        o.ensemble = 2;
        o.sourceAdversary = 0.1;
        Trainer(o).run();
        const std::unique_ptr<Classifier> c = Classifier::load(o.outPath);
        QCOMPARE(c->info().architecture, QStringLiteral("mobilenetv2"));
        const Film film = loadFilm(chestlens::test::pngFilms(1).value(0));
        PredictOptions tta;
        tta.tta = true;
        const Prediction p = c->predict(film, tta);
        QCOMPARE(p.ttaViews, 5);
        QCOMPARE(int(p.probabilities.size()), 3);
        for (const QString &layer : c->camLayers()) {
            for (CamMethod method : {CamMethod::GradCam, CamMethod::GradCamPlusPlus, CamMethod::LayerCam}) {
                ExplainSettings s;
                s.layer = layer;
                s.method = method;
                const CamMap map = explainFilm(*c, film, s);
                QVERIFY2(map.featureWidth > 0 && int(map.heat.size()) == map.width() * map.height(),
                         qPrintable(layer));
            }
        }
    }

    void imagenetStartNeedsMobileNet()
    {
        TrainOptions o;
        o.init = QStringLiteral("imagenet");
        QVERIFY(o.problems()
                    .join(QLatin1Char(' '))
                    .contains(QStringLiteral("--init imagenet needs --arch mobilenetv2")));
        o.arch = QStringLiteral("mobilenetv2");
        o.imageSize = 144;
        QVERIFY(o.problems().join(QLatin1Char(' ')).contains(QStringLiteral("multiple of 32")));
        o.imageSize = 160;
        QVERIFY2(o.problems().isEmpty(), qPrintable(o.problems().join(QLatin1Char(' '))));
    }
};

QTEST_GUILESS_MAIN(TestPretrained)
#include "test_pretrained.moc"
