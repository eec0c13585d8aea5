#include "core/ml/lungtraining.h"

#include "core/atomicfile.h"
#include "core/error.h"
#include "core/film/filmloader.h"
#include "core/ml/augment_p.h"
#include "core/ml/lungnet_p.h"
#include "core/ml/lungsegmenter_p.h"
#include "core/ml/mobilenetv2_p.h"
#include "core/ml/modelfile_p.h"
#include "core/ml/transfer_p.h"

#include <chestlens/version.h>

#include <ATen/CPUGeneratorImpl.h>
#include <opencv2/imgproc.hpp>

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QMap>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <thread>

namespace chestlens {

namespace F = torch::nn::functional;

namespace {

/// Augmentation ranges: small rotations, zooms and shifts as films are positioned, and a gamma that
/// covers exposure differences between devices and datasets.
constexpr double kMaxRotationDegrees = 10.0;
constexpr double kMaxZoom = 0.1;
constexpr double kMaxShift = 0.06;
constexpr double kMinGamma = 0.7, kMaxGamma = 1.4;
constexpr double kWeightDecay = 1e-4;
/// Films whose batch-norm statistics start the encoder (recalibrateBatchNorm()).
constexpr int64_t kRecalibrationFilms = 64;

struct Pair
{
    QString name, dataset, image, mask;
};

std::vector<Pair> scanPairs(const QString &dir)
{
    const QDir images(QDir(dir).filePath(QStringLiteral("images")));
    const QDir masks(QDir(dir).filePath(QStringLiteral("masks")));
    if (!images.exists() || !masks.exists())
        throw Error(ErrorCode::InvalidArgument, dir,
                    QStringLiteral("a lung masks folder needs images/ and masks/ sub-folders"));
    std::vector<Pair> pairs;
    for (const QString &name : images.entryList(QDir::Files, QDir::Name)) {
        const QString mask = masks.filePath(QFileInfo(name).completeBaseName() + QStringLiteral(".png"));
        if (!QFileInfo::exists(mask))
            continue;
        pairs.push_back({name, name.section(QLatin1Char('_'), 0, 0), images.filePath(name), mask});
    }
    if (pairs.empty())
        throw Error(ErrorCode::InvalidArgument, dir,
                    QStringLiteral("no film in images/ has a mask of the same name in masks/"));
    return pairs;
}

QImage readMask(const QString &path)
{
    QImage m(path);
    if (m.isNull())
        throw Error(ErrorCode::NotAnImage, path, QStringLiteral("cannot read the mask as an image"));
    return m.convertToFormat(QImage::Format_Grayscale8);
}

/// A mask as the training target: area-averaged to S x S, 0..1.
torch::Tensor maskTarget(const QImage &mask, int s)
{
    const cv::Mat src(mask.height(), mask.width(), CV_8UC1, const_cast<uchar *>(mask.constBits()),
                      static_cast<std::size_t>(mask.bytesPerLine()));
    cv::Mat bin = src > 127, small;
    cv::resize(bin, small, cv::Size(s, s), 0, 0, cv::INTER_AREA);
    return torch::from_blob(small.data, {1, 1, s, s}, torch::kUInt8).to(torch::kFloat32).div(255.0);
}

struct LungSet
{
    torch::Tensor images; ///< N x 1 x S x S uint8
    torch::Tensor masks;  ///< N x 1 x S x S float 0..1
};

LungSet loadSet(const std::vector<Pair> &pairs, const std::vector<int> &rows, int s,
                const std::atomic<bool> *cancel)
{
    std::vector<torch::Tensor> images, masks;
    for (int r : rows) {
        if (cancel && cancel->load())
            throw Error(ErrorCode::Cancelled,
                        QStringLiteral("lung training cancelled while reading the films"));
        const Pair &p = pairs[static_cast<std::size_t>(r)];
        images.push_back(ml::lungInput(loadFilm(p.image), s));
        masks.push_back(maskTarget(readMask(p.mask), s));
    }
    return {torch::cat(images, 0), torch::cat(masks, 0)};
}

/// Random rotation, zoom and shift (the same for film and mask) and a random gamma on the film.
std::pair<torch::Tensor, torch::Tensor> augment(const torch::Tensor &x01, const torch::Tensor &y,
                                                torch::Generator &gen)
{
    const int64_t n = x01.size(0);
    const auto uniform = [&](double lo, double hi) {
        return torch::rand({n}, gen, torch::TensorOptions(torch::kFloat64)) * (hi - lo) + lo;
    };
    const torch::Tensor angle = uniform(-kMaxRotationDegrees, kMaxRotationDegrees) * (M_PI / 180.0);
    const torch::Tensor zoom = 1.0 / uniform(1.0 - kMaxZoom, 1.0 + kMaxZoom);
    const torch::Tensor tx = uniform(-kMaxShift, kMaxShift), ty = uniform(-kMaxShift, kMaxShift);
    const torch::Tensor theta = torch::stack({zoom * torch::cos(angle), -zoom * torch::sin(angle), tx,
                                              zoom * torch::sin(angle), zoom * torch::cos(angle), ty},
                                             1)
                                    .view({n, 2, 3})
                                    .to(torch::kFloat32);
    const torch::Tensor grid = F::affine_grid(theta, x01.sizes(), false);
    const auto sample = [&grid](const torch::Tensor &t) {
        return F::grid_sample(t, grid,
                              F::GridSampleFuncOptions()
                                  .mode(torch::kBilinear)
                                  .padding_mode(torch::kBorder)
                                  .align_corners(false));
    };
    const torch::Tensor gamma = uniform(std::log(kMinGamma), std::log(kMaxGamma)).exp().to(torch::kFloat32);
    const torch::Tensor x = sample(x01).clamp(1e-4, 1.0).pow(gamma.view({n, 1, 1, 1}));
    return {x, sample(y)};
}

torch::Tensor lungLoss(const torch::Tensor &logits, const torch::Tensor &target)
{
    const torch::Tensor bce = F::binary_cross_entropy_with_logits(logits, target);
    const torch::Tensor p = torch::sigmoid(logits);
    const torch::Tensor inter = (p * target).sum({1, 2, 3});
    const torch::Tensor dice = (2 * inter + 1) / (p.sum({1, 2, 3}) + target.sum({1, 2, 3}) + 1);
    return bce + (1 - dice).mean();
}

double quantile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

/// Dice of `net` on `rows` at each mask's own resolution, per dataset.
QList<LungDice> diceByDataset(ml::LungNetImpl &net, const std::vector<Pair> &pairs,
                              const std::vector<int> &rows, QStringList *perFilm)
{
    torch::NoGradGuard noGrad;
    net.eval();
    QMap<QString, std::vector<double>> scores;
    for (int r : rows) {
        const Pair &p = pairs[static_cast<std::size_t>(r)];
        const Film film = loadFilm(p.image);
        const QImage truth = readMask(p.mask);
        const torch::Tensor logits =
            net.forward(ml::normaliseLungInput(ml::lungInput(film, net.imageSize())));
        const double dice =
            diceCoefficient(ml::lungFieldsFrom(logits, truth.width(), truth.height()).mask, truth);
        scores[p.dataset].push_back(dice);
        if (perFilm)
            *perFilm << QStringLiteral("%1 %2").arg(p.name).arg(dice, 0, 'f', 4);
    }
    QList<LungDice> out;
    for (auto it = scores.cbegin(); it != scores.cend(); ++it) {
        const std::vector<double> &v = it.value();
        out.append({it.key(), static_cast<int>(v.size()), quantile(v, 0.5), quantile(v, 0.05),
                    std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()),
                    *std::min_element(v.begin(), v.end())});
    }
    return out;
}

/// Training and validation rows: the held-out datasets, or a random share.
void splitPairs(const LungTrainOptions &o, const std::vector<Pair> &pairs, std::vector<int> &train,
                std::vector<int> &val)
{
    if (!o.holdOut.isEmpty()) {
        for (int i = 0; i < static_cast<int>(pairs.size()); ++i)
            (o.holdOut.contains(pairs[static_cast<std::size_t>(i)].dataset) ? val : train).push_back(i);
        if (val.empty())
            throw Error(ErrorCode::InvalidArgument, o.dataDir,
                        QStringLiteral("no film of the held-out dataset(s) %1")
                            .arg(o.holdOut.join(QStringLiteral(", "))));
    } else {
        std::vector<int> all(pairs.size());
        std::iota(all.begin(), all.end(), 0);
        std::mt19937_64 rng(o.seed);
        std::shuffle(all.begin(), all.end(), rng);
        const auto nVal = static_cast<std::size_t>(std::lround(o.valShare * static_cast<double>(all.size())));
        val.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(nVal));
        train.assign(all.begin() + static_cast<std::ptrdiff_t>(nVal), all.end());
        std::sort(val.begin(), val.end());
    }
    if (train.empty())
        throw Error(ErrorCode::InvalidArgument, o.dataDir, QStringLiteral("no films left to train on"));
}

