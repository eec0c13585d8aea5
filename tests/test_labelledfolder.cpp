// scanLabelledFolder(): layout, suffixes, sources, errors; manifestHash(). Scanning goes by
// suffix only, so these folders hold placeholder bytes, not real images.

#include "core/data/labelledfolder.h"
#include "core/error.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest/QTest>

using namespace chestlens;

namespace {

void writeFile(const QString &root, const QString &relative,
               const QByteArray &content = QByteArrayLiteral("x"))
{
    const QString path = QDir(root).filePath(relative);
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly), qPrintable(path));
    f.write(content);
}

QStringList relativePaths(const LabelledFolder &folder)
{
    QStringList out;
    for (int i = 0; i < static_cast<int>(folder.items.size()); ++i)
        out << folder.relativePath(i);
    return out;
}

} // namespace

class TestLabelledFolder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scansClassesAndNestedImages();
    void ignoresNonImages();
    void sourceFromNestedFolder();
    void sourceFromManifest();
    void rejectsUnusableFolders_data();
    void rejectsUnusableFolders();
    void oneClassIsATestSet();
    void manifestHashTracksContent();
};

void TestLabelledFolder::scansClassesAndNestedImages()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    writeFile(tmp.path(), QStringLiteral("pneumonia/b.png"));
    writeFile(tmp.path(), QStringLiteral("pneumonia/a.PNG"));
    writeFile(tmp.path(), QStringLiteral("covid/site1/deep/x.JpG"));
    writeFile(tmp.path(), QStringLiteral("covid/y.dcm"));
    writeFile(tmp.path(), QStringLiteral("normal/z.tiff"));

    const LabelledFolder f = scanLabelledFolder(tmp.path() + QStringLiteral("/"));
    QCOMPARE(f.root, QDir::cleanPath(tmp.path()));
    QCOMPARE(f.classes,
             (QStringList{QStringLiteral("covid"), QStringLiteral("normal"), QStringLiteral("pneumonia")}));
    QCOMPARE(relativePaths(f),
             (QStringList{QStringLiteral("covid/site1/deep/x.JpG"), QStringLiteral("covid/y.dcm"),
                          QStringLiteral("normal/z.tiff"), QStringLiteral("pneumonia/a.PNG"),
                          QStringLiteral("pneumonia/b.png")}));
    const std::vector<int> labels = {0, 0, 1, 2, 2};
    for (std::size_t i = 0; i < labels.size(); ++i) {
        QCOMPARE(f.items[i].label, labels[i]);
        QVERIFY(QFileInfo(f.items[i].path).isAbsolute());
        QVERIFY(QFileInfo::exists(f.items[i].path));
    }
    QCOMPARE(f.countsPerClass(), (std::vector<int>{2, 1, 2}));
}

void TestLabelledFolder::ignoresNonImages()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    writeFile(tmp.path(), QStringLiteral("a/1.png"));
    writeFile(tmp.path(), QStringLiteral("a/notes.txt"));
    writeFile(tmp.path(), QStringLiteral("a/sub/scan.json"));
    writeFile(tmp.path(), QStringLiteral("a/.hidden.png"));
    writeFile(tmp.path(), QStringLiteral("b/2.bmp"));
    writeFile(tmp.path(), QStringLiteral("b/noextension"));
    writeFile(tmp.path(), QStringLiteral("stray.png"));    // no class
    writeFile(tmp.path(), QStringLiteral("README.md"));    // documentation, not listed
    writeFile(tmp.path(), QStringLiteral(".cache/c.png")); // hidden folder: not a class

    const LabelledFolder f = scanLabelledFolder(tmp.path());
    QCOMPARE(f.classes, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(relativePaths(f), (QStringList{QStringLiteral("a/1.png"), QStringLiteral("b/2.bmp")}));
    QCOMPARE(f.ignored, (QStringList{QStringLiteral("a/notes.txt"), QStringLiteral("a/sub/scan.json"),
                                     QStringLiteral("b/noextension"), QStringLiteral("stray.png")}));
}

void TestLabelledFolder::sourceFromNestedFolder()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    writeFile(tmp.path(), QStringLiteral("covid/hospitalA/1.png"));
    writeFile(tmp.path(), QStringLiteral("covid/hospitalB/day2/2.png"));
    writeFile(tmp.path(), QStringLiteral("normal/3.png"));
    const LabelledFolder f = scanLabelledFolder(tmp.path());
    QCOMPARE(f.items.size(), std::size_t(3));
    QCOMPARE(f.items[0].source, QStringLiteral("hospitalA"));
    QCOMPARE(f.items[1].source, QStringLiteral("hospitalB"));
    QCOMPARE(f.items[2].source, QString());
}

