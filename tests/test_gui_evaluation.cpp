// The evaluation view and Model ▸ Evaluate on Folder… on the offscreen platform.
//
// With the shared cxr4 data and the bundled default model: a small labelled folder (8 films per
// class, copied into a temporary folder) is evaluated through the dialog and its background job,
// and the view must show exactly what `chestlens-cli evaluate --json` prints for the same folder;
// cancel, invalid folders, hover read-outs and saving are exercised on the same dialog. Without the
// data those tests skip; the view's own logic (metrics-only mode, the uncalibrated side recomputed
// from the temperature) is tested on synthetic numbers and always runs.
//
// CHESTLENS_SCREENSHOT_DIR=DIR writes DIR/evaluation.png: the dialog at 1280x800 after the
// evaluation, dark theme, with a ROC read-out showing.

#include "core/ml/calibration.h"
#include "core/ml/metrics.h"
#include "core/paths.h"
#include "support/testdata.h"
#include "ui/common/classnames.h"
#include "ui/common/theme.h"
#include "ui/evaluation/confusionmatrixwidget.h"
#include "ui/evaluation/evaluationdialog.h"
#include "ui/evaluation/evaluationview.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMouseEvent>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>

using namespace chestlens;
using namespace chestlens::ui;

namespace {

/// Generous: the CI machine is shared and the first evaluation loads the model.
constexpr int kWaitMs = 180000;
/// Films per class in the small folder: enough for every cell of the matrix to be possible.
constexpr int kFilmsPerClass = 8;
/// Films per class in the folder the cancel test stops: reading them all takes several seconds.
constexpr int kManyFilmsPerClass = 300;

/// Every `step`-th PNG of `folder` (sorted), `n` of them, so that several sources are mixed.
QStringList spreadFilms(const QString &folder, int n)
{
    const QStringList all = QDir(folder).entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
    QStringList out;
    const int step = std::max(1, static_cast<int>(all.size()) / std::max(1, n));
    for (int i = 0; i < all.size() && out.size() < n; i += step)
        out << QDir(folder).absoluteFilePath(all[i]);
    return out;
}

/// DIR/<class>/<film> under `root` from the shared cxr4 set: copies (`link` false) or symbolic
/// links. Returns false with `error` set when something could not be made.
bool makeLabelledFolder(const QString &cxr4, const QString &root, int perClass, bool link, QString &error)
{
    const QStringList classes = QDir(cxr4).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    if (classes.size() < 2) {
        error = QStringLiteral("%1 has fewer than two class folders").arg(cxr4);
        return false;
    }
    for (const QString &c : classes) {
        const QString dst = QDir(root).filePath(c);
        if (!QDir().mkpath(dst)) {
            error = QStringLiteral("cannot create %1").arg(dst);
            return false;
        }
        for (const QString &src : spreadFilms(QDir(cxr4).filePath(c), perClass)) {
            const QString to = QDir(dst).filePath(QFileInfo(src).fileName());
            if (!(link ? QFile::link(src, to) : QFile::copy(src, to))) {
                error = QStringLiteral("cannot %1 %2 to %3")
                            .arg(link ? QStringLiteral("link") : QStringLiteral("copy"), src, to);
                return false;
            }
        }
    }
    return true;
}

void sendMouseMove(QWidget *w, const QPointF &pos)
{
    QMouseEvent e(QEvent::MouseMove, pos, w->mapToGlobal(pos), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

/// With CHESTLENS_SCREENSHOT_DIR set: grabs `w` (after pending repaints) to DIR/name. True when
/// not asked for or written.
bool saveScreenshot(QWidget *w, const QString &name)
{
    const QString dir = qEnvironmentVariable("CHESTLENS_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return true;
    QCoreApplication::processEvents();
    const QString out = QDir(dir).filePath(name);
    if (!QDir().mkpath(dir) || !w->grab().save(out))
        return false;
    qInfo("screenshot: %s", qPrintable(out));
    return true;
}

std::vector<std::vector<int>> confusionFromJson(const QJsonArray &rows)
{
    std::vector<std::vector<int>> m;
    for (const auto &row : rows) {
        std::vector<int> r;
        for (const auto &v : row.toArray())
            r.push_back(v.toInt(-1));
        m.push_back(r);
    }
    return m;
}

bool sameNumber(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

/// Seeded synthetic logits for k classes whose labels follow their softmax, scaled by 3 so that
/// the raw model is over-confident (as real networks are) and temperature scaling matters.
void syntheticRows(int n, int k, std::vector<std::vector<float>> &logits, std::vector<int> &labels)
{
    std::mt19937 rng(1234);
    std::normal_distribution<double> normal(0.0, 1.5);
    for (int i = 0; i < n; ++i) {
        std::vector<double> z(static_cast<std::size_t>(k));
        for (double &v : z)
            v = normal(rng);
        std::vector<double> w(z.size());
        std::transform(z.begin(), z.end(), w.begin(), [](double v) { return std::exp(v); });
        std::discrete_distribution<int> draw(w.begin(), w.end());
        labels.push_back(draw(rng));
        std::vector<float> row(z.size());
        std::transform(z.begin(), z.end(), row.begin(), [](double v) { return static_cast<float>(3.0 * v); });
        logits.push_back(row);
    }
}

const QStringList kSyntheticClasses = {QStringLiteral("covid"), QStringLiteral("normal"),
                                       QStringLiteral("pneumonia"), QStringLiteral("tuberculosis")};

} // namespace

class TestGuiEvaluation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // Synthetic numbers: always run.
    void uncalibratedSideFollowsTemperature();
    void metricsOnlyViewExplainsMissingCurves();
    void rowsThatDoNotFitFallBackToMetrics();

    // The dialog on the shared data with the bundled model.
    void viewMatchesCli();
    void hoverShowsReadouts();
    void savedMetricsReadBackEqual();
    void savedCsvHasOneRowPerClass();
    void savePlots_data();
    void savePlots();
    void saveErrorsNameTheFile();
    void cancelStopsJobAndDialogStaysUsable();
    void invalidFolderGivesClearError_data();
    void invalidFolderGivesClearError();

private:
    /// The dialog after evaluating the small folder (run once, shared by the tests that read it).
    /// Skips (through the caller's QSKIP) when data or model are missing: returns nullptr.
    EvaluationDialog *evaluatedDialog(QString &skipReason);

    QTemporaryDir m_tmp;
    QString m_model;
    QString m_smallFolder;
    std::unique_ptr<EvaluationDialog> m_dialog;
};

void TestGuiEvaluation::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    applyDarkTheme(*qApp); // what the application shows, and what the screenshot documents
    // The offscreen platform says so whenever a window's minimum size changes; nothing to test.
    static const QtMessageHandler previous =
        qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &context, const QString &message) {
            if (!message.contains(QLatin1String("does not support propagateSizeHints")))
                previous(type, context, message);
        });
    m_model = defaultModelPath();
}

