// Which films a model may judge: the DICOM header check, the pixel check (Gaussians of pooled
// features stored in the model file), and the bundled model on real images it must refuse.
#include "core/error.h"
#include "core/film/filmloader.h"
#include "core/ml/applicability.h"
#include "core/ml/classifier.h"
#include "core/ml/classifier_p.h"
#include "core/ml/featuredensity_p.h"
#include "core/ml/modelfile_p.h"
#include "core/paths.h"
#include "support/blobmodel.h"
#include "support/process.h"
#include "support/testdata.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace chestlens;

namespace {

FilmMetadata dicomMeta(const QString &modality, const QString &bodyPart, const QString &view, int frames)
{
    FilmMetadata m;
    m.format = QStringLiteral("DICOM");
    m.modality = modality;
    m.bodyPart = bodyPart;
    m.viewPosition = view;
    m.frames = frames;
    return m;
}

/// `n` points per class around well separated means in `d` dimensions, with their labels.
torch::Tensor gaussianFeatures(int classes, int n, int d, std::vector<int> &labels, quint64 seed)
{
    torch::manual_seed(seed);
    std::vector<torch::Tensor> rows;
    for (int c = 0; c < classes; ++c) {
        torch::Tensor mean = torch::zeros({d});
        mean[c] = 6.0;
        rows.push_back(torch::randn({n, d}) + mean);
        labels.insert(labels.end(), static_cast<std::size_t>(n), c);
    }
    return torch::cat(rows, 0);
}

/// Share of the films of `files` the classifier refuses, with the refused and accepted names.
double refusedShare(const Classifier &classifier, const QStringList &files, QStringList &accepted,
                    bool stripHeader = false)
{
    int refused = 0;
    for (const QString &f : files) {
        Film film = loadFilm(f);
        if (stripHeader) { // as if the pixels came in a PNG: no modality, body part or view
            FilmMetadata bare;
            bare.sourcePath = f;
            bare.format = QStringLiteral("PNG");
            bare.width = film.meta.width;
            bare.height = film.meta.height;
            film.meta = bare;
        }
        const Prediction p = classifier.predict(film);
        if (p.applicability.applicable)
            accepted << QFileInfo(f).fileName();
        else
            ++refused;
    }
    return files.isEmpty() ? 0.0 : double(refused) / files.size();
}

QStringList imagesIn(const QString &dir, const QStringList &patterns = {QStringLiteral("*.png")})
{
    QStringList out;
    for (const QString &name : QDir(dir).entryList(patterns, QDir::Files, QDir::Name))
        out << QDir(dir).filePath(name);
    return out;
}

} // namespace

class TestApplicability : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void header_data();
    void header();
    void realDicomHeaders();
    void densityAcceptsItsOwnAndRefusesFarPoints();
    void densityRoundTripsThroughTheModelFile();
    void damagedStatisticsAreRefused();
    void bundledModelRefuses_data();
    void bundledModelRefuses();
    void bundledModelAcceptsChestFilms();
    void lungCheckRefusesLateralFilms();
    void spineIsNotTheChest();
    void cliReportsApplicability();
    void evaluateLeavesOutInapplicableFilms();
};

