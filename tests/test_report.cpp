// PDF reports: single films (PNG and DICOM), batches, de-identification, atomic writes
// and cancellation, through the core API and through `chestlens-cli report`.
//
// The PDF is read back with poppler's pdftotext / pdfinfo (package poppler-utils, listed in
// packaging/build-deps.txt); without them the tests that need them skip and say so. The model is
// the bundled default (staged to <build>/share/chestlens by the chestlens_resources target).
//
// QTEST_MAIN (a QGuiApplication, offscreen): drawing text into a PDF needs Qt's font database.

#include "core/error.h"
#include "core/film/filmloader.h"
#include "core/ml/classifier.h"
#include "core/paths.h"
#include "core/report/deidentify.h"
#include "core/report/pdfreport.h"
#include "support/dicomsynth.h"
#include "support/process.h"
#include "support/testdata.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <unistd.h>

#include <memory>

using namespace chestlens;
using namespace chestlens::test;

namespace {

/// Loading the model and analysing a film takes about a second; a shared CI machine may be slow.
#define REQUIRE_POPPLER()                                                                                    \
    if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty() ||                             \
        QStandardPaths::findExecutable(QStringLiteral("pdfinfo")).isEmpty())                                 \
    QSKIP("pdftotext/pdfinfo not found: install poppler-utils (packaging/build-deps.txt) to read the "       \
          "reports back")

/// The PDF's text as `pdftotext -layout` extracts it (table rows stay on one line).
QString pdfText(const QString &pdf)
{
    const ProcessResult r =
        runProcess(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
    if (!r.finished || r.exitCode != 0)
        qWarning().noquote() << "pdftotext failed:" << describe(r);
    return QString::fromUtf8(r.out);
}

/// `pdfinfo` (document info dictionary) followed by `pdfinfo -meta` (the XMP metadata stream).
QString pdfInfo(const QString &pdf)
{
    const ProcessResult info = runProcess(QStringLiteral("pdfinfo"), {pdf});
    const ProcessResult meta = runProcess(QStringLiteral("pdfinfo"), {QStringLiteral("-meta"), pdf});
    return QString::fromUtf8(info.out) + QLatin1Char('\n') + QString::fromUtf8(meta.out);
}

int pdfPages(const QString &pdf)
{
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("^Pages:\\s+(\\d+)"), QRegularExpression::MultilineOption)
            .match(pdfInfo(pdf));
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

QString percentText(double probability)
{
    return QString::number(probability * 100.0, 'f', 1) + QStringLiteral(" %");
}

/// True when a line of `text` holds `className` followed by `percent` (a probability table row).
bool hasProbabilityRow(const QString &text, const QString &className, const QString &percent)
{
    const QString pattern =
        QStringLiteral("(^|\\s)%1\\s+%2")
            .arg(QRegularExpression::escape(className), QRegularExpression::escape(percent));
    return QRegularExpression(pattern, QRegularExpression::MultilineOption).match(text).hasMatch();
}

/// Every file below `dir`, relative paths, sorted.
QStringList filesIn(const QString &dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << QDir(dir).relativeFilePath(it.next());
    out.sort();
    return out;
}

} // namespace

class TestReport : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Classifier> m_classifier;
    QString m_phiDicom; ///< a film whose header and file name carry the PHI below
    /// Identifying values written into m_phiDicom; an anonymised report must contain none.
    const QStringList m_phi{QStringLiteral("Doe^Johnathan"),
                            QStringLiteral("Johnathan"),
                            QStringLiteral("PID-4711-X"),
                            QStringLiteral("19700412"),
                            QStringLiteral("ACC-99887766"),
                            QStringLiteral("Saint Elsewhere"),
                            QStringLiteral("Ehrlich"),
                            QStringLiteral("1.2.826.0.1.3680043.8.498.4711"),
                            QStringLiteral("Doe_Johnathan_chest")};

    QString out(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase();

    void deidentifyCoversEveryPatientField();
    void scrubRemovesKnownValuesOnly();

    void singleFilmReport_data();
    void singleFilmReport();
    void batchHasSummaryPageFirst();
    void longBatchSummaryContinues();
    void anonymizeRemovesPhi_data();
    void anonymizeRemovesPhi();
    void patientFieldsOnlyOnRequest();
    void unwritablePathLeavesNothing_data();
    void unwritablePathLeavesNothing();
    void cancelLeavesNoFile();
    void unreadableFilmInBatchIsListed();

    void cliReportMatchesPredict();
    void cliAnonymizeAndIncludePatient();
    void cliErrors();
};

