#include "core/data/dedup.h"

#include "core/error.h"
#include "core/film/display.h"
#include "core/film/filmloader.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QSet>
#include <QtAlgorithms>

#include <opencv2/core.hpp>
#include <opencv2/img_hash.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <condition_variable>
#include <map>
#include <mutex>
#include <numeric>
#include <thread>

namespace chestlens {

namespace {

/// Side of the confirmation thumbnails. 32 separates distinct cxr4 films as well as 48 does
/// (closest distinct pairs 0.962 vs. 0.964) and tolerates sub-pixel misalignment better.
constexpr int kThumbSide = 32;
constexpr int kThumbPixels = kThumbSide * kThumbSide;
/// Centred crops (fraction cut from each side) whose hashes and thumbnails are compared with the
/// other film's full ones: copies exported with margins up to ~6 % narrower still line up.
constexpr std::array<double, 4> kCropLevels = {0.0, 0.02, 0.04, 0.06};
constexpr int kLevels = static_cast<int>(kCropLevels.size());

/// What one image contributes to the comparison; the pixels themselves are not kept.
struct Signature
{
    bool ok = false;
    QString error;
    int width = 0;
    int height = 0;
    bool lossless = true;
    QByteArray pixelHash;                 ///< SHA-256 of size + 8-bit display pixels
    std::array<quint64, kLevels> dhash{}; ///< per crop level, level 0 = the full film
    std::array<quint64, kLevels> phash{};
    std::vector<float> thumbs; ///< kLevels zero-mean, unit-norm thumbnails, level 0 = full film
};

bool isLossy(const FilmMetadata &m)
{
    static const QSet<QString> lossySyntaxes = {
        QStringLiteral("1.2.840.10008.1.2.4.50"), // JPEG baseline
        QStringLiteral("1.2.840.10008.1.2.4.51"), // JPEG extended
        QStringLiteral("1.2.840.10008.1.2.4.81"), // JPEG-LS near-lossless
        QStringLiteral("1.2.840.10008.1.2.4.91"), // JPEG 2000 (lossy allowed)
    };
    return m.format == QLatin1String("JPEG") || lossySyntaxes.contains(m.transferSyntaxUid);
}

/// Difference hash: 64 signs of horizontal gradients of the 9x8 area-averaged film. `small` is
/// the 32x32 area-averaged film: averaging twice finds the same candidates on cxr4 and saves a
/// resize of the full film.
quint64 differenceHash(const cv::Mat &small)
{
    cv::Mat tiny;
    cv::resize(small, tiny, cv::Size(9, 8), 0, 0, cv::INTER_AREA);
    quint64 hash = 0;
    for (int y = 0; y < 8; ++y) {
        const uchar *row = tiny.ptr<uchar>(y);
        for (int x = 0; x < 8; ++x)
            hash = (hash << 1) | (row[x + 1] > row[x] ? 1u : 0u);
    }
    return hash;
}

/// img_hash's pHash of the area-averaged 32x32 film. (PHash would resize bilinearly itself, which
/// aliases on large films; averaging first makes the hash independent of the film's size.)
quint64 perceptualHash(const cv::Mat &small, cv::img_hash::PHash &hasher)
{
    cv::Mat bytes;
    hasher.compute(small, bytes);
    quint64 hash = 0;
    for (int i = 0; i < static_cast<int>(bytes.total()); ++i)
        hash = (hash << 8) | bytes.data[i];
    return hash;
}

/// Appends the histogram-equalised `small` (32x32), zero-mean and unit-norm, to `out`.
void appendThumbnail(const cv::Mat &small, std::vector<float> &out)
{
    cv::Mat equalised;
    cv::equalizeHist(small, equalised);
    const std::size_t base = out.size();
    double mean = 0.0;
    for (int i = 0; i < kThumbPixels; ++i)
        mean += equalised.data[i];
    mean /= kThumbPixels;
    double norm = 0.0;
    out.resize(base + kThumbPixels);
    for (int i = 0; i < kThumbPixels; ++i) {
        const double v = equalised.data[i] - mean;
        out[base + static_cast<std::size_t>(i)] = static_cast<float>(v);
        norm += v * v;
    }
    // A flat thumbnail stays all zeros: it correlates with nothing (exact copies are still found).
    if (norm > 0.0) {
        const auto inv = static_cast<float>(1.0 / std::sqrt(norm));
        for (int i = 0; i < kThumbPixels; ++i)
            out[base + static_cast<std::size_t>(i)] *= inv;
    }
}

Signature computeSignature(const QString &path, cv::img_hash::PHash &hasher)
{
    Signature sig;
    cv::Mat grey;
    {
        const Film film = loadFilm(path);
        const std::vector<float> values = renderDisplayValues(film, defaultWindow(film));
        grey.create(film.height(), film.width(), CV_8U);
        for (std::size_t i = 0; i < values.size(); ++i)
            grey.data[i] = static_cast<uchar>(std::lround(values[i] * 255.0f)); // values are in [0, 1]
        sig.width = film.width();
        sig.height = film.height();
        sig.lossless = !isLossy(film.meta);
    }
    QCryptographicHash sha(QCryptographicHash::Sha256);
    const qint32 size[2] = {sig.width, sig.height};
    sha.addData(QByteArrayView(reinterpret_cast<const char *>(size), sizeof size));
    sha.addData(
        QByteArrayView(reinterpret_cast<const char *>(grey.data), static_cast<qsizetype>(grey.total())));
    sig.pixelHash = sha.result();
    sig.thumbs.reserve(static_cast<std::size_t>(kLevels) * kThumbPixels);
    for (int k = 0; k < kLevels; ++k) {
        const int dx = static_cast<int>(std::lround(grey.cols * kCropLevels[k]));
        const int dy = static_cast<int>(std::lround(grey.rows * kCropLevels[k]));
        // One area resize per level (the costly step); hashes and thumbnail share its result.
        cv::Mat small;
        cv::resize(grey(cv::Rect(dx, dy, grey.cols - 2 * dx, grey.rows - 2 * dy)), small,
                   cv::Size(kThumbSide, kThumbSide), 0, 0, cv::INTER_AREA);
        sig.dhash[k] = differenceHash(small);
        sig.phash[k] = perceptualHash(small, hasher);
        appendThumbnail(small, sig.thumbs);
    }
    sig.ok = true;
    return sig;
}

float dot(const float *a, const float *b)
{
    // Four accumulators so the compiler vectorises without -ffast-math.
    float s0 = 0.f, s1 = 0.f, s2 = 0.f, s3 = 0.f;
    for (int i = 0; i < kThumbPixels; i += 4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
    }
    return (s0 + s1) + (s2 + s3);
}

/// Whether the hashes make (a, b) a candidate: the full films, or a crop of either against the
/// other's full film, within the thresholds (either hash with confirmation, both without).
bool hashesClose(const Signature &a, const Signature &b, const DedupOptions &opt)
{
    const auto close = [&opt](quint64 d1, quint64 d2, quint64 p1, quint64 p2) {
        const bool d = qPopulationCount(d1 ^ d2) <= static_cast<uint>(opt.dhashMaxDistance);
        const bool p = qPopulationCount(p1 ^ p2) <= static_cast<uint>(opt.phashMaxDistance);
        return opt.confirm ? (d || p) : (d && p);
    };
    if (close(a.dhash[0], b.dhash[0], a.phash[0], b.phash[0]))
        return true;
    for (int k = 1; k < kLevels; ++k) {
        if (close(a.dhash[k], b.dhash[0], a.phash[k], b.phash[0]) ||
            close(a.dhash[0], b.dhash[k], a.phash[0], b.phash[k]))
            return true;
    }
    return false;
}

/// Best correlation of one film's full thumbnail with the other's crops, either way round.
float confirmationScore(const Signature &a, const Signature &b)
{
    const float *ta = a.thumbs.data();
    const float *tb = b.thumbs.data();
    float best = dot(ta, tb);
    for (int k = 1; k < kLevels; ++k) {
        const std::ptrdiff_t offset = static_cast<std::ptrdiff_t>(k) * kThumbPixels;
        best = std::max(best, dot(ta + offset, tb));
        best = std::max(best, dot(ta, tb + offset));
    }
    return best;
}

/// Disjoint sets of item indices; a set's root is its smallest member.
class UnionFind
{
public:
    explicit UnionFind(int n) : m_parent(static_cast<std::size_t>(n))
    {
        std::iota(m_parent.begin(), m_parent.end(), 0);
    }
    int find(int x)
    {
        while (parent(x) != x) {
            parent(x) = parent(parent(x)); // path halving
            x = parent(x);
        }
        return x;
    }
    void unite(int a, int b)
    {
        a = find(a);
        b = find(b);
        if (a != b)
            parent(std::max(a, b)) = std::min(a, b);
    }

private:
    int &parent(int x) { return m_parent[static_cast<std::size_t>(x)]; }
    std::vector<int> m_parent;
};

bool cancelled(const std::atomic<bool> *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

[[noreturn]] void throwCancelled()
{
    throw Error(ErrorCode::Cancelled, QStringLiteral("duplicate search cancelled"));
}

/// Decodes every item on `threads` workers; progress is reported from the calling thread.
std::vector<Signature> computeSignatures(const LabelledFolder &folder, int threads,
                                         const std::function<void(int, int)> &progress,
                                         const std::atomic<bool> *cancel)
{
    const int total = static_cast<int>(folder.items.size());
    std::vector<Signature> sigs(static_cast<std::size_t>(total));
    std::atomic<int> next{0};
    std::mutex mutex;
    std::condition_variable wake;
    int done = 0;
    int running = threads;

    const auto worker = [&] {
        const cv::Ptr<cv::img_hash::PHash> hasher = cv::img_hash::PHash::create();
        for (;;) {
            if (cancelled(cancel))
                break;
            const int i = next.fetch_add(1);
            if (i >= total)
                break;
            const QString &path = folder.items[static_cast<std::size_t>(i)].path;
            Signature &sig = sigs[static_cast<std::size_t>(i)];
            try {
                sig = computeSignature(path, *hasher);
            } catch (const Error &e) {
                sig.error = e.message();
            } catch (const cv::Exception &e) {
                sig.error = QStringLiteral("%1: image processing failed (%2)")
                                .arg(path, QString::fromStdString(e.msg));
            } catch (const std::exception &e) {
                sig.error = QStringLiteral("%1: %2").arg(path, QString::fromLocal8Bit(e.what()));
            }
            {
                const std::lock_guard<std::mutex> lock(mutex);
                ++done;
            }
            wake.notify_one();
        }
        {
            const std::lock_guard<std::mutex> lock(mutex);
            --running;
        }
        wake.notify_one();
    };

    std::vector<std::thread> pool;
    pool.reserve(static_cast<std::size_t>(threads));
    for (int t = 0; t < threads; ++t)
        pool.emplace_back(worker);
    {
        std::unique_lock<std::mutex> lock(mutex);
        int reported = -1;
        for (;;) {
            wake.wait(lock, [&] { return done != reported || running == 0; });
            const int now = done;
            const bool finished = running == 0;
            if (progress && now != reported && now < total) {
                lock.unlock();
                progress(now, total); // never under the lock: the callback may take its time
                lock.lock();
            }
            reported = now;
            if (finished)
                break;
        }
    }
    for (std::thread &t : pool)
        t.join();
    if (cancelled(cancel))
        throwCancelled();
    return sigs;
}

} // namespace

DedupReport findDuplicates(const LabelledFolder &folder, const DedupOptions &opt,
                           const std::function<void(int done, int total)> &progress,
                           const std::atomic<bool> *cancel)
{
    if (opt.dhashMaxDistance < 0 || opt.phashMaxDistance < 0 || opt.threads < 0)
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("duplicate search: hash distances and thread count must not be negative"));
    const int total = static_cast<int>(folder.items.size());
    int threads = opt.threads > 0 ? opt.threads : static_cast<int>(std::thread::hardware_concurrency());
    threads = std::clamp(threads, 1, std::max(1, total));

