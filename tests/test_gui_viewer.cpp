// The desktop viewer on the offscreen platform: opening films, probabilities, heatmap,
// window/level, errors, drag & drop, settings, responsiveness and --screenshot.
//
// A model is needed for predictions. The bundled default is used when it exists; otherwise a
// tiny two-class model is trained once in initTestCase with `chestlens-cli train` on 24 films of
// the shared cxr4 set (64 px, one epoch: it only has to produce probabilities and heatmaps).

#include "core/colormap.h"
#include "core/paths.h"
#include "support/testdata.h"
#include "ui/viewer/applicabilitybanner.h"
#include "ui/viewer/filmbrowser.h"
#include "ui/viewer/filmview.h"
#include "ui/viewer/heatmapcontrols.h"
#include "ui/viewer/heatmapoverlay.h"
#include "ui/viewer/mainwindow.h"
#include "ui/viewer/messagebar.h"
#include "ui/viewer/metadatapanel.h"
#include "ui/viewer/probabilitypanel.h"
#include "ui/viewer/recentfiles.h"
#include "ui/viewer/shortcutsdialog.h"
#include "ui/viewer/viewersession.h"
#include "ui/viewer/windowpresets.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMimeData>
#include <QPainter>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrl>
#include <QtTest/QtTest>

#include <cmath>
#include <memory>

using namespace chestlens;
using namespace chestlens::ui;

namespace {

/// Generous: the CI machine is shared, and a first prediction loads the model.
constexpr int kWaitMs = 120000;

QStringList filmsOf(const QString &folder, int n)
{
    QDir dir(folder);
    QStringList out;
    for (const QString &f : dir.entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name)) {
        if (out.size() >= n)
            break;
        out << dir.absoluteFilePath(f);
    }
    return out;
}

/// Pixels of `a` and `b` (same size) whose colours differ by more than `tolerance` in any channel.
int differingPixels(const QImage &a, const QImage &b, int tolerance = 2)
{
    if (a.size() != b.size())
        return std::max(a.width() * a.height(), b.width() * b.height());
    const QImage x = a.convertToFormat(QImage::Format_RGB32);
    const QImage y = b.convertToFormat(QImage::Format_RGB32);
    int n = 0;
    for (int r = 0; r < x.height(); ++r) {
        const auto *p = reinterpret_cast<const QRgb *>(x.constScanLine(r));
        const auto *q = reinterpret_cast<const QRgb *>(y.constScanLine(r));
        for (int c = 0; c < x.width(); ++c)
            if (std::abs(qRed(p[c]) - qRed(q[c])) > tolerance ||
                std::abs(qGreen(p[c]) - qGreen(q[c])) > tolerance ||
                std::abs(qBlue(p[c]) - qBlue(q[c])) > tolerance)
                ++n;
    }
    return n;
}

QImage grabView(MainWindow &w)
{
    return w.filmView()->grab().toImage();
}

void sendMouse(QWidget *w, QEvent::Type type, const QPointF &pos, Qt::MouseButton button,
               Qt::MouseButtons buttons)
{
    QMouseEvent e(type, pos, w->mapToGlobal(pos), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

} // namespace

class TestGuiViewer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void opensFilmAndShowsProbabilities_data();
    void opensFilmAndShowsProbabilities();
    void heatmapToggleChangesPixels();
    void heatmapAppearanceNeedsNoWorker();
    void windowLevelChangesPixels_data();
    void windowLevelChangesPixels();
    void corruptFileKeepsPreviousFilm();
    void dropFolderFillsBrowser();
    void settingsRoundTrip();
    void patientFieldsOnlyWhenEnabled();
    void uncertainPredictionShowsCaution();
    void inapplicableFilmShowsBannerUntilShownAnyway();
    void overlayMatchesCoreBlend();
    void windowPresetsDiffer();
    void shortcutsDialogListsActions();
    void staysResponsiveWhileExplaining();
    void screenshotCommand();
    void screenshotOfMissingFileFails();

private:
    std::unique_ptr<MainWindow> makeWindow(bool useSettings = false);
    /// Opens `path` in `w` and waits until it is fully displayed.
    bool openAndSettle(MainWindow &w, const QString &path);
    QString pngFilm() const;

    QTemporaryDir m_tmp;
    QString m_model;
    QString m_modelSkipReason;
};

