// TorchScript models: loaded by Classifier::load like ChestLens model files, checked against the
// contract at load time, explained by Grad-CAM when they return (logits, feature_map).
//
// The modules are built here with torch::jit::Module::define (TorchScript source compiled by
// LibTorch itself), so the test needs no Python; one more case runs the README's Python export
// example when python3-torch is installed.

#include "core/error.h"
#include "core/film/filmloader.h"
#include "core/ml/classifier.h"
#include "core/ml/gradcam.h"
#include "support/blobmodel.h"
#include "support/testdata.h"

#pragma push_macro("slots")
#undef slots
#include <torch/script.h>
#pragma pop_macro("slots")

#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <numeric>

using namespace chestlens;

namespace {

/// Feature map = bright pixels only (normalised grey above 1.0, i.e. grey >= ~192), pooled to
/// 16 x 16 cells; logit "left" is the mean of the left eight cell columns, "right" of the right
/// eight. So a bright blob on the right makes "right" win, and its Grad-CAM is the blob.
const char *const kBlobSource = R"(
def forward(self, x):
    f = torch.relu(torch.conv2d(x, self.weight, self.bias))
    f = torch.adaptive_avg_pool2d(f, [16, 16])
    left = f[:, :, :, 0:8].mean(dim=[1, 2, 3])
    right = f[:, :, :, 8:16].mean(dim=[1, 2, 3])
    return torch.stack([left, right], dim=1), f
)";

/// The same network returning only its logits.
const char *const kLogitsOnlySource = R"(
def forward(self, x):
    f = torch.relu(torch.conv2d(x, self.weight, self.bias))
    f = torch.adaptive_avg_pool2d(f, [16, 16])
    left = f[:, :, :, 0:8].mean(dim=[1, 2, 3])
    right = f[:, :, :, 8:16].mean(dim=[1, 2, 3])
    return torch.stack([left, right], dim=1)
)";

const char *const kMetadata =
    R"json({"name": "blob test (TorchScript)", "classes": ["left", "right"], "image_size": 128,
            "preprocessing": {"trim_borders": true, "equalize": false}})json";

void saveModule(const QString &path, const char *source, const std::string &metadata)
{
    torch::jit::Module m("BlobNet");
    m.register_parameter("weight", torch::ones({1, 1, 1, 1}), false);
    m.register_parameter("bias", torch::full({1}, -1.0), false);
    m.define(source);
    torch::jit::ExtraFilesMap extra;
    if (!metadata.empty())
        extra["chestlens.json"] = metadata;
    m.save(path.toStdString(), extra);
}

Film blobFilm(QPointF centre)
{
    test::SyntheticFilmSpec spec;
    spec.size = QSize(300, 200); // not square: the map must still land on the blob
    spec.blobs.push_back({centre, 22.0, 235});
    return test::filmFromImage(test::makeSyntheticFilm(spec));
}

} // namespace

class TestTorchScript : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void predictsLikeAChestLensModel();
    void gradCamLiesOnTheBlob();
    void logitsOnlyModelPredictsButCannotExplain();
    void contractViolationsAreNamed_data();
    void contractViolationsAreNamed();
    void pythonExportExampleLoads();

private:
    QTemporaryDir m_dir;
    QString m_blobModel;
};

void TestTorchScript::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_blobModel = m_dir.filePath(QStringLiteral("blob.pt"));
    saveModule(m_blobModel, kBlobSource, kMetadata);
}

void TestTorchScript::predictsLikeAChestLensModel()
{
    const std::unique_ptr<Classifier> c = Classifier::load(m_blobModel);
    QCOMPARE(c->info().architecture, QStringLiteral("torchscript"));
    QCOMPARE(c->info().classes, QStringList({QStringLiteral("left"), QStringLiteral("right")}));
    QCOMPARE(c->info().name, QStringLiteral("blob test (TorchScript)"));
    QCOMPARE(c->info().sha256.size(), 64);
    QCOMPARE(c->info().preprocessing.equalize, false);
    QCOMPARE(c->camLayers(), QStringList{QStringLiteral("features")});

    const Prediction right = c->predict(blobFilm({230, 70}));
    QCOMPARE(right.topClass(), QStringLiteral("right"));
    const Prediction left = c->predict(blobFilm({70, 130}));
    QCOMPARE(left.topClass(), QStringLiteral("left"));
    QVERIFY(std::abs(std::accumulate(left.probabilities.begin(), left.probabilities.end(), 0.0) - 1.0) <
            1e-5);
    // Logits are exactly what the script computes: the blob-free half averages to 0.
    QVERIFY(std::abs(left.logits[1]) < 1e-6);
    QVERIFY(left.logits[0] > 0.01);
}

