// Grad-CAM, Grad-CAM++ and LayerCAM: the heatmap lies on the original film at full resolution
// for non-square films with trimmed borders (models whose response is known by construction),
// settings resolve and are validated, eval mode, the sanity checks (model randomisation, in-chest
// fraction) and the `explain` command.

#include "core/error.h"
#include "core/film/filmloader.h"
#include "core/ml/camsanity.h"
#include "core/ml/classifier.h"
#include "core/ml/gradcam.h"
#include "core/ml/gradcam_p.h"
#include "core/ml/modelfile_p.h"
#include "core/ml/modelinfo.h"
#include "support/blobmodel.h"
#include "support/testdata.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>
#include <memory>

using namespace chestlens;
using chestlens::test::Blob;
using chestlens::test::SyntheticFilmSpec;

Q_DECLARE_METATYPE(chestlens::CamMethod)

namespace {

double distance(const QPointF &a, const QPointF &b)
{
    return std::hypot(a.x() - b.x(), a.y() - b.y());
}

QString pointText(const QPointF &p)
{
    return QStringLiteral("(%1, %2)").arg(p.x(), 0, 'f', 2).arg(p.y(), 0, 'f', 2);
}

/// The model-input S for every test model: small enough to be fast, large enough that block4 of
/// the resnet still has 8 x 8 cells.
constexpr int kInput = 128;

} // namespace

class TestGradCam : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void mapToSourceIsExact();
    void alignment_data();
    void alignment();
    void alignmentTestWouldCatchAMisplacedGrid();
    void settingsResolve();
    void badSettingsAreRejected_data();
    void badSettingsAreRejected();
    void evalModeAndNoParameterGradients();
    void everyLayerAndMethodCoversTheFilm_data();
    void everyLayerAndMethodCoversTheFilm();
    void realFilmAtFullResolution();
    void ensembleExplainsThroughEveryMember();

    void correlations_data();
    void correlations();
    void inChestFraction_data();
    void inChestFraction();
    void inChestFractionOnInputUsesTheWholeFilm();
    void randomisationChangesTheMap_data();
    void randomisationChangesTheMap();

    void cliExplainFile();
    void cliExplainFolder();
    void cliRejectsBadOptions_data();
    void cliRejectsBadOptions();

private:
    QString m_seedModel, m_resnetModel, m_randomResnet, m_randomSeed;
    std::unique_ptr<Classifier> m_seed, m_resnet, m_random;
    QTemporaryDir m_dir;
};

void TestGradCam::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_seedModel = m_dir.filePath(QStringLiteral("blob-seed.clm"));
    m_resnetModel = m_dir.filePath(QStringLiteral("blob-resnet.clm"));
    m_randomResnet = m_dir.filePath(QStringLiteral("random-resnet.clm"));
    m_randomSeed = m_dir.filePath(QStringLiteral("random-seed.clm"));
    test::writeBlobModel(m_seedModel, QStringLiteral("seed"), kInput);
    test::writeBlobModel(m_resnetModel, QStringLiteral("resnet"), kInput);
    test::writeRandomModel(m_randomResnet, QStringLiteral("resnet"), 64, 8);
    test::writeRandomModel(m_randomSeed, QStringLiteral("seed"), 64, 8);
    m_seed = Classifier::load(m_seedModel);
    m_resnet = Classifier::load(m_resnetModel);
    m_random = Classifier::load(m_randomResnet);
}

void TestGradCam::mapToSourceIsExact()
{
    // One hot cell (2, 1) of a 4 x 4 map with stride 8, offset 3.5 on a 32 px input, whose crop
    // (10, 20, 100 x 60) of a 130 x 90 film was stretched to 32 x 32. The cell's centre is input
    // (19.5, 11.5) = source (10 + 20 * 100 / 32 - 0.5, 20 + 12 * 60 / 32 - 0.5) = (72, 42).
    std::vector<float> map(16, 0.0f);
    map[1 * 4 + 2] = 1.0f;
    InputGeometry g;
    g.sourceWidth = 130;
    g.sourceHeight = 90;
    g.crop = QRect(10, 20, 100, 60);
    g.size = 32;
    const FeatureGrid grid{8.0, 3.5};
    const std::vector<float> heat = mapToSource(map, 4, 4, grid, g);
    QCOMPARE(heat.size(), std::size_t(130 * 90));
    auto at = [&](int x, int y) { return heat[static_cast<std::size_t>(y) * 130 + x]; };
    QCOMPARE(at(72, 42), 1.0f);
    const auto peak = std::max_element(heat.begin(), heat.end()) - heat.begin();
    QCOMPARE(int(peak % 130), 72);
    QCOMPARE(int(peak / 130), 42);
    QVERIFY(at(71, 42) < 1.0f && at(73, 42) < 1.0f && at(72, 41) < 1.0f && at(72, 43) < 1.0f);
    // The round trip through InputGeometry agrees.
    const QPointF s = g.toSource(QPointF(3.5 + 8 * 2, 3.5 + 8 * 1));
    QCOMPARE(s, QPointF(72, 42));
    // Nothing outside the crop.
    for (int y = 0; y < 90; ++y)
        for (int x = 0; x < 130; ++x)
            if (!g.crop.contains(x, y))
                QCOMPARE(at(x, y), 0.0f);
    // On the 32 x 32 input grid the cell centre (19.5, 11.5) lies between four pixels, which get
    // the same, largest value.
    const std::vector<float> input = mapToInput(map, 4, 4, grid, 32);
    const float v = input[11 * 32 + 19];
    QCOMPARE(input[11 * 32 + 20], v);
    QCOMPARE(input[12 * 32 + 19], v);
    QCOMPARE(input[12 * 32 + 20], v);
    QCOMPARE(*std::max_element(input.begin(), input.end()), v);
    QVERIFY(std::abs(v - 0.9375f * 0.9375f) < 1e-5f); // both axes 1/16 of a cell from the centre
}