void TestGuiViewer::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    // The offscreen platform says so whenever a window's minimum size changes; nothing to test.
    static const QtMessageHandler previous =
        qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &context, const QString &message) {
            if (!message.contains(QLatin1String("does not support propagateSizeHints")))
                previous(type, context, message);
        });
    // Settings go to a private folder, never to the user's.
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                       m_tmp.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("ChestLensTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_gui_viewer"));

    if (QFileInfo::exists(defaultModelPath())) {
        m_model = defaultModelPath();
        return;
    }
    const QString cxr4 = test::dataPath(QStringLiteral("cxr4"));
    const QString cli = test::cliPath();
    if (cxr4.isEmpty() || cli.isEmpty() || !QFileInfo(cli).isExecutable()) {
        m_modelSkipReason =
            QStringLiteral("no model: the bundled default is absent, and training one needs the shared "
                           "cxr4 data and CHESTLENS_CLI");
        return;
    }
    // Twelve films of two classes each: enough for `train` to split, learn something and calibrate.
    const QString data = m_tmp.filePath(QStringLiteral("train"));
    for (const QString &cls : {QStringLiteral("covid"), QStringLiteral("normal")}) {
        QVERIFY(QDir().mkpath(data + QLatin1Char('/') + cls));
        for (const QString &f : filmsOf(cxr4 + QLatin1Char('/') + cls, 12))
            QVERIFY(
                QFile::link(f, data + QLatin1Char('/') + cls + QLatin1Char('/') + QFileInfo(f).fileName()));
    }
    const QString model = m_tmp.filePath(QStringLiteral("tiny.clm"));
    QProcess train;
    train.setProcessChannelMode(QProcess::MergedChannels);
    train.start(cli, {QStringLiteral("train"), QStringLiteral("--data"), data, QStringLiteral("--out"), model,
                      QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--image-size"),
                      QStringLiteral("64"), QStringLiteral("--arch"), QStringLiteral("seed"),
                      QStringLiteral("--threads"), QStringLiteral("2")});
    if (!train.waitForFinished(600000) || train.exitCode() != 0 || !QFileInfo::exists(model)) {
        m_modelSkipReason = QStringLiteral("no model: `chestlens-cli train` failed: %1")
                                .arg(QString::fromLocal8Bit(train.readAll().right(800)));
        return;
    }
    m_model = model;
}

void TestGuiViewer::init()
{
    // Each test starts from empty settings.
    QSettings().clear();
}

std::unique_ptr<MainWindow> TestGuiViewer::makeWindow(bool useSettings)
{
    MainWindow::Options o;
    o.useSettings = useSettings;
    o.modelPath = m_model;
    auto w = std::make_unique<MainWindow>(o);
    if (!useSettings)
        w->resize(1280, 800); // else the size restored from the settings
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get()))
        return nullptr;
    return w;
}

QString TestGuiViewer::pngFilm() const
{
    const QString cxr4 = test::dataPath(QStringLiteral("cxr4"));
    return cxr4.isEmpty() ? QString() : filmsOf(cxr4 + QStringLiteral("/pneumonia"), 1).value(0);
}

bool TestGuiViewer::openAndSettle(MainWindow &w, const QString &path)
{
    w.openFile(path);
    // displayComplete is emitted once per film; the check covers one that came before the wait.
    QSignalSpy complete(&w, &MainWindow::displayComplete);
    return (w.session()->film().path == path && w.isDisplayComplete()) || complete.wait(kWaitMs) ||
           (w.session()->film().path == path && w.isDisplayComplete());
}

// ---------------------------------------------------------------------------------------------

void TestGuiViewer::opensFilmAndShowsProbabilities_data()
{
    QTest::addColumn<QString>("subfolder");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("format");
    QTest::newRow("PNG radiograph") << "cxr4/covid" << QString() << "PNG";
    QTest::newRow("DICOM CR, JPEG-LS, MONOCHROME1") << "dicom"
                                                    << "CR_chest_RG1_JLSN.dcm"
                                                    << "DICOM";
}