void TestReport::initTestCase()
{
    QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
    const QString model = defaultModelPath();
    QVERIFY2(
        QFileInfo::exists(model),
        qPrintable(QStringLiteral("bundled model not staged at %1 (build the chestlens_resources target)")
                       .arg(model)));
    m_classifier = Classifier::load(model);

    SynthSpec spec;
    spec.width = 160;
    spec.height = 192;
    spec.windows = {{2048.0, 4096.0}};
    auto ds = makeDataset(spec);
    ds->putAndInsertString(DCM_PatientName, "Doe^Johnathan");
    ds->putAndInsertString(DCM_PatientID, "PID-4711-X");
    ds->putAndInsertString(DCM_PatientBirthDate, "19700412");
    ds->putAndInsertString(DCM_AccessionNumber, "ACC-99887766");
    ds->putAndInsertString(DCM_InstitutionName, "Saint Elsewhere Hospital");
    ds->putAndInsertString(DCM_ReferringPhysicianName, "Ehrlich^Paulina");
    ds->putAndInsertString(DCM_StudyInstanceUID, "1.2.826.0.1.3680043.8.498.4711");
    m_phiDicom = out(QStringLiteral("Doe_Johnathan_chest.dcm"));
    const QString err = writeDataset(*ds, m_phiDicom);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    // The loader must see the values, or the anonymisation test below would prove nothing.
    const Film film = loadFilm(m_phiDicom);
    QCOMPARE(film.patient.patientName, QStringLiteral("Doe^Johnathan"));
    QCOMPARE(film.patient.studyInstanceUid, QStringLiteral("1.2.826.0.1.3680043.8.498.4711"));
}

void TestReport::deidentifyCoversEveryPatientField()
{
    PatientInfo p;
    // Fill every field through fields()'s own list, so a field added to PatientInfo later is covered.
    for (QString *v : {&p.patientName,
                       &p.patientId,
                       &p.otherPatientIds,
                       &p.birthDate,
                       &p.sex,
                       &p.age,
                       &p.studyDate,
                       &p.studyTime,
                       &p.seriesDate,
                       &p.acquisitionDate,
                       &p.contentDate,
                       &p.accessionNumber,
                       &p.institutionName,
                       &p.institutionAddress,
                       &p.referringPhysician,
                       &p.performingPhysician,
                       &p.operatorsName,
                       &p.studyDescription,
                       &p.studyId,
                       &p.studyInstanceUid,
                       &p.seriesInstanceUid,
                       &p.sopInstanceUid,
                       &p.deviceSerialNumber,
                       &p.stationName})
        *v = QStringLiteral("x");
    const auto fields = p.fields();
    QCOMPARE(fields.size(), 24);
    for (const auto &[keyword, value] : fields)
        QVERIFY2(isIdentifyingAttribute(keyword),
                 qPrintable(keyword + QStringLiteral(" is not in the profile table")));
    QVERIFY(withoutIdentifyingFields(fields).isEmpty());
    // Non-identifying attributes pass.
    const QList<QPair<QString, QString>> mixed{{QStringLiteral("Modality"), QStringLiteral("CR")},
                                               {QStringLiteral("PatientName"), QStringLiteral("Doe^John")}};
    const auto kept = withoutIdentifyingFields(mixed);
    QCOMPARE(kept.size(), 1);
    QCOMPARE(kept.first().first, QStringLiteral("Modality"));
    QCOMPARE(anonymousFilmLabel(0), QStringLiteral("Film 1"));
}