EvaluationDialog *TestGuiEvaluation::evaluatedDialog(QString &skipReason)
{
    if (m_dialog && m_dialog->view()->hasRows())
        return m_dialog.get();
    const QString cxr4 = test::dataPath(QStringLiteral("cxr4"));
    if (cxr4.isEmpty()) {
        skipReason =
            QStringLiteral("shared data 'cxr4' not found: set CHESTLENS_DATA or place ../shared/data "
                           "beside the repository");
        return nullptr;
    }
    if (!QFileInfo::exists(m_model)) {
        skipReason =
            QStringLiteral("bundled model %1 not staged (build the chestlens_resources target)").arg(m_model);
        return nullptr;
    }
    if (m_smallFolder.isEmpty()) {
        const QString root = m_tmp.filePath(QStringLiteral("small"));
        QString error;
        if (!makeLabelledFolder(cxr4, root, kFilmsPerClass, false, error)) {
            qWarning("%s", qPrintable(error));
            return nullptr;
        }
        m_smallFolder = root;
    }
    m_dialog = std::make_unique<EvaluationDialog>(m_model);
    m_dialog->resize(1280, 800);
    m_dialog->show();
    if (!QTest::qWaitForWindowExposed(m_dialog.get()))
        return nullptr;
    QSignalSpy finished(m_dialog.get(), &EvaluationDialog::evaluationFinished);
    m_dialog->setDataFolder(m_smallFolder);
    m_dialog->run();
    if (!m_dialog->isRunning() || !finished.wait(kWaitMs)) {
        qWarning("evaluation did not finish: %s", qPrintable(m_dialog->statusText()));
        return nullptr;
    }
    QCoreApplication::processEvents(); // queued replots at the final size
    return m_dialog.get();
}

