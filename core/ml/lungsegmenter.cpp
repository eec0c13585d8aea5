#include "core/ml/lungsegmenter.h"

#include "core/error.h"
#include "core/ml/lungnet_p.h"
#include "core/ml/lungsegmenter_p.h"
#include "core/ml/modelfile_p.h"
#include "core/paths.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <opencv2/imgproc.hpp>

namespace chestlens {

namespace F = torch::nn::functional;

namespace {

const QString kKind = QStringLiteral("lung-segmentation");

QByteArray readModelBytes(const QString &path)
{
    const QFileInfo fi(path);
    if (!fi.exists())
        throw Error(ErrorCode::FileNotFound, path, QStringLiteral("lung model file does not exist"));
    QFile f(path);
    if (fi.isDir() || !f.open(QIODevice::ReadOnly))
        throw Error(ErrorCode::FileUnreadable, path, QStringLiteral("cannot open lung model file"));
    return f.readAll();
}

/// Counts the regions of `mask` (0/255, CV_8UC1) of at least kMinFieldShare of the image.
int countFields(const cv::Mat &mask)
{
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
    const double minArea = LungFields::kMinFieldShare * mask.rows * mask.cols;
    int fields = 0;
    for (int i = 1; i < n; ++i)
        fields += stats.at<int>(i, cv::CC_STAT_AREA) >= minArea ? 1 : 0;
    return fields;
}

} // namespace

LungSegmenter::LungSegmenter() : d(std::make_unique<Private>()) {}
LungSegmenter::~LungSegmenter() = default;

std::unique_ptr<LungSegmenter> LungSegmenter::load(const QString &path)
{
    const QByteArray bytes = readModelBytes(path);
    const ml::ModelFileContents c = ml::decodeModelFile(path, bytes);
    if (c.metadata.value(QStringLiteral("kind")).toString() != kKind)
        throw Error(ErrorCode::InvalidModel, path, QStringLiteral("is not a lung segmentation model"));
    const int size = c.metadata.value(QStringLiteral("architecture"))
                         .toObject()
                         .value(QStringLiteral("image_size"))
                         .toInt();
    if (size < 32 || size > 1024 || size % 32 != 0)
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("lung model declares an unusable image size (%1)").arg(size));
    std::unique_ptr<LungSegmenter> s(new LungSegmenter);
    s->d->net = ml::LungNet(size);
    ml::deserializeModule(*s->d->net, c.weights, path);
    s->d->net->eval();
    s->d->path = path;
    s->d->metadata = c.metadata;
    s->d->sha256 = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    return s;
}

QString LungSegmenter::path() const
{
    return d->path;
}

QString LungSegmenter::name() const
{
    return d->metadata.value(QStringLiteral("name")).toString();
}

QString LungSegmenter::sha256() const
{
    return d->sha256;
}

QJsonObject LungSegmenter::metadata() const
{
    return d->metadata;
}

int LungSegmenter::imageSize() const
{
    return d->net->imageSize();
}

LungFields LungSegmenter::segment(const Film &film) const
{
    torch::NoGradGuard noGrad;
    const torch::Tensor logits = d->net->forward(ml::normaliseLungInput(ml::lungInput(film, imageSize())));
    return ml::lungFieldsFrom(logits, film.width(), film.height());
}

QString defaultLungModelPath()
{
    return QDir(dataDirectory()).filePath(QStringLiteral("models/lungs.clm"));
}

double diceCoefficient(const QImage &a, const QImage &b)
{
    if (a.size() != b.size())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("masks of different sizes (%1x%2 and %3x%4)")
                                                    .arg(a.width())
                                                    .arg(a.height())
                                                    .arg(b.width())
                                                    .arg(b.height()));
    const QImage ga = a.convertToFormat(QImage::Format_Grayscale8);
    const QImage gb = b.convertToFormat(QImage::Format_Grayscale8);
    qint64 both = 0, na = 0, nb = 0;
    for (int y = 0; y < ga.height(); ++y) {
        const uchar *ra = ga.constScanLine(y);
        const uchar *rb = gb.constScanLine(y);
        for (int x = 0; x < ga.width(); ++x) {
            const bool ia = ra[x] > 127, ib = rb[x] > 127;
            na += ia;
            nb += ib;
            both += ia && ib;
        }
    }
    return na + nb == 0 ? 1.0 : 2.0 * double(both) / double(na + nb);
}

namespace ml {

LungFields lungFieldsFrom(const torch::Tensor &logits, int width, int height)
{
    const torch::Tensor p = torch::sigmoid(F::interpolate(logits.to(torch::kFloat32),
                                                          F::InterpolateFuncOptions()
                                                              .size(std::vector<int64_t>{height, width})
                                                              .mode(torch::kBilinear)
                                                              .align_corners(false)))[0][0]
                                .contiguous();
    LungFields f;
    f.confidence = torch::max(p, 1 - p).mean().item<double>();
    const torch::Tensor inside = (p > 0.5).to(torch::kUInt8).mul(255).contiguous();
    f.mask = QImage(width, height, QImage::Format_Grayscale8);
    for (int y = 0; y < height; ++y)
        std::memcpy(f.mask.scanLine(y), inside.data_ptr<uint8_t>() + static_cast<std::ptrdiff_t>(y) * width,
                    static_cast<std::size_t>(width));
    const cv::Mat m(height, width, CV_8UC1, inside.data_ptr<uint8_t>());
    f.fields = countFields(m);
    const double area = cv::countNonZero(m);
    f.areaShare = area / (double(width) * height);
    f.leftShare = area > 0 ? cv::countNonZero(m(cv::Rect(0, 0, width / 2, height))) / area : 0.0;
    return f;
}

} // namespace ml

} // namespace chestlens