void TestReport::scrubRemovesKnownValuesOnly()
{
    PatientInfo p;
    p.patientName = QStringLiteral("Doe^Johnathan");
    p.birthDate = QStringLiteral("19700412");
    p.referringPhysician = QStringLiteral("Ehrlich^Paulina");
    const QString text = QStringLiteral("Johnathan Doe (born 19700412), sent by Dr Paulina Ehrlich. Does not "
                                        "compare with /data/Doe_Johnathan_chest.dcm.");
    const QString scrubbed = scrubIdentifiers(text, p, {QStringLiteral("/data/Doe_Johnathan_chest.dcm")});
    for (const QString &gone : {QStringLiteral("Johnathan"), QStringLiteral("19700412"),
                                QStringLiteral("Ehrlich"), QStringLiteral("Paulina"), QStringLiteral("Doe ")})
        QVERIFY2(!scrubbed.contains(gone), qPrintable(scrubbed));
    QVERIFY2(scrubbed.contains(QStringLiteral("Does not compare")), qPrintable(scrubbed)); // whole words only
    QVERIFY(scrubbed.contains(QStringLiteral("[removed]")));
}

void TestReport::singleFilmReport_data()
{
    QTest::addColumn<QString>("film");
    QTest::addColumn<bool>("letter");
    QTest::addColumn<QString>("pdfinfoSize");
    QTest::addColumn<bool>("applicable"); // the synthetic film has no lungs: the report says so
    const QStringList pngs = pngFilms(1);
    if (!pngs.isEmpty())
        QTest::newRow("png, A4") << pngs.first() << false << QStringLiteral("595 x 842 pts") << true;
    QTest::newRow("synthetic DICOM, Letter") << QString() << true << QStringLiteral("612 x 792 pts") << false;
    const QString shared = dataPath(QStringLiteral("dicom/CR_chest_RG1_JLSN.dcm"));
    if (!shared.isEmpty())
        QTest::newRow("JPEG-LS DICOM, A4") << shared << false << QStringLiteral("595 x 842 pts") << true;
}

void TestReport::singleFilmReport()
{
    REQUIRE_POPPLER();
    QFETCH(QString, film);
    QFETCH(bool, letter);
    QFETCH(QString, pdfinfoSize);
    QFETCH(bool, applicable);
    if (film.isEmpty())
        film = m_phiDicom;
    ReportOptions options;
    options.pageSize = letter ? ReportPageSize::Letter : ReportPageSize::A4;
    options.note = QStringLiteral("Reader note: clear lungs, no effusion.");
    const QString pdf = out(QStringLiteral("single.pdf"));
    QFile::remove(pdf);
    const ReportResult r = writeReport(*m_classifier, {film}, pdf, options);
    QCOMPARE(r.pages, 1);
    QCOMPARE(r.summaryPages, 0);
    QCOMPARE(pdfPages(pdf), 1);
    QVERIFY2(pdfInfo(pdf).contains(pdfinfoSize), qPrintable(pdfInfo(pdf)));

    // The probabilities printed are those Classifier::predict gives for the same film and model.
    const Prediction expected = m_classifier->predict(loadFilm(film));
    const QString text = pdfText(pdf);
    for (int c = 0; c < expected.classes.size(); ++c) {
        const QString pct = percentText(expected.probabilities[std::size_t(c)]);
        QVERIFY2(hasProbabilityRow(text, expected.classes[c], pct),
                 qPrintable(QStringLiteral("no row '%1 %2' in:\n%3").arg(expected.classes[c], pct, text)));
    }
    QCOMPARE(expected.applicability.applicable, applicable);
    const QString headline =
        applicable ? QStringLiteral("Predicted: %1 (%2)")
                         .arg(expected.topClass(), percentText(expected.topProbability))
                   : QStringLiteral("Not applicable: %1").arg(expected.applicability.explanation);
    // pdftotext may wrap the headline; the layout's column text lies between its lines.
    const QString firstWords = headline.section(QLatin1Char(' '), 0, 4);
    QVERIFY2(text.contains(firstWords), qPrintable(QStringLiteral("no '%1' in:\n%2").arg(firstWords, text)));
    QCOMPARE(text.contains(QStringLiteral("meaningless for this image")), !applicable);
    QVERIFY2(text.contains(m_classifier->info().sha256), qPrintable(text));
    QVERIFY(!m_classifier->info().sha256.isEmpty());
    QVERIFY2(text.contains(QStringLiteral("Research use only — not for clinical diagnosis")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Page 1/1")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Report ") + r.reportId), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("clear lungs, no effusion")), qPrintable(text));
    QVERIFY2(text.contains(QFileInfo(film).fileName()), qPrintable(text)); // not anonymised: named
    QVERIFY2(text.contains(QStringLiteral("In-chest heat fraction")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Grad-CAM of class \"%1\"").arg(expected.topClass())),
             qPrintable(text));
}

