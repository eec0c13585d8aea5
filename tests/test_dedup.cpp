// findDuplicates() on a small labelled folder of real cxr4 films with planted copies, and the
// `dedup` command. The films are copied into a temporary folder, never into the repository.

#include "core/data/dedup.h"
#include "core/data/labelledfolder.h"
#include "core/error.h"
#include "support/testdata.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <functional>
#include <thread>

using namespace chestlens;

namespace {

/// The closest distinct films of cxr4 (confirmation scores 0.95-0.962, the first two within the
/// hash thresholds): a search that merges any of them is too loose.
const QStringList kHardNegatives = {
    QStringLiteral("normal/agg1_normal-8225.png"),
    QStringLiteral("tuberculosis/agg1_tuberculosis-10241.png"),
    QStringLiteral("tuberculosis/agg1_tuberculosis-10636.png"),
    QStringLiteral("pneumonia/agg1_pneumonia-5319.png"),
    QStringLiteral("pneumonia/agg1_pneumonia-5707.png"),
};
constexpr int kPerClass = 6; ///< ordinary films taken from each class

/// Film that most copies are made of: a 256 x 256 adult film with a distinct look-alike.
const QString kOriginal = QStringLiteral("normal/agg1_normal-8225.png");
/// A film whose hashes change a lot when it is cropped (dHash 19-22, pHash 18-20 bits at 5-6 %
/// per side): only the crop-level hashes make its cropped copies candidates.
const QString kBordered = QStringLiteral("covid/hannover_006f3a8a.png");

cv::Mat readGrey(const QString &path)
{
    return cv::imread(QFile::encodeName(path).toStdString(), cv::IMREAD_GRAYSCALE);
}

bool writeImage(const QString &path, const cv::Mat &img, const std::vector<int> &params = {})
{
    return cv::imwrite(QFile::encodeName(path).toStdString(), img, params);
}

int indexOf(const LabelledFolder &f, const QString &relative)
{
    for (int i = 0; i < static_cast<int>(f.items.size()); ++i) {
        if (f.relativePath(i) == relative)
            return i;
    }
    return -1;
}

QString describe(const LabelledFolder &f, const DedupReport &r)
{
    QStringList groups;
    for (const DuplicateGroup &g : r.groups) {
        QStringList files;
        for (int m : g.members)
            files << f.relativePath(m);
        groups << QStringLiteral("{%1}").arg(files.join(QStringLiteral(", ")));
    }
    return groups.join(QStringLiteral(" "));
}

using Variant =
    std::function<bool(const cv::Mat &original, const QString &originalPath, const QString &target)>;

} // namespace

Q_DECLARE_METATYPE(Variant)

class TestDedup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void distinctFilmsAreNotMerged();
    void hashesAloneWouldMergeThem();
    void findsPlantedCopy_data();
    void findsPlantedCopy();
    void crossClassCopyIsALabelConflict();
    void unreadableFilesAreReported();
    void progressAndThreads();
    void cancels();
    void cliReportsGroups();

private:
    /// A fresh folder holding the base films (and nothing else).
    QString makeFolder(QTemporaryDir &tmp);

    QString m_cxr4;
    QStringList m_base; ///< relative paths of the base films
};

void TestDedup::initTestCase()
{
    CHESTLENS_REQUIRE_DATA(cxr4, "cxr4");
    m_cxr4 = cxr4;
    for (const QString &cls : {QStringLiteral("covid"), QStringLiteral("normal"), QStringLiteral("pneumonia"),
                               QStringLiteral("tuberculosis")}) {
        const QStringList files =
            QDir(QDir(cxr4).filePath(cls)).entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= kPerClass);
        for (int k = 0; k < kPerClass; ++k)
            m_base << cls + QLatin1Char('/') + files.at(k);
    }
    QVERIFY(m_base.contains(kBordered));
    for (const QString &hard : kHardNegatives) {
        QVERIFY2(QFileInfo::exists(QDir(cxr4).filePath(hard)), qPrintable(hard));
        if (!m_base.contains(hard))
            m_base << hard;
    }
}

QString TestDedup::makeFolder(QTemporaryDir &tmp)
{
    const QString root = tmp.filePath(QStringLiteral("films"));
    for (const QString &rel : std::as_const(m_base)) {
        const QString target = QDir(root).filePath(rel);
        QDir().mkpath(QFileInfo(target).absolutePath());
        if (!QFile::copy(QDir(m_cxr4).filePath(rel), target))
            return {};
    }
    return root;
}

