#include "core/data/split.h"

#include "core/error.h"

#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QMap>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <random>

namespace chestlens {

namespace {

/// Uniform integer in [0, bound) by rejection, identical on every standard library
/// (std::uniform_int_distribution is not).
quint64 uniformBelow(std::mt19937_64 &rng, quint64 bound)
{
    constexpr quint64 max = std::numeric_limits<quint64>::max();
    const quint64 excess = (max % bound + 1) % bound; // 2^64 mod bound
    for (;;) {
        const quint64 x = rng();
        if (excess == 0 || x <= max - excess)
            return x % bound;
    }
}

template <typename T> void fisherYates(std::vector<T> &v, std::mt19937_64 &rng)
{
    for (std::size_t i = v.size(); i > 1; --i) {
        const auto j = static_cast<std::size_t>(uniformBelow(rng, i));
        std::swap(v[i - 1], v[j]);
    }
}

void checkIndices(const std::vector<int> &indices, int n, const char *what)
{
    for (int i : indices) {
        if (i < 0 || i >= n)
            throw Error(
                ErrorCode::InvalidArgument,
                QStringLiteral("split: the duplicate report's %1 refer to item %2 of a folder with %3 items "
                               "(was it made for another folder?)")
                    .arg(QLatin1String(what))
                    .arg(i)
                    .arg(n));
    }
}

/// Items that must land on the same side, as sorted lists sorted by their first item: the members
/// of a duplicate group when duplicates are kept, the films of one patient, else single items.
/// Dropped items are in none.
std::vector<std::vector<int>> splitUnits(const DedupReport &dedup, const std::vector<char> &dropped,
                                         bool excludeDuplicates, const std::vector<QString> &patients)
{
    const int n = static_cast<int>(dropped.size());
    std::vector<int> parent(static_cast<std::size_t>(n));
    std::iota(parent.begin(), parent.end(), 0);
    const auto up = [&parent](int i) -> int & { return parent[static_cast<std::size_t>(i)]; };
    const auto find = [&up](int i) {
        while (up(i) != i) {
            up(i) = up(up(i)); // path halving
            i = up(i);
        }
        return i;
    };
    const auto unite = [&](int a, int b) { up(find(a)) = find(b); };
    if (!excludeDuplicates)
        for (const DuplicateGroup &g : dedup.groups)
            for (int m : g.members)
                unite(g.members.front(), m);
    QHash<QString, int> firstOfPatient;
    for (int i = 0; i < n && static_cast<std::size_t>(i) < patients.size(); ++i) {
        const QString &key = patients[static_cast<std::size_t>(i)];
        if (key.isEmpty() || dropped[static_cast<std::size_t>(i)])
            continue;
        const auto it = firstOfPatient.constFind(key);
        if (it == firstOfPatient.constEnd())
            firstOfPatient.insert(key, i);
        else
            unite(*it, i);
    }
    std::map<int, std::vector<int>> byRoot;
    for (int i = 0; i < n; ++i)
        if (!dropped[static_cast<std::size_t>(i)])
            byRoot[find(i)].push_back(i); // ascending: i grows
    std::vector<std::vector<int>> units;
    units.reserve(byRoot.size());
    for (auto &entry : byRoot)
        units.push_back(std::move(entry.second));
    std::sort(units.begin(), units.end()); // by first member: independent of the report's order
    return units;
}

} // namespace

std::vector<QString> patientKeys(const LabelledFolder &folder, const QRegularExpression &pattern)
{
    std::vector<QString> keys;
    keys.reserve(folder.items.size());
    for (const LabelledImage &it : folder.items) {
        const QRegularExpressionMatch m = pattern.match(QFileInfo(it.path).fileName());
        keys.push_back(!m.hasMatch()                ? QString()
                       : m.lastCapturedIndex() >= 1 ? m.captured(1)
                                                    : m.captured(0));
    }
    return keys;
}

Split stratifiedSplit(const LabelledFolder &folder, const DedupReport &dedup, double valFraction,
                      quint64 seed, bool excludeDuplicates, const std::vector<QString> &patients)
{
    if (!(valFraction >= 0.0 && valFraction < 1.0))
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("validation fraction %1 is outside [0, 1)").arg(valFraction));
    const int n = static_cast<int>(folder.items.size());
    checkIndices(dedup.excluded, n, "excluded items");
    checkIndices(dedup.unreadableItems, n, "unreadable items");
    for (const DuplicateGroup &g : dedup.groups)
        checkIndices(g.members, n, "groups");

    std::vector<char> dropped(static_cast<std::size_t>(n), 0);
    for (int i : dedup.unreadableItems)
        dropped[static_cast<std::size_t>(i)] = 1;
    if (excludeDuplicates) {
        for (int i : dedup.excluded)
            dropped[static_cast<std::size_t>(i)] = 1;
    }

    const std::vector<std::vector<int>> units = splitUnits(dedup, dropped, excludeDuplicates, patients);

