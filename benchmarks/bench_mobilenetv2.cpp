// MobileNetV2 on the CPU, the two memory layouts side by side in one process (the machines are
// shared and noisy: only ratios measured together mean something):
//   train   images/s of forward + backward + AdamW step, batch 32, at --size px
//   predict milliseconds for one film (batch 1, eval mode), at --size px
// Rounds alternate between the layouts so that drift in the machine's load hits both alike.
//
// usage: bench_mobilenetv2 [--size 160] [--threads 2] [--rounds 3] [--steps 4]

#include "core/allocator.h"
#include "core/ml/mobilenetv2_p.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

using namespace chestlens;

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0)
{
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

double trainImagesPerSecond(ml::ChestNetImpl &net, torch::optim::Optimizer &opt, int size, int steps)
{
    const int batch = 32;
    const torch::Tensor x = torch::randn({batch, 1, size, size});
    const torch::Tensor y = torch::randint(0, 4, {batch}, torch::kLong);
    net.train();
    const auto t0 = Clock::now();
    for (int s = 0; s < steps; ++s) {
        opt.zero_grad();
        torch::nn::functional::cross_entropy(net.forward(x), y).backward();
        opt.step();
    }
    return batch * steps / secondsSince(t0);
}

double predictMilliseconds(ml::ChestNetImpl &net, int size, int runs)
{
    const torch::NoGradGuard noGrad;
    net.eval();
    const torch::Tensor x = torch::randn({1, 1, size, size});
    std::vector<double> ms;
    for (int r = 0; r < runs; ++r) {
        const auto t0 = Clock::now();
        net.forward(x);
        ms.push_back(secondsSince(t0) * 1000.0);
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    const QCoreApplication app(argc, argv);
    QCommandLineParser p;
    const QCommandLineOption size{QStringLiteral("size"), QStringLiteral("Input side."), QStringLiteral("PX"),
                                  QStringLiteral("160")};
    const QCommandLineOption threads{QStringLiteral("threads"), QStringLiteral("Torch threads."),
                                     QStringLiteral("N"), QStringLiteral("2")};
    const QCommandLineOption rounds{QStringLiteral("rounds"), QStringLiteral("Rounds per layout."),
                                    QStringLiteral("N"), QStringLiteral("3")};
    const QCommandLineOption steps{QStringLiteral("steps"), QStringLiteral("Training steps per round."),
                                   QStringLiteral("N"), QStringLiteral("4")};
    p.addOptions({size, threads, rounds, steps});
    p.addHelpOption();
    p.process(app);
    tuneAllocatorForFilms();
    torch::set_num_threads(p.value(threads).toInt());
    ml::ArchitectureSpec spec;
    spec.name = QStringLiteral("mobilenetv2");
    spec.imageSize = p.value(size).toInt();
    const ml::ChestNet net = ml::createNetwork(spec);
    torch::optim::AdamW opt(net->parameters(), torch::optim::AdamWOptions(1e-4));
    const char *names[] = {"contiguous (NCHW)", "channels-last (NHWC)"};
    std::vector<double> train[2], predict[2];
    for (int r = 0; r < p.value(rounds).toInt(); ++r) {
        for (int layout = 0; layout < 2; ++layout) {
            ml::setChannelsLast(*net, layout == 1);
            trainImagesPerSecond(*net, opt, spec.imageSize, 1); // warm-up
            train[layout].push_back(trainImagesPerSecond(*net, opt, spec.imageSize, p.value(steps).toInt()));
            predict[layout].push_back(predictMilliseconds(*net, spec.imageSize, 20));
        }
    }
    std::printf("MobileNetV2, %d px, %d threads, %d rounds (median)\n", spec.imageSize,
                p.value(threads).toInt(), p.value(rounds).toInt());
    for (int layout = 0; layout < 2; ++layout) {
        std::sort(train[layout].begin(), train[layout].end());
        std::sort(predict[layout].begin(), predict[layout].end());
        std::printf("%-22s train %6.1f img/s   predict %6.1f ms/film\n", names[layout],
                    train[layout][train[layout].size() / 2], predict[layout][predict[layout].size() / 2]);
    }
    return 0;
}
