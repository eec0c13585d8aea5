#include "support/blobmodel.h"

#include "core/error.h"
#include "core/film/imagewriter.h"
#include "core/ml/modelfile_p.h"

#include <QJsonArray>
#include <QJsonObject>

#include <random>

namespace chestlens::test {

namespace {

/// Bright-blob threshold on the normalised input ((x - 0.5) / 0.25): the background (grey
/// 60..100) is at most -0.43, a grey-250 blob is +1.92.
constexpr float kBrightThreshold = 0.5f;
/// Dark-blob threshold on the negated normalised input: background at most 1.06, grey 0 is 2.0.
constexpr float kDarkThreshold = 1.3f;

torch::Tensor param(ml::ChestNetImpl &net, const std::string &name)
{
    auto params = net.named_parameters(true);
    if (const torch::Tensor *t = params.find(name))
        return *t;
    auto buffers = net.named_buffers(true);
    if (const torch::Tensor *t = buffers.find(name))
        return *t;
    throw Error(ErrorCode::Internal,
                QStringLiteral("blob model: no parameter %1").arg(QString::fromStdString(name)));
}

void identityBatchNorm(ml::ChestNetImpl &net)
{
    for (auto &b : net.named_buffers(true)) {
        if (b.key().find("running_var") != std::string::npos)
            b.value().fill_(1.0);
    }
    for (auto &p : net.named_parameters(true)) {
        const std::string &k = p.key();
        const bool bnWeight = (k.find(".bn") != std::string::npos || k.find("stem.1.") != std::string::npos ||
                               k.find("shortcut.1.") != std::string::npos) &&
                              k.size() > 6 && k.compare(k.size() - 6, 6, "weight") == 0;
        if (bnWeight)
            p.value().fill_(1.0);
    }
}

} // namespace

ml::ArchitectureSpec blobSpec(const QString &arch, int imageSize, int resnetWidth)
{
    ml::ArchitectureSpec spec;
    spec.name = arch;
    spec.imageSize = imageSize;
    spec.numClasses = 2;
    spec.width = resnetWidth;
    spec.dropout = 0.3; // inactive in eval mode; a CAM that changed between runs would show it was on
    return spec;
}

QStringList blobClasses()
{
    return {QStringLiteral("bright"), QStringLiteral("dark")};
}

PreprocessOptions blobPreprocessing(int imageSize)
{
    PreprocessOptions p;
    p.imageSize = imageSize;
    p.trimBorders = true;
    p.equalize = false;
    return p;
}

ml::ChestNet makeBlobNetwork(const QString &arch, int imageSize, int resnetWidth)
{
    const ml::ArchitectureSpec spec = blobSpec(arch, imageSize, resnetWidth);
    ml::ChestNet net = ml::createNetwork(spec);
    torch::NoGradGuard noGrad;
    for (auto &p : net->parameters())
        p.zero_();
    for (auto &b : net->buffers())
        b.zero_();
    const float mean3 = 1.0f / 9.0f;
    if (arch == QLatin1String("seed")) {
        torch::Tensor w1 = param(*net, "conv1.weight"), b1 = param(*net, "conv1.bias");
        w1[0][0].fill_(mean3);
        b1[0] = -kBrightThreshold;
        w1[1][0].fill_(-mean3);
        b1[1] = -kDarkThreshold;
        for (const char *conv : {"conv2.weight", "conv3.weight", "conv4.weight"}) {
            torch::Tensor w = param(*net, conv);
            w[0][0][1][1] = 1.0f; // identity on channels 0 and 1
            w[1][1][1][1] = 1.0f;
        }
        const int64_t cells = static_cast<int64_t>(imageSize / 16) * (imageSize / 16);
        torch::Tensor fc1 = param(*net, "fc1.weight");
        fc1[0].slice(0, 0, cells).fill_(1.0f);         // unit 0: sum of channel 0
        fc1[1].slice(0, cells, 2 * cells).fill_(1.0f); // unit 1: sum of channel 1
        torch::Tensor fc2 = param(*net, "fc2.weight");
        fc2[0][0] = 1.0f;
        fc2[1][1] = 1.0f;
    } else {
        identityBatchNorm(*net);
        torch::Tensor stem = param(*net, "stem.0.weight");
        stem[0][0].fill_(mean3);
        stem[1][0].fill_(-mean3);
        torch::Tensor stemBias = param(*net, "stem.1.bias");
        stemBias[0] = -kBrightThreshold;
        stemBias[1] = -kDarkThreshold;
        for (int b = 1; b <= 4; ++b) {
            const std::string prefix = "block" + std::to_string(b) + ".";
            for (const char *conv : {"conv1.weight", "conv2.weight"}) {
                torch::Tensor w = param(*net, prefix + conv);
                w[0][0].fill_(mean3);
                w[1][1].fill_(mean3);
            }
            if (b > 1) {
                torch::Tensor sc = param(*net, prefix + "shortcut.0.weight");
                sc[0][0][0][0] = 1.0f;
                sc[1][1][0][0] = 1.0f;
            }
        }
        torch::Tensor fc = param(*net, "fc.weight");
        fc[0][0] = 1.0f;
        fc[1][1] = 1.0f;
    }
    net->eval();
    return net;
}

void writeModel(const QString &path, ml::ChestNetImpl &net, const ml::ArchitectureSpec &spec,
                const QStringList &classes, const PreprocessOptions &prep, double temperature)
{
    ml::ModelFileContents c;
    c.metadata = {
        {QStringLiteral("format"), QStringLiteral("chestlens-model")},
        {QStringLiteral("name"), QStringLiteral("test model (%1, %2 px)").arg(spec.name).arg(spec.imageSize)},
        {QStringLiteral("classes"), QJsonArray::fromStringList(classes)},
        {QStringLiteral("architecture"), spec.toJson()},
        {QStringLiteral("preprocessing"), prep.toJson()},
        {QStringLiteral("temperature"), temperature}};
    c.weights = ml::serializeModule(net);
    writeBytesAtomically(path, ml::encodeModelFile(c));
}

void writeBlobModel(const QString &path, const QString &arch, int imageSize)
{
    ml::ChestNet net = makeBlobNetwork(arch, imageSize);
    writeModel(path, *net, blobSpec(arch, imageSize), blobClasses(), blobPreprocessing(imageSize));
}

void writeRandomModel(const QString &path, const QString &arch, int imageSize, int width)
{
    ml::ArchitectureSpec spec;
    spec.name = arch;
    spec.imageSize = imageSize;
    spec.numClasses = 4;
    spec.width = width;
    ml::ChestNet net = ml::createNetwork(spec);
    PreprocessOptions prep;
    prep.imageSize = imageSize;
    writeModel(path, *net, spec,
               {QStringLiteral("covid"), QStringLiteral("normal"), QStringLiteral("pneumonia"),
                QStringLiteral("tuberculosis")},
               prep, 1.2);
}

QImage makeSyntheticFilm(const SyntheticFilmSpec &spec)
{
    QImage img(spec.size, QImage::Format_Grayscale8);
    img.fill(0);
    std::mt19937 rng(spec.seed);
    std::uniform_int_distribution<int> noise(60, 100);
    const QRect content = QRect(QPoint(0, 0), spec.size).marginsRemoved(spec.border);
    for (int y = content.top(); y <= content.bottom(); ++y) {
        uchar *line = img.scanLine(y);
        for (int x = content.left(); x <= content.right(); ++x) {
            int v = noise(rng);
            for (const Blob &b : spec.blobs) {
                const double dx = x - b.centre.x(), dy = y - b.centre.y();
                if (dx * dx + dy * dy <= b.radius * b.radius)
                    v = b.value;
            }
            line[x] = static_cast<uchar>(v);
        }
    }
    return img;
}

Film filmFromImage(const QImage &grey8, const QString &path)
{
    const QImage img = grey8.convertToFormat(QImage::Format_Grayscale8);
    Film f;
    f.meta.sourcePath = path;
    f.meta.format = QStringLiteral("PNG");
    f.meta.width = img.width();
    f.meta.height = img.height();
    f.meta.bitsStored = 8;
    f.meta.bitsAllocated = 8;
    f.pixels.resize(static_cast<std::size_t>(img.width()) * img.height());
    float lo = 255.0f, hi = 0.0f;
    for (int y = 0; y < img.height(); ++y) {
        const uchar *line = img.constScanLine(y);
        for (int x = 0; x < img.width(); ++x) {
            const float v = line[x];
            f.pixels[static_cast<std::size_t>(y) * img.width() + x] = v;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    f.meta.minValue = lo;
    f.meta.maxValue = hi;
    return f;
}

QPointF heatCentroid(const std::vector<float> &heat, int width, int height)
{
    double sx = 0, sy = 0, s = 0;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const double v = heat[static_cast<std::size_t>(y) * width + x];
            sx += v * x;
            sy += v * y;
            s += v;
        }
    }
    return s > 0 ? QPointF(sx / s, sy / s) : QPointF(-1, -1);
}

} // namespace chestlens::test