void TestDedup::distinctFilmsAreNotMerged()
{
    QTemporaryDir tmp;
    const QString root = makeFolder(tmp);
    QVERIFY(!root.isEmpty());
    const LabelledFolder f = scanLabelledFolder(root);
    QCOMPARE(static_cast<int>(f.items.size()), m_base.size());
    const DedupReport r = findDuplicates(f);
    QVERIFY2(r.groups.empty(), qPrintable(describe(f, r)));
    QCOMPARE(r.exactDuplicates, 0);
    QCOMPARE(r.nearDuplicates, 0);
    QVERIFY(r.excluded.empty());
    QVERIFY(r.unreadable.isEmpty());
}

void TestDedup::hashesAloneWouldMergeThem()
{
    // Without the correlation check the hashes cannot tell the closest distinct films apart:
    // proof that the confirmation step is what keeps them separate above.
    QTemporaryDir tmp;
    const QString root = makeFolder(tmp);
    QVERIFY(!root.isEmpty());
    const LabelledFolder f = scanLabelledFolder(root);
    DedupOptions hashOnly;
    hashOnly.confirm = false;
    const DedupReport r = findDuplicates(f, hashOnly);
    const int a = indexOf(f, kHardNegatives.at(0));
    const int b = indexOf(f, kHardNegatives.at(1));
    bool merged = false;
    for (const DuplicateGroup &g : r.groups) {
        merged = merged || (std::count(g.members.begin(), g.members.end(), a) &&
                            std::count(g.members.begin(), g.members.end(), b));
    }
    QVERIFY2(merged, qPrintable(describe(f, r)));
}

void TestDedup::findsPlantedCopy_data()
{
    QTest::addColumn<QString>("original");
    QTest::addColumn<QString>("copyName");
    QTest::addColumn<Variant>("make");
    QTest::addColumn<bool>("exact");

    QTest::newRow("byte-identical copy") << kOriginal << QStringLiteral("zz_copy.png")
                                         << Variant([](const cv::Mat &, const QString &from,
                                                       const QString &to) { return QFile::copy(from, to); })
                                         << true;
    QTest::newRow("same pixels, other PNG encoding")
        << kOriginal << QStringLiteral("zz_copy.png")
        << Variant([](const cv::Mat &img, const QString &, const QString &to) {
               return writeImage(to, img, {cv::IMWRITE_PNG_COMPRESSION, 0});
           })
        << true;
    QTest::newRow("same pixels as BMP")
        << kOriginal << QStringLiteral("zz_copy.bmp")
        << Variant([](const cv::Mat &img, const QString &, const QString &to) { return writeImage(to, img); })
        << true;
    QTest::newRow("JPEG quality 85") << kOriginal << QStringLiteral("zz_copy.jpg")
                                     << Variant([](const cv::Mat &img, const QString &, const QString &to) {
                                            return writeImage(to, img, {cv::IMWRITE_JPEG_QUALITY, 85});
                                        })
                                     << false;
    QTest::newRow("JPEG quality 30") << kOriginal << QStringLiteral("zz_copy.jpeg")
                                     << Variant([](const cv::Mat &img, const QString &, const QString &to) {
                                            return writeImage(to, img, {cv::IMWRITE_JPEG_QUALITY, 30});
                                        })
                                     << false;
    QTest::newRow("resized to 60 %") << kOriginal << QStringLiteral("zz_copy.png")
                                     << Variant([](const cv::Mat &img, const QString &, const QString &to) {
                                            cv::Mat small;
                                            cv::resize(img, small, cv::Size(), 0.6, 0.6, cv::INTER_AREA);
                                            return writeImage(to, small);
                                        })
                                     << false;
    QTest::newRow("cropped 2 % per side, resized, JPEG")
        << kOriginal << QStringLiteral("zz_copy.jpg")
        << Variant([](const cv::Mat &img, const QString &, const QString &to) {
               const int dx = img.cols / 50, dy = img.rows / 50;
               cv::Mat cropped = img(cv::Rect(dx, dy, img.cols - 2 * dx, img.rows - 2 * dy));
               cv::Mat out;
               cv::resize(cropped, out, cv::Size(), 0.8, 0.8, cv::INTER_AREA);
               return writeImage(to, out, {cv::IMWRITE_JPEG_QUALITY, 80});
           })
        << false;
    QTest::newRow("cropped 4 % per side")
        << kBordered << QStringLiteral("zz_copy.png")
        << Variant([](const cv::Mat &img, const QString &, const QString &to) {
               const int dx = img.cols / 25, dy = img.rows / 25;
               return writeImage(to, img(cv::Rect(dx, dy, img.cols - 2 * dx, img.rows - 2 * dy)).clone());
           })
        << false;
    QTest::newRow("cropped 6 % per side")
        << kBordered << QStringLiteral("zz_copy.png")
        << Variant([](const cv::Mat &img, const QString &, const QString &to) {
               const int dx = img.cols * 6 / 100, dy = img.rows * 6 / 100;
               return writeImage(to, img(cv::Rect(dx, dy, img.cols - 2 * dx, img.rows - 2 * dy)).clone());
           })
        << false;
    QTest::newRow("cropped 5 % per side, JPEG")
        << kBordered << QStringLiteral("zz_copy.jpg")
        << Variant([](const cv::Mat &img, const QString &, const QString &to) {
               const int dx = img.cols / 20, dy = img.rows / 20;
               return writeImage(to, img(cv::Rect(dx, dy, img.cols - 2 * dx, img.rows - 2 * dy)),
                                 {cv::IMWRITE_JPEG_QUALITY, 90});
           })
        << false;
    QTest::newRow("brighter by 20") << kOriginal << QStringLiteral("zz_copy.png")
                                    << Variant([](const cv::Mat &img, const QString &, const QString &to) {
                                           cv::Mat out;
                                           img.convertTo(out, -1, 1.0, 20.0);
                                           return writeImage(to, out);
                                       })
                                    << false;
    QTest::newRow("darker, more contrast")
        << kOriginal << QStringLiteral("zz_copy.png")
        << Variant([](const cv::Mat &img, const QString &, const QString &to) {
               cv::Mat out;
               img.convertTo(out, -1, 1.15, -25.0);
               return writeImage(to, out);
           })
        << false;
}