void TestLabelledFolder::sourceFromManifest()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    writeFile(tmp.path(), QStringLiteral("covid/hannover_01.png"));
    writeFile(tmp.path(), QStringLiteral("covid/plain.png"));
    writeFile(tmp.path(), QStringLiteral("normal/nested/agg1_7.png"));
    writeFile(tmp.path(), QStringLiteral("normal/nested/unlisted.png"));
    // Quoted fields with commas and doubled quotes, CRLF line ends, a column order of its own.
    writeFile(tmp.path(), QStringLiteral("MANIFEST.csv"),
              "class,file,source_dataset,source_repo\r\n"
              "covid,covid/hannover_01.png,\"Hannover, MHH\",ml/repo\r\n"
              "covid,covid/plain.png,\"The \"\"Big\"\" set, v2\",org/repo\r\n"
              "normal,normal/nested/agg1_7.png,,parth/agg\r\n");
    const LabelledFolder f = scanLabelledFolder(tmp.path());
    QCOMPARE(relativePaths(f),
             (QStringList{QStringLiteral("covid/hannover_01.png"), QStringLiteral("covid/plain.png"),
                          QStringLiteral("normal/nested/agg1_7.png"),
                          QStringLiteral("normal/nested/unlisted.png")}));
    QCOMPARE(f.items[0].source, QStringLiteral("hannover"));            // file-name prefix wins
    QCOMPARE(f.items[1].source, QStringLiteral("The \"Big\" set, v2")); // no prefix: dataset column
    QCOMPARE(f.items[2].source, QStringLiteral("agg1"));
    QCOMPARE(f.items[3].source, QStringLiteral("nested")); // not listed: nested folder
}

void TestLabelledFolder::rejectsUnusableFolders_data()
{
    QTest::addColumn<QStringList>("files");
    QTest::addColumn<bool>("create");
    QTest::addColumn<QString>("cause");
    QTest::newRow("missing folder") << QStringList() << false << QStringLiteral("does not exist");
    QTest::newRow("empty folder") << QStringList() << true << QStringLiteral("no class folders");
    QTest::newRow("files but no class folders")
        << QStringList{QStringLiteral("a.png")} << true << QStringLiteral("no class folders");
    QTest::newRow("one class") << QStringList{QStringLiteral("normal/a.png"), QStringLiteral("normal/b.png")}
                               << true << QStringLiteral("only one class folder ('normal')");
    QTest::newRow("class folders without images")
        << QStringList{QStringLiteral("normal/a.txt"), QStringLiteral("covid/b.csv")} << true
        << QStringLiteral("no images");
}

void TestLabelledFolder::rejectsUnusableFolders()
{
    QFETCH(QStringList, files);
    QFETCH(bool, create);
    QFETCH(QString, cause);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString dir = tmp.filePath(QStringLiteral("films"));
    if (create)
        QVERIFY(QDir().mkpath(dir));
    for (const QString &file : files)
        writeFile(dir, file);
    try {
        scanLabelledFolder(dir);
        QFAIL("no error thrown");
    } catch (const Error &e) {
        QCOMPARE(e.code(), ErrorCode::InvalidArgument);
        QVERIFY2(e.message().startsWith(dir + QStringLiteral(": ")), qPrintable(e.message()));
        QVERIFY2(e.message().contains(cause), qPrintable(e.message()));
    }
}

void TestLabelledFolder::oneClassIsATestSet()
{
    // Training needs two classes; evaluation takes a folder of one (one hospital's COVID-19 films).
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    writeFile(tmp.path(), QStringLiteral("covid/a.png"));
    writeFile(tmp.path(), QStringLiteral("covid/b.png"));
    const LabelledFolder f = scanLabelledFolder(tmp.path(), 1);
    QCOMPARE(f.classes, QStringList{QStringLiteral("covid")});
    QCOMPARE(f.items.size(), std::size_t(2));
    QVERIFY_THROWS_EXCEPTION(Error, scanLabelledFolder(tmp.path()));
}

void TestLabelledFolder::manifestHashTracksContent()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    writeFile(tmp.path(), QStringLiteral("a/1.png"), "one");
    writeFile(tmp.path(), QStringLiteral("b/2.png"), "two");
    const QString h0 = manifestHash(scanLabelledFolder(tmp.path()));
    QCOMPARE(h0.size(), 64);
    QCOMPARE(manifestHash(scanLabelledFolder(tmp.path())), h0);

    // The hash depends on relative paths, not on where the folder lives.
    QTemporaryDir other;
    QVERIFY(other.isValid());
    writeFile(other.path(), QStringLiteral("a/1.png"), "one");
    writeFile(other.path(), QStringLiteral("b/2.png"), "two");
    QCOMPARE(manifestHash(scanLabelledFolder(other.path())), h0);

    writeFile(tmp.path(), QStringLiteral("b/2.png"), "two!"); // size changed
    const QString h1 = manifestHash(scanLabelledFolder(tmp.path()));
    QVERIFY(h1 != h0);

    QVERIFY(QDir().mkpath(tmp.filePath(QStringLiteral("c"))));
    QVERIFY(QFile::rename(tmp.filePath(QStringLiteral("b/2.png")),
                          tmp.filePath(QStringLiteral("c/2.png")))); // relabelled
    writeFile(tmp.path(), QStringLiteral("b/3.png"), "x");
    const QString h2 = manifestHash(scanLabelledFolder(tmp.path()));
    QVERIFY(h2 != h1);

    writeFile(tmp.path(), QStringLiteral("a/notes.txt"), "ignored files do not count");
    QCOMPARE(manifestHash(scanLabelledFolder(tmp.path())), h2);
}

QTEST_GUILESS_MAIN(TestLabelledFolder)
#include "test_labelledfolder.moc"
