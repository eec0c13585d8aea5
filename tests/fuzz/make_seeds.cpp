// Writes the seed corpus of the fuzz targets: valid films written with DCMTK (every codec and
// photometric/pixel layout the loader handles) and OpenCV (PNG 8/16-bit, JPEG, TIFF, BMP), each
// prefixed with the byte fuzz_filmloader reads as the file-name extension, and small valid
// model files for fuzz_modelfile.
//     fuzz_make_seeds OUT_DIR [DICOM_DIR]   ->  OUT_DIR/film/*, OUT_DIR/model/*
#include "support/blobmodel.h"
#include "support/dicomsynth.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTextStream>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

using namespace chestlens::test;

namespace {

enum Suffix : char { Dcm = 0, Png = 1, Jpg = 2, Tif = 3, Bmp = 4 };

bool writeSeed(const QString &path, Suffix suffix, const QByteArray &content)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(QByteArray(1, suffix) + content) == content.size() + 1;
}

QByteArray readFile(const QString &path, qint64 maxBytes)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.read(maxBytes) : QByteArray();
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc < 2) {
        QTextStream(stderr) << "usage: fuzz_make_seeds OUT_DIR [DICOM_DIR]\n";
        return 64;
    }
    const QDir out(QString::fromLocal8Bit(argv[1]));
    const QString film = out.filePath(QStringLiteral("film")), model = out.filePath(QStringLiteral("model"));
    if (!QDir().mkpath(film) || !QDir().mkpath(model)) {
        QTextStream(stderr) << "fuzz_make_seeds: cannot create " << out.path() << '\n';
        return 1;
    }
    const QString scratch = out.filePath(QStringLiteral("scratch.dcm"));
    int written = 0;
    auto dicomSeed = [&](const QString &name, const SynthSpec &spec, SynthCodec codec, bool preamble = true) {
        const QString err = writeSynthetic(spec, scratch, codec, preamble);
        if (!err.isEmpty()) {
            QTextStream(stderr) << "fuzz_make_seeds: " << name << ": " << err << '\n';
            return;
        }
        written +=
            writeSeed(QDir(film).filePath(name + QStringLiteral(".seed")), Dcm, readFile(scratch, 1 << 20));
    };
    SynthSpec plain;
    plain.width = 48;
    plain.height = 40;
    for (SynthCodec codec :
         {SynthCodec::Uncompressed, SynthCodec::JpegLossless, SynthCodec::JpegLs, SynthCodec::Rle})
        dicomSeed(QStringLiteral("dcm-") + codecName(codec).replace(QLatin1Char(' '), QLatin1Char('-')),
                  plain, codec);
    dicomSeed(QStringLiteral("dcm-no-preamble"), plain, SynthCodec::Uncompressed, false);
    SynthSpec mono1 = plain;
    mono1.photometric = QStringLiteral("MONOCHROME1");
    mono1.windows = {{2048.0, 4096.0}, {1000.0, 500.0}};
    dicomSeed(QStringLiteral("dcm-monochrome1-windows"), mono1, SynthCodec::Uncompressed);
    SynthSpec ct = plain;
    ct.isSigned = true;
    ct.rescaleSlope = 1.0;
    ct.rescaleIntercept = -1024.0;
    ct.modality = QStringLiteral("CT");
    dicomSeed(QStringLiteral("dcm-signed-rescale"), ct, SynthCodec::Uncompressed);
    SynthSpec lut = plain;
    lut.voiLut = SynthVoiLut{0, 16, std::vector<std::uint16_t>(4096)};
    for (std::size_t i = 0; i < lut.voiLut->table.size(); ++i)
        lut.voiLut->table[i] = std::uint16_t(i * 16);
    dicomSeed(QStringLiteral("dcm-voi-lut"), lut, SynthCodec::Uncompressed);
    SynthSpec rgb = plain;
    rgb.bitsAllocated = rgb.bitsStored = 8;
    rgb.samplesPerPixel = 3;
    rgb.photometric = QStringLiteral("RGB");
    dicomSeed(QStringLiteral("dcm-rgb"), rgb, SynthCodec::Uncompressed);
    dicomSeed(QStringLiteral("dcm-rgb-rle"), rgb, SynthCodec::Rle);
    SynthSpec frames = plain;
    frames.frames = 3;
    dicomSeed(QStringLiteral("dcm-3-frames"), frames, SynthCodec::Uncompressed);
    QFile::remove(scratch);

    // Raster formats through OpenCV.
    cv::Mat grey8(40, 48, CV_8UC1), grey16(40, 48, CV_16UC1), colour(40, 48, CV_8UC3);
    cv::randu(grey8, 0, 255);
    cv::randu(grey16, 0, 65535);
    cv::randu(colour, cv::Scalar::all(0), cv::Scalar::all(255));
    const struct
    {
        const char *name;
        const char *ext;
        Suffix suffix;
        const cv::Mat *image;
    } rasters[] = {{"png-grey8", ".png", Png, &grey8},    {"png-grey16", ".png", Png, &grey16},
                   {"png-colour", ".png", Png, &colour},  {"jpeg-grey", ".jpg", Jpg, &grey8},
                   {"jpeg-colour", ".jpg", Jpg, &colour}, {"tiff-grey16", ".tif", Tif, &grey16},
                   {"bmp-colour", ".bmp", Bmp, &colour}};
    for (const auto &r : rasters) {
        std::vector<uchar> buf;
        if (cv::imencode(r.ext, *r.image, buf))
            written +=
                writeSeed(QDir(film).filePath(QLatin1String(r.name) + QStringLiteral(".seed")), r.suffix,
                          QByteArray(reinterpret_cast<const char *>(buf.data()), qsizetype(buf.size())));
    }

    // The real DICOMs, cut to their first 256 kB (libFuzzer's input size limit here).
    if (argc > 2) {
        for (QDirIterator it(QString::fromLocal8Bit(argv[2]), {QStringLiteral("*.dcm")}, QDir::Files);
             it.hasNext();) {
            const QString path = it.next();
            written +=
                writeSeed(QDir(film).filePath(QStringLiteral("real-") + QFileInfo(path).completeBaseName() +
                                              QStringLiteral(".seed")),
                          Dcm, readFile(path, 256 * 1024));
        }
    }

    // Small valid model files of both architectures.
    writeRandomModel(QDir(model).filePath(QStringLiteral("resnet-32px.clm")), QStringLiteral("resnet"), 32,
                     4);
    writeRandomModel(QDir(model).filePath(QStringLiteral("seed-32px.clm")), QStringLiteral("seed"), 32, 4);
    written += 2;
    QTextStream(stdout) << "fuzz_make_seeds: " << written << " seeds in " << out.path() << '\n';
    return 0;
}