// ---- synthetic -------------------------------------------------------------------------------

void TestGuiEvaluation::uncalibratedSideFollowsTemperature()
{
    std::vector<std::vector<float>> logits;
    std::vector<int> labels;
    syntheticRows(400, 4, logits, labels);
    const double t = fitTemperature(logits, labels).temperature;
    QVERIFY2(t > 1.5, qPrintable(QStringLiteral("fitted T = %1; the rows should be over-confident").arg(t)));
    const auto calibrated = softmaxAll(logits, t);
    const Metrics cal = computeMetrics(calibrated, labels, kSyntheticClasses);
    const Metrics raw = computeMetrics(softmaxAll(logits, 1.0), labels, kSyntheticClasses);

    EvaluationView view;
    view.resize(1200, 700);
    view.setEvaluation(cal, labels, calibrated, t);
    QVERIFY(view.hasRows());
    QCOMPARE(view.uncalibratedMetrics().n, raw.n);
    QVERIFY2(
        std::abs(view.uncalibratedMetrics().ece - raw.ece) < 1e-4,
        qPrintable(QStringLiteral("view %1, logits %2").arg(view.uncalibratedMetrics().ece).arg(raw.ece)));
    QVERIFY(std::abs(view.uncalibratedMetrics().nll - raw.nll) < 1e-4);
    QVERIFY(raw.ece > cal.ece); // the synthetic rows are over-confident: calibration must show
    QCOMPARE(view.confusionMatrix()->matrix(), cal.confusion);
    // Both ECEs are in the summary, before then after.
    const QString summary = view.findChild<QLabel *>(QStringLiteral("evaluationSummary"))->text();
    const qsizetype before = summary.indexOf(QString::number(raw.ece, 'f', 3));
    const qsizetype after = summary.indexOf(QString::number(cal.ece, 'f', 3), before + 1);
    QVERIFY2(before >= 0 && after > before, qPrintable(summary));
    // So is the ECE a perfectly calibrated model would show on these films by chance.
    QVERIFY(cal.eceIfCalibrated > 0);
    QVERIFY2(summary.contains(QStringLiteral("perfectly calibrated")) &&
                 summary.indexOf(QString::number(cal.eceIfCalibrated, 'f', 3), after + 1) > after,
             qPrintable(summary));
    // Curves are shown, not the "needs per-film scores" page.
    auto *stack = qobject_cast<QStackedWidget *>(
        view.findChild<QWidget *>(QStringLiteral("rocPlot"))->parentWidget()->parentWidget());
    QVERIFY(stack);
    QCOMPARE(stack->currentIndex(), 0);
}

void TestGuiEvaluation::metricsOnlyViewExplainsMissingCurves()
{
    std::vector<std::vector<float>> logits;
    std::vector<int> labels;
    syntheticRows(200, 4, logits, labels);
    const Metrics cal = computeMetrics(softmaxAll(logits, 2.0), labels, kSyntheticClasses);
    const Metrics raw = computeMetrics(softmaxAll(logits, 1.0), labels, kSyntheticClasses);

    EvaluationView view;
    view.resize(1200, 700);
    view.setDescription(QStringLiteral("Validation split of a training run (metrics only)"));
    view.setMetrics(cal, raw, 2.0);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(saveScreenshot(&view, QStringLiteral("evaluation-metrics-only.png")));
    QVERIFY(!view.hasRows());
    QCOMPARE(view.confusionMatrix()->matrix(), cal.confusion);
    auto *rocMessage = view.findChild<QLabel *>(QStringLiteral("rocPlotMessage"));
    auto *reliabilityMessage = view.findChild<QLabel *>(QStringLiteral("reliabilityPlotMessage"));
    QVERIFY(rocMessage && reliabilityMessage);
    auto *stack = qobject_cast<QStackedWidget *>(rocMessage->parentWidget());
    QVERIFY(stack);
    QCOMPARE(stack->currentWidget(), rocMessage);
    QVERIFY2(rocMessage->text().contains(QLatin1String("Evaluate on Folder")),
             qPrintable(rocMessage->text()));
    // The stored AUROCs and both ECEs are still shown as numbers.
    QVERIFY2(rocMessage->text().contains(QString::number(cal.perClass[0].auroc, 'f', 3)),
             qPrintable(rocMessage->text()));
    QVERIFY(reliabilityMessage->text().contains(QString::number(raw.ece, 'f', 3)));
    QVERIFY(reliabilityMessage->text().contains(QString::number(cal.ece, 'f', 3)));
    // The table: one row per class, macro average, accuracy.
    QTableWidget *table = view.classTable();
    QCOMPARE(table->rowCount(), kSyntheticClasses.size() + 2);
    for (int c = 0; c < kSyntheticClasses.size(); ++c) {
        QCOMPARE(table->item(c, 0)->text(), displayClassName(kSyntheticClasses[c]));
        QCOMPARE(table->item(c, 3)->text(),
                 QString::number(cal.perClass[static_cast<std::size_t>(c)].f1, 'f', 3));
        QCOMPARE(table->item(c, 5)->text(),
                 QString::number(cal.perClass[static_cast<std::size_t>(c)].support));
    }
    QCOMPARE(table->item(kSyntheticClasses.size(), 3)->text(), QString::number(cal.macroF1, 'f', 3));
    QCOMPARE(table->item(kSyntheticClasses.size() + 1, 3)->text(), QString::number(cal.accuracy, 'f', 3));
    // Plots without rows: the confusion matrix only.
    const QStringList written = view.savePlots(m_tmp.filePath(QStringLiteral("metrics-only.png")));
    QVERIFY2(view.errorString().isEmpty(), qPrintable(view.errorString()));
    QCOMPARE(written, QStringList{m_tmp.filePath(QStringLiteral("metrics-only-confusion.png"))});
}