void TestApplicability::header_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("modality");
    QTest::addColumn<QString>("bodyPart");
    QTest::addColumn<QString>("view");
    QTest::addColumn<int>("frames");
    QTest::addColumn<QString>("reason"); // empty: applicable

    QTest::newRow("png has no header") << "PNG"
                                       << ""
                                       << ""
                                       << "" << 1 << "";
    QTest::newRow("CR chest PA") << "DICOM"
                                 << "CR"
                                 << "CHEST"
                                 << "PA" << 1 << "";
    QTest::newRow("DX without body part or view") << "DICOM"
                                                  << "DX"
                                                  << ""
                                                  << "" << 1 << "";
    QTest::newRow("DX thorax AP") << "DICOM"
                                  << "DX"
                                  << "THORAX"
                                  << "AP" << 1 << "";
    QTest::newRow("lower-case chest") << "DICOM"
                                      << "cr"
                                      << " chest "
                                      << "pa" << 1 << "";
    QTest::newRow("no modality") << "DICOM"
                                 << ""
                                 << ""
                                 << "" << 1 << "";
    QTest::newRow("CT") << "DICOM"
                        << "CT"
                        << "CHEST"
                        << "" << 1 << "modality";
    QTest::newRow("MR") << "DICOM"
                        << "MR"
                        << ""
                        << "" << 1 << "modality";
    QTest::newRow("US") << "DICOM"
                        << "US"
                        << ""
                        << "" << 1 << "modality";
    QTest::newRow("NM") << "DICOM"
                        << "NM"
                        << "WHOLE BODY"
                        << "" << 1 << "modality";
    QTest::newRow("OT") << "DICOM"
                        << "OT"
                        << ""
                        << "" << 1 << "modality";
    QTest::newRow("SC") << "DICOM"
                        << "SC"
                        << "CHEST"
                        << "PA" << 1 << "modality";
    QTest::newRow("CR hip") << "DICOM"
                            << "CR"
                            << "HIP"
                            << "" << 1 << "body-part";
    QTest::newRow("CR extremity") << "DICOM"
                                  << "CR"
                                  << "EXTREMITY"
                                  << "AP" << 1 << "body-part";
    QTest::newRow("DX chest LL") << "DICOM"
                                 << "DX"
                                 << "CHEST"
                                 << "LL" << 1 << "lateral-view";
    QTest::newRow("DX chest RL") << "DICOM"
                                 << "DX"
                                 << "CHEST"
                                 << "RL" << 1 << "lateral-view";
    QTest::newRow("CR chest LATERAL") << "DICOM"
                                      << "CR"
                                      << "CHEST"
                                      << "LATERAL" << 1 << "lateral-view";
    QTest::newRow("DX multi-frame") << "DICOM"
                                    << "DX"
                                    << "CHEST"
                                    << "PA" << 12 << "multi-frame";
}

void TestApplicability::header()
{
    QFETCH(QString, format);
    QFETCH(QString, modality);
    QFETCH(QString, bodyPart);
    QFETCH(QString, view);
    QFETCH(int, frames);
    QFETCH(QString, reason);
    FilmMetadata m = dicomMeta(modality, bodyPart, view, frames);
    m.format = format;
    const Applicability a = headerApplicability(m);
    QCOMPARE(a.reasonCode(), reason);
    QCOMPARE(a.applicable, reason.isEmpty());
    QCOMPARE(a.explanation.isEmpty(), reason.isEmpty());
    QVERIFY(!a.pixelChecked());
    if (!reason.isEmpty())
        QVERIFY2(
            a.sentence().startsWith(QStringLiteral("This does not look like a frontal chest radiograph: ")),
            qPrintable(a.sentence()));
}

void TestApplicability::realDicomHeaders()
{
    CHESTLENS_REQUIRE_DATA(dicom, "dicom");
    const QStringList files = imagesIn(dicom, {QStringLiteral("*.dcm")});
    QVERIFY(files.size() >= 10);
    for (const QString &f : files) {
        const bool chest = QFileInfo(f).fileName().startsWith(QStringLiteral("CR_chest"));
        const Applicability a = headerApplicability(loadFilm(f).meta);
        QVERIFY2(a.applicable == chest, qPrintable(QStringLiteral("%1: %2").arg(f, a.explanation)));
    }
}