void TestReport::batchHasSummaryPageFirst()
{
    REQUIRE_POPPLER();
    CHESTLENS_REQUIRE_DATA(cxr4, "cxr4");
    const QStringList films = pngFilms(3);
    QCOMPARE(films.size(), 3);
    const QString pdf = out(QStringLiteral("batch.pdf"));
    QList<int> done;
    int total = 0;
    ReportProgress progress;
    progress.progress = [&](int d, int t, const QString &) {
        done << d;
        total = t;
    };
    const ReportResult r = writeReport(*m_classifier, films, pdf, {}, progress);
    QCOMPARE(r.summaryPages, 1);
    QCOMPARE(r.pages, 4);
    QCOMPARE(pdfPages(pdf), films.size() + 1);
    QCOMPARE(total, 2 * int(films.size()));
    QCOMPARE(done, (QList<int>{1, 2, 3, 4, 5, 6}));

    const QString text = pdfText(pdf);
    // Page 1 is the summary: every film with its top class and probability.
    const QString summary = text.section(QLatin1Char('\f'), 0, 0);
    QVERIFY2(summary.contains(QStringLiteral("Batch summary: 3 films")), qPrintable(summary));
    for (int i = 0; i < films.size(); ++i) {
        const Prediction p = m_classifier->predict(loadFilm(films[i]));
        const QString name = QFileInfo(films[i]).fileName();
        const QRegularExpression row(QStringLiteral("%1\\s+%2\\s+%3")
                                         .arg(QRegularExpression::escape(name), p.topClass(),
                                              QRegularExpression::escape(percentText(p.topProbability))));
        QVERIFY2(row.match(summary).hasMatch(),
                 qPrintable(QStringLiteral("no row for %1 in:\n%2").arg(name, summary)));
        // …and page i + 2 is that film's.
        QVERIFY2(text.section(QLatin1Char('\f'), i + 1, i + 1).contains(name), qPrintable(name));
    }
    for (int page = 1; page <= 4; ++page)
        QVERIFY(text.contains(QStringLiteral("Page %1/4").arg(page)));
    QCOMPARE(text.count(QStringLiteral("Research use only — not for clinical diagnosis")), 4);
}

void TestReport::longBatchSummaryContinues()
{
    REQUIRE_POPPLER();
    CHESTLENS_REQUIRE_DATA(cxr4, "cxr4");
    // One analysed film under 45 names: the layout is what is tested, not the model.
    const ReportData one = collectReportData(*m_classifier, pngFilms(1).value(0));
    QList<ReportData> films;
    constexpr int kFilms = 45;
    for (int i = 0; i < kFilms; ++i) {
        ReportData d = one;
        d.filePath = QStringLiteral("/study/film_%1.png").arg(i + 1, 2, 10, QLatin1Char('0'));
        films << d;
    }
    const QString pdf = out(QStringLiteral("long.pdf"));
    const ReportResult r = writeReport(m_classifier->info(), films, pdf);
    QVERIFY2(r.summaryPages >= 2, qPrintable(QString::number(r.summaryPages)));
    QCOMPARE(r.pages, kFilms + r.summaryPages);
    QCOMPARE(pdfPages(pdf), r.pages);
    const QString text = pdfText(pdf);
    const QStringList pages = text.split(QLatin1Char('\f'));
    const QString summary = pages.mid(0, r.summaryPages).join(QLatin1Char('\n'));
    QVERIFY(pages.value(1).contains(QStringLiteral("Films (continued)")));
    for (int i = 1; i <= kFilms; ++i) {
        const QString name = QStringLiteral("film_%1.png").arg(i, 2, 10, QLatin1Char('0'));
        QCOMPARE(summary.count(name), 1); // every row once, none lost at a page break
        QVERIFY(pages.value(r.summaryPages + i - 1).contains(name));
    }
}