void TestGuiViewer::opensFilmAndShowsProbabilities()
{
    QFETCH(QString, subfolder);
    QFETCH(QString, file);
    QFETCH(QString, format);
    const QString folder = test::dataPath(subfolder); // CHESTLENS_REQUIRE_DATA takes literals only
    if (folder.isEmpty())
        QSKIP(qPrintable(
            QStringLiteral("shared data '%1' not found: set CHESTLENS_DATA or place ../shared/data "
                           "beside the repository")
                .arg(subfolder)));
    if (m_model.isEmpty())
        QSKIP(qPrintable(m_modelSkipReason));
    const QString path = file.isEmpty() ? filmsOf(folder, 1).value(0) : QDir(folder).absoluteFilePath(file);
    auto w = makeWindow();
    QVERIFY(w);
    QSignalSpy predicted(w->session(), &ViewerSession::predictionChanged);
    w->openFile(path);
    QVERIFY(predicted.wait(kWaitMs));

    QCOMPARE(w->session()->film().path, path);
    QCOMPARE(w->session()->film().meta.format, format);
    QVERIFY(w->filmView()->hasFilm());
    ProbabilityPanel *panel = w->probabilityPanel();
    QVERIFY(panel->hasPrediction());
    const QVector<double> p = panel->shownProbabilities();
    QCOMPARE(p.size(), w->session()->model().classes.size());
    double sum = 0.0;
    for (double v : p) {
        QVERIFY(v >= 0.0 && v <= 1.0);
        sum += v;
    }
    QVERIFY2(std::abs(sum - 1.0) < 1e-3, qPrintable(QStringLiteral("probabilities sum to %1").arg(sum)));
    QCOMPARE(panel->highlightedClass(), int(std::max_element(p.begin(), p.end()) - p.begin()));
    // The metadata panel names the format.
    QVERIFY(w->metadataPanel()->shownValues().contains(format));
}

void TestGuiViewer::heatmapToggleChangesPixels()
{
    const QString png = pngFilm();
    if (png.isEmpty())
        QSKIP("shared data 'cxr4' not found");
    if (m_model.isEmpty())
        QSKIP(qPrintable(m_modelSkipReason));
    auto w = makeWindow();
    QVERIFY(w);
    w->heatmapControls()->setHeatmapOn(true);
    w->heatmapControls()->setOpacity(0.6);
    w->heatmapControls()->setThreshold(0.0);
    QVERIFY(openAndSettle(*w, png));
    QVERIFY(w->session()->hasExplanation());
    QVERIFY(!w->filmView()->overlay().isNull());
    const QImage withHeat = grabView(*w);

    // The H key toggles it (a window-wide shortcut).
    w->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w.get()));
    QTest::keyClick(w.get(), Qt::Key_H);
    QVERIFY(!w->heatmapControls()->isHeatmapOn());
    QVERIFY(!w->filmView()->isOverlayVisible());
    QTRY_VERIFY(w->filmView()->isSharp());
    const QImage without = grabView(*w);
    const int changed = differingPixels(withHeat, without);
    QVERIFY2(changed > without.width() * without.height() / 50,
             qPrintable(QStringLiteral("only %1 pixels changed").arg(changed)));

    QTest::keyClick(w.get(), Qt::Key_H);
    QVERIFY(w->heatmapControls()->isHeatmapOn());
    QTRY_VERIFY(w->isDisplayComplete());
    QCOMPARE(differingPixels(withHeat, grabView(*w)), 0);
}

void TestGuiViewer::heatmapAppearanceNeedsNoWorker()
{
    const QString png = pngFilm();
    if (png.isEmpty())
        QSKIP("shared data 'cxr4' not found");
    if (m_model.isEmpty())
        QSKIP(qPrintable(m_modelSkipReason));
    auto w = makeWindow();
    QVERIFY(w);
    w->heatmapControls()->setHeatmapOn(true);
    w->heatmapControls()->setThreshold(0.0);
    QVERIFY(openAndSettle(*w, png));
    const QImage before = grabView(*w);
    QSignalSpy explained(w->session(), &ViewerSession::explanationPending);
    // Colormap and opacity are recolouring only: the picture changes, no new explanation is asked.
    w->heatmapControls()->setColormap(w->heatmapControls()->colormap() == Colormap::Magma ? Colormap::Jet
                                                                                          : Colormap::Magma);
    w->heatmapControls()->setOpacity(0.9);
    QTRY_VERIFY(w->isDisplayComplete());
    QVERIFY(differingPixels(before, grabView(*w)) > 0);
    QCOMPARE(explained.count(), 0);
    // The class to explain does need the worker.
    w->heatmapControls()->findChild<QComboBox *>(QStringLiteral("heatmapMethod"))->setCurrentIndex(1);
    QCOMPARE(explained.count(), 1);
    QSignalSpy changed(w->session(), &ViewerSession::explanationChanged);
    QVERIFY(changed.wait(kWaitMs));
    QCOMPARE(w->session()->explanation().settings.method, CamMethod::GradCamPlusPlus);
}

