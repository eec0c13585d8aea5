// stratifiedSplit() and splitToJson() on synthetic folders (no files needed: the split only
// looks at labels, paths and the duplicate report).

#include "core/data/split.h"
#include "core/error.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QtTest/QTest>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

using namespace chestlens;

namespace {

LabelledFolder syntheticFolder(const std::vector<int> &perClass)
{
    LabelledFolder f;
    f.root = QStringLiteral("/data/films");
    for (std::size_t c = 0; c < perClass.size(); ++c) {
        const QString cls = QStringLiteral("class%1").arg(c);
        f.classes << cls;
        for (int k = 0; k < perClass[c]; ++k)
            f.items.push_back(
                {QStringLiteral("%1/%2/img%3.png").arg(f.root, cls).arg(k, 4, 10, QLatin1Char('0')),
                 static_cast<int>(c), QString()});
    }
    return f;
}

/// Groups of item indices; label conflicts and `keep` filled in as findDuplicates() would.
DedupReport report(const LabelledFolder &f, const std::vector<std::vector<int>> &groups,
                   const std::vector<int> &unreadable = {})
{
    DedupReport r;
    std::set<int> excluded;
    for (const std::vector<int> &members : groups) {
        DuplicateGroup g;
        g.members = members;
        std::set<int> labels;
        for (int m : members)
            labels.insert(f.items[static_cast<std::size_t>(m)].label);
        g.labelConflict = labels.size() > 1;
        g.keep = g.labelConflict ? -1 : members.front();
        for (int m : members) {
            if (m != g.keep)
                excluded.insert(m);
        }
        r.groups.push_back(g);
    }
    r.excluded.assign(excluded.begin(), excluded.end());
    r.unreadableItems = unreadable;
    for (int u : unreadable)
        r.unreadable << f.items[static_cast<std::size_t>(u)].path + QStringLiteral(": truncated");
    return r;
}

std::vector<int> perClassCount(const LabelledFolder &f, const std::vector<int> &items)
{
    std::vector<int> counts(static_cast<std::size_t>(f.classes.size()), 0);
    for (int i : items)
        ++counts[static_cast<std::size_t>(f.items[static_cast<std::size_t>(i)].label)];
    return counts;
}

} // namespace

class TestSplit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stratifiedAndComplete_data();
    void stratifiedAndComplete();
    void reproducibleForSeed();
    void pinnedAcrossPlatforms();
    void dropsExcludedAndUnreadable();
    void keepsGroupsTogether();
    void keepsPatientsTogether();
    void rejectsBadArguments();
    void json();
    void sourceBalanceWeights_data();
    void sourceBalanceWeights();
};

void TestSplit::stratifiedAndComplete_data()
{
    QTest::addColumn<std::vector<int>>("perClass");
    QTest::addColumn<double>("fraction");
    QTest::addColumn<std::vector<int>>("expectedVal");
    QTest::newRow("cxr4-like 20%") << std::vector<int>{464, 600, 588, 599} << 0.2
                                   << std::vector<int>{93, 120, 118, 120};
    QTest::newRow("imbalanced 25%") << std::vector<int>{40, 7, 3} << 0.25 << std::vector<int>{10, 2, 1};
    QTest::newRow("tiny classes get one") << std::vector<int>{2, 3, 10} << 0.05 << std::vector<int>{1, 1, 1};
    QTest::newRow("single item stays in train") << std::vector<int>{1, 5} << 0.5 << std::vector<int>{0, 3};
    QTest::newRow("large fraction keeps a training item")
        << std::vector<int>{2, 4} << 0.9 << std::vector<int>{1, 3};
    QTest::newRow("zero fraction") << std::vector<int>{5, 5} << 0.0 << std::vector<int>{0, 0};
}