void TestReport::anonymizeRemovesPhi_data()
{
    QTest::addColumn<bool>("batch");
    QTest::addColumn<bool>("alsoIncludePatient");
    QTest::newRow("single film") << false << false;
    QTest::newRow("single film, include-patient also set (anonymize wins)") << false << true;
    QTest::newRow("batch with a PNG") << true << false;
}

void TestReport::anonymizeRemovesPhi()
{
    REQUIRE_POPPLER();
    QFETCH(bool, batch);
    QFETCH(bool, alsoIncludePatient);
    QStringList films{m_phiDicom};
    if (batch) {
        const QStringList pngs = pngFilms(1);
        if (pngs.isEmpty())
            QSKIP("shared data 'cxr4' not found: set CHESTLENS_DATA or place ../shared/data beside the "
                  "repository");
        films << pngs;
    }
    ReportOptions options;
    options.anonymize = true;
    options.includePatient = alsoIncludePatient;
    options.note = QStringLiteral("Compared with the 2019 film of Johnathan Doe (ID PID-4711-X).");
    const QString pdf = out(QStringLiteral("anonymous.pdf"));
    const ReportResult r = writeReport(*m_classifier, films, pdf, options);
    const QString text = pdfText(pdf);
    const QString info = pdfInfo(pdf);
    QVERIFY2(text.contains(QStringLiteral("Film 1")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Compared with the 2019 film of [removed]")), qPrintable(text));
    QVERIFY2(info.contains(r.reportId), qPrintable(info)); // the title is the report id
    for (const QString &value : m_phi) {
        QVERIFY2(!text.contains(value, Qt::CaseInsensitive),
                 qPrintable(QStringLiteral("'%1' in the text").arg(value)));
        QVERIFY2(!info.contains(value, Qt::CaseInsensitive),
                 qPrintable(QStringLiteral("'%1' in the metadata").arg(value)));
    }
    // Nor any folder name of the inputs.
    QVERIFY(!text.contains(QFileInfo(m_phiDicom).absolutePath()));
}

void TestReport::patientFieldsOnlyOnRequest()
{
    REQUIRE_POPPLER();
    const QString pdf = out(QStringLiteral("patient.pdf"));
    ReportOptions options;
    writeReport(*m_classifier, {m_phiDicom}, pdf, options);
    QString text = pdfText(pdf);
    for (const QString &value : {QStringLiteral("Doe^Johnathan"), QStringLiteral("PID-4711-X"),
                                 QStringLiteral("ACC-99887766"), QStringLiteral("Saint Elsewhere")})
        QVERIFY2(!text.contains(value),
                 qPrintable(QStringLiteral("'%1' printed without being asked for").arg(value)));

    options.includePatient = true;
    writeReport(*m_classifier, {m_phiDicom}, pdf, options);
    text = pdfText(pdf);
    for (const QString &value :
         {QStringLiteral("Doe^Johnathan"), QStringLiteral("PID-4711-X"), QStringLiteral("ACC-99887766"),
          QStringLiteral("Saint Elsewhere Hospital"), QStringLiteral("1.2.826.0.1.3680043.8.498.4711")})
        QVERIFY2(text.contains(value),
                 qPrintable(QStringLiteral("'%1' missing with includePatient:\n%2").arg(value, text)));
}

void TestReport::unwritablePathLeavesNothing_data()
{
    QTest::addColumn<QString>("relative");
    QTest::newRow("missing folder") << QStringLiteral("no/such/folder/report.pdf");
    QTest::newRow("parent is a file") << QStringLiteral("plain.txt/report.pdf");
    QTest::newRow("read-only folder") << QStringLiteral("readonly/report.pdf");
}

void TestReport::unwritablePathLeavesNothing()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile plain(dir.filePath(QStringLiteral("plain.txt")));
    QVERIFY(plain.open(QIODevice::WriteOnly));
    plain.close();
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("readonly")));
    QFile::setPermissions(dir.filePath(QStringLiteral("readonly")), QFile::ReadOwner | QFile::ExeOwner);
    QFETCH(QString, relative);
    if (relative.startsWith(QLatin1String("readonly")) && geteuid() == 0)
        QSKIP("running as root: permissions do not stop root from writing");
    const QStringList before = filesIn(dir.path());
    const QString pdf = dir.filePath(relative);
    try {
        writeReport(*m_classifier, {m_phiDicom}, pdf);
        QFAIL("writing to an unwritable path succeeded");
    } catch (const Error &e) {
        QCOMPARE(e.code(), ErrorCode::WriteFailed);
        QVERIFY2(e.message().contains(pdf), qPrintable(e.message()));
        QVERIFY2(e.message().contains(QStringLiteral("cannot create")), qPrintable(e.message()));
    }
    QFile::setPermissions(dir.filePath(QStringLiteral("readonly")),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QCOMPARE(filesIn(dir.path()), before);
}