void TestApplicability::densityAcceptsItsOwnAndRefusesFarPoints()
{
    std::vector<int> trainLabels, valLabels, testLabels;
    const torch::Tensor train = gaussianFeatures(3, 400, 16, trainLabels, 1);
    const torch::Tensor val = gaussianFeatures(3, 200, 16, valLabels, 2);
    const torch::Tensor test = gaussianFeatures(3, 300, 16, testLabels, 3);
    ml::DensityOptions o;
    o.components = 8;
    o.acceptRate = 0.99;
    const ml::FeatureDensity fd = ml::fitFeatureDensity(train, trainLabels, 3, val, o);
    QCOMPARE(fd.fittedOn, 1200);
    QCOMPARE(fd.thresholdOn, 600);
    // The threshold accepts 99 % of the validation points and about as many fresh ones.
    const int64_t valAccepted = (fd.distances(val) <= fd.threshold).sum().item<int64_t>();
    QVERIFY2(valAccepted >= 594 && valAccepted <= 597,
             qPrintable(QString::number(valAccepted))); // 99 % of 600
    const double testAccepted =
        (fd.distances(test) <= fd.threshold).to(torch::kFloat64).mean().item<double>();
    QVERIFY2(testAccepted > 0.97, qPrintable(QString::number(testAccepted)));
    // Points far from every class (opposite all class means, or along a direction never seen) are refused.
    torch::Tensor between = torch::zeros({1, 16});
    between[0][0] = between[0][1] = between[0][2] = -4.0;
    torch::Tensor offAxis = torch::zeros({1, 16});
    offAxis[0][0] = 6.0;
    offAxis[0][15] = 8.0;
    QVERIFY(fd.distances(between)[0].item<double>() > fd.threshold);
    QVERIFY(fd.distances(offAxis)[0].item<double>() > fd.threshold);
    const Applicability a =
        Applicability::fromDistance(fd.distances(offAxis)[0].item<double>(), fd.threshold);
    QCOMPARE(a.reasonCode(), QStringLiteral("far-from-training"));
    QVERIFY(a.pixelChecked());
}

void TestApplicability::densityRoundTripsThroughTheModelFile()
{
    QTemporaryDir dir;
    const ml::ArchitectureSpec spec = test::blobSpec(QStringLiteral("resnet"), 64);
    ml::ChestNet net = test::makeBlobNetwork(QStringLiteral("resnet"), 64);
    torch::manual_seed(5);
    const torch::Tensor images = torch::randint(0, 256, {40, 1, 64, 64}).to(torch::kUInt8);
    ml::DensityOptions o;
    o.components = 4;
    o.grid = 2;
    const ml::PooledForward f = ml::pooledForwardAll(*net, images, "", o.grid);
    std::vector<int> labels;
    for (int i = 0; i < 30; ++i)
        labels.push_back(i % 2);
    const ml::FeatureDensity fd =
        ml::fitFeatureDensity(f.features.narrow(0, 0, 30), labels, 2, f.features.narrow(0, 30, 10), o);
    const QString path = dir.filePath(QStringLiteral("m.clm"));
    test::writeModel(path, *net, spec, test::blobClasses(), test::blobPreprocessing(64));
    ml::ModelFileContents c;
    ml::loadModel(path, &c);
    c.metadata[QStringLiteral("applicability")] = fd.toJson();
    c.extra = fd.tensorBlob();
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(ml::encodeModelFile(c));
    out.close();

    const auto classifier = Classifier::load(path);
    QVERIFY(classifier->hasPixelCheck());
    const ml::FeatureDensity &loaded = classifier->d_func()->model.density;
    QCOMPARE(loaded.threshold, fd.threshold);
    QVERIFY(torch::allclose(loaded.distances(f.features), fd.distances(f.features)));
    // predict() reports the distance of the film's own features.
    const Film film = test::filmFromImage(test::makeSyntheticFilm({}));
    const PreparedImage prepared = classifier->prepare(film);
    const torch::Tensor x =
        torch::from_blob(const_cast<uint8_t *>(prepared.pixels.data()), {1, 1, 64, 64}, torch::kUInt8)
            .clone();
    const double expected =
        fd.distances(ml::pooledForwardAll(*net, x, "", o.grid).features)[0].item<double>();
    const Prediction p = classifier->predict(film);
    QVERIFY(p.applicability.pixelChecked());
    QVERIFY2(std::abs(p.applicability.score - expected) < 1e-4 * std::max(1.0, expected),
             qPrintable(QStringLiteral("%1 vs %2").arg(p.applicability.score).arg(expected)));
    QCOMPARE(p.applicability.applicable, expected <= fd.threshold);
}

void TestApplicability::damagedStatisticsAreRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("m.clm"));
    test::writeBlobModel(path, QStringLiteral("resnet"), 64);
    ml::ModelFileContents c;
    ml::loadModel(path, &c);
    c.metadata[QStringLiteral("applicability")] = QJsonObject{
        {QStringLiteral("classes"), 2}, {QStringLiteral("features"), 16}, {QStringLiteral("components"), 0}};
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(ml::encodeModelFile(c));
    out.close();
    try {
        Classifier::load(path);
        QFAIL("a model with damaged applicability statistics was loaded");
    } catch (const Error &e) {
        QCOMPARE(e.code(), ErrorCode::InvalidModel);
        QVERIFY2(e.message().contains(path) && e.message().contains(QStringLiteral("applicability")),
                 qPrintable(e.message()));
    }
}

