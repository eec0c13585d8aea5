#include "support/dicomsynth.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcrleerg.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmjpeg/djencode.h>
#include <dcmtk/dcmjpeg/djrplol.h>
#include <dcmtk/dcmjpls/djencode.h>
#include <dcmtk/dcmjpls/djrparam.h>

#include <algorithm>
#include <mutex>

namespace chestlens::test {

namespace {

void registerEncodersOnce()
{
    static std::once_flag once;
    std::call_once(once, [] {
        DJEncoderRegistration::registerCodecs();
        DJLSEncoderRegistration::registerCodecs();
        DcmRLEEncoderRegistration::registerCodecs();
    });
}

E_TransferSyntax transferSyntax(SynthCodec codec)
{
    switch (codec) {
    case SynthCodec::Uncompressed:
        return EXS_LittleEndianExplicit;
    case SynthCodec::JpegLossless:
        return EXS_JPEGProcess14SV1;
    case SynthCodec::JpegLs:
        return EXS_JPEGLSLossless;
    case SynthCodec::Rle:
        return EXS_RLELossless;
    }
    return EXS_LittleEndianExplicit;
}

QString newUid(const char *root)
{
    char uid[100];
    return QString::fromLatin1(dcmGenerateUniqueIdentifier(uid, root));
}

std::int32_t storedMin(const SynthSpec &s)
{
    return s.isSigned ? -(1 << (s.bitsStored - 1)) : 0;
}
std::int32_t storedMax(const SynthSpec &s)
{
    return s.isSigned ? (1 << (s.bitsStored - 1)) - 1 : (1 << s.bitsStored) - 1;
}

QString checked(const OFCondition &cond, const char *what)
{
    return cond.good() ? QString()
                       : QStringLiteral("%1: %2").arg(QLatin1String(what), QLatin1String(cond.text()));
}

} // namespace

QString codecName(SynthCodec codec)
{
    switch (codec) {
    case SynthCodec::Uncompressed:
        return QStringLiteral("uncompressed");
    case SynthCodec::JpegLossless:
        return QStringLiteral("JPEG lossless SV1");
    case SynthCodec::JpegLs:
        return QStringLiteral("JPEG-LS lossless");
    case SynthCodec::Rle:
        return QStringLiteral("RLE");
    }
    return {};
}

std::vector<std::int32_t> syntheticValues(const SynthSpec &spec)
{
    const std::int32_t lo = storedMin(spec);
    const std::int32_t hi = storedMax(spec);
    const std::int64_t span = static_cast<std::int64_t>(hi) - lo;
    const int n = spec.width * spec.height;
    std::vector<std::int32_t> out;
    out.reserve(static_cast<std::size_t>(n) * spec.samplesPerPixel * spec.frames);
    for (int f = 0; f < spec.frames; ++f) {
        for (int y = 0; y < spec.height; ++y) {
            for (int x = 0; x < spec.width; ++x) {
                for (int s = 0; s < spec.samplesPerPixel; ++s) {
                    // Diagonal ramp over the full range; 8 x 8 checker adds edges; each sample and
                    // frame is shifted so that channels and frames differ.
                    const std::int64_t diag =
                        static_cast<std::int64_t>(x + y) * span / std::max(1, spec.width + spec.height - 2);
                    std::int64_t v = lo + diag;
                    if (((x / 8) + (y / 8)) % 2 == 1)
                        v = hi - (v - lo);
                    v = lo + ((v - lo) + (span + 1) * (s + f) / 7) % (span + 1);
                    out.push_back(static_cast<std::int32_t>(v));
                }
            }
        }
    }
    // Both extremes present, whatever the pattern above did.
    out[0] = lo;
    if (n > 1)
        out[static_cast<std::size_t>(spec.samplesPerPixel)] = hi;
    return out;
}

std::vector<std::int32_t> firstFrameGrey(const SynthSpec &spec)
{
    const std::vector<std::int32_t> all = spec.values.empty() ? syntheticValues(spec) : spec.values;
    std::vector<std::int32_t> out(static_cast<std::size_t>(spec.width) * spec.height);
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = all[i * spec.samplesPerPixel];
    return out;
}

std::unique_ptr<DcmDataset> makeDataset(const SynthSpec &spec)
{
    auto ds = std::make_unique<DcmDataset>();
    const bool multiFrame = spec.frames > 1;
    const char *sopClass = spec.samplesPerPixel == 3 ? UID_SecondaryCaptureImageStorage
                           : multiFrame              ? UID_MultiframeGrayscaleWordSecondaryCaptureImageStorage
                                                     : UID_ComputedRadiographyImageStorage;
    ds->putAndInsertString(DCM_SOPClassUID, sopClass);
    ds->putAndInsertString(DCM_SOPInstanceUID, newUid(SITE_INSTANCE_UID_ROOT).toLatin1().constData());
    ds->putAndInsertString(DCM_StudyInstanceUID, newUid(SITE_STUDY_UID_ROOT).toLatin1().constData());
    ds->putAndInsertString(DCM_SeriesInstanceUID, newUid(SITE_SERIES_UID_ROOT).toLatin1().constData());
    ds->putAndInsertString(DCM_Modality, spec.modality.toLatin1().constData());
    ds->putAndInsertString(DCM_PatientName, "Synthetic^Film");
    ds->putAndInsertString(DCM_PatientID, "SYNTH-0001");
    ds->putAndInsertString(DCM_BodyPartExamined, "CHEST");
    ds->putAndInsertString(DCM_ViewPosition, "PA");
    ds->putAndInsertUint16(DCM_SamplesPerPixel, static_cast<Uint16>(spec.samplesPerPixel));
    ds->putAndInsertString(DCM_PhotometricInterpretation, spec.photometric.toLatin1().constData());
    if (spec.samplesPerPixel > 1)
        ds->putAndInsertUint16(DCM_PlanarConfiguration, 0);
    ds->putAndInsertUint16(DCM_Rows, static_cast<Uint16>(spec.height));
    ds->putAndInsertUint16(DCM_Columns, static_cast<Uint16>(spec.width));
    ds->putAndInsertUint16(DCM_BitsAllocated, static_cast<Uint16>(spec.bitsAllocated));
    ds->putAndInsertUint16(DCM_BitsStored, static_cast<Uint16>(spec.bitsStored));
    ds->putAndInsertUint16(DCM_HighBit, static_cast<Uint16>(spec.bitsStored - 1));
    ds->putAndInsertUint16(DCM_PixelRepresentation, spec.isSigned ? 1 : 0);
    ds->putAndInsertString(DCM_ImagerPixelSpacing, "0.143\\0.143");
    if (multiFrame)
        ds->putAndInsertString(DCM_NumberOfFrames, QByteArray::number(spec.frames).constData());
    if (spec.rescaleSlope || spec.rescaleIntercept) {
        ds->putAndInsertString(DCM_RescaleSlope,
                               QByteArray::number(spec.rescaleSlope.value_or(1.0), 'g', 12).constData());
        ds->putAndInsertString(DCM_RescaleIntercept,
                               QByteArray::number(spec.rescaleIntercept.value_or(0.0), 'g', 12).constData());
        ds->putAndInsertString(DCM_RescaleType, "US");
    }
    if (!spec.windows.isEmpty()) {
        QByteArrayList centres, widths, names;
        for (int i = 0; i < spec.windows.size(); ++i) {
            centres << QByteArray::number(spec.windows[i].first, 'g', 10);
            widths << QByteArray::number(spec.windows[i].second, 'g', 10);
            names << "PRESET" + QByteArray::number(i + 1);
        }
        ds->putAndInsertString(DCM_WindowCenter, centres.join('\\').constData());
        ds->putAndInsertString(DCM_WindowWidth, widths.join('\\').constData());
        ds->putAndInsertString(DCM_WindowCenterWidthExplanation, names.join('\\').constData());
    }
    if (spec.voiLut) {
        DcmItem *item = nullptr;
        ds->findOrCreateSequenceItem(DCM_VOILUTSequence, item, -2);
        const Uint16 descriptor[3] = {
            static_cast<Uint16>(spec.voiLut->table.size() == 65536 ? 0 : spec.voiLut->table.size()),
            static_cast<Uint16>(spec.voiLut->firstMapped), static_cast<Uint16>(spec.voiLut->bits)};
        item->putAndInsertUint16Array(DCM_LUTDescriptor, descriptor, 3);
        item->putAndInsertUint16Array(DCM_LUTData, spec.voiLut->table.data(),
                                      static_cast<unsigned long>(spec.voiLut->table.size()));
        item->putAndInsertString(DCM_LUTExplanation, "SYNTHETIC VOI LUT");
    }

    const std::vector<std::int32_t> values = spec.values.empty() ? syntheticValues(spec) : spec.values;
    if (spec.bitsAllocated == 8) {
        std::vector<Uint8> bytes(values.size());
        std::transform(values.begin(), values.end(), bytes.begin(),
                       [](std::int32_t v) { return static_cast<Uint8>(v & 0xFF); });
        ds->putAndInsertUint8Array(DCM_PixelData, bytes.data(), static_cast<unsigned long>(bytes.size()));
    } else {
        // Signed values are written as 16-bit two's complement (sign-extended above the high bit).
        std::vector<Uint16> words(values.size());
        std::transform(values.begin(), values.end(), words.begin(),
                       [](std::int32_t v) { return static_cast<Uint16>(v & 0xFFFF); });
        ds->putAndInsertUint16Array(DCM_PixelData, words.data(), static_cast<unsigned long>(words.size()));
    }
    return ds;
}

QString writeDataset(DcmDataset &dataset, const QString &path, SynthCodec codec, bool withPreamble)
{
    registerEncodersOnce();
    const QByteArray file = path.toLocal8Bit();
    if (!withPreamble) {
        // Implicit VR Little Endian is the default syntax of a bare dataset (PS3.5 10.1), the
        // case DCMTK must detect without a meta header.
        return checked(dataset.saveFile(file.constData(), EXS_LittleEndianImplicit),
                       "saveFile (dataset only)");
    }
    DcmFileFormat ff(&dataset);
    DcmDataset *ds = ff.getDataset();
    const E_TransferSyntax xfer = transferSyntax(codec);
    if (codec == SynthCodec::JpegLossless) {
        const DJ_RPLossless params(1, 0); // selection value 1, no point transform: truly lossless
        if (QString err = checked(ds->chooseRepresentation(xfer, &params), "JPEG lossless encoding");
            !err.isEmpty())
            return err;
    } else if (codec == SynthCodec::JpegLs) {
        const DJLSRepresentationParameter params(0, OFTrue); // NEAR = 0: lossless
        if (QString err = checked(ds->chooseRepresentation(xfer, &params), "JPEG-LS encoding");
            !err.isEmpty())
            return err;
    } else if (QString err = checked(ds->chooseRepresentation(xfer, nullptr), "encoding"); !err.isEmpty()) {
        return err;
    }
    if (!ds->canWriteXfer(xfer))
        return QStringLiteral("DCMTK cannot write %1").arg(codecName(codec));
    return checked(ff.saveFile(file.constData(), xfer), "saveFile");
}

QString writeSynthetic(const SynthSpec &spec, const QString &path, SynthCodec codec, bool withPreamble)
{
    const std::unique_ptr<DcmDataset> ds = makeDataset(spec);
    return writeDataset(*ds, path, codec, withPreamble);
}

QString writeEncapsulated(DcmDataset &dataset, const QString &path, const char *transferSyntaxUid,
                          const QByteArray &fragment)
{
    const DcmXfer xferInfo(transferSyntaxUid);
    const E_TransferSyntax xfer = xferInfo.getXfer();
    if (xfer == EXS_Unknown || !xferInfo.isEncapsulated())
        return QStringLiteral("%1 is not an encapsulated transfer syntax DCMTK knows")
            .arg(QLatin1String(transferSyntaxUid));
    QByteArray data = fragment;
    if (data.size() % 2)
        data.append('\0'); // fragments have even length (PS3.5 A.4)
    auto *sequence = new DcmPixelSequence(DCM_PixelSequenceTag);
    sequence->insert(new DcmPixelItem(DCM_PixelItemTag)); // empty Basic Offset Table
    auto *item = new DcmPixelItem(DCM_PixelItemTag);
    item->putUint8Array(reinterpret_cast<const Uint8 *>(data.constData()), static_cast<Uint32>(data.size()));
    sequence->insert(item);
    auto *pixelData = new DcmPixelData(DCM_PixelData);
    pixelData->putOriginalRepresentation(xfer, nullptr, sequence);
    dataset.insert(pixelData, true);
    DcmFileFormat ff(&dataset);
    return checked(ff.saveFile(path.toLocal8Bit().constData(), xfer), "saveFile (encapsulated)");
}

} // namespace chestlens::test