void TestGuiViewer::windowLevelChangesPixels_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("right drag") << "drag";
    QTest::newRow("lung preset key") << "lung";
    QTest::newRow("invert key") << "invert";
}

void TestGuiViewer::windowLevelChangesPixels()
{
    QFETCH(QString, how);
    const QString png = pngFilm();
    if (png.isEmpty())
        QSKIP("shared data 'cxr4' not found");
    auto w = makeWindow(); // no model needed, but one does no harm
    QVERIFY(w);
    w->heatmapControls()->setHeatmapOn(false);
    QVERIFY(openAndSettle(*w, png));
    const QImage before = grabView(*w);
    const DisplayWindow initial = w->session()->film().window;

    QSignalSpy rendered(w->session(), &ViewerSession::filmRendered);
    ui::FilmView *view = w->filmView();
    if (how == QLatin1String("drag")) {
        const QPointF c = view->rect().center();
        sendMouse(view, QEvent::MouseButtonPress, c, Qt::RightButton, Qt::RightButton);
        sendMouse(view, QEvent::MouseMove, c + QPointF(-120, 80), Qt::NoButton, Qt::RightButton);
        sendMouse(view, QEvent::MouseButtonRelease, c + QPointF(-120, 80), Qt::RightButton, Qt::NoButton);
    } else {
        w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        QTest::keyClick(w.get(), how == QLatin1String("lung") ? Qt::Key_L : Qt::Key_I);
    }
    QVERIFY(rendered.wait(kWaitMs));
    const DisplayWindow now = w->session()->film().window;
    QVERIFY(now.centre != initial.centre || now.width != initial.width || now.invert != initial.invert);
    QTRY_VERIFY(view->isSharp());
    const QImage after = grabView(*w);
    const int changed = differingPixels(before, after);
    QVERIFY2(changed > after.width() * after.height() / 20,
             qPrintable(QStringLiteral("only %1 pixels changed").arg(changed)));
    QCOMPARE(w->session()->film().path, png); // same film, re-rendered
}

void TestGuiViewer::corruptFileKeepsPreviousFilm()
{
    const QString png = pngFilm();
    if (png.isEmpty())
        QSKIP("shared data 'cxr4' not found");
    auto w = makeWindow();
    QVERIFY(w);
    QVERIFY(openAndSettle(*w, png));
    const qint64 shownKey = w->filmView()->film().cacheKey();

    const QString broken = m_tmp.filePath(QStringLiteral("broken_film.png"));
    {
        QFile f(broken);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("\x89PNG\r\n\x1a\n this is not really a PNG, it stops here");
    }
    QSignalSpy failed(w.get(), &MainWindow::openFailed);
    w->openFile(broken);
    QVERIFY(failed.wait(kWaitMs));
    QCOMPARE(failed.first().at(0).toString(), broken);

    // A non-modal message names the file; the previous film stays on screen.
    QVERIFY(w->messageBar()->isShown());
    QCOMPARE(w->messageBar()->level(), MessageBar::Level::Error);
    QVERIFY2(w->messageBar()->text().contains(QStringLiteral("broken_film.png")),
             qPrintable(w->messageBar()->text()));
    QVERIFY(QApplication::activeModalWidget() == nullptr);
    QCOMPARE(w->session()->film().path, png);
    QCOMPARE(w->filmView()->film().cacheKey(), shownKey);

    // A file that does not exist at all: the same, at once.
    failed.clear();
    w->openFile(m_tmp.filePath(QStringLiteral("no_such_film.dcm")));
    QCOMPARE(failed.count(), 1);
    QVERIFY(w->messageBar()->text().contains(QStringLiteral("no_such_film.dcm")));
    QCOMPARE(w->session()->film().path, png);
}