void TestGradCam::alignment_data()
{
    QTest::addColumn<QString>("arch");
    QTest::addColumn<QString>("layer");
    QTest::addColumn<CamMethod>("method");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<QMargins>("border"); // left, top, right, bottom
    QTest::addColumn<QPointF>("bright");
    QTest::addColumn<QPointF>("dark");
    QTest::addColumn<double>("radius");    // of the bright blob; the dark one is 0.7 x as large
    QTest::addColumn<double>("tolerance"); // source pixels

    const QMargins wideBorder(24, 10, 30, 16);
    const QMargins tallBorder(12, 28, 8, 40);
    // Full-resolution layers: small blobs, tight tolerance.
    QTest::newRow("seed conv1, 300x200, gradcam")
        << "seed"
        << "conv1" << CamMethod::GradCam << QSize(300, 200) << wideBorder << QPointF(90, 70)
        << QPointF(210, 130) << 9.0 << 1.5;
    QTest::newRow("seed conv1, 200x320, gradcam")
        << "seed"
        << "conv1" << CamMethod::GradCam << QSize(200, 320) << tallBorder << QPointF(140, 90)
        << QPointF(60, 230) << 9.0 << 1.5;
    QTest::newRow("resnet stem, 300x200, gradcam")
        << "resnet"
        << "stem" << CamMethod::GradCam << QSize(300, 200) << wideBorder << QPointF(200, 60)
        << QPointF(80, 140) << 9.0 << 2.0;
    QTest::newRow("resnet stem, 200x320, layercam")
        << "resnet"
        << "stem" << CamMethod::LayerCam << QSize(200, 320) << tallBorder << QPointF(70, 250)
        << QPointF(130, 100) << 9.0 << 2.0;
    // The last blocks (the default layer): coarse maps (8 x 8 and 16 x 16 cells), larger blobs.
    QTest::newRow("seed conv4, 300x200, gradcam")
        << "seed"
        << "conv4" << CamMethod::GradCam << QSize(300, 200) << wideBorder << QPointF(100, 80)
        << QPointF(200, 130) << 20.0 << 4.0;
    QTest::newRow("seed conv4, 200x320, gradcam++")
        << "seed"
        << "conv4" << CamMethod::GradCamPlusPlus << QSize(200, 320) << tallBorder << QPointF(110, 100)
        << QPointF(90, 220) << 20.0 << 4.0;
    QTest::newRow("resnet block4, 300x200, gradcam")
        << "resnet"
        << "block4" << CamMethod::GradCam << QSize(300, 200) << wideBorder << QPointF(110, 80)
        << QPointF(200, 120) << 22.0 << 4.0;
    QTest::newRow("resnet block4, 200x320, gradcam")
        << "resnet"
        << "block4" << CamMethod::GradCam << QSize(200, 320) << tallBorder << QPointF(100, 110)
        << QPointF(100, 220) << 22.0 << 4.0;
    QTest::newRow("resnet block3, 200x320, layercam")
        << "resnet"
        << "block3" << CamMethod::LayerCam << QSize(200, 320) << tallBorder << QPointF(120, 100)
        << QPointF(80, 230) << 16.0 << 3.0;
    QTest::newRow("resnet block4, 300x200, gradcam++")
        << "resnet"
        << "block4" << CamMethod::GradCamPlusPlus << QSize(300, 200) << wideBorder << QPointF(190, 90)
        << QPointF(100, 110) << 22.0 << 4.0;
}

