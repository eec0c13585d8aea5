// Privacy: no patient or study field of a DICOM reaches the CLI's output (text, JSON, CSV, PNG,
// PDF, error messages) or the viewer's window title, log, messages and panels unless the user opted
// in. A film whose every identifying attribute carries a unique marker is run through every
// command; each output is searched for every marker. The opt-in paths are checked to show the
// markers, so the searches demonstrably look in the right place.
#include "core/film/filmloader.h"
#include "support/dicomsynth.h"
#include "support/process.h"
#include "support/testdata.h"
#include "ui/viewer/mainwindow.h"
#include "ui/viewer/messagebar.h"
#include "ui/viewer/metadatapanel.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>

#include <QAbstractButton>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>
#include <QTreeWidget>

using namespace chestlens;
using namespace chestlens::test;
using namespace chestlens::ui;

namespace {

constexpr int kWaitMs = 120'000;

/// Every identifying attribute ChestLens reads (PatientInfo), each with a marker found nowhere else.
const QList<QPair<DcmTagKey, QString>> kPhi = {
    {DCM_PatientName, QStringLiteral("Zyxwvut^Privacia")},
    {DCM_PatientID, QStringLiteral("PRIV-ID-31337")},
    {DCM_RETIRED_OtherPatientIDs, QStringLiteral("OTHER-ID-55501")},
    {DCM_PatientBirthDate, QStringLiteral("19230517")},
    {DCM_PatientAge, QStringLiteral("077Y")},
    {DCM_StudyDate, QStringLiteral("19990311")},
    {DCM_StudyTime, QStringLiteral("134659")},
    {DCM_SeriesDate, QStringLiteral("19990312")},
    {DCM_AcquisitionDate, QStringLiteral("19990313")},
    {DCM_ContentDate, QStringLiteral("19990314")},
    {DCM_AccessionNumber, QStringLiteral("ACCN-8675309")},
    {DCM_InstitutionName, QStringLiteral("Qwertyville General")},
    {DCM_InstitutionAddress, QStringLiteral("12 Hidden Lane")},
    {DCM_ReferringPhysicianName, QStringLiteral("Refdoc^Xanthippe")},
    {DCM_PerformingPhysicianName, QStringLiteral("Perfdoc^Yolanda")},
    {DCM_OperatorsName, QStringLiteral("Opname^Quentin")},
    {DCM_StudyDescription, QStringLiteral("STUDYDESC-PRIVATE")},
    {DCM_StudyID, QStringLiteral("SID-424242")},
    {DCM_StudyInstanceUID, QStringLiteral("1.2.826.0.1.3680043.8.498.313371")},
    {DCM_SeriesInstanceUID, QStringLiteral("1.2.826.0.1.3680043.8.498.313372")},
    {DCM_SOPInstanceUID, QStringLiteral("1.2.826.0.1.3680043.8.498.313373")},
    {DCM_DeviceSerialNumber, QStringLiteral("SER-77665544")},
    {DCM_StationName, QStringLiteral("STATION-ZETA9")},
};

/// The markers, plus the parts of person names a careless formatter might print on their own.
QStringList markers()
{
    QStringList m;
    for (const auto &[tag, value] : kPhi) {
        m << value;
        if (value.contains(QLatin1Char('^')))
            m << value.split(QLatin1Char('^'));
    }
    return m;
}

/// The markers found in `text` (case-insensitive).
QStringList leaks(const QString &text)
{
    QStringList found;
    for (const QString &m : markers())
        if (text.contains(m, Qt::CaseInsensitive))
            found << m;
    return found;
}

QString readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()) : QString();
}

/// All text a user can see in a window: title, labels, buttons, editors, trees, status bar.
QString visibleText(QWidget *window)
{
    QStringList parts{window->windowTitle()};
    for (auto *w : window->findChildren<QLabel *>())
        parts << w->text() << w->toolTip();
    for (auto *w : window->findChildren<QAbstractButton *>())
        parts << w->text() << w->toolTip();
    for (auto *w : window->findChildren<QLineEdit *>())
        parts << w->text();
    for (auto *w : window->findChildren<QPlainTextEdit *>())
        parts << w->toPlainText();
    for (auto *w : window->findChildren<QTextEdit *>())
        parts << w->toPlainText();
    for (auto *tree : window->findChildren<QTreeWidget *>())
        for (QTreeWidgetItemIterator it(tree); *it; ++it)
            for (int c = 0; c < tree->columnCount(); ++c)
                parts << (*it)->text(c) << (*it)->toolTip(c);
    for (auto *bar : window->findChildren<QStatusBar *>())
        parts << bar->currentMessage();
    return parts.join(QLatin1Char('\n'));
}

} // namespace

class TestGuiPrivacy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void loaderSeesEveryField();
    void cliOutputs_data();
    void cliOutputs();
    void cliErrorMessages();
    void cliOptInShowsThem();
    void viewerWithoutOptIn();
    void viewerErrorWithoutOptIn();

