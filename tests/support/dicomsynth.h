#pragma once

// Test-time DICOM writer: small synthetic films written with DCMTK into a temporary folder, to
// cover what the shared data set lacks (signed data, rescale, VOI LUT, every codec, colour,
// multi-frame, files without the Part 10 preamble) and to build damaged files for bad-input tests.

#include <QByteArray>
#include <QPair>
#include <QString>
#include <QVector>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

class DcmDataset;

namespace chestlens::test {

/// How the pixel data of a synthetic file is encoded. Every codec here is lossless.
enum class SynthCodec {
    Uncompressed, ///< Explicit VR Little Endian
    JpegLossless, ///< JPEG Lossless, Process 14, first-order prediction (SV1)
    JpegLs,       ///< JPEG-LS Lossless
    Rle,          ///< RLE Lossless
};

/// Name used in test row names and messages ("JPEG lossless SV1", …).
QString codecName(SynthCodec codec);

/// A VOI LUT Sequence item: `table` maps stored/modality values from `firstMapped` on.
struct SynthVoiLut
{
    int firstMapped = 0;
    int bits = 16;
    std::vector<std::uint16_t> table;
};

/// Describes one synthetic image. Defaults: a 64 x 48 CR film, 12 of 16 bits, unsigned,
/// MONOCHROME2, one frame, no rescale, no window.
struct SynthSpec
{
    int width = 64;
    int height = 48;
    int bitsAllocated = 16;
    int bitsStored = 12;
    bool isSigned = false;
    int samplesPerPixel = 1;
    QString photometric = QStringLiteral("MONOCHROME2");
    int frames = 1;
    /// Stored values, row-major, samples interleaved (R,G,B,R,…), frame after frame.
    /// Empty: syntheticValues() fills them.
    std::vector<std::int32_t> values;
    std::optional<double> rescaleSlope;
    std::optional<double> rescaleIntercept;
    QVector<QPair<double, double>> windows; ///< (centre, width) presets, in this order
    std::optional<SynthVoiLut> voiLut;
    QString modality = QStringLiteral("CR");
};

/// A deterministic, non-constant pattern covering the spec's whole stored range (minimum and
/// maximum included): a diagonal ramp plus a checker so that lossless codecs see both smooth areas
/// and edges. Each frame differs from the others.
std::vector<std::int32_t> syntheticValues(const SynthSpec &spec);

/// The values of `spec` (its own or syntheticValues()) for frame 0, sample 0 of each pixel.
std::vector<std::int32_t> firstFrameGrey(const SynthSpec &spec);

/// An uncompressed dataset for `spec` with the usual image attributes, UIDs and modality.
std::unique_ptr<DcmDataset> makeDataset(const SynthSpec &spec);

/// Writes `dataset` to `path`: a Part 10 file (preamble, "DICM", meta header) in `codec`, or with
/// `withPreamble` false the bare dataset in Implicit VR Little Endian (no preamble, no meta).
/// Encoding works on a copy; `dataset` itself is not changed.
/// @returns an empty string on success, else DCMTK's reason (callers QVERIFY2 on it).
QString writeDataset(DcmDataset &dataset, const QString &path, SynthCodec codec = SynthCodec::Uncompressed,
                     bool withPreamble = true);

/// makeDataset() + writeDataset(). @returns an empty string on success, else the reason.
QString writeSynthetic(const SynthSpec &spec, const QString &path,
                       SynthCodec codec = SynthCodec::Uncompressed, bool withPreamble = true);

/// Writes `dataset` as a Part 10 file whose pixel data is encapsulated in transfer syntax
/// `transferSyntaxUid`, with an empty offset table and `fragment` as the only fragment (e.g. bytes
/// no decoder accepts). @returns an empty string on success, else the reason.
QString writeEncapsulated(DcmDataset &dataset, const QString &path, const char *transferSyntaxUid,
                          const QByteArray &fragment);

} // namespace chestlens::test