    const std::vector<Signature> sigs = computeSignatures(folder, threads, progress, cancel);

    DedupReport report;
    std::vector<int> readable;
    for (int i = 0; i < total; ++i) {
        const Signature &s = sigs[static_cast<std::size_t>(i)];
        if (s.ok) {
            readable.push_back(i);
        } else {
            report.unreadable << s.error;
            report.unreadableItems.push_back(i);
        }
    }

    UnionFind sets(total);
    // Exact copies: identical pixels (the hash covers the size too).
    std::map<QByteArray, int> firstWithPixels;
    for (int i : readable) {
        const auto [it, inserted] = firstWithPixels.emplace(sigs[static_cast<std::size_t>(i)].pixelHash, i);
        if (!inserted)
            sets.unite(it->second, i);
    }

    // Near copies: all pairs by popcount (2,251 films = 2.5 M pairs, a few ms), the candidates
    // confirmed by correlation. Rows are dealt round-robin so every thread gets long and short ones.
    const int n = static_cast<int>(readable.size());
    std::vector<std::vector<std::pair<int, int>>> found(static_cast<std::size_t>(threads));
    std::atomic<bool> stop{false};
    const auto compare = [&](int t) {
        std::vector<std::pair<int, int>> &pairs = found[static_cast<std::size_t>(t)];
        for (int a = t; a < n; a += threads) {
            if (cancelled(cancel)) {
                stop = true;
                return;
            }
            const Signature &sa = sigs[static_cast<std::size_t>(readable[static_cast<std::size_t>(a)])];
            for (int b = a + 1; b < n; ++b) {
                const Signature &sb = sigs[static_cast<std::size_t>(readable[static_cast<std::size_t>(b)])];
                if (!hashesClose(sa, sb, opt) || (opt.confirm && confirmationScore(sa, sb) < opt.nccMin))
                    continue;
                pairs.emplace_back(readable[static_cast<std::size_t>(a)],
                                   readable[static_cast<std::size_t>(b)]);
            }
        }
    };
    {
        std::vector<std::thread> pool;
        for (int t = 1; t < threads; ++t)
            pool.emplace_back(compare, t);
        compare(0);
        for (std::thread &th : pool)
            th.join();
    }
    if (stop || cancelled(cancel))
        throwCancelled();
    for (const auto &pairs : found)
        for (const auto &[a, b] : pairs)
            sets.unite(a, b);