void TestGradCam::alignment()
{
    QFETCH(QString, arch);
    QFETCH(QString, layer);
    QFETCH(CamMethod, method);
    QFETCH(QSize, size);
    QFETCH(QMargins, border);
    QFETCH(QPointF, bright);
    QFETCH(QPointF, dark);
    QFETCH(double, radius);
    QFETCH(double, tolerance);

    SyntheticFilmSpec spec;
    spec.size = size;
    spec.border = border;
    spec.blobs = {{bright, radius, 250}, {dark, radius * 0.7, 0}};
    const Film film = test::filmFromImage(test::makeSyntheticFilm(spec));
    const Classifier &model = arch == QLatin1String("seed") ? *m_seed : *m_resnet;
    const PreparedImage prepared = model.prepare(film);
    // Border trim found exactly the content: the map has to undo a real crop.
    QCOMPARE(prepared.geometry.crop, QRect(QPoint(0, 0), size).marginsRemoved(border));

    for (int cls : {-1, 1}) {
        ExplainSettings s;
        s.method = method;
        s.layer = layer;
        s.classIndex = cls;
        const CamMap cam = explainPrepared(model, prepared, s);
        QCOMPARE(cam.width(), size.width());
        QCOMPARE(cam.height(), size.height());
        QCOMPARE(cam.heat.size(), std::size_t(size.width()) * size.height());
        QCOMPARE(cam.settings.classIndex, cls == -1 ? 0 : 1); // the bright blob is larger: predicted
        QVERIFY2(cam.rawMax > 0, "the constructed model must respond to its blob");
        for (int y = 0; y < size.height(); ++y)
            for (int x = 0; x < size.width(); ++x)
                if (!prepared.geometry.crop.contains(x, y))
                    QCOMPARE(cam.heat[static_cast<std::size_t>(y) * size.width() + x], 0.0f);
        const QPointF target = cls == 1 ? dark : bright;
        const QPointF centroid = test::heatCentroid(cam.heat, cam.width(), cam.height());
        QVERIFY2(distance(centroid, target) <= tolerance,
                 qPrintable(QStringLiteral("%1: heat centroid %2, blob at %3 (%4 px off, tolerance %5)")
                                .arg(cam.className, pointText(centroid), pointText(target))
                                .arg(distance(centroid, target), 0, 'f', 2)
                                .arg(tolerance)));
        // On full-resolution layers the peak lies on the blob too. (A coarse map peaks on one of
        // its cell centres, 16 input pixels apart for block4: the centroid is the location there.)
        if (cam.grid.stride <= 2.0) {
            const auto peak = std::max_element(cam.heat.begin(), cam.heat.end()) - cam.heat.begin();
            const QPointF peakAt(double(peak % size.width()), double(peak / size.width()));
            const double blobRadius = cls == 1 ? radius * 0.7 : radius;
            QVERIFY2(distance(peakAt, target) <= blobRadius,
                     qPrintable(QStringLiteral("peak %1 is off the blob at %2")
                                    .arg(pointText(peakAt), pointText(target))));
        }
    }
}

void TestGradCam::alignmentTestWouldCatchAMisplacedGrid()
{
    // The alignment test is sensitive: mapping resnet block4's map with the usual "resize to the
    // input" convention (half a cell off for strided convolutions) misses the blob by more than
    // the tolerance used above.
    SyntheticFilmSpec spec;
    spec.size = QSize(300, 200);
    spec.border = QMargins(24, 10, 30, 16);
    const QPointF bright(110, 80);
    spec.blobs = {{bright, 22.0, 250}};
    const Film film = test::filmFromImage(test::makeSyntheticFilm(spec));
    const PreparedImage prepared = m_resnet->prepare(film);
    ExplainSettings s;
    s.layer = QStringLiteral("block4");
    const CamMap cam = explainPrepared(*m_resnet, prepared, s);
    const FeatureGrid resizeConvention{cam.grid.stride, (cam.grid.stride - 1.0) / 2.0};
    QCOMPARE(cam.grid.offset, 0.0);
    const std::vector<float> misplaced =
        mapToSource(cam.featureMap, cam.featureWidth, cam.featureHeight, resizeConvention, cam.geometry);
    const QPointF good = test::heatCentroid(cam.heat, cam.width(), cam.height());
    const QPointF bad = test::heatCentroid(misplaced, cam.width(), cam.height());
    QVERIFY2(distance(good, bright) <= 4.0, qPrintable(pointText(good)));
    QVERIFY2(distance(bad, bright) > 8.0, qPrintable(pointText(bad)));
}

void TestGradCam::settingsResolve()
{
    SyntheticFilmSpec spec;
    spec.blobs = {{QPointF(150, 100), 14, 250}};
    const Film film = test::filmFromImage(test::makeSyntheticFilm(spec));
    const CamMap cam = explainFilm(*m_resnet, film, ExplainSettings{});
    QCOMPARE(cam.settings.layer, m_resnet->camLayers().last());
    QCOMPARE(cam.settings.layer, QStringLiteral("block4"));
    QCOMPARE(cam.settings.classIndex, 0);
    QCOMPARE(cam.className, QStringLiteral("bright"));
    QCOMPARE(cam.predicted, 0);
    QCOMPARE(cam.settings.method, CamMethod::GradCam);
    QCOMPARE(cam.logits.size(), std::size_t(2));
    QCOMPARE(cam.probabilities.size(), std::size_t(2));
    QVERIFY(std::abs(cam.probabilities[0] + cam.probabilities[1] - 1.0f) < 1e-5f);
    // The same probabilities as the classifier's own prediction (same forward pass, eval mode).
    const Prediction p = m_resnet->predict(film);
    QCOMPARE(p.top, cam.predicted);
    QVERIFY(std::abs(p.probabilities[0] - cam.probabilities[0]) < 1e-5f);
    QCOMPARE(cam.featureWidth, kInput / 16);
    QCOMPARE(cam.grid.stride, 16.0);

    QCOMPARE(camMethodFromName(QStringLiteral("GradCAM++")),
             std::optional<CamMethod>(CamMethod::GradCamPlusPlus));
    QCOMPARE(camMethodFromName(QStringLiteral("layercam")), std::optional<CamMethod>(CamMethod::LayerCam));
    QVERIFY(!camMethodFromName(QStringLiteral("saliency")));
    for (const QString &name : camMethodNames())
        QCOMPARE(camMethodName(*camMethodFromName(name)), name);
}