void TestTorchScript::gradCamLiesOnTheBlob()
{
    const std::unique_ptr<Classifier> c = Classifier::load(m_blobModel);
    const QPointF centre(228, 62);
    const Film film = blobFilm(centre);
    for (CamMethod method : {CamMethod::GradCam, CamMethod::GradCamPlusPlus, CamMethod::LayerCam}) {
        ExplainSettings settings;
        settings.method = method;
        const CamMap cam = explainFilm(*c, film, settings);
        QCOMPARE(cam.className, QStringLiteral("right"));
        QCOMPARE(cam.settings.layer, QStringLiteral("features"));
        QCOMPARE(cam.width(), 300);
        QCOMPARE(cam.height(), 200);
        const QPointF at = test::heatCentroid(cam.heat, cam.width(), cam.height());
        qInfo("%s: centroid (%.2f, %.2f)", qPrintable(camMethodName(method)), at.x(), at.y());
        // One 16 x 16 cell spans 19 x 12.5 source pixels. The map is symmetric about the blob, so
        // the centroid lands on its centre; a half-cell misregistration (the "resize the map to
        // the input" convention) would move it by ~9 px.
        QVERIFY2(std::abs(at.x() - centre.x()) < 2.0 && std::abs(at.y() - centre.y()) < 2.0,
                 qPrintable(QStringLiteral("%1: heat centred at (%2, %3), blob at (%4, %5)")
                                .arg(camMethodName(method))
                                .arg(at.x())
                                .arg(at.y())
                                .arg(centre.x())
                                .arg(centre.y())));
        // Nothing on the left half, where the film has no bright pixel.
        double leftHeat = 0;
        for (int y = 0; y < cam.height(); ++y)
            for (int x = 0; x < 150; ++x)
                leftHeat += cam.heat[static_cast<std::size_t>(y) * 300 + x];
        QCOMPARE(leftHeat, 0.0);
    }
}

void TestTorchScript::logitsOnlyModelPredictsButCannotExplain()
{
    const QString path = m_dir.filePath(QStringLiteral("logits-only.pt"));
    saveModule(path, kLogitsOnlySource, kMetadata);
    const std::unique_ptr<Classifier> c = Classifier::load(path);
    QVERIFY(c->camLayers().isEmpty());
    QCOMPARE(c->predict(blobFilm({230, 70})).topClass(), QStringLiteral("right"));
    try {
        explainFilm(*c, blobFilm({230, 70}), ExplainSettings{});
        QFAIL("explaining a logits-only TorchScript model did not fail");
    } catch (const Error &e) {
        QVERIFY2(e.message().contains(QStringLiteral("feature map")) ||
                     e.message().contains(QStringLiteral("no layer")),
                 qPrintable(e.message()));
    }
}

void TestTorchScript::contractViolationsAreNamed_data()
{
    QTest::addColumn<QString>("metadata");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no chestlens.json") << QString() << QStringLiteral("no chestlens.json");
    QTest::newRow("not JSON") << QStringLiteral("classes: left, right")
                              << QStringLiteral("not a JSON object");
    QTest::newRow("one class") << QStringLiteral(R"({"classes": ["left"], "image_size": 128})")
                               << QStringLiteral("fewer than 2 classes");
    QTest::newRow("no size") << QStringLiteral(R"({"classes": ["left", "right"]})")
                             << QStringLiteral("image_size");
    QTest::newRow("class count") << QStringLiteral(R"({"classes": ["a", "b", "c"], "image_size": 128})")
                                 << QStringLiteral("expected [1, 3]");
}

void TestTorchScript::contractViolationsAreNamed()
{
    QFETCH(QString, metadata);
    QFETCH(QString, expected);
    const QString path = m_dir.filePath(QStringLiteral("bad.pt"));
    saveModule(path, kBlobSource, metadata.toStdString());
    try {
        Classifier::load(path);
        QFAIL("a TorchScript archive that breaks the contract was accepted");
    } catch (const Error &e) {
        QCOMPARE(e.code(), ErrorCode::InvalidModel);
        QVERIFY2(e.message().startsWith(path), qPrintable(e.message())); // names the file
        QVERIFY2(e.message().contains(expected), qPrintable(e.message()));
    }
}

void TestTorchScript::pythonExportExampleLoads()
{
    const QString python =
        QStandardPaths::findExecutable(QStringLiteral("python3"), {QStringLiteral("/usr/bin")});
    if (python.isEmpty())
        QSKIP("/usr/bin/python3 not installed: the README's export example cannot be run");
    QProcess probe;
    probe.start(python, {QStringLiteral("-c"), QStringLiteral("import torch")});
    if (!probe.waitForFinished(120000) || probe.exitCode() != 0)
        QSKIP("python3-torch not installed: the README's export example cannot be run");

    const QString script = test::sourcePath(QStringLiteral("docs/examples/export_torchscript.py"));
    QVERIFY2(QFileInfo::exists(script), qPrintable(script));
    const QString out = m_dir.filePath(QStringLiteral("exported.pt"));
    QProcess p;
    p.start(python, {script, out});
    QVERIFY(p.waitForFinished(300000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());

    const std::unique_ptr<Classifier> c = Classifier::load(out);
    QCOMPARE(c->info().classes.size(), 4);
    QCOMPARE(c->camLayers(), QStringList{QStringLiteral("features")});
    const Film film = blobFilm({150, 100});
    const Prediction prediction = c->predict(film);
    QVERIFY(std::abs(std::accumulate(prediction.probabilities.begin(), prediction.probabilities.end(), 0.0) -
                     1.0) < 1e-5);
    const CamMap cam = explainFilm(*c, film, ExplainSettings{});
    QCOMPARE(cam.width(), 300);
    QCOMPARE(cam.height(), 200);
    QCOMPARE(cam.probabilities.size(), std::size_t(4));
}

QTEST_GUILESS_MAIN(TestTorchScript)
#include "test_torchscript.moc"
