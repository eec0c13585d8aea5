// Translations: every language ChestLens ships is complete, matches the strings in the sources,
// keeps its placeholders, and actually reaches the main window's menus and the probability panel.
#include "support/testdata.h"
#include "ui/common/translations.h"
#include "ui/viewer/mainwindow.h"
#include "ui/viewer/probabilitypanel.h"

#include <QApplication>
#include <QDir>
#include <QDomDocument>
#include <QFile>
#include <QMenuBar>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <map>
#include <memory>

using namespace chestlens;
using namespace chestlens::ui;
using namespace chestlens::test;

namespace {

const QStringList kLanguages = {QStringLiteral("de"), QStringLiteral("fr"), QStringLiteral("es")};

struct Message
{
    QString context, source;
    bool numerus = false;
    bool finished = false;
    QStringList translations; ///< one, or one per plural form
};

/// Parses a Qt Linguist .ts file into its messages (keyed by context + source).
std::map<QString, Message> readTs(const QString &path, QString *language)
{
    std::map<QString, Message> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    QDomDocument doc;
    if (!doc.setContent(&f))
        return out;
    *language = doc.documentElement().attribute(QStringLiteral("language"));
    for (QDomElement ctx = doc.documentElement().firstChildElement(QStringLiteral("context")); !ctx.isNull();
         ctx = ctx.nextSiblingElement(QStringLiteral("context"))) {
        const QString name = ctx.firstChildElement(QStringLiteral("name")).text();
        for (QDomElement m = ctx.firstChildElement(QStringLiteral("message")); !m.isNull();
             m = m.nextSiblingElement(QStringLiteral("message"))) {
            Message msg;
            msg.context = name;
            msg.source = m.firstChildElement(QStringLiteral("source")).text();
            msg.numerus = m.attribute(QStringLiteral("numerus")) == QLatin1String("yes");
            const QDomElement t = m.firstChildElement(QStringLiteral("translation"));
            msg.finished = !t.isNull() && t.attribute(QStringLiteral("type")).isEmpty();
            if (msg.numerus) {
                for (QDomElement form = t.firstChildElement(QStringLiteral("numerusform")); !form.isNull();
                     form = form.nextSiblingElement(QStringLiteral("numerusform")))
                    msg.translations << form.text();
            } else {
                msg.translations << t.text();
            }
            out[name + QLatin1Char('\x1f') + msg.source] = msg;
        }
    }
    return out;
}

QStringList placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%L?\\d+|%n"));
    QStringList found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found << it.next().captured();
    found.sort();
    return found;
}

QString tsPath(const QString &language)
{
    return sourcePath(QStringLiteral("translations/chestlens_%1.ts").arg(language));
}

} // namespace

class TestGuiTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void tsFilesAreComplete_data();
    void tsFilesAreComplete();
    void tsFilesMatchTheSources();
    void windowIsTranslated_data();
    void windowIsTranslated();
    void languageSettingRoundTrips();
    void englishInstallsNothing();

private:
    void removeTranslators();
};

void TestGuiTranslations::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void TestGuiTranslations::removeTranslators()
{
    for (QTranslator *t : qApp->findChildren<QTranslator *>()) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
}

void TestGuiTranslations::tsFilesAreComplete_data()
{
    QTest::addColumn<QString>("language");
    for (const QString &l : kLanguages)
        QTest::newRow(qPrintable(l)) << l;
}

void TestGuiTranslations::tsFilesAreComplete()
{
    QFETCH(QString, language);
    QString declared;
    const auto messages = readTs(tsPath(language), &declared);
    QVERIFY2(messages.size() > 100,
             qPrintable(tsPath(language) + QStringLiteral(" is missing or nearly empty")));
    QCOMPARE(declared, language);
    QStringList problems;
    for (const auto &[key, m] : messages) {
        const QString where = m.context + QStringLiteral(": \"") + m.source + QLatin1Char('"');
        if (!m.finished)
            problems << QStringLiteral("unfinished ") + where;
        // German, French and Spanish have two plural forms.
        if (m.numerus && m.translations.size() != 2)
            problems << QStringLiteral("%1 plural forms for ").arg(m.translations.size()) + where;
        for (const QString &t : m.translations) {
            if (t.trimmed().isEmpty())
                problems << QStringLiteral("empty translation of ") + where;
            else if (placeholders(t) != placeholders(m.source))
                problems << QStringLiteral("placeholders differ in \"%1\" for ").arg(t) + where;
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 10).join(QLatin1Char('\n'))));
}

