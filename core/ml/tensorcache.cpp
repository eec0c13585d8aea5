#include "core/error.h"
#include "core/film/filmloader.h"
#include "core/ml/augment_p.h"
#include "core/ml/tensorcache_p.h"

#include <mutex>
#include <thread>

namespace chestlens::ml {

TensorCache buildTensorCache(const std::vector<QString> &paths, const std::vector<int> &labels,
                             const std::vector<int> &itemIndex, const PreprocessOptions &options, int threads,
                             const std::function<void(int, int)> &progress, const std::atomic<bool> *cancel,
                             const std::function<Applicability(const Film &)> &filmCheck)
{
    const int n = static_cast<int>(paths.size());
    const int s = options.imageSize;
    torch::Tensor all = torch::empty({n, 1, s, s}, torch::kUInt8);
    std::vector<char> ok(static_cast<std::size_t>(n), 0);
    std::vector<QString> errors(static_cast<std::size_t>(n));
    std::vector<InputGeometry> geometry(static_cast<std::size_t>(n));
    std::vector<Applicability> header(static_cast<std::size_t>(n));
    std::atomic<int> next{0};
    std::atomic<int> done{0};
    auto worker = [&] {
        for (int i = next++; i < n; i = next++) {
            if (cancel && cancel->load())
                return;
            try {
                const Film film = loadFilm(paths[static_cast<std::size_t>(i)]);
                header[static_cast<std::size_t>(i)] =
                    filmCheck ? filmCheck(film) : headerApplicability(film.meta);
                const PreparedImage p = prepareFilm(film, options);
                std::memcpy(all[i].data_ptr<uint8_t>(), p.pixels.data(), p.pixels.size());
                geometry[static_cast<std::size_t>(i)] = p.geometry;
                ok[static_cast<std::size_t>(i)] = 1;
            } catch (const Error &e) {
                errors[static_cast<std::size_t>(i)] = e.message();
            } catch (const std::exception &e) {
                errors[static_cast<std::size_t>(i)] =
                    paths[static_cast<std::size_t>(i)] + QStringLiteral(": ") + QString::fromUtf8(e.what());
            }
            const int d = ++done;
            if (progress)
                progress(d, n);
        }
    };
    const int t = threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    for (int i = 0; i < std::min(t, std::max(1, n)); ++i)
        pool.emplace_back(worker);
    for (auto &th : pool)
        th.join();
    if (cancel && cancel->load())
        throw Error(ErrorCode::Cancelled, QStringLiteral("cancelled while reading the training films"));

    TensorCache cache;
    std::vector<int64_t> keep;
    for (int i = 0; i < n; ++i) {
        if (ok[static_cast<std::size_t>(i)]) {
            keep.push_back(i);
            cache.labels.push_back(labels[static_cast<std::size_t>(i)]);
            cache.itemIndex.push_back(itemIndex[static_cast<std::size_t>(i)]);
            cache.geometry.push_back(geometry[static_cast<std::size_t>(i)]);
            cache.header.push_back(header[static_cast<std::size_t>(i)]);
        } else {
            cache.failures << errors[static_cast<std::size_t>(i)];
        }
    }
    cache.images = static_cast<int64_t>(keep.size()) == n
                       ? all
                       : all.index_select(0, torch::tensor(keep, torch::kLong)).contiguous();
    return cache;
}

torch::Tensor inputTensor(const PreparedImage &image)
{
    const int s = image.geometry.size;
    torch::Tensor t =
        torch::from_blob(const_cast<uint8_t *>(image.pixels.data()), {1, 1, s, s}, torch::kUInt8)
            .to(torch::kFloat32)
            .div(255.0);
    return normaliseInput(t);
}

} // namespace chestlens::ml