void TestSplit::stratifiedAndComplete()
{
    QFETCH(std::vector<int>, perClass);
    QFETCH(double, fraction);
    QFETCH(std::vector<int>, expectedVal);
    const LabelledFolder f = syntheticFolder(perClass);
    const Split s = stratifiedSplit(f, DedupReport{}, fraction, 7);

    QCOMPARE(perClassCount(f, s.val), expectedVal);
    std::vector<int> expectedTrain(perClass.size());
    for (std::size_t c = 0; c < perClass.size(); ++c)
        expectedTrain[c] = perClass[c] - expectedVal[c];
    QCOMPARE(perClassCount(f, s.train), expectedTrain);

    QVERIFY(std::is_sorted(s.train.begin(), s.train.end()));
    QVERIFY(std::is_sorted(s.val.begin(), s.val.end()));
    std::vector<int> all = s.train;
    all.insert(all.end(), s.val.begin(), s.val.end());
    std::sort(all.begin(), all.end());
    std::vector<int> every(f.items.size());
    std::iota(every.begin(), every.end(), 0);
    QCOMPARE(all, every); // disjoint and complete
    QCOMPARE(s.seed, quint64(7));
}

void TestSplit::reproducibleForSeed()
{
    const LabelledFolder f = syntheticFolder({50, 50, 50});
    const Split a = stratifiedSplit(f, DedupReport{}, 0.2, 1234);
    const Split b = stratifiedSplit(f, DedupReport{}, 0.2, 1234);
    QCOMPARE(a.train, b.train);
    QCOMPARE(a.val, b.val);
    const Split c = stratifiedSplit(f, DedupReport{}, 0.2, 1235);
    QVERIFY(c.val != a.val);
    QCOMPARE(perClassCount(f, c.val), perClassCount(f, a.val));
    // The validation side is a shuffle, not the first or last items of each class.
    QVERIFY(a.val !=
            std::vector<int>({0,  1,  2,  3,  4,  5,   6,   7,   8,   9,   50,  51,  52,  53,  54,
                              55, 56, 57, 58, 59, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109}));
}

void TestSplit::pinnedAcrossPlatforms()
{
    // A model file stores its seed; the same seed must give the same split on any compiler and
    // standard library. The expected items were checked against an independent Python
    // implementation of mt19937_64 and this Fisher-Yates; a change here breaks the
    // reproducibility of existing models.
    const LabelledFolder f = syntheticFolder({10, 10});
    const Split s = stratifiedSplit(f, DedupReport{}, 0.3, 42);
    QCOMPARE(s.val, (std::vector<int>{1, 7, 9, 11, 12, 18}));
}

void TestSplit::dropsExcludedAndUnreadable()
{
    const LabelledFolder f = syntheticFolder({20, 20});
    // {0,1,2}: duplicates within class 0 (0 kept); {5,25}: a label conflict; 10 and 30 unreadable.
    const DedupReport r = report(f, {{0, 1, 2}, {5, 25}}, {10, 30});
    const std::set<int> gone = {1, 2, 5, 25, 10, 30};
    for (quint64 seed : {1ull, 2ull, 3ull}) {
        const Split s = stratifiedSplit(f, r, 0.25, seed);
        std::set<int> seen;
        for (int i : s.train)
            QVERIFY(seen.insert(i).second);
        for (int i : s.val)
            QVERIFY2(seen.insert(i).second, "an item is on both sides");
        for (int i = 0; i < 40; ++i)
            QCOMPARE(seen.count(i) == 1, gone.count(i) == 0);
        // 16 usable in class 0 and 18 in class 1 -> round(4.0) and round(4.5) to validation.
        QCOMPARE(perClassCount(f, s.val), (std::vector<int>{4, 5}));
    }
    // Unreadable files stay out even when duplicates are kept.
    const Split kept = stratifiedSplit(f, r, 0.25, 1, false);
    QCOMPARE(static_cast<int>(kept.train.size() + kept.val.size()), 38);
    for (const std::vector<int> *side : {&kept.train, &kept.val}) {
        QVERIFY(std::find(side->begin(), side->end(), 10) == side->end());
        QVERIFY(std::find(side->begin(), side->end(), 30) == side->end());
    }
}