void TestGradCam::badSettingsAreRejected_data()
{
    QTest::addColumn<QString>("layer");
    QTest::addColumn<int>("classIndex");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("unknown layer") << "conv9" << -1 << "block4";
    QTest::newRow("class too large") << "" << 2 << "2 classes";
    QTest::newRow("negative class") << "" << -2 << "out of range";
}

void TestGradCam::badSettingsAreRejected()
{
    QFETCH(QString, layer);
    QFETCH(int, classIndex);
    QFETCH(QString, messagePart);
    const Film film = test::filmFromImage(test::makeSyntheticFilm({}));
    ExplainSettings s;
    s.layer = layer;
    s.classIndex = classIndex;
    try {
        explainFilm(*m_resnet, film, s);
        QFAIL("no exception");
    } catch (const Error &e) {
        QCOMPARE(e.code(), ErrorCode::InvalidArgument);
        QVERIFY2(e.message().contains(messagePart), qPrintable(e.message()));
    }
}

void TestGradCam::evalModeAndNoParameterGradients()
{
    // A fresh network is in training mode (dropout 0.3, batch statistics): the CAM code must
    // switch to eval mode, so two runs agree exactly; and it must not leave gradients behind.
    ml::ArchitectureSpec spec;
    spec.imageSize = 64;
    spec.numClasses = 3;
    spec.width = 8;
    spec.dropout = 0.5;
    ml::ChestNet net = ml::createNetwork(spec);
    QVERIFY(net->is_training());
    ModelInfo info;
    info.classes = QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    info.architecture = spec.name;
    PreprocessOptions prep;
    prep.imageSize = 64;
    SyntheticFilmSpec fs;
    fs.blobs = {{QPointF(120, 90), 20, 250}};
    const PreparedImage image = prepareFilm(test::filmFromImage(test::makeSyntheticFilm(fs)), prep);
    ExplainSettings s;
    s.layer = QStringLiteral("block3");
    const CamMap a = ml::computeCam(*net, info, image, s);
    const CamMap b = ml::computeCam(*net, info, image, s);
    QVERIFY(!net->is_training());
    QCOMPARE(a.logits, b.logits);
    QVERIFY(a.heat == b.heat);
    for (const auto &p : net->parameters())
        QVERIFY2(!p.grad().defined(), "computeCam accumulated parameter gradients");
}

void TestGradCam::everyLayerAndMethodCoversTheFilm_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<CamMethod>("method");
    for (const char *m : {"resnet", "seed"}) {
        QTest::addRow("%s gradcam", m) << m << CamMethod::GradCam;
        QTest::addRow("%s gradcam++", m) << m << CamMethod::GradCamPlusPlus;
        QTest::addRow("%s layercam", m) << m << CamMethod::LayerCam;
    }
}

void TestGradCam::everyLayerAndMethodCoversTheFilm()
{
    QFETCH(QString, model);
    QFETCH(CamMethod, method);
    const std::unique_ptr<Classifier> c =
        Classifier::load(model == QLatin1String("seed") ? m_randomSeed : m_randomResnet);
    SyntheticFilmSpec fs;
    fs.size = QSize(173, 251); // odd sizes: no accidental divisibility
    fs.border = QMargins(9, 0, 0, 21);
    fs.blobs = {{QPointF(80, 120), 25, 230}};
    const Film film = test::filmFromImage(test::makeSyntheticFilm(fs));
    const PreparedImage prepared = c->prepare(film);
    int previousCells = 1 << 30;
    for (const QString &layer : c->camLayers()) {
        ExplainSettings s;
        s.method = method;
        s.layer = layer;
        s.classIndex = 2;
        const CamMap cam = explainPrepared(*c, prepared, s);
        QCOMPARE(cam.settings.layer, layer);
        QCOMPARE(cam.heat.size(), std::size_t(173 * 251));
        QCOMPARE(cam.featureWidth * cam.grid.stride, 64.0);
        QVERIFY(cam.featureWidth <= previousCells); // input side first
        previousCells = cam.featureWidth;
        float maxValue = 0.0f;
        for (float v : cam.heat) {
            QVERIFY(std::isfinite(v) && v >= 0.0f && v <= 1.0f);
            maxValue = std::max(maxValue, v);
        }
        // The map is normalised to its maximum, or empty when the class has no positive evidence
        // at this layer. (The film's pixels need not hit a cell centre, so the heat's own maximum
        // may stay below 1.)
        const float featureMax = *std::max_element(cam.featureMap.begin(), cam.featureMap.end());
        QCOMPARE(featureMax, cam.rawMax > 0.0 ? 1.0f : 0.0f);
        QVERIFY(cam.rawMax > 0.0 ? maxValue > 0.0f : maxValue == 0.0f);
        for (int x = 0; x < 173; ++x)
            QCOMPARE(cam.heat[static_cast<std::size_t>(250) * 173 + x], 0.0f); // bottom border row
    }
}

void TestGradCam::realFilmAtFullResolution()
{
    CHESTLENS_REQUIRE_DATA(dcm, "dicom/CR_chest_RG1_JLSN.dcm");
    const Film film = loadFilm(dcm);
    const CamMap cam = explainFilm(*m_random, film, ExplainSettings{});
    QCOMPARE(cam.width(), film.width());
    QCOMPARE(cam.height(), film.height());
    QCOMPARE(cam.heat.size(), film.pixels.size());
    const QImage heat8 = heatToImage(cam.heat, cam.width(), cam.height());
    QCOMPARE(heat8.size(), QSize(film.width(), film.height()));
    QCOMPARE(heat8.format(), QImage::Format_Grayscale8);
}