void TestGuiEvaluation::rowsThatDoNotFitFallBackToMetrics()
{
    std::vector<std::vector<float>> logits;
    std::vector<int> labels;
    syntheticRows(50, 4, logits, labels);
    const auto probs = softmaxAll(logits, 1.0);
    const Metrics m = computeMetrics(probs, labels, kSyntheticClasses);
    EvaluationView view;
    labels.pop_back(); // one label short
    view.setEvaluation(m, labels, probs, 1.0);
    QVERIFY(!view.hasRows());
    QVERIFY(view.hasEvaluation());
    QCOMPARE(view.confusionMatrix()->matrix(), m.confusion);
    const QString summary = view.findChild<QLabel *>(QStringLiteral("evaluationSummary"))->text();
    QVERIFY2(summary.contains(QLatin1String("could not be used")), qPrintable(summary));
}

// ---- the dialog on real films ------------------------------------------------------------------

void TestGuiEvaluation::viewMatchesCli()
{
    QString skip;
    EvaluationDialog *dialog = evaluatedDialog(skip);
    if (!skip.isEmpty())
        QSKIP(qPrintable(skip));
    QVERIFY(dialog);
    const EvaluationView *view = dialog->view();
    QCOMPARE(view->metrics().n, 4 * kFilmsPerClass);

    QProcess cli;
    QSignalSpy done(&cli, &QProcess::finished);
    cli.start(test::cliPath(), {QStringLiteral("evaluate"), QStringLiteral("--model"), m_model,
                                QStringLiteral("--data"), m_smallFolder, QStringLiteral("--json")});
    QVERIFY2(cli.waitForStarted(), qPrintable(test::cliPath() + QStringLiteral(": ") + cli.errorString()));
    QVERIFY(done.wait(kWaitMs));
    QCOMPARE(cli.exitCode(), 0);
    QJsonParseError parseError;
    const QJsonObject json = QJsonDocument::fromJson(cli.readAllStandardOutput(), &parseError).object();
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));

    QStringList classes;
    for (const auto &v : json.value(QStringLiteral("classes")).toArray())
        classes << v.toString();
    QCOMPARE(view->metrics().classes, classes);
    QCOMPARE(json.value(QStringLiteral("n")).toInt(), view->metrics().n);
    const auto expected = confusionFromJson(json.value(QStringLiteral("confusion")).toArray());
    QCOMPARE(view->confusionMatrix()->matrix(), expected);
    QStringList names;
    for (const QString &c : classes)
        names << displayClassName(c);
    QCOMPARE(view->confusionMatrix()->classNames(), names);

    const QJsonObject perClass = json.value(QStringLiteral("per_class")).toObject();
    const QTableWidget *table = view->classTable();
    QCOMPARE(table->rowCount(), classes.size() + 2);
    for (int c = 0; c < classes.size(); ++c) {
        const QJsonObject m = perClass.value(classes[c]).toObject();
        QCOMPARE(table->item(c, 0)->text(), names[c]);
        QCOMPARE(table->item(c, 3)->text(),
                 QString::number(m.value(QStringLiteral("f1")).toDouble(), 'f', 3));
        QVERIFY(std::abs(table->item(c, 3)->data(Qt::UserRole).toDouble() -
                         m.value(QStringLiteral("f1")).toDouble()) < 1e-9);
        QCOMPARE(table->item(c, 1)->text(),
                 QString::number(m.value(QStringLiteral("precision")).toDouble(), 'f', 3));
        QCOMPARE(table->item(c, 2)->text(),
                 QString::number(m.value(QStringLiteral("recall")).toDouble(), 'f', 3));
        QCOMPARE(table->item(c, 5)->text(), QString::number(m.value(QStringLiteral("support")).toInt()));
    }
    QCOMPARE(table->item(classes.size(), 3)->text(),
             QString::number(json.value(QStringLiteral("macro_f1")).toDouble(), 'f', 3));
    QCOMPARE(table->item(classes.size() + 1, 3)->text(),
             QString::number(json.value(QStringLiteral("accuracy")).toDouble(), 'f', 3));
    QVERIFY(dialog->statusText().contains(QString::number(4 * kFilmsPerClass)));

    if (!qEnvironmentVariableIsEmpty("CHESTLENS_SCREENSHOT_DIR")) {
        auto *tabs = dialog->findChild<QTabWidget *>(QStringLiteral("evaluationTabs"));
        tabs->setCurrentIndex(1);
        QCoreApplication::processEvents();
        auto *reliability = dialog->findChild<QWidget *>(QStringLiteral("reliabilityPlot"));
        sendMouseMove(reliability, QPointF(reliability->width() * 0.8, reliability->height() * 0.5));
        QVERIFY(saveScreenshot(dialog, QStringLiteral("evaluation-reliability.png")));
        tabs->setCurrentIndex(0);
        QCoreApplication::processEvents();
        auto *plot = dialog->findChild<QWidget *>(QStringLiteral("rocPlot"));
        sendMouseMove(plot, QPointF(plot->width() * 0.25, plot->height() * 0.3));
        QVERIFY(saveScreenshot(dialog, QStringLiteral("evaluation.png")));
    }
}