void TestApplicability::bundledModelRefuses_data()
{
    QTest::addColumn<QString>("folder"); // below the shared data folder
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<bool>("stripHeader");
    QTest::addColumn<double>("minRefused");
    // Floors a little under what the bundled models measure (docs/APPLICABILITY.md): CT 27/27,
    // lateral 23/23, the non-chest DICOMs 12/12 from their pixels alone.
    QTest::newRow("CT slices") << "ood/ct"
                               << "*.png" << false << 0.95;
    QTest::newRow("lateral chest films") << "ood/lateral"
                                         << "*.png" << false << 0.95;
    QTest::newRow("non-chest DICOM, header") << "dicom"
                                             << "*.dcm" << false << 1.0;
    QTest::newRow("non-chest DICOM, pixels only") << "dicom"
                                                  << "*.dcm" << true << 0.95;
}

void TestApplicability::bundledModelRefuses()
{
    QFETCH(QString, folder);
    QFETCH(QString, pattern);
    QFETCH(bool, stripHeader);
    QFETCH(double, minRefused);
    CHESTLENS_REQUIRE_DATA(dir, "ood");
    const QString path = test::dataPath(folder);
    if (path.isEmpty())
        QSKIP(qPrintable(QStringLiteral("shared data '%1' not found").arg(folder)));
    const auto classifier = Classifier::load(defaultModelPath());
    QVERIFY2(classifier->hasPixelCheck(), "the bundled model carries no applicability statistics");
    QStringList files = imagesIn(path, {pattern});
    files.removeIf(
        [](const QString &f) { return QFileInfo(f).fileName().startsWith(QStringLiteral("CR_chest")); });
    QVERIFY(files.size() >= 10);
    QStringList accepted;
    const double refused = refusedShare(*classifier, files, accepted, stripHeader);
    QVERIFY2(refused >= minRefused, qPrintable(QStringLiteral("%1 % refused; accepted: %2")
                                                   .arg(refused * 100.0)
                                                   .arg(accepted.join(QStringLiteral(", ")))));
}

void TestApplicability::bundledModelAcceptsChestFilms()
{
    CHESTLENS_REQUIRE_DATA(cxr4, "cxr4");
    const auto classifier = Classifier::load(defaultModelPath());
    QVERIFY2(classifier->hasLungCheck(), "the bundled lung model was not found or not loaded");
    const QStringList films = test::pngFilms(60);
    QVERIFY(films.size() >= 30);
    QStringList accepted;
    const double refused = refusedShare(*classifier, films, accepted);
    QVERIFY2(refused <= 0.05, qPrintable(QStringLiteral("%1 % of chest films refused").arg(refused * 100.0)));
    // The two real chest DICOMs pass both checks.
    CHESTLENS_REQUIRE_DATA(dicom, "dicom");
    for (const QString &f : imagesIn(dicom, {QStringLiteral("CR_chest*.dcm")})) {
        const Applicability a = classifier->predict(loadFilm(f)).applicability;
        QVERIFY2(a.applicable, qPrintable(QStringLiteral("%1: %2").arg(f, a.explanation)));
    }
}

void TestApplicability::lungCheckRefusesLateralFilms()
{
    CHESTLENS_REQUIRE_DATA(lateral, "ood/lateral");
    const auto classifier = Classifier::load(defaultModelPath());
    QVERIFY(classifier->hasLungCheck());
    int refused = 0;
    const QStringList films = imagesIn(lateral);
    for (const QString &f : films) {
        const Applicability a = classifier->checkFilm(loadFilm(f));
        if (!a.applicable) {
            QCOMPARE(a.reasonCode(), QStringLiteral("no-lung-fields"));
            ++refused;
        }
    }
    // Measured 14 of 23: a lateral film shows one lung field, or two on one side.
    QVERIFY2(refused * 2 > films.size(),
             qPrintable(QStringLiteral("%1 of %2").arg(refused).arg(films.size())));
}