private:
    QTemporaryDir m_dir;
    QString m_film;   ///< labelled/covid/film-a.dcm: every field above, a neutral file name
    QString m_broken; ///< the same header with its pixel data cut short
    QString m_labelled;

    QString path(const QString &name) const { return m_dir.filePath(name); }
};

void TestGuiPrivacy::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    m_labelled = path(QStringLiteral("labelled"));
    QVERIFY(QDir().mkpath(m_labelled + QStringLiteral("/covid")) &&
            QDir().mkpath(m_labelled + QStringLiteral("/normal")));

    SynthSpec spec;
    spec.width = 160;
    spec.height = 192;
    spec.windows = {{2048.0, 4096.0}};
    auto ds = makeDataset(spec);
    for (const auto &[tag, value] : kPhi)
        QVERIFY(ds->putAndInsertString(tag, value.toLatin1().constData()).good());
    m_film = m_labelled + QStringLiteral("/covid/film-a.dcm");
    QString err = writeDataset(*ds, m_film);
    QVERIFY2(err.isEmpty(), qPrintable(err));
    // A second, different film of the other class so that evaluate/audit/dedup have two classes.
    spec.values = syntheticValues(spec);
    std::reverse(spec.values.begin(), spec.values.end());
    auto ds2 = makeDataset(spec);
    for (const auto &[tag, value] : kPhi)
        QVERIFY(ds2->putAndInsertString(tag, value.toLatin1().constData()).good());
    err = writeDataset(*ds2, m_labelled + QStringLiteral("/normal/film-b.dcm"));
    QVERIFY2(err.isEmpty(), qPrintable(err));

    // The broken copy: header intact, last 4 kB of pixel data missing.
    QFile in(m_film);
    QVERIFY(in.open(QIODevice::ReadOnly));
    const QByteArray bytes = in.readAll();
    m_broken = path(QStringLiteral("broken.dcm"));
    QFile out(m_broken);
    QVERIFY(out.open(QIODevice::WriteOnly) && out.write(bytes.left(bytes.size() - 4096)) > 0);
}

void TestGuiPrivacy::loaderSeesEveryField()
{
    // Without this, a marker missing from every output could mean it was never read at all.
    const Film film = loadFilm(m_film);
    QStringList values;
    for (const auto &[key, value] : film.patient.fields())
        values << value;
    for (const auto &[tag, value] : kPhi)
        QVERIFY2(values.contains(value),
                 qPrintable(value + QStringLiteral(" not read: ") + values.join(QStringLiteral(", "))));
}

void TestGuiPrivacy::cliOutputs_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("files"); // written by the command, searched too
    const QString f = m_film;
    QTest::newRow("info") << QStringList{QStringLiteral("info"), f} << QStringList{};
    QTest::newRow("info --json") << QStringList{QStringLiteral("info"), f, QStringLiteral("--json")}
                                 << QStringList{};
    QTest::newRow("predict --json --csv")
        << QStringList{QStringLiteral("predict"), f, QStringLiteral("--json"), QStringLiteral("--csv"),
                       path(QStringLiteral("p.csv"))}
        << QStringList{path(QStringLiteral("p.csv"))};
    QTest::newRow("predict folder") << QStringList{QStringLiteral("predict"), m_labelled} << QStringList{};
    QTest::newRow("explain --json --csv")
        << QStringList{QStringLiteral("explain"),    f,
                       QStringLiteral("--out"),      path(QStringLiteral("e.png")),
                       QStringLiteral("--json"),     QStringLiteral("--csv"),
                       path(QStringLiteral("e.csv"))}
        << QStringList{path(QStringLiteral("e.png")), path(QStringLiteral("e.csv"))};
    QTest::newRow("report (PDF text and metadata)")
        << QStringList{QStringLiteral("report"), f, QStringLiteral("--out"), path(QStringLiteral("r.pdf")),
                       QStringLiteral("--json")}
        << QStringList{path(QStringLiteral("r.pdf"))};
    QTest::newRow("evaluate --json") << QStringList{QStringLiteral("evaluate"), QStringLiteral("--data"),
                                                    m_labelled, QStringLiteral("--json")}
                                     << QStringList{};
    QTest::newRow("evaluate") << QStringList{QStringLiteral("evaluate"), QStringLiteral("--data"), m_labelled}
                              << QStringList{};
    QTest::newRow("audit --json") << QStringList{QStringLiteral("audit"), QStringLiteral("--data"),
                                                 m_labelled, QStringLiteral("--json")}
                                  << QStringList{};
    QTest::newRow("dedup --json") << QStringList{QStringLiteral("dedup"), QStringLiteral("--data"),
                                                 m_labelled, QStringLiteral("--json")}
                                  << QStringList{};
}