void TestGuiEvaluation::hoverShowsReadouts()
{
    QString skip;
    EvaluationDialog *dialog = evaluatedDialog(skip);
    if (!skip.isEmpty())
        QSKIP(qPrintable(skip));
    QVERIFY(dialog);
    EvaluationView *view = dialog->view();
    auto *tabs = view->findChild<QTabWidget *>(QStringLiteral("evaluationTabs"));
    QVERIFY(tabs);

    tabs->setCurrentIndex(0);
    QCoreApplication::processEvents();
    auto *roc = view->findChild<QWidget *>(QStringLiteral("rocPlot"));
    const QString rocBefore = view->rocReadout();
    sendMouseMove(roc, QPointF(roc->width() * 0.3, roc->height() * 0.4));
    QVERIFY2(view->rocReadout() != rocBefore && view->rocReadout().contains(QLatin1String("TPR")),
             qPrintable(view->rocReadout()));
    QVERIFY(view->rocReadout().contains(QLatin1String("FPR")));

    tabs->setCurrentIndex(1);
    QCoreApplication::processEvents();
    auto *reliability = view->findChild<QWidget *>(QStringLiteral("reliabilityPlot"));
    const QString relBefore = view->reliabilityReadout();
    sendMouseMove(reliability, QPointF(reliability->width() * 0.85, reliability->height() * 0.5));
    QVERIFY2(view->reliabilityReadout() != relBefore &&
                 view->reliabilityReadout().contains(QLatin1String("Confidence")),
             qPrintable(view->reliabilityReadout()));
    tabs->setCurrentIndex(0);

    ConfusionMatrixWidget *matrix = view->confusionMatrix();
    auto *readout = view->findChild<QLabel *>(QStringLiteral("confusionReadout"));
    QVERIFY(readout);
    sendMouseMove(matrix, QPointF(matrix->width() * 0.6, matrix->height() * 0.45));
    QVERIFY2(readout->text().startsWith(QLatin1String("True ")), qPrintable(readout->text()));
    QVERIFY(readout->text().contains(QLatin1String("predicted")));
}