/// A new network whose encoder starts from the bundled ImageNet MobileNetV2.
ml::LungNet pretrainedNet(int imageSize, const torch::Tensor &trainImages)
{
    ml::LungNet net(imageSize);
    const ml::LoadedModel imagenet = ml::loadModel(ml::imagenetModelPath());
    ml::transferWeights(*imagenet.net, *net->encoder);
    const int64_t n = trainImages.size(0);
    const torch::Tensor rows =
        torch::linspace(0, static_cast<double>(n - 1), std::min(kRecalibrationFilms, n)).to(torch::kLong);
    ml::recalibrateBatchNorm(*net->encoder, ml::normaliseLungInput(trainImages.index_select(0, rows)));
    return net;
}

QJsonObject metadataFor(const LungTrainOptions &o, const LungTrainResult &r, const std::vector<Pair> &pairs)
{
    QMap<QString, int> counts;
    for (const Pair &p : pairs)
        counts[p.dataset] += 1;
    QJsonObject datasets;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        datasets[it.key()] = it.value();
    QJsonArray validation;
    for (const LungDice &d : r.validation)
        validation.append(d.toJson());
    const QJsonObject training{{QStringLiteral("data"), QDir(o.dataDir).absolutePath()},
                               {QStringLiteral("datasets"), datasets},
                               {QStringLiteral("hold_out"), QJsonArray::fromStringList(o.holdOut)},
                               {QStringLiteral("val_share"), o.holdOut.isEmpty() ? o.valShare : 0.0},
                               {QStringLiteral("epochs"), o.epochs},
                               {QStringLiteral("batch_size"), o.batchSize},
                               {QStringLiteral("lr"), o.lr},
                               {QStringLiteral("seed"), static_cast<qint64>(o.seed)},
                               {QStringLiteral("start"), QStringLiteral("imagenet-mobilenetv2")},
                               {QStringLiteral("train_images"), r.trainImages},
                               {QStringLiteral("val_images"), r.valImages},
                               {QStringLiteral("seconds"), r.seconds},
                               {QStringLiteral("train_images_per_second"), r.imagesPerSecond}};
    return {{QStringLiteral("format"), QStringLiteral("chestlens-model")},
            {QStringLiteral("kind"), QStringLiteral("lung-segmentation")},
            {QStringLiteral("name"),
             o.name.isEmpty()
                 ? QStringLiteral("ChestLens lung fields (MobileNetV2 U-Net, %1 px)").arg(o.imageSize)
                 : o.name},
            {QStringLiteral("architecture"), ml::lungArchitectureJson(o.imageSize)},
            {QStringLiteral("created"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
            {QStringLiteral("chestlens_version"), QStringLiteral(CHESTLENS_VERSION)},
            {QStringLiteral("training"), training},
            {QStringLiteral("validation"), validation}};
}

void checkOptions(const LungTrainOptions &o)
{
    QStringList problems;
    if (o.outPath.isEmpty())
        problems << QStringLiteral("no output file");
    if (o.imageSize < 64 || o.imageSize > 512 || o.imageSize % 32 != 0)
        problems << QStringLiteral("image size must be a multiple of 32 between 64 and 512");
    if (o.epochs < 1 || o.epochs > 500)
        problems << QStringLiteral("epochs must be 1 to 500");
    if (o.batchSize < 2 || o.batchSize > 256)
        problems << QStringLiteral("batch size must be 2 to 256");
    if (!(o.lr > 0 && o.lr < 1))
        problems << QStringLiteral("learning rate must be between 0 and 1");
    if (o.holdOut.isEmpty() && !(o.valShare > 0 && o.valShare < 0.5))
        problems << QStringLiteral("validation share must be between 0 and 0.5");
    if (!problems.isEmpty())
        throw Error(
            ErrorCode::InvalidArgument,
            QStringLiteral("invalid lung training options: %1").arg(problems.join(QStringLiteral("; "))));
}

} // namespace

QJsonObject LungDice::toJson() const
{
    return {{QStringLiteral("dataset"), dataset}, {QStringLiteral("n"), n},
            {QStringLiteral("median"), median},   {QStringLiteral("p5"), p5},
            {QStringLiteral("mean"), mean},       {QStringLiteral("min"), min}};
}

LungTrainResult trainLungModel(const LungTrainOptions &o, const std::function<void(const QString &)> &log,
                               const std::atomic<bool> *cancel)
{
    checkOptions(o);
    const auto say = [&log](const QString &m) {
        if (log)
            log(m);
    };
    QElapsedTimer clock;
    clock.start();
    torch::set_num_threads(
        o.threads > 0 ? o.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
    torch::manual_seed(o.seed);
    const std::vector<Pair> pairs = scanPairs(o.dataDir);
    std::vector<int> trainRows, valRows;
    splitPairs(o, pairs, trainRows, valRows);
    say(QStringLiteral("%1 films: %2 to train on, %3 to validate on")
            .arg(pairs.size())
            .arg(trainRows.size())
            .arg(valRows.size()));
    const LungSet train = loadSet(pairs, trainRows, o.imageSize, cancel);
    ml::LungNet net = pretrainedNet(o.imageSize, train.images);
    torch::optim::AdamW optimizer(net->parameters(),
                                  torch::optim::AdamWOptions(o.lr).weight_decay(kWeightDecay));
    auto gen = at::detail::createCPUGenerator(o.seed);
    const int64_t n = train.images.size(0);
    const int64_t steps = o.epochs * ((n + o.batchSize - 1) / o.batchSize);
    int64_t step = 0;
    double trainSeconds = 0;
    for (int epoch = 1; epoch <= o.epochs; ++epoch) {
        QElapsedTimer epochClock;
        epochClock.start();
        net->train();
        const torch::Tensor order = torch::randperm(n, gen);
        double lossSum = 0;
        for (int64_t start = 0; start < n; start += o.batchSize, ++step) {
            if (cancel && cancel->load())
                throw Error(ErrorCode::Cancelled,
                            QStringLiteral("lung training cancelled; no model written"));
            const torch::Tensor rows = order.narrow(0, start, std::min<int64_t>(o.batchSize, n - start));
            auto [x01, y] = augment(train.images.index_select(0, rows).to(torch::kFloat32).div(255.0),
                                    train.masks.index_select(0, rows), gen);
            const double lr =
                0.5 * o.lr * (1.0 + std::cos(M_PI * static_cast<double>(step) / static_cast<double>(steps)));
            for (auto &g : optimizer.param_groups())
                static_cast<torch::optim::AdamWOptions &>(g.options()).lr(lr);
            optimizer.zero_grad();
            const torch::Tensor loss = lungLoss(net->forward(ml::normaliseInput(x01)), y);
            loss.backward();
            optimizer.step();
            lossSum += loss.item<double>() * static_cast<double>(rows.size(0));
        }
        trainSeconds += epochClock.elapsed() / 1000.0;
        say(QStringLiteral("epoch %1/%2: loss %3, %4 s")
                .arg(epoch)
                .arg(o.epochs)
                .arg(lossSum / static_cast<double>(n), 0, 'f', 4)
                .arg(epochClock.elapsed() / 1000.0, 0, 'f', 1));
    }
    LungTrainResult r;
    r.trainImages = static_cast<int>(n);
    r.valImages = static_cast<int>(valRows.size());
    r.epochs = o.epochs;
    r.imagesPerSecond = static_cast<double>(n) * o.epochs / std::max(1e-3, trainSeconds);
    r.validation = diceByDataset(*net, pairs, valRows, nullptr);
    for (const LungDice &d : r.validation)
        say(QStringLiteral("validation %1: n %2, Dice median %3, 5th percentile %4, min %5")
                .arg(d.dataset)
                .arg(d.n)
                .arg(d.median, 0, 'f', 4)
                .arg(d.p5, 0, 'f', 4)
                .arg(d.min, 0, 'f', 4));
    r.seconds = clock.elapsed() / 1000.0;
    ml::ModelFileContents c;
    c.metadata = metadataFor(o, r, pairs);
    c.weights = ml::serializeModule(*net);
    writeBytesAtomically(o.outPath, ml::encodeModelFile(c));
    say(QStringLiteral("wrote %1").arg(o.outPath));
    return r;
}

QList<LungDice> evaluateLungModel(const QString &modelPath, const QString &dataDir,
                                  const QStringList &datasets, QStringList *perFilm)
{
    const std::unique_ptr<LungSegmenter> s = LungSegmenter::load(modelPath);
    const std::vector<Pair> pairs = scanPairs(dataDir);
    std::vector<int> rows;
    for (int i = 0; i < static_cast<int>(pairs.size()); ++i)
        if (datasets.isEmpty() || datasets.contains(pairs[static_cast<std::size_t>(i)].dataset))
            rows.push_back(i);
    if (rows.empty())
        throw Error(ErrorCode::InvalidArgument, dataDir,
                    QStringLiteral("no film of the dataset(s) %1").arg(datasets.join(QStringLiteral(", "))));
    return diceByDataset(*s->d_func()->net, pairs, rows, perFilm);
}

} // namespace chestlens