void TestApplicability::spineIsNotTheChest()
{
    for (const QString &part : {QStringLiteral("THORACIC SPINE"), QStringLiteral("TSPINE")}) {
        const Applicability a = headerApplicability(dicomMeta(QStringLiteral("DX"), part, QString(), 1));
        QCOMPARE(a.reasonCode(), QStringLiteral("body-part"));
    }
    // A distance that is not a number is refused, not waved through.
    QCOMPARE(Applicability::fromDistance(std::nan(""), 1.0).reasonCode(),
             QStringLiteral("far-from-training"));
}

void TestApplicability::cliReportsApplicability()
{
    CHESTLENS_REQUIRE_DATA(dicom, "dicom");
    const QString ct = QDir(dicom).filePath(QStringLiteral("CT_small.dcm"));
    const QString chest = QDir(dicom).filePath(QStringLiteral("CR_chest_RG1_JLSN.dcm"));
    const test::ProcessResult json =
        test::runCli({QStringLiteral("predict"), QStringLiteral("--json"), ct, chest});
    QVERIFY2(json.finished && json.exitCode == 0, qPrintable(test::describe(json)));
    const QList<QByteArray> lines = json.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    const QJsonObject ctRow = QJsonDocument::fromJson(lines[0]).object();
    QCOMPARE(ctRow.value(QStringLiteral("applicable")).toBool(true), false);
    const QJsonObject why = ctRow.value(QStringLiteral("applicability")).toObject();
    QCOMPARE(why.value(QStringLiteral("reason")).toString(), QStringLiteral("modality"));
    QVERIFY(why.value(QStringLiteral("score")).isDouble());
    QVERIFY(why.value(QStringLiteral("threshold")).isDouble());
    const QJsonObject chestRow = QJsonDocument::fromJson(lines[1]).object();
    QCOMPARE(chestRow.value(QStringLiteral("applicable")).toBool(false), true);
    QVERIFY(
        chestRow.value(QStringLiteral("applicability")).toObject().value(QStringLiteral("reason")).isNull());

    const test::ProcessResult table = test::runCli({QStringLiteral("predict"), ct});
    QVERIFY2(table.finished && table.exitCode == 0, qPrintable(test::describe(table)));
    QVERIFY2(table.out.contains("n/a") && table.out.contains("CT image"), table.out.constData());
}

void TestApplicability::evaluateLeavesOutInapplicableFilms()
{
    CHESTLENS_REQUIRE_DATA(ct, "ood/ct");
    const QStringList films = test::pngFilms(6);
    QVERIFY(films.size() >= 6);
    QTemporaryDir dir;
    for (const QString &c : {QStringLiteral("covid"), QStringLiteral("normal")})
        QVERIFY(QDir(dir.path()).mkpath(c));
    for (const QString &f : films)
        QVERIFY(QFile::copy(
            f, dir.filePath(QFileInfo(f).dir().dirName() == QLatin1String("covid") ? "covid/" : "normal/") +
                   QFileInfo(f).fileName()));
    const QStringList slices = imagesIn(ct).mid(0, 3);
    for (const QString &f : slices)
        QVERIFY(QFile::copy(f, dir.filePath(QStringLiteral("normal/") + QFileInfo(f).fileName())));
    const test::ProcessResult r = test::runCli(
        {QStringLiteral("evaluate"), QStringLiteral("--data"), dir.path(), QStringLiteral("--json")});
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(test::describe(r)));
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    const QJsonArray inapplicable = o.value(QStringLiteral("inapplicable")).toArray();
    const QString listed = QJsonDocument(inapplicable).toJson();
    for (const QString &f : slices)
        QVERIFY2(listed.contains(QStringLiteral("normal/") + QFileInfo(f).fileName()), qPrintable(listed));
    // Every film is either scored or listed, never both.
    QCOMPARE(o.value(QStringLiteral("n")).toInt() + inapplicable.size(), int(films.size() + slices.size()));
    QVERIFY(o.value(QStringLiteral("n")).toInt() >= int(films.size()) - 1);
}

QTEST_GUILESS_MAIN(TestApplicability)
#include "test_applicability.moc"