void TestGuiEvaluation::savedMetricsReadBackEqual()
{
    QString skip;
    EvaluationDialog *dialog = evaluatedDialog(skip);
    if (!skip.isEmpty())
        QSKIP(qPrintable(skip));
    QVERIFY(dialog);
    EvaluationView *view = dialog->view();
    const QString path = m_tmp.filePath(QStringLiteral("metrics.json"));
    QVERIFY2(view->saveMetrics(path), qPrintable(view->errorString()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    const Metrics back = Metrics::fromJson(json);
    const Metrics &m = view->metrics();
    QCOMPARE(back.classes, m.classes);
    QCOMPARE(back.n, m.n);
    QCOMPARE(back.confusion, m.confusion);
    QVERIFY(sameNumber(back.accuracy, m.accuracy));
    QVERIFY(sameNumber(back.macroF1, m.macroF1));
    QVERIFY(sameNumber(back.ece, m.ece));
    QVERIFY(sameNumber(back.nll, m.nll));
    QVERIFY(sameNumber(back.brier, m.brier));
    QCOMPARE(back.perClass.size(), m.perClass.size());
    for (std::size_t c = 0; c < m.perClass.size(); ++c) {
        QVERIFY(sameNumber(back.perClass[c].precision, m.perClass[c].precision));
        QVERIFY(sameNumber(back.perClass[c].recall, m.perClass[c].recall));
        QVERIFY(sameNumber(back.perClass[c].f1, m.perClass[c].f1));
        QVERIFY(sameNumber(back.perClass[c].auroc, m.perClass[c].auroc));
        QCOMPARE(back.perClass[c].support, m.perClass[c].support);
    }
    // Provenance and the uncalibrated side travel with it.
    QCOMPARE(json.value(QStringLiteral("temperature")).toDouble(), view->temperature());
    const Metrics uncal = Metrics::fromJson(json.value(QStringLiteral("uncalibrated")).toObject());
    QCOMPARE(uncal.n, m.n);
    QVERIFY(sameNumber(uncal.ece, view->uncalibratedMetrics().ece));
    QCOMPARE(json.value(QStringLiteral("data")).toString(), QDir(m_smallFolder).absolutePath());
}

void TestGuiEvaluation::savedCsvHasOneRowPerClass()
{
    QString skip;
    EvaluationDialog *dialog = evaluatedDialog(skip);
    if (!skip.isEmpty())
        QSKIP(qPrintable(skip));
    QVERIFY(dialog);
    EvaluationView *view = dialog->view();
    const QString path = m_tmp.filePath(QStringLiteral("metrics.csv"));
    QVERIFY2(view->saveMetrics(path), qPrintable(view->errorString()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    const QString text = QString::fromUtf8(file.readAll());
    QCOMPARE(text, view->metrics().toCsv());
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), view->metrics().classes.size() + 2);
    QVERIFY(lines.first().startsWith(QLatin1String("class,precision,recall,f1")));
}

void TestGuiEvaluation::savePlots_data()
{
    QTest::addColumn<QString>("suffix");
    QTest::newRow("PNG, rendered at twice the screen size") << QStringLiteral("png");
    QTest::newRow("PDF, vector") << QStringLiteral("pdf");
}

void TestGuiEvaluation::savePlots()
{
    QFETCH(QString, suffix);
    QString skip;
    EvaluationDialog *dialog = evaluatedDialog(skip);
    if (!skip.isEmpty())
        QSKIP(qPrintable(skip));
    QVERIFY(dialog);
    EvaluationView *view = dialog->view();
    const QString base = m_tmp.filePath(QStringLiteral("plots/eval.") + suffix);
    QVERIFY(QDir().mkpath(m_tmp.filePath(QStringLiteral("plots"))));
    const QStringList written = view->savePlots(base);
    QVERIFY2(view->errorString().isEmpty(), qPrintable(view->errorString()));
    const QStringList expected = {m_tmp.filePath(QStringLiteral("plots/eval-confusion.") + suffix),
                                  m_tmp.filePath(QStringLiteral("plots/eval-roc.") + suffix),
                                  m_tmp.filePath(QStringLiteral("plots/eval-reliability.") + suffix)};
    QCOMPARE(written, expected);
    for (const QString &f : written) {
        QFile file(f);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(f));
        if (suffix == QLatin1String("pdf")) {
            QVERIFY2(file.read(5) == "%PDF-", qPrintable(f));
            QVERIFY2(file.size() > 2000, qPrintable(f));
        } else {
            const QImage image(f);
            QVERIFY2(!image.isNull(), qPrintable(f));
            QCOMPARE(image.size(), QSize(1800, 1320));
            // Print colours: the corner is white, and the plot is not blank.
            QCOMPARE(image.pixelColor(2, 2), QColor(Qt::white));
            QVERIFY(image.pixelColor(image.width() / 2, image.height() / 2) != QColor(Qt::white) ||
                    image.pixelColor(image.width() / 3, image.height() / 3) != QColor(Qt::white) ||
                    QFileInfo(f).size() > 20000);
        }
    }
    // The ROC plot on screen is back in screen colours after the export.
    auto *roc = view->findChild<QWidget *>(QStringLiteral("rocPlot"));
    const QImage screen = roc->grab().toImage();
    QVERIFY(screen.pixelColor(3, 3) != QColor(Qt::white));
}

void TestGuiEvaluation::saveErrorsNameTheFile()
{
    QString skip;
    EvaluationDialog *dialog = evaluatedDialog(skip);
    if (!skip.isEmpty())
        QSKIP(qPrintable(skip));
    QVERIFY(dialog);
    EvaluationView *view = dialog->view();
    const QString missing = m_tmp.filePath(QStringLiteral("no-such-folder/metrics.json"));
    QVERIFY(!view->saveMetrics(missing));
    QVERIFY2(view->errorString().contains(QDir::toNativeSeparators(missing)),
             qPrintable(view->errorString()));
    QVERIFY(!QFileInfo::exists(missing));

    const QStringList none = view->savePlots(m_tmp.filePath(QStringLiteral("no-such-folder/eval.png")));
    QVERIFY(none.isEmpty());
    QVERIFY2(view->errorString().contains(QLatin1String("eval-confusion.png")),
             qPrintable(view->errorString()));

    QVERIFY(view->savePlots(m_tmp.filePath(QStringLiteral("eval.txt"))).isEmpty());
    QVERIFY2(view->errorString().contains(QLatin1String(".pdf")), qPrintable(view->errorString()));
}

void TestGuiEvaluation::cancelStopsJobAndDialogStaysUsable()
{
    CHESTLENS_REQUIRE_DATA(cxr4, "cxr4");
    if (!QFileInfo::exists(m_model))
        QSKIP("bundled model not staged (build the chestlens_resources target)");
    const QString many = m_tmp.filePath(QStringLiteral("many"));
    QString error;
    QVERIFY2(makeLabelledFolder(cxr4, many, kManyFilmsPerClass, true, error), qPrintable(error));

    EvaluationDialog dialog(m_model);
    dialog.resize(1280, 800);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy finished(&dialog, &EvaluationDialog::evaluationFinished);
    QSignalSpy cancelled(&dialog, &EvaluationDialog::evaluationCancelled);
    auto *progress = dialog.findChild<QProgressBar *>(QStringLiteral("evaluationProgress"));
    auto *runButton = dialog.findChild<QPushButton *>(QStringLiteral("runButton"));
    QVERIFY(progress && runButton);

    dialog.setDataFolder(many);
    dialog.run();
    QVERIFY(dialog.isRunning());
    QVERIFY(!runButton->isEnabled());
    // Cancel once films are being read, i.e. in the middle of the job.
    QTRY_VERIFY_WITH_TIMEOUT(progress->maximum() > 0 && progress->value() > 0, kWaitMs);
    QElapsedTimer clock;
    clock.start();
    dialog.cancel();
    QVERIFY(cancelled.wait(30000));
    qInfo("cancel took %lld ms", static_cast<long long>(clock.elapsed()));
    QCOMPARE(finished.count(), 0);
    QVERIFY(!dialog.isRunning());
    QVERIFY(runButton->isEnabled());
    QVERIFY(!dialog.view()->hasEvaluation());
    QVERIFY2(dialog.statusText().contains(QLatin1String("cancelled")), qPrintable(dialog.statusText()));

    // Still usable: the next run on a small folder completes.
    const QString small = m_tmp.filePath(QStringLiteral("after-cancel"));
    QVERIFY2(makeLabelledFolder(cxr4, small, 3, true, error), qPrintable(error));
    dialog.setDataFolder(small);
    dialog.run();
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(dialog.view()->metrics().n, 3 * 4);
    QCOMPARE(cancelled.count(), 1);
}

void TestGuiEvaluation::invalidFolderGivesClearError_data()
{
    QTest::addColumn<QString>("layout");       // what to create under the folder
    QTest::addColumn<QStringList>("expected"); // fragments of the message ("%DIR" = the folder)
    QTest::newRow("no folder chosen")
        << QStringLiteral("none") << QStringList{QStringLiteral("Choose a labelled folder")};
    QTest::newRow("folder does not exist")
        << QStringLiteral("missing") << QStringList{QStringLiteral("%DIR"), QStringLiteral("does not exist")};
    QTest::newRow("empty folder") << QStringLiteral("empty")
                                  << QStringList{QStringLiteral("%DIR"), QStringLiteral("no class folders")};
    QTest::newRow("class folders without images")
        << QStringLiteral("no-images") << QStringList{QStringLiteral("%DIR"), QStringLiteral("no images")};
    QTest::newRow("only unreadable films")
        << QStringLiteral("unreadable")
        << QStringList{QStringLiteral("%DIR"), QStringLiteral("none of the 2 films")};
    QTest::newRow("classes the model does not know")
        << QStringLiteral("unknown-classes")
        << QStringList{QStringLiteral("cats"), QStringLiteral("not one of the model's classes")};
}

void TestGuiEvaluation::invalidFolderGivesClearError()
{
    QFETCH(QString, layout);
    QFETCH(QStringList, expected);
    if (!QFileInfo::exists(m_model))
        QSKIP("bundled model not staged (build the chestlens_resources target)");
    const QString dir = m_tmp.filePath(QStringLiteral("invalid-") + layout);
    auto write = [](const QString &path, const QByteArray &bytes) {
        QFile f(path);
        return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
    };
    if (layout != QLatin1String("missing") && layout != QLatin1String("none"))
        QVERIFY(QDir().mkpath(dir));
    if (layout == QLatin1String("no-images") || layout == QLatin1String("unreadable")) {
        QVERIFY(QDir(dir).mkpath(QStringLiteral("covid")));
        QVERIFY(QDir(dir).mkpath(QStringLiteral("normal")));
        if (layout == QLatin1String("unreadable")) {
            QVERIFY(write(QDir(dir).filePath(QStringLiteral("covid/a.png")), "not a png"));
            QVERIFY(write(QDir(dir).filePath(QStringLiteral("normal/b.png")), QByteArray()));
        } else {
            QVERIFY(write(QDir(dir).filePath(QStringLiteral("covid/notes.txt")), "text"));
        }
    }
    if (layout == QLatin1String("unknown-classes")) {
        // Any decodable film will do: a synthetic grey PNG.
        QImage img(64, 64, QImage::Format_Grayscale8);
        img.fill(128);
        for (const QString &c : {QStringLiteral("cats"), QStringLiteral("dogs")}) {
            QVERIFY(QDir(dir).mkpath(c));
            QVERIFY(img.save(QDir(dir).filePath(c + QStringLiteral("/x.png"))));
        }
    }

    EvaluationDialog dialog(m_model);
    QSignalSpy failed(&dialog, &EvaluationDialog::evaluationFailed);
    QSignalSpy finished(&dialog, &EvaluationDialog::evaluationFinished);
    dialog.setDataFolder(layout == QLatin1String("none") ? QString() : dir);
    dialog.run();
    QVERIFY(failed.count() == 1 || failed.wait(kWaitMs));
    QCOMPARE(finished.count(), 0);
    const QString message = failed.first().first().toString();
    QCOMPARE(dialog.statusText(), message);
    for (QString fragment : expected) {
        fragment.replace(QLatin1String("%DIR"), QDir::cleanPath(dir));
        QVERIFY2(message.contains(fragment),
                 qPrintable(QStringLiteral("'%1' lacks '%2'").arg(message, fragment)));
    }
    QVERIFY(!dialog.isRunning());
    QVERIFY(dialog.findChild<QPushButton *>(QStringLiteral("runButton"))->isEnabled());
    QVERIFY(!dialog.view()->hasEvaluation());
}

QTEST_MAIN(TestGuiEvaluation)
#include "test_gui_evaluation.moc"