void TestGuiViewer::dropFolderFillsBrowser()
{
    CHESTLENS_REQUIRE_DATA(cxr4, "cxr4");
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QStringList films = filmsOf(cxr4 + QStringLiteral("/normal"), 5);
    QCOMPARE(films.size(), 5);
    for (const QString &f : films)
        QVERIFY(QFile::copy(f, folder.filePath(QFileInfo(f).fileName())));
    QFile notes(folder.filePath(QStringLiteral("notes.txt"))); // not a film: not listed
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.close();

    auto w = makeWindow();
    QVERIFY(w);
    QSignalSpy loaded(w->browser(), &FilmBrowser::folderLoaded);
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(folder.path())});
    const QPoint pos = w->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(w.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(w.get(), &drop);
    QVERIFY(loaded.wait(kWaitMs));

    QCOMPARE(w->browser()->count(), 5);
    QCOMPARE(w->browser()->folder(), QFileInfo(folder.path()).absoluteFilePath());
    // The first film opens, thumbnails arrive, and (with a model) every film gets a class.
    QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(w->session()->film().path).absolutePath(),
                              QFileInfo(folder.path()).absoluteFilePath(), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(w->browser()->thumbnailCount(), 5, kWaitMs);
    if (!m_model.isEmpty()) {
        QTRY_COMPARE_WITH_TIMEOUT(w->browser()->predictedCount(), 5, kWaitMs);
        for (const QString &f : w->browser()->files())
            QVERIFY(w->session()->model().classes.contains(w->browser()->predictedClass(f)));
    }
    QVERIFY(w->recentFiles()->paths().contains(QFileInfo(folder.path()).absoluteFilePath()));
}

void TestGuiViewer::settingsRoundTrip()
{
    const QString png = pngFilm();
    QSize size;
    QList<int> splitter;
    {
        auto w = makeWindow(true);
        QVERIFY(w);
        w->resize(1100, 700);
        QTRY_COMPARE(w->centralWidget()->width(), 1100);
        HeatmapControls *h = w->heatmapControls();
        h->setHeatmapOn(false);
        h->setColormap(Colormap::Inferno);
        h->setOpacity(0.7);
        h->setThreshold(0.35);
        h->setMethod(CamMethod::LayerCam);
        w->metadataPanel()->setShowPatient(true);
        auto *main = w->findChild<QSplitter *>(QStringLiteral("mainSplitter"));
        QVERIFY(main);
        main->setSizes({300, 500, 300});
        splitter = main->sizes();
        if (!png.isEmpty())
            w->recentFiles()->add(png);
        w->recentFiles()->add(m_tmp.path());
        size = w->size();
        w->close();
    }
    auto w = makeWindow(true);
    QVERIFY(w);
    HeatmapControls *h = w->heatmapControls();
    QCOMPARE(h->isHeatmapOn(), false);
    QCOMPARE(h->colormap(), Colormap::Inferno);
    QCOMPARE(h->opacity(), 0.7);
    QCOMPARE(h->threshold(), 0.35);
    QCOMPARE(h->method(), CamMethod::LayerCam);
    QVERIFY(!w->filmView()->isOverlayVisible());
    QCOMPARE(w->metadataPanel()->showsPatient(), true);
    QCOMPARE(w->recentFiles()->paths().value(0), QFileInfo(m_tmp.path()).absoluteFilePath());
    if (!png.isEmpty())
        QCOMPARE(w->recentFiles()->paths().value(1), png);
    QCOMPARE(w->size(), size);
    QTRY_COMPARE(w->findChild<QSplitter *>(QStringLiteral("mainSplitter"))->sizes(), splitter);
    // The model path is remembered only when the user chose one: a model given by the program
    // (here the test's) is not.
    QCOMPARE(QSettings().value(QStringLiteral("model/path")).toString(), QString());
}