void TestDedup::findsPlantedCopy()
{
    QFETCH(QString, original);
    QFETCH(QString, copyName);
    QFETCH(Variant, make);
    QFETCH(bool, exact);
    QTemporaryDir tmp;
    const QString root = makeFolder(tmp);
    QVERIFY(!root.isEmpty());
    const QString originalPath = QDir(root).filePath(original);
    const QString copyRel = original.section(QLatin1Char('/'), 0, 0) + QLatin1Char('/') + copyName;
    QVERIFY(make(readGrey(originalPath), originalPath, QDir(root).filePath(copyRel)));

    const LabelledFolder f = scanLabelledFolder(root);
    const DedupReport r = findDuplicates(f);
    const int originalIndex = indexOf(f, original);
    const int copy = indexOf(f, copyRel);
    QVERIFY(originalIndex >= 0 && copy >= 0);
    QVERIFY2(r.groups.size() == 1, qPrintable(describe(f, r)));
    const DuplicateGroup &g = r.groups.front();
    QCOMPARE(g.members, (std::vector<int>{std::min(originalIndex, copy), std::max(originalIndex, copy)}));
    QCOMPARE(g.exact, exact);
    QVERIFY(!g.labelConflict);
    QCOMPARE(g.keep, originalIndex); // larger, lossless or first by path: the original in every row
    QCOMPARE(r.excluded, std::vector<int>{copy});
    QCOMPARE(r.exactDuplicates, exact ? 1 : 0);
    QCOMPARE(r.nearDuplicates, exact ? 0 : 1);
    QCOMPARE(r.conflictGroups, 0);
}