void TestSplit::keepsGroupsTogether()
{
    const LabelledFolder f = syntheticFolder({30, 30, 30});
    const std::vector<std::vector<int>> groups = {{0, 1},   {2, 3, 4}, {10, 11}, {30, 31, 32, 33}, {40, 41},
                                                  {60, 61}, {62, 63},  {70, 75}, {29, 59} /* conflict */};
    const DedupReport r = report(f, groups);
    int groupsInVal = 0;
    for (quint64 seed = 0; seed < 20; ++seed) {
        const Split s = stratifiedSplit(f, r, 0.2, seed, false);
        QCOMPARE(static_cast<int>(s.train.size() + s.val.size()), 90);
        const std::set<int> val(s.val.begin(), s.val.end());
        for (const std::vector<int> &g : groups) {
            const bool first = val.count(g.front()) > 0;
            for (int m : g)
                QVERIFY2(
                    (val.count(m) > 0) == first,
                    qPrintable(
                        QStringLiteral("seed %1: group of %2 straddles the split").arg(seed).arg(g.front())));
            groupsInVal += first ? 1 : 0;
        }
        // Each class sends its share, 6 of 30; the conflict group {29, 59} counts as class 0 (tie
        // goes to the lower class) and so moves one class-1 film with it.
        const std::vector<int> counts = perClassCount(f, s.val);
        QCOMPARE(counts[2], 6);
        QVERIFY2(
            counts[0] >= 5 && counts[0] <= 6 && counts[1] >= 6 && counts[1] <= 7,
            qPrintable(
                QStringLiteral("seed %1: %2 / %3 in validation").arg(seed).arg(counts[0]).arg(counts[1])));
        QCOMPARE(counts[0] + counts[1], 12);
    }
    QVERIFY2(groupsInVal > 0, "groups never reach validation: they are not being shuffled with the rest");
}

void TestSplit::keepsPatientsTogether()
{
    // 40 films per class named nih_<patient>_<film>.png: patient p has films in class p % 2 and,
    // for every fourth patient, also one in the other class (NIH patients can be in both).
    LabelledFolder f;
    f.root = QStringLiteral("/data/films");
    f.classes = QStringList{QStringLiteral("normal"), QStringLiteral("pneumonia")};
    for (int k = 0; k < 80; ++k) {
        const int patient = k / 2;
        const int label = (k % 2 == 1 && patient % 4 == 0) ? 1 - patient % 2 : patient % 2;
        f.items.push_back(
            {QStringLiteral("%1/%2/nih_%3_%4.png").arg(f.root, f.classes[label]).arg(patient).arg(k), label,
             QStringLiteral("nih")});
    }
    std::sort(f.items.begin(), f.items.end(),
              [](const LabelledImage &a, const LabelledImage &b) { return a.path < b.path; });
    const std::vector<QString> keys = patientKeys(f, QRegularExpression(QStringLiteral("^(nih_[^_]+)_")));
    QCOMPARE(keys.size(), f.items.size());
    QCOMPARE(keys.front().left(4), QStringLiteral("nih_"));
    int straddling = 0;
    for (quint64 seed = 0; seed < 10; ++seed) {
        const Split s = stratifiedSplit(f, DedupReport{}, 0.25, seed, true, keys);
        QCOMPARE(static_cast<int>(s.train.size() + s.val.size()), 80);
        QSet<QString> trainPatients;
        for (int i : s.train)
            trainPatients.insert(keys[static_cast<std::size_t>(i)]);
        for (int i : s.val)
            QVERIFY2(!trainPatients.contains(keys[static_cast<std::size_t>(i)]),
                     qPrintable(QStringLiteral("seed %1: patient %2 on both sides")
                                    .arg(seed)
                                    .arg(keys[static_cast<std::size_t>(i)])));
        QVERIFY(!s.val.empty());
        // Without the keys the same films straddle: the grouping is what keeps them together.
        const Split plain = stratifiedSplit(f, DedupReport{}, 0.25, seed, true);
        QSet<QString> plainTrain;
        for (int i : plain.train)
            plainTrain.insert(keys[static_cast<std::size_t>(i)]);
        for (int i : plain.val)
            straddling += plainTrain.contains(keys[static_cast<std::size_t>(i)]) ? 1 : 0;
    }
    QVERIFY2(straddling > 0, "an ungrouped split never separated a patient's films: the test shows nothing");
}

void TestSplit::rejectsBadArguments()
{
    const LabelledFolder f = syntheticFolder({5, 5});
    for (double bad : {-0.1, 1.0, 1.5, std::nan("")}) {
        try {
            stratifiedSplit(f, DedupReport{}, bad, 1);
            QFAIL(qPrintable(QStringLiteral("fraction %1 accepted").arg(bad)));
        } catch (const Error &e) {
            QCOMPARE(e.code(), ErrorCode::InvalidArgument);
        }
    }
    DedupReport foreign;
    foreign.excluded = {12};
    QVERIFY_THROWS_EXCEPTION(Error, stratifiedSplit(f, foreign, 0.2, 1));
}