void TestGuiViewer::patientFieldsOnlyWhenEnabled()
{
    MetadataPanel panel;
    chestlens::FilmView film;
    film.path = QStringLiteral("/tmp/x.dcm");
    film.meta.format = QStringLiteral("DICOM");
    film.meta.width = 10;
    film.meta.height = 10;
    film.meta.modality = QStringLiteral("DX");
    film.patient.patientName = QStringLiteral("DOE^JANE");
    film.patient.patientId = QStringLiteral("PID-4711");
    panel.setFilm(film);
    QVERIFY(panel.shownValues().contains(QStringLiteral("DX")));
    QVERIFY(!panel.shownValues().contains(QStringLiteral("DOE^JANE")));
    QVERIFY(!panel.shownValues().contains(QStringLiteral("PID-4711")));
    panel.setShowPatient(true);
    QVERIFY(panel.shownValues().contains(QStringLiteral("DOE^JANE")));
    QVERIFY(panel.shownValues().contains(QStringLiteral("PID-4711")));
    panel.setShowPatient(false);
    QVERIFY(!panel.shownValues().contains(QStringLiteral("DOE^JANE")));
}

void TestGuiViewer::uncertainPredictionShowsCaution()
{
    ProbabilityPanel panel;
    Prediction p;
    p.classes = QStringList{QStringLiteral("normal"), QStringLiteral("covid"), QStringLiteral("pneumonia"),
                            QStringLiteral("tuberculosis")};
    p.probabilities = {0.92f, 0.03f, 0.03f, 0.02f};
    p.top = 0;
    p.topProbability = 0.92;
    panel.setPrediction(p);
    QVERIFY(!panel.isCautionShown());
    QCOMPARE(panel.highlightedClass(), 0);

    p.probabilities = {0.30f, 0.41f, 0.20f, 0.09f};
    p.top = 1;
    p.topProbability = 0.41;
    p.uncertain = true;
    panel.setPrediction(p);
    QVERIFY(panel.isCautionShown());
    QCOMPARE(panel.highlightedClass(), 1);
    QVERIFY2(panel.cautionText().contains(QStringLiteral("41 %")), qPrintable(panel.cautionText()));
}

void TestGuiViewer::inapplicableFilmShowsBannerUntilShownAnyway()
{
    CHESTLENS_REQUIRE_DATA(dicom, "dicom");
    if (m_model.isEmpty())
        QSKIP(qPrintable(m_modelSkipReason));
    auto w = makeWindow();
    QVERIFY(w);
    QSignalSpy explained(w->session(), &ViewerSession::explanationChanged);
    // A CT slice: refused by its header, so no heatmap is computed and the bars are grey.
    QVERIFY(openAndSettle(*w, QDir(dicom).filePath(QStringLiteral("CT_small.dcm"))));
    ApplicabilityBanner *banner = w->applicabilityBanner();
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().contains(QStringLiteral("CT image")), qPrintable(banner->text()));
    QVERIFY(w->probabilityPanel()->isGreyedOut());
    QCOMPARE(w->probabilityPanel()->highlightedClass(), -1);
    QCOMPARE(w->probabilityPanel()->headlineText(), QStringLiteral("Not applicable"));
    QVERIFY(!w->session()->hasExplanation());
    QCOMPARE(explained.count(), 0);

    // "Show anyway": the heatmap is computed and the bars regain their colour; the banner stays.
    auto *button = banner->findChild<QPushButton *>(QStringLiteral("showAnywayButton"));
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(explained.wait(kWaitMs));
    QVERIFY(!w->probabilityPanel()->isGreyedOut());
    QCOMPARE(w->probabilityPanel()->highlightedClass(), w->session()->prediction().top);
    QVERIFY(banner->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(w->isDisplayComplete(), kWaitMs);

    // A chest film: no banner.
    QVERIFY(openAndSettle(*w, QDir(dicom).filePath(QStringLiteral("CR_chest_RG1_JLSN.dcm"))));
    QVERIFY(!banner->isVisible());
    QVERIFY(!w->probabilityPanel()->isGreyedOut());
    QVERIFY(w->session()->hasExplanation());
}