void TestDedup::crossClassCopyIsALabelConflict()
{
    QTemporaryDir tmp;
    const QString root = makeFolder(tmp);
    QVERIFY(!root.isEmpty());
    // One film filed under two classes, plus an ordinary same-class JPEG copy of another film.
    const QString conflictSource = m_base.at(kPerClass); // first normal film
    const QString conflictCopy = QStringLiteral("tuberculosis/zz_relabelled.png");
    QVERIFY(QFile::copy(QDir(root).filePath(conflictSource), QDir(root).filePath(conflictCopy)));
    const QString jpegSource = m_base.at(0); // first covid film
    const QString jpegCopy = QStringLiteral("covid/zz_copy.jpg");
    QVERIFY(writeImage(QDir(root).filePath(jpegCopy), readGrey(QDir(root).filePath(jpegSource)),
                       {cv::IMWRITE_JPEG_QUALITY, 70}));

    const LabelledFolder f = scanLabelledFolder(root);
    const DedupReport r = findDuplicates(f);
    QVERIFY2(r.groups.size() == 2, qPrintable(describe(f, r)));
    const int a = indexOf(f, conflictSource), b = indexOf(f, conflictCopy);
    const int c = indexOf(f, jpegSource), d = indexOf(f, jpegCopy);
    const DuplicateGroup &near = r.groups[0].members.front() == std::min(c, d) ? r.groups[0] : r.groups[1];
    const DuplicateGroup &conflict = &near == &r.groups[0] ? r.groups[1] : r.groups[0];
    QCOMPARE(conflict.members, (std::vector<int>{std::min(a, b), std::max(a, b)}));
    QVERIFY(conflict.labelConflict);
    QVERIFY(conflict.exact);
    QCOMPARE(conflict.keep, -1);
    QCOMPARE(near.members, (std::vector<int>{std::min(c, d), std::max(c, d)}));
    QVERIFY(!near.labelConflict);
    QCOMPARE(near.keep, c);
    QCOMPARE(r.conflictGroups, 1);
    QCOMPARE(r.conflictImages, 2);
    std::vector<int> expectedExcluded = {a, b, d};
    std::sort(expectedExcluded.begin(), expectedExcluded.end());
    QCOMPARE(r.excluded, expectedExcluded);

    const QJsonObject json = r.toJson(f);
    QCOMPARE(json.value(QStringLiteral("images")).toInt(), static_cast<int>(f.items.size()));
    QCOMPARE(json.value(QStringLiteral("exact_duplicates")).toInt(), 1);
    QCOMPARE(json.value(QStringLiteral("near_duplicates")).toInt(), 1);
    QCOMPARE(json.value(QStringLiteral("label_conflicts")).toObject().value(QStringLiteral("groups")).toInt(),
             1);
    QCOMPARE(json.value(QStringLiteral("label_conflicts")).toObject().value(QStringLiteral("images")).toInt(),
             2);
    QVERIFY(json.value(QStringLiteral("unreadable")).toArray().isEmpty());
    const QJsonArray groups = json.value(QStringLiteral("groups")).toArray();
    QCOMPARE(groups.size(), 2);
    for (const QJsonValue &v : groups) {
        const QJsonObject g = v.toObject();
        const QJsonArray files = g.value(QStringLiteral("files")).toArray();
        QCOMPARE(files.size(), 2);
        QCOMPARE(g.value(QStringLiteral("classes")).toArray().size(), 2);
        if (g.value(QStringLiteral("label_conflict")).toBool()) {
            QVERIFY(g.value(QStringLiteral("keep")).isNull());
            QCOMPARE(g.value(QStringLiteral("classes")).toArray().at(0).toString(), QStringLiteral("normal"));
            QCOMPARE(g.value(QStringLiteral("classes")).toArray().at(1).toString(),
                     QStringLiteral("tuberculosis"));
        } else {
            QCOMPARE(g.value(QStringLiteral("keep")).toString(), jpegSource);
            QVERIFY(files.contains(jpegCopy));
        }
    }
}

void TestDedup::unreadableFilesAreReported()
{
    QTemporaryDir tmp;
    const QString root = makeFolder(tmp);
    QVERIFY(!root.isEmpty());
    QFile original(QDir(root).filePath(kOriginal));
    QVERIFY(original.open(QIODevice::ReadOnly));
    const QByteArray head = original.read(200);
    QFile truncated(QDir(root).filePath(QStringLiteral("covid/zz_truncated.png")));
    QVERIFY(truncated.open(QIODevice::WriteOnly));
    truncated.write(head);
    truncated.close();
    QFile text(QDir(root).filePath(QStringLiteral("pneumonia/zz_text.png")));
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("this is not an image\n");
    text.close();

    const LabelledFolder f = scanLabelledFolder(root);
    const DedupReport r = findDuplicates(f);
    const int t = indexOf(f, QStringLiteral("covid/zz_truncated.png"));
    const int x = indexOf(f, QStringLiteral("pneumonia/zz_text.png"));
    QCOMPARE(r.unreadableItems, (std::vector<int>{std::min(t, x), std::max(t, x)}));
    QCOMPARE(r.unreadable.size(), 2);
    QVERIFY2(r.unreadable.at(t < x ? 0 : 1).contains(QStringLiteral("zz_truncated.png: ")),
             qPrintable(r.unreadable.join('\n')));
    QVERIFY2(r.unreadable.at(t < x ? 1 : 0).contains(QStringLiteral("zz_text.png: ")),
             qPrintable(r.unreadable.join('\n')));
    QVERIFY2(r.groups.empty(), qPrintable(describe(f, r))); // the two broken files are not "duplicates"
    QVERIFY(r.excluded.empty());
}

