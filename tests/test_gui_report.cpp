// The report export dialog on the offscreen platform: its controls and defaults, an
// export of one PNG that produces a PDF, and a cancelled batch export that writes nothing. The
// report's content is tested in test_report.cpp; here only what the dialog adds.

#include "core/paths.h"
#include "support/testdata.h"
#include "ui/report/reportdialog.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace chestlens;
using namespace chestlens::ui;

namespace {

/// Generous: loading the model and analysing a film takes about a second, more on a busy machine.
constexpr int kWaitMs = 120'000;

template <typename T> T *child(QWidget &parent, const char *name)
{
    T *w = parent.findChild<T *>(QString::fromLatin1(name));
    if (!w)
        qWarning("no child '%s'", name);
    return w;
}

} // namespace

class TestGuiReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The offscreen platform says so whenever a window's minimum size changes; nothing to test.
        static const QtMessageHandler previous = qInstallMessageHandler(
            [](QtMsgType type, const QMessageLogContext &context, const QString &message) {
                if (!message.contains(QLatin1String("does not support propagateSizeHints")))
                    previous(type, context, message);
            });
        QVERIFY2(QFileInfo::exists(defaultModelPath()),
                 qPrintable(QStringLiteral("bundled model not staged at %1 (build chestlens_resources)")
                                .arg(defaultModelPath())));
    }

    void anonymizeIsDefaultAndExcludesPatientFields()
    {
        ReportDialog dialog({QStringLiteral("/films/a.png")}, QString(), ReportOptions());
        auto *anonymize = child<QCheckBox>(dialog, "anonymize");
        auto *patient = child<QCheckBox>(dialog, "includePatient");
        QVERIFY(anonymize && patient);
        QVERIFY(anonymize->isChecked());
        QVERIFY(!patient->isEnabled());
        QVERIFY(dialog.options().anonymize);
        QVERIFY(!dialog.options().includePatient);

        anonymize->setChecked(false);
        QVERIFY(patient->isEnabled());
        patient->setChecked(true);
        QVERIFY(dialog.options().includePatient);
        // Turning anonymise back on clears and disables the patient switch.
        anonymize->setChecked(true);
        QVERIFY(!patient->isChecked());
        QVERIFY(!patient->isEnabled());
        QVERIFY(!dialog.options().includePatient);
        // The default output name carries nothing of the film's name.
        QVERIFY(!QFileInfo(dialog.outputPath()).fileName().contains(QStringLiteral("a.png")));
        QVERIFY(dialog.outputPath().endsWith(QStringLiteral(".pdf")));
    }

    void exportsOnePng()
    {
        CHESTLENS_REQUIRE_DATA(cxr4, "cxr4");
        const QString film = test::pngFilms(1).value(0);
        ReportOptions analysis;
        analysis.opacity = 0.6;
        ReportDialog dialog({film}, defaultModelPath(), analysis);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QString pdf = m_dir.filePath(QStringLiteral("dialog.pdf"));
        child<QLineEdit>(dialog, "outputPath")->setText(pdf);
        child<QPlainTextEdit>(dialog, "findingsNote")->setPlainText(QStringLiteral("typed in the dialog"));
        QCOMPARE(dialog.options().opacity, 0.6); // the viewer's settings travel with the request
        QCOMPARE(dialog.options().note, QStringLiteral("typed in the dialog"));

        QSignalSpy finished(&dialog, &ReportDialog::exportFinished);
        QTest::mouseClick(child<QPushButton>(dialog, "exportButton"), Qt::LeftButton);
        QVERIFY(dialog.isRunning());
        QVERIFY(!child<QPushButton>(dialog, "exportButton")->isEnabled());
        QVERIFY(finished.wait(kWaitMs));
        const auto outcome = finished.first().first().value<ReportOutcome>();
        QVERIFY2(outcome.ok, qPrintable(outcome.message));
        QCOMPARE(outcome.pages, 1);
        QCOMPARE(outcome.path, pdf);
        QVERIFY(!dialog.isRunning());
        QFile f(pdf);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.size() > 10'000);
        QCOMPARE(f.read(5), QByteArray("%PDF-"));
        QVERIFY(child<QPushButton>(dialog, "exportButton")->isEnabled());
    }

    void cancelledBatchWritesNothing()
    {
        CHESTLENS_REQUIRE_DATA(cxr4, "cxr4");
        const QStringList films = test::pngFilms(8);
        QCOMPARE(films.size(), 8);
        ReportDialog dialog(films, defaultModelPath(), ReportOptions());
        dialog.show();
        const QString pdf = m_dir.filePath(QStringLiteral("cancelled.pdf"));
        dialog.setOutputPath(pdf);
        QSignalSpy finished(&dialog, &ReportDialog::exportFinished);
        dialog.startExport();
        QVERIFY(child<QProgressBar>(dialog, "reportProgress")->isVisible());
        // Cancel is the running job's button; the job sees the flag before its first film.
        auto *cancel = child<QPushButton>(dialog, "cancelButton");
        QCOMPARE(cancel->text(), QStringLiteral("Cancel"));
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(finished.wait(kWaitMs));
        const auto outcome = finished.first().first().value<ReportOutcome>();
        QVERIFY(!outcome.ok);
        QVERIFY2(outcome.cancelled, qPrintable(outcome.message));
        QVERIFY(!QFileInfo::exists(pdf));
        QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("cancelled*")}, QDir::Files), QStringList());
        QVERIFY(dialog.isVisible()); // Cancel stopped the export, not the dialog
    }

    void closingWhileRunningCancelsAndCloses()
    {
        CHESTLENS_REQUIRE_DATA(cxr4, "cxr4");
        ReportDialog dialog(test::pngFilms(4), defaultModelPath(), ReportOptions());
        dialog.show();
        const QString pdf = m_dir.filePath(QStringLiteral("closed.pdf"));
        dialog.setOutputPath(pdf);
        QSignalSpy finished(&dialog, &ReportDialog::exportFinished);
        dialog.startExport();
        dialog.reject();             // Esc or the window's close button
        QVERIFY(dialog.isVisible()); // until the job has stopped
        QVERIFY(finished.wait(kWaitMs));
        QTRY_VERIFY(!dialog.isVisible());
        QVERIFY(!QFileInfo::exists(pdf));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestGuiReport)
#include "test_gui_report.moc"