void TestReport::cancelLeavesNoFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString pdf = dir.filePath(QStringLiteral("report.pdf"));
    QFile old(pdf);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("an older report");
    old.close();
    QStringList films{m_phiDicom, m_phiDicom, m_phiDicom};
    for (int stopAfter : {1, 4}) { // during the analysis, and while pages are drawn
        int steps = 0;
        ReportProgress progress;
        progress.progress = [&](int, int, const QString &) { ++steps; };
        progress.cancelled = [&] { return steps >= stopAfter; };
        try {
            writeReport(*m_classifier, films, pdf, {}, progress);
            QFAIL("a cancelled report was written");
        } catch (const Error &e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
            QVERIFY2(e.message().contains(pdf), qPrintable(e.message()));
        }
        QCOMPARE(steps, stopAfter);
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("report.pdf")}); // no temporary file left
        QVERIFY(old.open(QIODevice::ReadOnly));
        QCOMPARE(old.readAll(), QByteArray("an older report"));
        old.close();
    }
}

void TestReport::unreadableFilmInBatchIsListed()
{
    REQUIRE_POPPLER();
    const QString broken = out(QStringLiteral("Doe_Johnathan_broken.png"));
    QFile f(broken);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not an image");
    f.close();
    const QString pdf = out(QStringLiteral("partial.pdf"));
    ReportOptions options;
    options.anonymize = true;
    const ReportResult r = writeReport(*m_classifier, {m_phiDicom, broken}, pdf, options);
    QCOMPARE(r.failures.size(), 1);
    QCOMPARE(r.failures.first().file, broken);
    QCOMPARE(r.pages, 2); // summary + the readable film
    QCOMPARE(pdfPages(pdf), 2);
    const QString text = pdfText(pdf);
    QVERIFY2(text.contains(QStringLiteral("not read:")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("Johnathan")),
             qPrintable(text)); // the error does not name the file

    // A single unreadable film is an error, and no file is written.
    const QString none = out(QStringLiteral("none.pdf"));
    QVERIFY_THROWS_EXCEPTION(Error, writeReport(*m_classifier, {broken}, none));
    QVERIFY(!QFileInfo::exists(none));
}