/// An ensemble of a network that knows nothing (all weights 0: uniform output, no gradient) and the
/// blob network: its probabilities are the average of the two, and its map for either class is
/// that class's blob, which only the second member can supply. A map taken from the first member
/// alone would be empty; one from the members' summed probabilities alone would not move with the
/// class.
void TestGradCam::ensembleExplainsThroughEveryMember()
{
    ml::ArchitectureSpec spec = test::blobSpec(QStringLiteral("resnet"), kInput);
    spec.members = 2;
    ml::ChestNet ensemble = ml::createNetwork(spec);
    const auto members = ensemble->named_children();
    QCOMPARE(members.size(), std::size_t(2));
    {
        torch::NoGradGuard noGrad;
        for (auto &p : members["member1"]->parameters())
            p.zero_();
    }
    ml::ChestNet blob = test::makeBlobNetwork(QStringLiteral("resnet"), kInput);
    ml::deserializeModule(*members["member2"], ml::serializeModule(*blob), QString());

    ModelInfo info;
    info.classes = test::blobClasses();
    info.architecture = spec.name;
    SyntheticFilmSpec fs;
    fs.blobs = {{QPointF(80, 100), 22, 250}, {QPointF(220, 100), 22, 10}};
    const PreparedImage image =
        prepareFilm(test::filmFromImage(test::makeSyntheticFilm(fs)), test::blobPreprocessing(kInput));

    ModelInfo single = info;
    const CamMap alone = ml::computeCam(*blob, single, image, ExplainSettings{});
    for (int cls = 0; cls < 2; ++cls) {
        ExplainSettings s;
        s.classIndex = cls;
        const CamMap cam = ml::computeCam(*ensemble, info, image, s);
        QVERIFY2(cam.rawMax > 0.0, "the ensemble's map is empty");
        const QPointF c = test::heatCentroid(cam.heat, cam.width(), cam.height());
        const double expectedX = cls == 0 ? 80.0 : 220.0;
        QVERIFY2(std::abs(c.x() - expectedX) < 12.0 && std::abs(c.y() - 100.0) < 12.0,
                 qPrintable(QStringLiteral("class %1: heat centroid %2").arg(cls).arg(pointText(c))));
        for (int k = 0; k < 2; ++k)
            QVERIFY(std::abs(cam.probabilities[static_cast<std::size_t>(k)] -
                             (alone.probabilities[static_cast<std::size_t>(k)] + 0.5f) / 2.0f) < 1e-5f);
    }
}

void TestGradCam::correlations_data()
{
    QTest::addColumn<std::vector<float>>("a");
    QTest::addColumn<std::vector<float>>("b");
    QTest::addColumn<double>("spearman");
    QTest::addColumn<double>("pearson");
    QTest::newRow("identical") << std::vector<float>{1, 2, 3, 4} << std::vector<float>{1, 2, 3, 4} << 1.0
                               << 1.0;
    QTest::newRow("reversed") << std::vector<float>{1, 2, 3, 4} << std::vector<float>{4, 3, 2, 1} << -1.0
                              << -1.0;
    // Monotone but not linear: ranks agree exactly, values do not.
    // Pearson of (1,2,3,4) and (1,4,9,100): 65.25 / sqrt(5 * 6394.75) = 0.815978.
    QTest::newRow("monotone") << std::vector<float>{1, 2, 3, 4} << std::vector<float>{1, 4, 9, 100} << 1.0
                              << 0.815978;
    // Ties get their average rank: ranks (1, 2.5, 2.5, 4) vs (1, 2, 3, 4) -> 4.5 / sqrt(4.5 * 5) =
    // 0.948683; Pearson of the values: 13.5 / sqrt(40.75 * 5) = 0.945769.
    QTest::newRow("ties") << std::vector<float>{0, 5, 5, 9} << std::vector<float>{1, 2, 3, 4} << 0.948683
                          << 0.945769;
    QTest::newRow("constant map") << std::vector<float>{0, 0, 0, 0} << std::vector<float>{1, 2, 3, 4} << 0.0
                                  << 0.0;
}

void TestGradCam::correlations()
{
    QFETCH(std::vector<float>, a);
    QFETCH(std::vector<float>, b);
    QFETCH(double, spearman);
    QFETCH(double, pearson);
    QVERIFY2(std::abs(spearmanCorrelation(a, b) - spearman) < 1e-5,
             qPrintable(QString::number(spearmanCorrelation(a, b), 'g', 9)));
    QVERIFY2(std::abs(pearsonCorrelation(a, b) - pearson) < 1e-5,
             qPrintable(QString::number(pearsonCorrelation(a, b), 'g', 9)));
    QVERIFY_THROWS_EXCEPTION(Error, spearmanCorrelation(a, std::vector<float>(a.size() + 1, 1.0f)));
}