void TestGuiPrivacy::cliOutputs()
{
    QFETCH(QStringList, args);
    QFETCH(QStringList, files);
    if (cliPath().isEmpty())
        QSKIP("CHESTLENS_CLI is not set: run this test through ctest");
    const ProcessResult r = runProcess(cliPath(), args);
    QVERIFY2(r.finished, qPrintable(describe(r)));
    // Exit codes vary (audit/evaluate may judge two films too few); what matters is what is printed.
    QString text = QString::fromUtf8(r.out) + QString::fromUtf8(r.err);
    for (const QString &file : files) {
        QVERIFY2(QFileInfo::exists(file), qPrintable(file + QStringLiteral(" not written\n") + describe(r)));
        text += readAll(file); // raw bytes: PNG text chunks, PDF metadata and streams
        if (file.endsWith(QLatin1String(".pdf"))) {
            const ProcessResult t = runProcess(QStringLiteral("pdftotext"), {file, QStringLiteral("-")});
            const ProcessResult i = runProcess(QStringLiteral("pdfinfo"), {file});
            QVERIFY2(t.finished && t.exitCode == 0, "pdftotext (poppler-utils) is needed");
            text += QString::fromUtf8(t.out) + QString::fromUtf8(i.out);
        }
    }
    QVERIFY2(!text.trimmed().isEmpty(), qPrintable(describe(r)));
    const QStringList found = leaks(text);
    QVERIFY2(found.isEmpty(), qPrintable(QStringLiteral("patient data in the output of %1: %2\n%3")
                                             .arg(args.join(QLatin1Char(' ')),
                                                  found.join(QStringLiteral(", ")), text.left(3000))));
}

void TestGuiPrivacy::cliErrorMessages()
{
    if (cliPath().isEmpty())
        QSKIP("CHESTLENS_CLI is not set: run this test through ctest");
    for (const QStringList &args :
         {QStringList{QStringLiteral("info"), m_broken}, QStringList{QStringLiteral("predict"), m_broken},
          QStringList{QStringLiteral("explain"), m_broken, QStringLiteral("--out"),
                      path(QStringLiteral("x.png"))},
          QStringList{QStringLiteral("report"), m_broken, QStringLiteral("--out"),
                      path(QStringLiteral("x.pdf"))}}) {
        const ProcessResult r = runProcess(cliPath(), args);
        QVERIFY2(r.finished && r.exitCode != 0, qPrintable(describe(r)));
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.contains(QStringLiteral("broken.dcm")) &&
                     err.contains(QStringLiteral("truncated"), Qt::CaseInsensitive),
                 qPrintable(describe(r)));
        const QStringList found = leaks(err + QString::fromUtf8(r.out));
        QVERIFY2(found.isEmpty(),
                 qPrintable(QStringLiteral("patient data in the error of %1: %2")
                                .arg(args.join(QLatin1Char(' ')), found.join(QStringLiteral(", ")))));
    }
}

void TestGuiPrivacy::cliOptInShowsThem()
{
    if (cliPath().isEmpty())
        QSKIP("CHESTLENS_CLI is not set: run this test through ctest");
    const ProcessResult r =
        runProcess(cliPath(), {QStringLiteral("info"), m_film, QStringLiteral("--include-patient")});
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(describe(r)));
    const QString text = QString::fromUtf8(r.out);
    for (const auto &[tag, value] : kPhi)
        QVERIFY2(text.contains(value),
                 qPrintable(value + QStringLiteral(" missing from --include-patient:\n") + text));
}

void TestGuiPrivacy::viewerWithoutOptIn()
{
    MainWindow::Options o;
    o.useSettings = false;
    MainWindow w(o);
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.openFile(m_film);
    QTRY_VERIFY_WITH_TIMEOUT(w.isDisplayComplete(), kWaitMs);
    QVERIFY(!w.metadataPanel()->showsPatient());
    QStringList found = leaks(visibleText(&w));
    QVERIFY2(found.isEmpty(), qPrintable(QStringLiteral("patient data shown without opt-in: ") +
                                         found.join(QStringLiteral(", "))));

    // Opting in shows them (in the metadata panel only), so the search above looks where they would be.
    w.metadataPanel()->setShowPatient(true);
    const QString shown = w.metadataPanel()->shownValues().join(QLatin1Char('\n'));
    QVERIFY2(shown.contains(QStringLiteral("Zyxwvut^Privacia")) || shown.contains(QStringLiteral("Zyxwvut")),
             qPrintable(shown));
    found = leaks(w.windowTitle());
    QVERIFY2(found.isEmpty(),
             qPrintable(QStringLiteral("patient data in the window title: ") + w.windowTitle()));
}

void TestGuiPrivacy::viewerErrorWithoutOptIn()
{
    MainWindow::Options o;
    o.useSettings = false;
    MainWindow w(o);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.openFile(m_broken);
    QTRY_VERIFY_WITH_TIMEOUT(w.findChild<MessageBar *>()->isShown(), kWaitMs);
    const QString text = visibleText(&w) + w.findChild<MessageBar *>()->text();
    QVERIFY2(text.contains(QStringLiteral("broken.dcm")), qPrintable(text.left(2000)));
    const QStringList found = leaks(text);
    QVERIFY2(found.isEmpty(), qPrintable(QStringLiteral("patient data in the error shown: ") +
                                         found.join(QStringLiteral(", "))));
}

QTEST_MAIN(TestGuiPrivacy)
#include "test_gui_privacy.moc"