void TestGuiTranslations::tsFilesMatchTheSources()
{
    // Extract the strings from the sources now, exactly as `chestlens_ui_lupdate` does, and check
    // that each .ts file holds every one of them (a new tr() without a translation fails here) and
    // nothing that is gone from the sources.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString fresh = tmp.filePath(QStringLiteral("fresh_de.ts"));
    QProcess lupdate;
    lupdate.setWorkingDirectory(sourcePath(QString()));
    lupdate.start(QStringLiteral(CHESTLENS_LUPDATE),
                  {QStringLiteral("-silent"), QStringLiteral("-locations"), QStringLiteral("none"),
                   QStringLiteral("-I"), QStringLiteral("."), QStringLiteral("ui"), QStringLiteral("-ts"),
                   fresh});
    QVERIFY2(lupdate.waitForFinished(120000), "lupdate did not finish");
    QVERIFY2(lupdate.exitCode() == 0, lupdate.readAllStandardError().constData());
    QString ignored;
    const auto current = readTs(fresh, &ignored);
    QVERIFY(current.size() > 100);
    for (const QString &language : kLanguages) {
        const auto shipped = readTs(tsPath(language), &ignored);
        QStringList missing, stale;
        for (const auto &[key, m] : current)
            if (!shipped.count(key))
                missing << m.context + QStringLiteral(": ") + m.source;
        for (const auto &[key, m] : shipped)
            if (!current.count(key))
                stale << m.context + QStringLiteral(": ") + m.source;
        QVERIFY2(missing.isEmpty(), qPrintable(language +
                                               QStringLiteral(" lacks (run the chestlens_ui_lupdate target "
                                                              "and translate): ") +
                                               missing.mid(0, 5).join(QStringLiteral(" | "))));
        QVERIFY2(stale.isEmpty(),
                 qPrintable(language + QStringLiteral(" has strings no longer in the sources: ") +
                            stale.mid(0, 5).join(QStringLiteral(" | "))));
    }
}

void TestGuiTranslations::windowIsTranslated_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("fileMenu");  // what "&File" must become
    QTest::addColumn<QString>("pneumonia"); // the class name on the probability bars
    for (const QString &l : kLanguages) {
        // The expected words come from the .ts file itself, so the test checks the plumbing
        // (compiled .qm found, installed, used by every widget), not the translator's word choice.
        QString ignored;
        const auto messages = readTs(tsPath(l), &ignored);
        const auto file = messages.find(QStringLiteral("chestlens::ui::MainWindow\x1f&File"));
        const auto pneu = messages.find(QStringLiteral("ClassNames\x1fPneumonia"));
        QTest::newRow(qPrintable(l)) << l
                                     << (file != messages.end() ? file->second.translations.value(0)
                                                                : QString())
                                     << (pneu != messages.end() ? pneu->second.translations.value(0)
                                                                : QString());
    }
}

void TestGuiTranslations::windowIsTranslated()
{
    QFETCH(QString, language);
    QFETCH(QString, fileMenu);
    QFETCH(QString, pneumonia);
    QVERIFY(!fileMenu.isEmpty() && fileMenu != QLatin1String("&File"));
    removeTranslators();
    QCOMPARE(installTranslations(*qApp, language), language);

    MainWindow::Options o;
    o.useSettings = false;
    o.modelPath = QStringLiteral("/nonexistent/none.clm"); // no model needed: the panel is fed directly
    MainWindow w(o);
    QStringList titles;
    for (QAction *a : w.menuBar()->actions())
        titles << a->text();
    QVERIFY2(titles.contains(fileMenu), qPrintable(titles.join(QStringLiteral(", "))));
    // No top-level menu is left in English.
    for (const QString &english : {QStringLiteral("&File"), QStringLiteral("&View"), QStringLiteral("&Model"),
                                   QStringLiteral("&Help")})
        QVERIFY2(!titles.contains(english),
                 qPrintable(english + QStringLiteral(" untranslated in ") + language));

    Prediction p;
    p.classes = {QStringLiteral("covid"), QStringLiteral("normal"), QStringLiteral("pneumonia"),
                 QStringLiteral("tuberculosis")};
    p.probabilities = {0.1f, 0.1f, 0.7f, 0.1f};
    p.top = 2;
    p.topProbability = 0.7;
    w.probabilityPanel()->setPrediction(p);
    QCOMPARE(w.probabilityPanel()->shownClassNames().value(2), pneumonia);
    QVERIFY(w.probabilityPanel()->headlineText().startsWith(pneumonia));
    removeTranslators();
}

void TestGuiTranslations::languageSettingRoundTrips()
{
    QSettings settings;
    setLanguageSetting(settings, QStringLiteral("fr"));
    QCOMPARE(languageSetting(settings), QStringLiteral("fr"));
    setLanguageSetting(settings, QString());
    QCOMPARE(languageSetting(settings), QString());
    // The menu offers "System default", English and every compiled translation.
    QStringList codes;
    for (const Language &l : availableLanguages())
        codes << l.code;
    for (const QString &l : kLanguages)
        QVERIFY2(codes.contains(l), qPrintable(codes.join(QLatin1Char(','))));
    QCOMPARE(codes.value(0), QString());
}

void TestGuiTranslations::englishInstallsNothing()
{
    removeTranslators();
    QCOMPARE(installTranslations(*qApp, QStringLiteral("en")), QString());
    QVERIFY(qApp->findChildren<QTranslator *>().isEmpty());
    QCOMPARE(QCoreApplication::translate("chestlens::ui::MainWindow", "&File"), QStringLiteral("&File"));
}

QTEST_MAIN(TestGuiTranslations)
#include "test_gui_translations.moc"