void TestGradCam::inChestFraction_data()
{
    QTest::addColumn<QRect>("heatRect"); // heat 1 inside, 0 elsewhere
    QTest::addColumn<QRect>("crop");
    QTest::addColumn<double>("expected");
    QTest::addColumn<double>("tolerance");
    const QRect full(0, 0, 400, 300);
    QTest::newRow("centre") << QRect(150, 100, 100, 100) << full << 1.0 << 0.0;
    QTest::newRow("top-left corner label") << QRect(0, 0, 40, 30) << full << 0.0 << 0.0;
    QTest::newRow("bottom-right corner") << QRect(355, 265, 45, 35) << full << 0.0 << 0.0;
    QTest::newRow("left border band") << QRect(0, 0, 20, 300) << full << 0.0 << 0.0;
    // Area of |x/a|^4 + |y/b|^4 <= 1 is 4ab * Gamma(5/4)^2 / Gamma(3/2) = 0.92704 * 4ab.
    QTest::newRow("uniform") << full << full << 0.84 * 0.88 * 0.927037 << 0.005;
    QTest::newRow("lung apices are inside") << QRect(95, 30, 10, 10) << full << 1.0 << 0.0;
    // The region follows the content crop: the same centre patch is outside an off-centre crop.
    QTest::newRow("crop moves the region")
        << QRect(150, 100, 100, 100) << QRect(250, 0, 150, 300) << 0.0 << 0.0;
    QTest::newRow("centre of the crop") << QRect(310, 140, 30, 20) << QRect(250, 0, 150, 300) << 1.0 << 0.0;
}

void TestGradCam::inChestFraction()
{
    QFETCH(QRect, heatRect);
    QFETCH(QRect, crop);
    QFETCH(double, expected);
    QFETCH(double, tolerance);
    const int w = 400, h = 300;
    std::vector<float> heat(static_cast<std::size_t>(w) * h, 0.0f);
    QImage heat8(w, h, QImage::Format_Grayscale8);
    heat8.fill(0);
    for (int y = heatRect.top(); y <= heatRect.bottom(); ++y)
        for (int x = heatRect.left(); x <= heatRect.right(); ++x) {
            heat[static_cast<std::size_t>(y) * w + x] = 1.0f;
            heat8.scanLine(y)[x] = 255;
        }
    const double f = chestlens::inChestFraction(heat, w, h, crop);
    QVERIFY2(std::abs(f - expected) <= tolerance + 1e-12, qPrintable(QString::number(f, 'g', 8)));
    QVERIFY(std::abs(chestlens::inChestFraction(heat8, crop) - f) < 1e-9);
    QCOMPARE(chestlens::inChestFraction(std::vector<float>(heat.size(), 0.0f), w, h, crop), 0.0);
}

/// A map on the input square is measured against the chest region of the whole trimmed film. By
/// hand, 10 px input: heat on the square's left edge (x = 0, middle row) lies outside the region of
/// a square film (its span starts at x = 1); for a film twice as wide whose central square was
/// cropped, the square starts 5 px into a 20 px frame whose span starts at x = 2, so the same heat
/// is inside. A stretched film (frame = crop) measures as the input square does.
void TestGradCam::inChestFractionOnInputUsesTheWholeFilm()
{
    const int s = 10;
    std::vector<float> edge(s * s, 0.0f);
    edge[5 * s + 0] = 1.0f;
    InputGeometry square;
    square.size = s;
    square.crop = QRect(0, 0, 100, 100);
    square.content = square.crop;
    QCOMPARE(inChestFractionOnInput(edge, s, square), 0.0);
    InputGeometry wide = square;
    wide.crop = QRect(50, 0, 100, 100);
    wide.content = QRect(0, 0, 200, 100);
    QCOMPARE(inChestFractionOnInput(edge, s, wide), 1.0);
    // Without a content frame (geometries made elsewhere) the crop is the frame.
    wide.content = QRect();
    QCOMPARE(inChestFractionOnInput(edge, s, wide), 0.0);
    // Tall film, central square cropped: heat on the square's top row (x = 5) lies above the
    // region of a square film (row 0 misses it) but 5 rows into a 20-row frame, inside (span 1..8).
    std::vector<float> top(s * s, 0.0f);
    top[5] = 1.0f;
    QCOMPARE(inChestFractionOnInput(top, s, square), 0.0);
    InputGeometry tall = square;
    tall.crop = QRect(0, 50, 100, 100);
    tall.content = QRect(0, 0, 100, 200);
    QCOMPARE(inChestFractionOnInput(top, s, tall), 1.0);

    std::vector<float> uniform(s * s, 1.0f);
    InputGeometry stretched;
    stretched.size = s;
    stretched.crop = QRect(3, 7, 140, 90);
    stretched.content = stretched.crop;
    QCOMPARE(inChestFractionOnInput(uniform, s, stretched),
             chestlens::inChestFraction(uniform, s, s, QRect(0, 0, s, s)));
    QCOMPARE(inChestFractionOnInput(std::vector<float>(s * s, 0.0f), s, stretched), 0.0);
    QCOMPARE(inChestFractionOnInput(uniform, s + 1, stretched), 0.0); // wrong map size
}

