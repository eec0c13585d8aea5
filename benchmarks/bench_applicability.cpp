// What the applicability check costs per film, measured side by side in one process (the machines
// are shared and noisy: only numbers measured together mean something):
//   decode     loadFilm()
//   predict    Classifier::predictPrepared() with the pixel check (pooled features + distance)
//   lungs      LungSegmenter::segment() (render, resize, network, mask at the film's size)
// Films are taken round-robin from the arguments; medians and 95th percentiles in milliseconds.
//
// usage: bench_applicability [--threads 2] [--runs 100] FILM...

#include "core/allocator.h"
#include "core/film/filmloader.h"
#include "core/ml/classifier.h"
#include "core/ml/lungsegmenter.h"
#include "core/ml/torchinclude_p.h"
#include "core/paths.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

using namespace chestlens;

namespace {

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

void printLine(const char *what, std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const auto at = [&v](double q) {
        return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
    };
    std::printf("%-8s p50 %7.1f ms   p95 %7.1f ms   (n = %zu)\n", what, at(0.5), at(0.95), v.size());
}

} // namespace

int main(int argc, char **argv)
{
    tuneAllocatorForFilms();
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption threads(QStringLiteral("threads"), QStringLiteral("Torch threads."),
                                     QStringLiteral("N"), QStringLiteral("2"));
    const QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("Films timed."), QStringLiteral("N"),
                                  QStringLiteral("100"));
    parser.addOptions({threads, runs});
    parser.addPositionalArgument(QStringLiteral("FILM"), QStringLiteral("Films to time."));
    parser.process(app);
    const QStringList films = parser.positionalArguments();
    if (films.isEmpty()) {
        std::fprintf(stderr, "bench_applicability: give at least one FILM\n");
        return 2;
    }
    torch::set_num_threads(parser.value(threads).toInt());
    const auto classifier = Classifier::load(defaultModelPath());
    const auto lungs = LungSegmenter::load(defaultLungModelPath());
    std::vector<double> decode, predict, segment;
    const int n = parser.value(runs).toInt();
    for (int i = -3; i < n; ++i) { // three warm-up rounds
        const QString &path = films[(i + 3) % films.size()];
        auto t0 = Clock::now();
        const Film film = loadFilm(path);
        const double d = millisecondsSince(t0);
        const PreparedImage prepared = classifier->prepare(film);
        t0 = Clock::now();
        const Prediction p = classifier->predictPrepared(prepared);
        const double pr = millisecondsSince(t0);
        t0 = Clock::now();
        const LungFields f = lungs->segment(film);
        const double s = millisecondsSince(t0);
        if (i < 0 || !p.applicability.pixelChecked() || f.isNull())
            continue;
        decode.push_back(d);
        predict.push_back(pr);
        segment.push_back(s);
    }
    printLine("decode", decode);
    printLine("predict", predict);
    printLine("lungs", segment);
    return 0;
}