void TestGuiViewer::overlayMatchesCoreBlend()
{
    // Painting HeatmapOverlay's image at `opacity` over the film must give core's overlayHeatmap()
    // (what reports show), so the viewer and the report agree.
    QImage grey(64, 48, QImage::Format_Grayscale8);
    QImage heat(64, 48, QImage::Format_Grayscale8);
    for (int y = 0; y < 48; ++y)
        for (int x = 0; x < 64; ++x) {
            grey.scanLine(y)[x] = uchar((x * 4 + y) & 0xff);
            heat.scanLine(y)[x] = uchar(std::min(255, (x + y) * 3));
        }
    for (Colormap map : {Colormap::Turbo, Colormap::Red}) {
        const double opacity = 0.6;
        const double threshold = 0.3;
        const QImage expected = overlayHeatmap(grey, heat, map, opacity, threshold);
        QImage painted = grey.convertToFormat(QImage::Format_RGB32);
        {
            QPainter p(&painted);
            p.setOpacity(opacity);
            p.drawImage(0, 0, HeatmapOverlay::colorize(heat, map, threshold));
        }
        QVERIFY2(differingPixels(expected, painted, 3) == 0, qPrintable(colormapName(map)));
    }
}

void TestGuiViewer::windowPresetsDiffer()
{
    FilmMetadata cr;
    cr.format = QStringLiteral("DICOM");
    cr.modality = QStringLiteral("CR");
    cr.minValue = 0;
    cr.maxValue = 4095;
    cr.windows = {WindowPreset{2000, 3000, QStringLiteral("NORMAL")}};
    DisplayWindow def;
    def.centre = 2000;
    def.width = 3000;
    const auto presets = windowPresets(cr, def, false);
    QCOMPARE(presets.size(), 4); // default, the file's preset, lung, bone
    QCOMPARE(presets[1].name, QStringLiteral("NORMAL"));
    const DisplayWindow lung = presets[lungPresetIndex(presets)];
    const DisplayWindow bone = presets[bonePresetIndex(presets)];
    QVERIFY(lung.centre < def.centre); // MONOCHROME2: air is dark = low values
    QVERIFY(bone.centre > def.centre);
    cr.photometric = QStringLiteral("MONOCHROME1");
    const auto inverted = windowPresets(cr, def, true);
    QVERIFY(inverted[lungPresetIndex(inverted)].centre > def.centre);
    QVERIFY(inverted[lungPresetIndex(inverted)].invert);
    FilmMetadata ct;
    ct.modality = QStringLiteral("CT");
    const auto hu = windowPresets(ct, def, false);
    QCOMPARE(hu[lungPresetIndex(hu)].centre, -600.0);
}

void TestGuiViewer::shortcutsDialogListsActions()
{
    auto w = makeWindow();
    QVERIFY(w);
    QAction *shortcuts = nullptr;
    for (QAction *a : w->actions())
        if (a->shortcut() == QKeySequence(QKeySequence::HelpContents))
            shortcuts = a;
    QVERIFY(shortcuts);
    shortcuts->trigger();
    auto *dialog = w->findChild<ShortcutsDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QStringList keys;
    for (const auto &row : dialog->rows())
        keys << row.second;
    QVERIFY(keys.contains(QKeySequence(Qt::Key_H).toString(QKeySequence::NativeText)));
    QVERIFY(keys.join(QLatin1Char(' '))
                .contains(QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText)));
    QVERIFY(keys.contains(QStringLiteral("Right drag")));
}