void TestGradCam::randomisationChangesTheMap_data()
{
    QTest::addColumn<QString>("arch");
    QTest::addColumn<CamMethod>("method");
    QTest::addColumn<QString>("topModule");
    QTest::addColumn<bool>("passes");
    // Grad-CAM passes (as Adebayo et al. found): random weights give its channel weights random
    // signs. Grad-CAM++ and LayerCAM keep only positive gradients and weigh the activations, and
    // on this film, whose only structure is the bright blob, even random features are largest
    // there: their maps change (1.0 -> ~0.57) but stay above the pass mark. The test pins that
    // down rather than hiding it; it is also why Grad-CAM is the default.
    QTest::newRow("resnet gradcam") << "resnet" << CamMethod::GradCam << "fc" << true;
    QTest::newRow("seed gradcam") << "seed" << CamMethod::GradCam << "fc2" << true;
    QTest::newRow("resnet gradcam++") << "resnet" << CamMethod::GradCamPlusPlus << "fc" << false;
    QTest::newRow("resnet layercam") << "resnet" << CamMethod::LayerCam << "fc" << false;
}

void TestGradCam::randomisationChangesTheMap()
{
    QFETCH(QString, arch);
    QFETCH(CamMethod, method);
    QFETCH(QString, topModule);
    QFETCH(bool, passes);
    const Classifier &model = arch == QLatin1String("seed") ? *m_seed : *m_resnet;
    SyntheticFilmSpec fs;
    fs.border = QMargins(10, 10, 10, 10);
    fs.blobs = {{QPointF(120, 90), 22, 250}};
    const PreparedImage prepared = model.prepare(test::filmFromImage(test::makeSyntheticFilm(fs)));
    ExplainSettings s;
    s.method = method;
    const CamMap before = explainPrepared(model, prepared, s);

    const RandomisationReport r = randomisationTest(model, prepared, s);
    QCOMPARE(r.settings.layer, before.settings.layer);
    QCOMPARE(r.settings.classIndex, 0);
    QVERIFY(!r.cascade.empty());
    QCOMPARE(r.cascade.front().randomised, QStringList{topModule});
    QCOMPARE(int(r.cascade.back().randomised.size()), int(r.cascade.size()));
    QCOMPARE(r.cascade.back().spearman, r.full.spearman);
    QCOMPARE(r.passed, r.full.spearman < r.maxRandomisedSpearman);
    QVERIFY2(r.passed == passes, qPrintable(r.summary()));
    // Either way the map moves away from the original when every weight is random.
    QVERIFY2(r.full.spearman < 0.9, qPrintable(r.summary()));
    if (passes)
        QVERIFY2(r.full.spearman < 0.5, qPrintable(r.summary()));
    // The classifier itself is untouched.
    const CamMap after = explainPrepared(model, prepared, s);
    QVERIFY(before.heat == after.heat);
    // Same seed, same report.
    QCOMPARE(randomisationTest(model, prepared, s).full.spearman, r.full.spearman);
    // The comparison itself is not trivially low: the original map agrees with itself.
    const std::vector<float> m =
        mapToInput(before.featureMap, before.featureWidth, before.featureHeight, before.grid, kInput);
    QCOMPARE(spearmanCorrelation(m, m), 1.0);
}

void TestGradCam::cliExplainFile()
{
    const QString cli = test::cliPath();
    if (cli.isEmpty() || !QFileInfo::exists(cli))
        QSKIP("chestlens-cli not built (CHESTLENS_CLI is set by CTest)");
    SyntheticFilmSpec fs;
    fs.size = QSize(300, 200);
    fs.border = QMargins(20, 12, 20, 12);
    fs.blobs = {{QPointF(150, 100), 18, 250}, {QPointF(200, 60), 8, 0}};
    const QString film = m_dir.filePath(QStringLiteral("centre.png"));
    QVERIFY(test::makeSyntheticFilm(fs).save(film));
    const QString out = m_dir.filePath(QStringLiteral("centre-cam.png"));

    QProcess p;
    p.start(cli, {QStringLiteral("explain"), QStringLiteral("--model"), m_resnetModel, film,
                  QStringLiteral("--out"), out, QStringLiteral("--json"), QStringLiteral("--sanity")});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    const QJsonObject j = QJsonDocument::fromJson(p.readAllStandardOutput().trimmed()).object();
    QCOMPARE(j.value(QStringLiteral("class_explained")).toString(), QStringLiteral("bright"));
    QCOMPARE(j.value(QStringLiteral("predicted")).toString(), QStringLiteral("bright"));
    QCOMPARE(j.value(QStringLiteral("method")).toString(), QStringLiteral("gradcam"));
    QCOMPARE(j.value(QStringLiteral("layer")).toString(), QStringLiteral("block4"));
    QCOMPARE(j.value(QStringLiteral("probabilities")).toObject().keys(),
             (QStringList{QStringLiteral("bright"), QStringLiteral("dark")}));
    QVERIFY(j.value(QStringLiteral("in_chest_fraction")).toDouble() > 0.95);
    const QJsonObject sanity = j.value(QStringLiteral("sanity")).toObject();
    QVERIFY(sanity.value(QStringLiteral("spearman")).toDouble() < 0.5);
    QVERIFY(sanity.value(QStringLiteral("passed")).toBool());
    const QImage overlay(out);
    QCOMPARE(overlay.size(), QSize(300, 200));
    // The film stays grey where there is no heat (the trimmed border is black and unheated).
    QCOMPARE(overlay.pixel(2, 2), qRgb(0, 0, 0));

    // Another class, method, layer, colormap; the heatmap alone.
    const QString out2 = m_dir.filePath(QStringLiteral("centre-dark.png"));
    p.start(cli, {QStringLiteral("explain"), QStringLiteral("--model"), m_resnetModel, film,
                  QStringLiteral("--out"), out2, QStringLiteral("--class"), QStringLiteral("dark"),
                  QStringLiteral("--method"), QStringLiteral("layercam"), QStringLiteral("--layer"),
                  QStringLiteral("block2"), QStringLiteral("--colormap"), QStringLiteral("magma"),
                  QStringLiteral("--heatmap-only"), QStringLiteral("--json")});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    const QJsonObject j2 = QJsonDocument::fromJson(p.readAllStandardOutput().trimmed()).object();
    QCOMPARE(j2.value(QStringLiteral("class_explained")).toString(), QStringLiteral("dark"));
    QCOMPARE(j2.value(QStringLiteral("method")).toString(), QStringLiteral("layercam"));
    QCOMPARE(j2.value(QStringLiteral("layer")).toString(), QStringLiteral("block2"));
    QCOMPARE(QImage(out2).size(), QSize(300, 200));
}