void TestDedup::progressAndThreads()
{
    QTemporaryDir tmp;
    const QString root = makeFolder(tmp);
    QVERIFY(!root.isEmpty());
    QVERIFY(QFile::copy(QDir(root).filePath(kOriginal),
                        QDir(root).filePath(QStringLiteral("pneumonia/zz_copy.png"))));
    const LabelledFolder f = scanLabelledFolder(root);
    const int n = static_cast<int>(f.items.size());

    std::vector<std::pair<int, int>> calls;
    bool otherThread = false;
    const auto caller = std::this_thread::get_id();
    DedupOptions one;
    one.threads = 1;
    const DedupReport serial = findDuplicates(f, one, [&](int done, int total) {
        calls.emplace_back(done, total);
        otherThread = otherThread || std::this_thread::get_id() != caller;
    });
    QVERIFY(!otherThread);
    QVERIFY(!calls.empty());
    QCOMPARE(calls.back(), std::make_pair(n, n));
    for (std::size_t k = 1; k < calls.size(); ++k) {
        QVERIFY(calls[k].first >= calls[k - 1].first);
        QCOMPARE(calls[k].second, n);
    }

    DedupOptions three;
    three.threads = 3;
    const DedupReport parallel = findDuplicates(f, three);
    QCOMPARE(parallel.groups.size(), std::size_t(1));
    QCOMPARE(serial.groups.size(), std::size_t(1));
    QCOMPARE(parallel.groups[0].members, serial.groups[0].members);
    QCOMPARE(parallel.excluded, serial.excluded);
    QVERIFY(parallel.groups[0].labelConflict);
}

void TestDedup::cancels()
{
    QTemporaryDir tmp;
    const QString root = makeFolder(tmp);
    QVERIFY(!root.isEmpty());
    for (int k = 0; k < 40; ++k) // enough films that decoding outlasts the first progress call
        QVERIFY(QFile::copy(QDir(root).filePath(kOriginal),
                            QDir(root).filePath(QStringLiteral("normal/zz_%1.png").arg(k))));
    const LabelledFolder f = scanLabelledFolder(root);

    std::atomic<bool> cancelled{true};
    QVERIFY_THROWS_EXCEPTION(Error, findDuplicates(f, {}, {}, &cancelled));

    std::atomic<bool> cancel{false};
    int calls = 0;
    DedupOptions one;
    one.threads = 1;
    try {
        findDuplicates(
            f, one,
            [&](int, int) {
                ++calls;
                cancel = true;
            },
            &cancel);
        QFAIL("not cancelled");
    } catch (const Error &e) {
        QCOMPARE(e.code(), ErrorCode::Cancelled);
    }
    QVERIFY(calls >= 1);
    QVERIFY2(calls < static_cast<int>(f.items.size()), "decoding went on after the cancel flag was set");
}

void TestDedup::cliReportsGroups()
{
    const QString cli = chestlens::test::cliPath();
    if (cli.isEmpty() || !QFileInfo(cli).isExecutable())
        QSKIP("CHESTLENS_CLI is not set (run through ctest)");
    QTemporaryDir tmp;
    const QString root = makeFolder(tmp);
    QVERIFY(!root.isEmpty());
    QVERIFY(QFile::copy(QDir(root).filePath(kOriginal),
                        QDir(root).filePath(QStringLiteral("tuberculosis/zz_copy.png"))));

    QProcess p;
    p.start(cli, {QStringLiteral("dedup"), QStringLiteral("--data"), root, QStringLiteral("--json"),
                  QStringLiteral("--threads"), QStringLiteral("2")});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput(), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    for (const char *key :
         {"images", "exact_duplicates", "near_duplicates", "label_conflicts", "groups", "unreadable"})
        QVERIFY2(o.contains(QLatin1String(key)), key);
    QCOMPARE(o.value(QStringLiteral("images")).toInt(), m_base.size() + 1);
    QCOMPARE(o.value(QStringLiteral("label_conflicts")).toObject().value(QStringLiteral("groups")).toInt(),
             1);
    const QJsonArray files =
        o.value(QStringLiteral("groups")).toArray().at(0).toObject().value(QStringLiteral("files")).toArray();
    QCOMPARE(files, (QJsonArray{kOriginal, QStringLiteral("tuberculosis/zz_copy.png")}));

    p.start(cli, {QStringLiteral("dedup"), QStringLiteral("--data"), root});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    const QString text = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY2(text.contains(QStringLiteral("LABEL CONFLICT")) &&
                 text.contains(QStringLiteral("tuberculosis/zz_copy.png")),
             qPrintable(text));

    p.start(cli,
            {QStringLiteral("dedup"), QStringLiteral("--data"), tmp.filePath(QStringLiteral("missing"))});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 1);
    QVERIFY(QString::fromUtf8(p.readAllStandardError())
                .contains(QStringLiteral("missing: folder does not exist")));
}

QTEST_GUILESS_MAIN(TestDedup)
#include "test_dedup.moc"