void TestGuiViewer::staysResponsiveWhileExplaining()
{
    CHESTLENS_REQUIRE_DATA(cxr4, "cxr4");
    CHESTLENS_REQUIRE_DATA(dicom, "dicom");
    if (m_model.isEmpty())
        QSKIP(qPrintable(m_modelSkipReason));
    // Every other film is a 2k computed radiograph (JPEG-LS, JPEG 2000, JPEG lossless, RLE), so
    // the GUI thread also receives, scales and paints 4-megapixel films and heatmaps (the chest
    // films; the hips are refused and shown without one).
    const QStringList large = {QStringLiteral("CR_chest_RG1_JLSN.dcm"),
                               QStringLiteral("CR_chest_RG1_J2KI.dcm"), QStringLiteral("CR_hip_RG2_JPLL.dcm"),
                               QStringLiteral("CR_hip_RG2_RLE.dcm")};
    QStringList small;
    for (const QString &cls : {QStringLiteral("covid"), QStringLiteral("normal"), QStringLiteral("pneumonia"),
                               QStringLiteral("tuberculosis")})
        small << filmsOf(cxr4 + QLatin1Char('/') + cls, 7);
    QStringList films;
    for (int i = 0; i < 50; ++i)
        films << (i % 2 ? QDir(dicom).absoluteFilePath(large[(i / 2) % large.size()]) : small.value(i / 2));
    QVERIFY(!films.contains(QString()));

    auto w = makeWindow();
    QVERIFY(w);
    w->heatmapControls()->setHeatmapOn(true);
    QVERIFY(openAndSettle(*w, films.constFirst())); // model loaded, window laid out

    // A 10 ms timer on the GUI thread; lateness = gap between ticks beyond the interval.
    constexpr int kTickMs = 10;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(kTickMs);
    QElapsedTimer clock;
    qint64 last = -1;
    qint64 worstLateMs = 0;
    connect(&tick, &QTimer::timeout, this, [&] {
        const qint64 now = clock.elapsed();
        if (last >= 0)
            worstLateMs = std::max(worstLateMs, now - last - kTickMs);
        last = now;
    });
    clock.start();
    tick.start();
    int explained = 0, hips = 0;
    for (const QString &film : films.mid(1)) {
        w->openFile(film);
        QSignalSpy settled(w->session(), &ViewerSession::settled);
        QVERIFY2(settled.wait(kWaitMs), qPrintable(film));
        // The hip films are refused by their header (body part HIP): no heatmap unless asked for.
        const bool hip = film.contains(QStringLiteral("_hip_"));
        hips += hip ? 1 : 0;
        QCOMPARE(w->session()->isInapplicable(), hip);
        explained += w->session()->hasExplanation() && w->session()->explanation().path == film ? 1 : 0;
    }
    // Let the last overlay and sharp copy arrive while the timer still runs.
    QTRY_VERIFY_WITH_TIMEOUT(w->isDisplayComplete(), kWaitMs);
    tick.stop();
    QCOMPARE(explained, 49 - hips);
    qInfo("GUI timer: worst lateness %lld ms over %d explained films (%.1f s)", worstLateMs, explained + 1,
          clock.elapsed() / 1000.0);
    QVERIFY2(worstLateMs <= 100,
             qPrintable(QStringLiteral("the GUI thread stalled for %1 ms").arg(worstLateMs)));
}

void TestGuiViewer::screenshotCommand()
{
    const QString png = pngFilm();
    if (png.isEmpty())
        QSKIP("shared data 'cxr4' not found");
    if (m_model.isEmpty())
        QSKIP(qPrintable(m_modelSkipReason));
    const QString app = QFileInfo(test::cliPath()).absolutePath() + QStringLiteral("/chestlens");
    if (!QFileInfo(app).isExecutable())
        QSKIP("the chestlens executable is not built beside chestlens-cli");
    const QString out = m_tmp.filePath(QStringLiteral("shot.png"));
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(app, {png, QStringLiteral("--screenshot"), out, QStringLiteral("--model"), m_model,
                  QStringLiteral("--window-size"), QStringLiteral("1280x800")});
    QVERIFY(p.waitForFinished(kWaitMs));
    QVERIFY2(p.exitCode() == 0, p.readAll().constData());
    const QImage shot(out);
    QVERIFY(!shot.isNull());
    QCOMPARE(shot.size() / shot.devicePixelRatio(), QSize(1280, 800));
}

void TestGuiViewer::screenshotOfMissingFileFails()
{
    const QString app = QFileInfo(test::cliPath()).absolutePath() + QStringLiteral("/chestlens");
    if (!QFileInfo(app).isExecutable())
        QSKIP("the chestlens executable is not built beside chestlens-cli");
    const QString out = m_tmp.filePath(QStringLiteral("never.png"));
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(app, {m_tmp.filePath(QStringLiteral("missing_film.png")), QStringLiteral("--screenshot"), out});
    QVERIFY(p.waitForFinished(kWaitMs));
    const QString output = QString::fromLocal8Bit(p.readAll());
    QVERIFY(p.exitCode() != 0);
    QVERIFY2(output.contains(QStringLiteral("missing_film.png")), qPrintable(output));
    QVERIFY(!QFileInfo::exists(out));
}

QTEST_MAIN(TestGuiViewer)
#include "test_gui_viewer.moc"