void TestGradCam::cliExplainFolder()
{
    const QString cli = test::cliPath();
    if (cli.isEmpty() || !QFileInfo::exists(cli))
        QSKIP("chestlens-cli not built (CHESTLENS_CLI is set by CTest)");
    const QString in = m_dir.filePath(QStringLiteral("folder"));
    QVERIFY(QDir().mkpath(in + QStringLiteral("/sub")));
    SyntheticFilmSpec centre, corner;
    centre.size = corner.size = QSize(240, 200);
    centre.blobs = {{QPointF(120, 100), 16, 250}};
    corner.blobs = {{QPointF(14, 14), 12, 250}}; // a "label" in the corner: a shortcut
    QVERIFY(test::makeSyntheticFilm(centre).save(in + QStringLiteral("/a_centre.png")));
    QVERIFY(test::makeSyntheticFilm(corner).save(in + QStringLiteral("/sub/b_corner.png")));
    {
        QFile broken(in + QStringLiteral("/c_broken.png"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("\x89PNG\r\n\x1a\n truncated");
    }
    const QString outDir = m_dir.filePath(QStringLiteral("folder-out"));
    const QString csv = m_dir.filePath(QStringLiteral("summary.csv"));
    QProcess p;
    p.start(cli, {QStringLiteral("explain"), QStringLiteral("--model"), m_resnetModel, in,
                  QStringLiteral("--out-dir"), outDir, QStringLiteral("--csv"), csv});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 1); // one film failed
    QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains(QStringLiteral("c_broken.png")));
    QCOMPARE(QImage(outDir + QStringLiteral("/a_centre.png")).size(), QSize(240, 200));
    QCOMPARE(QImage(outDir + QStringLiteral("/sub/b_corner.png")).size(), QSize(240, 200));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).trimmed().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 4);
    QVERIFY(lines[0].startsWith(
        QStringLiteral("file,output,predicted,probability,class_explained,method,layer,in_chest_fraction")));
    auto fraction = [&](const QString &name) {
        for (const QString &l : lines)
            if (l.contains(name))
                return l.split(QLatin1Char(',')).value(7).toDouble();
        return -1.0;
    };
    QVERIFY2(fraction(QStringLiteral("a_centre.png")) > 0.95, qPrintable(lines.join(QLatin1Char('\n'))));
    // The corner film's heat lies mostly outside the chest region (block4's 16 px cells spread
    // it over about two cells, so some reaches the region's edge).
    QVERIFY2(fraction(QStringLiteral("b_corner.png")) < 0.4, qPrintable(lines.join(QLatin1Char('\n'))));
    bool brokenRow = false;
    for (const QString &l : lines)
        brokenRow = brokenRow || (l.startsWith(in + QStringLiteral("/c_broken.png")) &&
                                  l.contains(QStringLiteral("c_broken.png:")));
    QVERIFY2(brokenRow, qPrintable(lines.join(QLatin1Char('\n'))));
}

void TestGradCam::cliRejectsBadOptions_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::newRow("unknown method") << QStringList{QStringLiteral("--method"), QStringLiteral("saliency")};
    QTest::newRow("unknown colormap") << QStringList{QStringLiteral("--colormap"), QStringLiteral("rainbow")};
    QTest::newRow("opacity out of range") << QStringList{QStringLiteral("--opacity"), QStringLiteral("1.5")};
    QTest::newRow("unknown layer") << QStringList{QStringLiteral("--layer"), QStringLiteral("conv9")};
    QTest::newRow("unknown class") << QStringList{QStringLiteral("--class"), QStringLiteral("covid")};
}

void TestGradCam::cliRejectsBadOptions()
{
    QFETCH(QStringList, extra);
    const QString cli = test::cliPath();
    if (cli.isEmpty() || !QFileInfo::exists(cli))
        QSKIP("chestlens-cli not built (CHESTLENS_CLI is set by CTest)");
    const QString film = m_dir.filePath(QStringLiteral("plain.png"));
    QVERIFY(test::makeSyntheticFilm({}).save(film));
    const QString out = m_dir.filePath(QStringLiteral("never.png"));
    QProcess p;
    p.start(cli, QStringList{QStringLiteral("explain"), QStringLiteral("--model"), m_resnetModel, film,
                             QStringLiteral("--out"), out} +
                     extra);
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 2);
    QVERIFY(!QFileInfo::exists(out));
}

QTEST_GUILESS_MAIN(TestGradCam)
#include "test_gradcam.moc"