void TestSplit::json()
{
    const LabelledFolder f = syntheticFolder({3, 3});
    const Split s = stratifiedSplit(f, DedupReport{}, 0.34, 99);
    const QJsonObject o = splitToJson(f, s);
    QCOMPARE(o.value(QStringLiteral("seed")).toInteger(), 99);
    const QJsonArray train = o.value(QStringLiteral("train")).toArray();
    const QJsonArray val = o.value(QStringLiteral("val")).toArray();
    QCOMPARE(train.size(), qsizetype(s.train.size()));
    QCOMPARE(val.size(), qsizetype(s.val.size()));
    QCOMPARE(val.size(), 2);
    for (int k = 0; k < val.size(); ++k)
        QCOMPARE(val.at(k).toString(), f.relativePath(s.val[static_cast<std::size_t>(k)]));
    QVERIFY(train.at(0).toString().startsWith(QStringLiteral("class")));

    Split big = s;
    big.seed = 0xFFFFFFFFFFFFFFFFull; // beyond qint64: written as a decimal string, no precision lost
    QCOMPARE(splitToJson(f, big).value(QStringLiteral("seed")).toString(),
             QStringLiteral("18446744073709551615"));
}

void TestSplit::sourceBalanceWeights_data()
{
    // Class 0: 6 films from "a", 2 from "b"; class 1: 4 films without a source (one group).
    // alpha 1: s_a = 8 / (2 * 6) = 2/3, s_b = 8 / (2 * 2) = 2; their mean over the class is
    // (6 * 2/3 + 2 * 2) / 8 = 1, so w_a = 2/3 and w_b = 2 (each source weighs 4 in all).
    // alpha 0.5: s_a = sqrt(2/3), s_b = sqrt(2), mean (6 sqrt(2/3) + 2 sqrt(2)) / 8.
    QTest::addColumn<double>("alpha");
    QTest::addColumn<double>("wa");
    QTest::addColumn<double>("wb");
    const double mean = (6 * std::sqrt(2.0 / 3.0) + 2 * std::sqrt(2.0)) / 8;
    QTest::newRow("off") << 0.0 << 1.0 << 1.0;
    QTest::newRow("full") << 1.0 << 2.0 / 3.0 << 2.0;
    QTest::newRow("half") << 0.5 << std::sqrt(2.0 / 3.0) / mean << std::sqrt(2.0) / mean;
}

void TestSplit::sourceBalanceWeights()
{
    QFETCH(double, alpha);
    QFETCH(double, wa);
    QFETCH(double, wb);
    LabelledFolder f = syntheticFolder({8, 4});
    for (int i = 0; i < 8; ++i)
        f.items[static_cast<std::size_t>(i)].source = i < 6 ? QStringLiteral("a") : QStringLiteral("b");
    std::vector<int> items(12);
    std::iota(items.begin(), items.end(), 0);
    const std::vector<float> w = chestlens::sourceBalanceWeights(f, items, alpha);
    QCOMPARE(w.size(), std::size_t(12));
    double classTotal = 0;
    for (int i = 0; i < 8; ++i) {
        QVERIFY2(std::abs(w[static_cast<std::size_t>(i)] - (i < 6 ? wa : wb)) < 1e-6,
                 qPrintable(QString::number(i)));
        classTotal += w[static_cast<std::size_t>(i)];
    }
    QVERIFY(std::abs(classTotal - 8.0) < 1e-5); // the class keeps its total weight
    for (int i = 8; i < 12; ++i)
        QCOMPARE(w[static_cast<std::size_t>(i)], 1.0f); // one source: nothing to balance
    // Only the listed items count: class 0 restricted to sources a (3 films) and b (1 film).
    const std::vector<float> some = chestlens::sourceBalanceWeights(f, {0, 1, 2, 6}, 1.0);
    QVERIFY(std::abs(some[0] - 4.0 / 6.0) < 1e-6 && std::abs(some[3] - 2.0) < 1e-6);
    QVERIFY_THROWS_EXCEPTION(Error, chestlens::sourceBalanceWeights(f, items, 1.5));
    QVERIFY_THROWS_EXCEPTION(Error, chestlens::sourceBalanceWeights(f, {12}, 1.0));
}

QTEST_GUILESS_MAIN(TestSplit)
#include "test_split.moc"