void TestReport::cliReportMatchesPredict()
{
    REQUIRE_POPPLER();
    if (cliPath().isEmpty())
        QSKIP("CHESTLENS_CLI is not set: run this test through ctest");
    CHESTLENS_REQUIRE_DATA(cxr4, "cxr4");
    const QString film = pngFilms(1).value(0);
    const QString pdf = out(QStringLiteral("cli.pdf"));
    const ProcessResult r = runProcess(cliPath(), {QStringLiteral("report"), film, QStringLiteral("--out"),
                                                   pdf, QStringLiteral("--json"), QStringLiteral("--note"),
                                                   QStringLiteral("CLI note")});
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(describe(r)));
    const QJsonObject result = QJsonDocument::fromJson(r.out.trimmed()).object();
    QCOMPARE(result.value(QStringLiteral("pages")).toInt(), 1);
    QCOMPARE(result.value(QStringLiteral("out")).toString(), pdf);
    QCOMPARE(pdfPages(pdf), 1);

    const ProcessResult p =
        runProcess(cliPath(), {QStringLiteral("predict"), film, QStringLiteral("--json")});
    QVERIFY2(p.finished && p.exitCode == 0, qPrintable(describe(p)));
    const QJsonObject probs =
        QJsonDocument::fromJson(p.out.trimmed()).object().value(QStringLiteral("probabilities")).toObject();
    QVERIFY(!probs.isEmpty());
    const QString text = pdfText(pdf);
    for (auto it = probs.begin(); it != probs.end(); ++it)
        QVERIFY2(
            hasProbabilityRow(text, it.key(), percentText(it.value().toDouble())),
            qPrintable(
                QStringLiteral("%1 %2 not in:\n%3").arg(it.key(), percentText(it.value().toDouble()), text)));
    QVERIFY(text.contains(QStringLiteral("CLI note")));
}

void TestReport::cliAnonymizeAndIncludePatient()
{
    REQUIRE_POPPLER();
    if (cliPath().isEmpty())
        QSKIP("CHESTLENS_CLI is not set: run this test through ctest");
    const QString pdf = out(QStringLiteral("cli-anon.pdf"));
    ProcessResult r = runProcess(cliPath(), {QStringLiteral("report"), m_phiDicom, QStringLiteral("--out"),
                                             pdf, QStringLiteral("--anonymize"),
                                             QStringLiteral("--page-size"), QStringLiteral("letter")});
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(describe(r)));
    const QString text = pdfText(pdf) + pdfInfo(pdf);
    QVERIFY(text.contains(QStringLiteral("612 x 792 pts")));
    for (const QString &value : m_phi)
        QVERIFY2(!text.contains(value, Qt::CaseInsensitive),
                 qPrintable(QStringLiteral("'%1' in the report").arg(value)));

    // The same film with --include-patient: the name is there, so the switch above did something.
    const QString named = out(QStringLiteral("cli-named.pdf"));
    r = runProcess(cliPath(), {QStringLiteral("report"), m_phiDicom, QStringLiteral("--out"), named,
                               QStringLiteral("--include-patient")});
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(describe(r)));
    const QString namedText = pdfText(named);
    QVERIFY2(namedText.contains(QStringLiteral("Doe^Johnathan")), qPrintable(namedText));
    QVERIFY2(namedText.contains(QStringLiteral("PID-4711-X")), qPrintable(namedText));
}

void TestReport::cliErrors()
{
    if (cliPath().isEmpty())
        QSKIP("CHESTLENS_CLI is not set: run this test through ctest");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // Contradictory switches: a usage error, nothing written.
    const QString pdf = dir.filePath(QStringLiteral("both.pdf"));
    ProcessResult r =
        runProcess(cliPath(), {QStringLiteral("report"), m_phiDicom, QStringLiteral("--out"), pdf,
                               QStringLiteral("--anonymize"), QStringLiteral("--include-patient")});
    QVERIFY2(r.finished && r.exitCode == 2, qPrintable(describe(r)));
    QVERIFY2(r.err.contains("--anonymize and --include-patient"), qPrintable(describe(r)));
    r = runProcess(cliPath(), {QStringLiteral("report"), m_phiDicom, QStringLiteral("--out"), pdf,
                               QStringLiteral("--page-size"), QStringLiteral("A3")});
    QVERIFY2(r.finished && r.exitCode == 2, qPrintable(describe(r)));
    // Unwritable output: exit 1, the message names the path, nothing left behind.
    const QString unwritable = dir.filePath(QStringLiteral("missing/report.pdf"));
    r = runProcess(cliPath(), {QStringLiteral("report"), m_phiDicom, QStringLiteral("--out"), unwritable});
    QVERIFY2(r.finished && r.exitCode == 1, qPrintable(describe(r)));
    QVERIFY2(QString::fromUtf8(r.err).contains(unwritable), qPrintable(describe(r)));
    QCOMPARE(filesIn(dir.path()), QStringList());
}

QTEST_MAIN(TestReport)
#include "test_report.moc"