    // Groups, ordered by their first member (the union-find root is the smallest index).
    std::map<int, std::vector<int>> byRoot;
    for (int i : readable)
        byRoot[sets.find(i)].push_back(i);
    std::vector<char> excluded(static_cast<std::size_t>(total), 0);
    for (auto &[root, members] : byRoot) {
        if (members.size() < 2)
            continue;
        DuplicateGroup g;
        g.members = members;
        QSet<QByteArray> contents;
        QSet<int> labels;
        for (int m : members) {
            contents.insert(sigs[static_cast<std::size_t>(m)].pixelHash);
            labels.insert(folder.items[static_cast<std::size_t>(m)].label);
        }
        g.exact = contents.size() == 1;
        g.labelConflict = labels.size() > 1;
        report.exactDuplicates += static_cast<int>(members.size()) - static_cast<int>(contents.size());
        report.nearDuplicates += static_cast<int>(contents.size()) - 1;
        if (g.labelConflict) {
            ++report.conflictGroups;
            report.conflictImages += static_cast<int>(members.size());
        } else {
            // Largest film first (least resampled), then lossless over JPEG, then the first by path.
            g.keep = *std::min_element(members.begin(), members.end(), [&](int x, int y) {
                const Signature &sx = sigs[static_cast<std::size_t>(x)];
                const Signature &sy = sigs[static_cast<std::size_t>(y)];
                const qint64 px = qint64(sx.width) * sx.height;
                const qint64 py = qint64(sy.width) * sy.height;
                if (px != py)
                    return px > py;
                if (sx.lossless != sy.lossless)
                    return sx.lossless;
                return x < y;
            });
        }
        for (int m : members) {
            if (m != g.keep)
                excluded[static_cast<std::size_t>(m)] = 1;
        }
        report.groups.push_back(std::move(g));
    }
    for (int i = 0; i < total; ++i) {
        if (excluded[static_cast<std::size_t>(i)])
            report.excluded.push_back(i);
    }
    if (progress)
        progress(total, total);
    return report;
}

QJsonObject DedupReport::toJson(const LabelledFolder &folder) const
{
    QJsonArray groupArray;
    for (const DuplicateGroup &g : groups) {
        QJsonArray files;
        QJsonArray classes;
        for (int m : g.members) {
            files.append(folder.relativePath(m));
            const int label = folder.items.at(static_cast<std::size_t>(m)).label;
            classes.append(label >= 0 && label < folder.classes.size() ? folder.classes.at(label)
                                                                       : QString());
        }
        groupArray.append(QJsonObject{
            {QStringLiteral("files"), files},
            {QStringLiteral("classes"), classes},
            {QStringLiteral("exact"), g.exact},
            {QStringLiteral("label_conflict"), g.labelConflict},
            {QStringLiteral("keep"),
             g.keep >= 0 ? QJsonValue(folder.relativePath(g.keep)) : QJsonValue(QJsonValue::Null)},
        });
    }
    return QJsonObject{
        {QStringLiteral("images"), static_cast<int>(folder.items.size())},
        {QStringLiteral("exact_duplicates"), exactDuplicates},
        {QStringLiteral("near_duplicates"), nearDuplicates},
        {QStringLiteral("label_conflicts"),
         QJsonObject{{QStringLiteral("groups"), conflictGroups}, {QStringLiteral("images"), conflictImages}}},
        {QStringLiteral("excluded"), static_cast<int>(excluded.size())},
        {QStringLiteral("groups"), groupArray},
        {QStringLiteral("unreadable"), QJsonArray::fromStringList(unreadable)},
    };
}

} // namespace chestlens