    const int classCount = static_cast<int>(folder.classes.size());
    std::vector<std::vector<const std::vector<int> *>> perClass(static_cast<std::size_t>(classCount));
    std::vector<int> perClassImages(static_cast<std::size_t>(classCount), 0);
    for (const std::vector<int> &u : units) {
        // Majority label (ties: the lower class index); only label-conflict groups can disagree.
        std::vector<int> votes(static_cast<std::size_t>(classCount), 0);
        for (int m : u) {
            const int label = folder.items[static_cast<std::size_t>(m)].label;
            if (label < 0 || label >= classCount)
                throw Error(ErrorCode::InvalidArgument,
                            QStringLiteral("%1: label %2 is not a class of the folder")
                                .arg(folder.items[static_cast<std::size_t>(m)].path)
                                .arg(label));
            ++votes[static_cast<std::size_t>(label)];
        }
        const auto c = static_cast<std::size_t>(std::max_element(votes.begin(), votes.end()) - votes.begin());
        perClass[c].push_back(&u);
        perClassImages[c] += static_cast<int>(u.size());
    }

    Split split;
    split.seed = seed;
    std::mt19937_64 rng(seed);
    for (int c = 0; c < classCount; ++c) {
        std::vector<const std::vector<int> *> &classUnits = perClass[static_cast<std::size_t>(c)];
        const int nc = perClassImages[static_cast<std::size_t>(c)];
        int target = static_cast<int>(std::lround(nc * valFraction));
        if (valFraction > 0.0 && nc >= 2)
            target = std::max(target, 1);
        target = std::min(target, std::max(0, nc - 1)); // every class keeps a training item
        fisherYates(classUnits, rng);
        int inVal = 0;
        std::vector<char> toVal(classUnits.size(), 0);
        for (std::size_t k = 0; k < classUnits.size(); ++k) {
            const int size = static_cast<int>(classUnits[k]->size());
            if (inVal + size <= target) {
                toVal[k] = 1;
                inVal += size;
            }
        }
        // Groups larger than the share: still give validation one unit when the class can spare it.
        if (inVal == 0 && target > 0) {
            for (std::size_t k = 0; k < classUnits.size(); ++k) {
                if (static_cast<int>(classUnits[k]->size()) < nc) {
                    toVal[k] = 1;
                    break;
                }
            }
        }
        for (std::size_t k = 0; k < classUnits.size(); ++k) {
            std::vector<int> &side = toVal[k] ? split.val : split.train;
            side.insert(side.end(), classUnits[k]->begin(), classUnits[k]->end());
        }
    }
    std::sort(split.train.begin(), split.train.end());
    std::sort(split.val.begin(), split.val.end());
    return split;
}

QJsonObject splitToJson(const LabelledFolder &folder, const Split &split)
{
    const auto paths = [&folder](const std::vector<int> &items) {
        QJsonArray array;
        for (int i : items)
            array.append(folder.relativePath(i));
        return array;
    };
    const QJsonValue seed = split.seed <= static_cast<quint64>(std::numeric_limits<qint64>::max())
                                ? QJsonValue(static_cast<qint64>(split.seed))
                                : QJsonValue(QString::number(split.seed));
    return QJsonObject{
        {QStringLiteral("seed"), seed},
        {QStringLiteral("train"), paths(split.train)},
        {QStringLiteral("val"), paths(split.val)},
    };
}

std::vector<float> sourceBalanceWeights(const LabelledFolder &folder, const std::vector<int> &items,
                                        double alpha)
{
    if (!(alpha >= 0.0 && alpha <= 1.0))
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("source balance %1 is not in [0, 1]").arg(alpha));
    const int classes = static_cast<int>(folder.classes.size());
    std::vector<QMap<QString, int>> perSource(static_cast<std::size_t>(std::max(0, classes)));
    std::vector<int> perClass(perSource.size(), 0);
    for (int i : items) {
        if (i < 0 || i >= static_cast<int>(folder.items.size()))
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("item %1 is not in the folder").arg(i));
        const LabelledImage &it = folder.items[static_cast<std::size_t>(i)];
        ++perSource[static_cast<std::size_t>(it.label)][it.source];
        ++perClass[static_cast<std::size_t>(it.label)];
    }
    auto raw = [&](const LabelledImage &it) {
        const auto c = static_cast<std::size_t>(it.label);
        const double groups = perSource[c].size();
        return std::pow(perClass[c] / (groups * perSource[c].value(it.source)), alpha);
    };
    std::vector<double> classMean(perSource.size(), 0.0);
    for (int i : items) {
        const LabelledImage &it = folder.items[static_cast<std::size_t>(i)];
        classMean[static_cast<std::size_t>(it.label)] +=
            raw(it) / perClass[static_cast<std::size_t>(it.label)];
    }
    std::vector<float> w;
    w.reserve(items.size());
    for (int i : items) {
        const LabelledImage &it = folder.items[static_cast<std::size_t>(i)];
        w.push_back(static_cast<float>(raw(it) / classMean[static_cast<std::size_t>(it.label)]));
    }
    return w;
}

} // namespace chestlens
