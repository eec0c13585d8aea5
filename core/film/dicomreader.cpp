// DICOM films through DCMTK (all syntaxes it decodes) and GDCM (JPEG 2000, which DCMTK 3.6.7
// cannot decode). GDCM only decompresses the pixel data; the result is put back into the DCMTK
// dataset so that one code path applies the grayscale pipeline to every syntax.
#include "core/error.h"
#include "core/film/dicomreader_p.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dccodec.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmimage/diregist.h> // registers colour support in DicomImage
#include <dcmtk/dcmimgle/dcmimage.h>
#include <dcmtk/dcmimgle/dipixel.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/oflog/oflog.h>

#include <gdcmImage.h>
#include <gdcmImageReader.h>
#include <gdcmPhotometricInterpretation.h>
#include <gdcmTrace.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>

namespace chestlens::detail {

namespace {

void registerCodecsOnce()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // DCMTK logs warnings for many harmless oddities of real-world files; we report every
        // failure ourselves with the file name, so keep its own logger quiet.
        OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
        DJDecoderRegistration::registerCodecs();
        DJLSDecoderRegistration::registerCodecs();
        DcmRLEDecoderRegistration::registerCodecs();
        gdcm::Trace::WarningOff(); // GDCM prints to stderr by default; errors reach the user through Error
        gdcm::Trace::DebugOff();
        gdcm::Trace::ErrorOff();
    });
}

QString getString(DcmItem *item, const DcmTagKey &tag, long pos = -1)
{
    OFString value;
    const OFCondition st = pos < 0 ? item->findAndGetOFStringArray(tag, value)
                                   : item->findAndGetOFString(tag, value, static_cast<unsigned long>(pos));
    return st.good() ? QString::fromUtf8(value.c_str()).trimmed() : QString();
}

std::optional<double> getDouble(DcmItem *item, const DcmTagKey &tag, unsigned long pos = 0)
{
    Float64 v = 0;
    if (item->findAndGetFloat64(tag, v, pos).good() && std::isfinite(v))
        return v;
    return std::nullopt;
}

std::optional<QPair<double, double>> getSpacing(DcmItem *item, const DcmTagKey &tag)
{
    const auto row = getDouble(item, tag, 0);
    const auto col = getDouble(item, tag, 1);
    if (row && col && *row > 0 && *col > 0)
        return QPair<double, double>(*row, *col);
    return std::nullopt;
}

bool isJpeg2000(const QString &uid)
{
    // PS3.5 Table A-4: 1.2.840.10008.1.2.4.90–.93 are JPEG 2000 (Part 1 and Part 2).
    return uid.startsWith(QLatin1String("1.2.840.10008.1.2.4.9"));
}

PatientInfo readPatient(DcmItem *ds)
{
    PatientInfo p;
    p.patientName = getString(ds, DCM_PatientName);
    p.patientId = getString(ds, DCM_PatientID);
    p.otherPatientIds = getString(ds, DCM_RETIRED_OtherPatientIDs);
    p.birthDate = getString(ds, DCM_PatientBirthDate);
    p.sex = getString(ds, DCM_PatientSex);
    p.age = getString(ds, DCM_PatientAge);
    p.studyDate = getString(ds, DCM_StudyDate);
    p.studyTime = getString(ds, DCM_StudyTime);
    p.seriesDate = getString(ds, DCM_SeriesDate);
    p.acquisitionDate = getString(ds, DCM_AcquisitionDate);
    p.contentDate = getString(ds, DCM_ContentDate);
    p.accessionNumber = getString(ds, DCM_AccessionNumber);
    p.institutionName = getString(ds, DCM_InstitutionName);
    p.institutionAddress = getString(ds, DCM_InstitutionAddress);
    p.referringPhysician = getString(ds, DCM_ReferringPhysicianName);
    p.performingPhysician = getString(ds, DCM_PerformingPhysicianName);
    p.operatorsName = getString(ds, DCM_OperatorsName);
    p.studyDescription = getString(ds, DCM_StudyDescription);
    p.studyId = getString(ds, DCM_StudyID);
    p.studyInstanceUid = getString(ds, DCM_StudyInstanceUID);
    p.seriesInstanceUid = getString(ds, DCM_SeriesInstanceUID);
    p.sopInstanceUid = getString(ds, DCM_SOPInstanceUID);
    p.deviceSerialNumber = getString(ds, DCM_DeviceSerialNumber);
    p.stationName = getString(ds, DCM_StationName);
    return p;
}

std::optional<VoiLut> readVoiLut(DcmItem *ds, bool signedPixels)
{
    DcmItem *item = nullptr;
    if (ds->findAndGetSequenceItem(DCM_VOILUTSequence, item, 0).bad() || !item)
        return std::nullopt;
    // LUT Descriptor (PS3.3 C.11.2.1.1): entries (0 means 65536), first mapped value, bits.
    Uint16 entries = 0, bits = 0;
    if (item->findAndGetUint16(DCM_LUTDescriptor, entries, 0).bad() ||
        item->findAndGetUint16(DCM_LUTDescriptor, bits, 2).bad())
        return std::nullopt;
    Sint16 firstSigned = 0;
    Uint16 firstUnsigned = 0;
    long first = 0;
    if (item->findAndGetSint16(DCM_LUTDescriptor, firstSigned, 1).good())
        first = firstSigned;
    else if (item->findAndGetUint16(DCM_LUTDescriptor, firstUnsigned, 1).good())
        // PS3.3 C.11.2.1.1: the first mapped value is signed when Pixel Representation is 1,
        // however the writer chose the VR (US is common, and implicit VR cannot tell).
        first = signedPixels ? static_cast<Sint16>(firstUnsigned) : static_cast<long>(firstUnsigned);
    const unsigned long count = entries == 0 ? 65536UL : entries;
    const Uint16 *data = nullptr;
    unsigned long dataCount = 0;
    if (item->findAndGetUint16Array(DCM_LUTData, data, &dataCount).bad() || !data || dataCount == 0)
        return std::nullopt;
    VoiLut lut;
    lut.firstMapped = static_cast<int>(first);
    lut.bits = std::clamp<int>(bits, 1, 16);
    if (dataCount * 2 == count && lut.bits <= 8) {
        // 8-bit LUT data packed two entries per 16-bit word (PS3.3 C.11.1.1.1 note).
        const auto *bytes = reinterpret_cast<const Uint8 *>(data);
        lut.table.assign(bytes, bytes + count);
    } else {
        lut.table.assign(data, data + std::min(count, dataCount));
    }
    lut.explanation = getString(item, DCM_LUTExplanation);
    return lut;
}

/// Replaces JPEG 2000 pixel data in `ds` by GDCM's decompressed pixels.
void decompressJpeg2000WithGdcm(const QString &path, DcmDataset *ds)
{
    gdcm::ImageReader reader;
    reader.SetFileName(path.toLocal8Bit().constData());
    if (!reader.Read())
        throw Error(ErrorCode::InvalidImage, path,
                    QStringLiteral("JPEG 2000 pixel data could not be read (GDCM)"));
    const gdcm::Image &image = reader.GetImage();
    const unsigned long length = image.GetBufferLength();
    std::vector<char> buffer(length);
    if (length == 0 || !image.GetBuffer(buffer.data()))
        throw Error(ErrorCode::InvalidImage, path,
                    QStringLiteral("JPEG 2000 pixel data is corrupt and could not be decoded"));
    const gdcm::PixelFormat pf = image.GetPixelFormat();
    OFCondition st;
    if (pf.GetBitsAllocated() == 16) {
        st = ds->putAndInsertUint16Array(DCM_PixelData, reinterpret_cast<const Uint16 *>(buffer.data()),
                                         length / 2);
    } else if (pf.GetBitsAllocated() == 8) {
        st =
            ds->putAndInsertUint8Array(DCM_PixelData, reinterpret_cast<const Uint8 *>(buffer.data()), length);
    } else {
        throw Error(
            ErrorCode::UnsupportedFormat, path,
            QStringLiteral("JPEG 2000 with %1 bits allocated is not supported").arg(pf.GetBitsAllocated()));
    }
    if (st.bad())
        throw Error(ErrorCode::Internal, path,
                    QStringLiteral("could not store decoded pixels (%1)").arg(st.text()));
    // JPEG 2000 colour is stored as YBR_RCT/ICT; GDCM hands back RGB.
    const char *pi = gdcm::PhotometricInterpretation::GetPIString(image.GetPhotometricInterpretation());
    if (pi)
        ds->putAndInsertString(DCM_PhotometricInterpretation, QByteArray(pi).trimmed().constData());
    ds->putAndInsertUint16(DCM_PlanarConfiguration, 0);
    ds->putAndInsertUint16(DCM_BitsAllocated, static_cast<Uint16>(pf.GetBitsAllocated()));
}

/// DCMTK's reason for failing to decompress the first frame, for the error message (DicomImage
/// only reports a generic status).
QString firstFrameDecodeError(DcmDataset *ds, int width, int height, int spp, int bitsAllocated)
{
    DcmElement *element = nullptr;
    if (ds->findAndGetElement(DCM_PixelData, element).bad() || !element || element->ident() != EVR_PixelData)
        return QStringLiteral("no pixel data element");
    auto *pixelData = static_cast<DcmPixelData *>(element);
    Uint32 frameBytes = static_cast<Uint32>(width) * height * spp * ((bitsAllocated + 7) / 8);
    frameBytes += frameBytes & 1; // getUncompressedFrame() needs an even buffer size
    std::vector<Uint8> buffer(frameBytes);
    Uint32 startFragment = 0;
    OFString colourModel;
    const OFCondition st =
        pixelData->getUncompressedFrame(ds, 0, startFragment, buffer.data(), frameBytes, colourModel);
    if (st.good())
        return QStringLiteral("the decoder returned no pixels");
    if (st == EC_CannotChangeRepresentation) // DCMTK's generic codec failure says nothing more
        return QStringLiteral("the decoder rejected the data");
    return QString::fromLatin1(st.text());
}

template <typename T>
void copyPlane(const void *data, std::vector<float> &out, double slope, double intercept)
{
    const T *src = static_cast<const T *>(data);
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<float>(src[i] * slope + intercept);
}

} // namespace

bool dcmtkRecognises(const QString &path)
{
    registerCodecsOnce();
    DcmFileFormat ff;
    if (ff.loadFile(path.toLocal8Bit().constData(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength,
                    ERM_autoDetect)
            .bad())
        return false;
    DcmDataset *ds = ff.getDataset();
    return ds && ds->tagExists(DCM_PixelData) && ds->tagExists(DCM_Rows) && ds->tagExists(DCM_Columns);
}

namespace {

/// Loads the dataset, leaving elements above DCM_MaxReadLength (pixel data) on disk until needed
/// so that the size checks run before anything large is read or allocated.
void loadDataset(DcmFileFormat &ff, const QString &path)
{
    const OFCondition loaded = ff.loadFile(path.toLocal8Bit().constData(), EXS_Unknown, EGL_noChange,
                                           DCM_MaxReadLength, ERM_autoDetect);
    if (loaded.good())
        return;
    const QString why = QString::fromLatin1(loaded.text());
    const bool truncated = loaded == EC_StreamNotifyClient || loaded == EC_EndOfStream ||
                           why.contains(QLatin1String("end of"), Qt::CaseInsensitive) ||
                           why.contains(QLatin1String("Premature"), Qt::CaseInsensitive);
    throw Error(truncated ? ErrorCode::Truncated : ErrorCode::InvalidImage, path,
                truncated ? QStringLiteral("DICOM file is truncated or damaged (%1)").arg(why)
                          : QStringLiteral("DICOM file could not be parsed (%1)").arg(why));
}

/// Transfer syntax, pixel layout, identification, spacing and rescale of the dataset.
void readImageAttributes(DcmFileFormat &ff, FilmMetadata &m)
{
    DcmDataset *ds = ff.getDataset();
    const DcmXfer xferInfo(ds->getOriginalXfer());
    m.transferSyntaxUid = QString::fromLatin1(xferInfo.getXferID());
    m.transferSyntaxName = QString::fromLatin1(xferInfo.getXferName());
    if (m.transferSyntaxUid.isEmpty()) {
        m.transferSyntaxUid = getString(ff.getMetaInfo(), DCM_TransferSyntaxUID);
        m.transferSyntaxName = m.transferSyntaxUid;
    }
    Uint16 rows = 0, cols = 0, bitsStored = 0, bitsAllocated = 0, pixelRep = 0, spp = 1;
    ds->findAndGetUint16(DCM_Rows, rows);
    ds->findAndGetUint16(DCM_Columns, cols);
    ds->findAndGetUint16(DCM_BitsStored, bitsStored);
    ds->findAndGetUint16(DCM_BitsAllocated, bitsAllocated);
    ds->findAndGetUint16(DCM_PixelRepresentation, pixelRep);
    ds->findAndGetUint16(DCM_SamplesPerPixel, spp);
    m.width = cols;
    m.height = rows;
    m.bitsStored = bitsStored;
    m.bitsAllocated = bitsAllocated;
    m.isSigned = pixelRep == 1;
    m.samplesPerPixel = spp;
    m.photometric = getString(ds, DCM_PhotometricInterpretation);
    m.modality = getString(ds, DCM_Modality);
    m.sopClassUid = getString(ds, DCM_SOPClassUID);
    m.bodyPart = getString(ds, DCM_BodyPartExamined);
    m.viewPosition = getString(ds, DCM_ViewPosition);
    m.pixelSpacing = getSpacing(ds, DCM_PixelSpacing);
    m.imagerPixelSpacing = getSpacing(ds, DCM_ImagerPixelSpacing);
    m.rescaleSlope = getDouble(ds, DCM_RescaleSlope).value_or(1.0);
    m.rescaleIntercept = getDouble(ds, DCM_RescaleIntercept).value_or(0.0);
    if (m.rescaleSlope == 0.0)
        m.rescaleSlope = 1.0; // a zero slope is a writer bug; treat as identity
    m.rescaleType = getString(ds, DCM_RescaleType);
    m.hasModalityLut = ds->tagExistsWithValue(DCM_ModalityLUTSequence);
}

/// Number of frames (only the first is shown), refused above limits.maxFrames.
void readFrameCount(DcmDataset *ds, const QString &path, const LoadLimits &limits, FilmMetadata &m)
{
    long frames = 1;
    Sint32 f = 0;
    if (ds->findAndGetSint32(DCM_NumberOfFrames, f).good() && f > 0)
        frames = f;
    if (frames > limits.maxFrames)
        throw Error(
            ErrorCode::TooLarge, path,
            QStringLiteral("declares %1 frames, above the limit of %2").arg(frames).arg(limits.maxFrames));
    m.frames = static_cast<int>(frames);
    if (frames > 1)
        m.notes << QStringLiteral("multi-frame image (%1 frames): only the first frame is shown").arg(frames);
}

/// The window presets (Window Center/Width with their explanations) and the VOI LUT.
void readWindows(DcmDataset *ds, FilmMetadata &m)
{
    unsigned long presets = 0;
    if (DcmElement *wc = nullptr; ds->findAndGetElement(DCM_WindowCenter, wc).good() && wc)
        presets = wc->getVM();
    for (unsigned long i = 0; i < presets; ++i) {
        const auto c = getDouble(ds, DCM_WindowCenter, i);
        const auto w = getDouble(ds, DCM_WindowWidth, i);
        if (c && w && *w >= 1.0)
            m.windows.append({*c, *w, getString(ds, DCM_WindowCenterWidthExplanation, static_cast<long>(i))});
    }
    m.voiLut = readVoiLut(ds, m.isSigned);
}

/// Refuses datasets without pixel data, with an empty or oversized image, or with a pixel layout
/// other than 1–16 bit integers.
void checkImageShape(DcmDataset *ds, const QString &path, const LoadLimits &limits, const FilmMetadata &m)
{
    if (!ds->tagExists(DCM_PixelData) && !ds->tagExists(DCM_FloatPixelData))
        throw Error(ErrorCode::InvalidImage, path,
                    QStringLiteral("DICOM file has no pixel data (not an image)"));
    if (m.height == 0 || m.width == 0)
        throw Error(
            ErrorCode::InvalidImage, path,
            QStringLiteral("DICOM image has an empty size (%1 x %2 pixels)").arg(m.width).arg(m.height));
    if (static_cast<qint64>(m.height) * m.width > limits.maxPixels)
        throw Error(ErrorCode::TooLarge, path,
                    QStringLiteral("declares %1 x %2 pixels, above the limit of %3 megapixels")
                        .arg(m.width)
                        .arg(m.height)
                        .arg(limits.maxPixels / 1e6, 0, 'g', 3));
    if (m.bitsAllocated == 0 || m.bitsStored == 0 || m.bitsStored > m.bitsAllocated || m.bitsAllocated > 16)
        throw Error(ErrorCode::UnsupportedFormat, path,
                    QStringLiteral("unsupported pixel layout (bits allocated %1, bits stored %2); 1–16 bit "
                                   "integer pixels are supported")
                        .arg(m.bitsAllocated)
                        .arg(m.bitsStored));
}

/// Readies the pixel data for DicomImage and returns the transfer syntax to decode it from:
/// JPEG 2000 is decompressed in place by GDCM; other compressed syntaxes need a registered
/// DCMTK codec; uncompressed data must hold at least the first frame the header declares.
E_TransferSyntax prepareDecoding(DcmDataset *ds, const QString &path, const FilmMetadata &m, bool compressed)
{
    const E_TransferSyntax xfer = ds->getOriginalXfer();
    if (isJpeg2000(m.transferSyntaxUid)) {
        decompressJpeg2000WithGdcm(path, ds);
        return EXS_LittleEndianExplicit;
    }
    if (compressed) {
        // Only the codec registry is asked here; decoding a syntax it knows can still fail on
        // corrupt data, which is a different message (decodeFirstFrame).
        if (!DcmCodecList::canChangeCoding(xfer, EXS_LittleEndianExplicit))
            throw Error(
                ErrorCode::UnsupportedFormat, path,
                QStringLiteral("transfer syntax %1 (%2) is not supported: no decoder is available for it")
                    .arg(m.transferSyntaxName, m.transferSyntaxUid));
        return xfer;
    }
    DcmElement *pixels = nullptr;
    if (ds->findAndGetElement(DCM_PixelData, pixels).good() && pixels) {
        const qint64 frameBytes =
            (static_cast<qint64>(m.height) * m.width * m.samplesPerPixel * m.bitsAllocated + 7) / 8;
        const qint64 actual = pixels->getLength();
        if (actual < frameBytes)
            throw Error(ErrorCode::Truncated, path,
                        QStringLiteral("pixel data is truncated (%1 bytes, %2 expected for %3 x %4 pixels)")
                            .arg(actual)
                            .arg(frameBytes)
                            .arg(m.width)
                            .arg(m.height));
    }
    return xfer;
}

/// Decodes the first frame into a monochrome DicomImage (colour converted to luminance).
std::unique_ptr<DicomImage> decodeFirstFrame(DcmDataset *ds, E_TransferSyntax decodeXfer, const QString &path,
                                             bool compressed, FilmMetadata &m)
{
    // The modality transform is applied later in float, so fractional slopes lose nothing;
    // a Modality LUT Sequence is left to DCMTK. Partial access makes DCMTK read and decompress
    // only the first frame instead of the whole (possibly multi-frame) pixel data.
    const unsigned long flags =
        CIF_UsePartialAccessToPixelData | (m.hasModalityLut ? 0UL : CIF_IgnoreModalityTransformation);
    auto image = std::make_unique<DicomImage>(ds, decodeXfer, flags, 0UL, 1UL);
    if (image->getStatus() != EIS_Normal || !image->getInterData() || !image->getInterData()->getData()) {
        if (compressed)
            throw Error(
                ErrorCode::InvalidImage, path,
                QStringLiteral("%1 pixel data is corrupt and could not be decoded (%2)")
                    .arg(m.transferSyntaxName,
                         firstFrameDecodeError(ds, m.width, m.height, m.samplesPerPixel, m.bitsAllocated)));
        throw Error(ErrorCode::InvalidImage, path,
                    QStringLiteral("pixel data could not be decoded (%1)")
                        .arg(QString::fromLatin1(DicomImage::getString(image->getStatus()))));
    }
    if (!image->isMonochrome()) {
        std::unique_ptr<DicomImage> mono(image->createMonochromeImage());
        if (!mono || mono->getStatus() != EIS_Normal)
            throw Error(
                ErrorCode::UnsupportedFormat, path,
                QStringLiteral("colour image (%1) could not be converted to grey").arg(m.photometric));
        image = std::move(mono);
        m.notes << QStringLiteral("colour image (%1) converted to luminance").arg(m.photometric);
    }
    return image;
}

/// Copies the decoded plane into film.pixels with the modality rescale, and records the range.
void copyModalityValues(const DicomImage &image, const QString &path, Film &film)
{
    FilmMetadata &m = film.meta;
    const DiPixel *inter = image.getInterData();
    if (!inter || !inter->getData() || inter->getPlanes() != 1)
        throw Error(ErrorCode::InvalidImage, path, QStringLiteral("decoded pixel data is missing"));
    const std::size_t count = static_cast<std::size_t>(m.width) * m.height;
    if (inter->getCount() < count)
        throw Error(ErrorCode::Truncated, path,
                    QStringLiteral("decoded pixel data is shorter than the image"));

    const double slope = m.hasModalityLut ? 1.0 : m.rescaleSlope;
    const double intercept = m.hasModalityLut ? 0.0 : m.rescaleIntercept;
    film.pixels.resize(count);
    switch (inter->getRepresentation()) {
    case EPR_Uint8:
        copyPlane<Uint8>(inter->getData(), film.pixels, slope, intercept);
        break;
    case EPR_Sint8:
        copyPlane<Sint8>(inter->getData(), film.pixels, slope, intercept);
        break;
    case EPR_Uint16:
        copyPlane<Uint16>(inter->getData(), film.pixels, slope, intercept);
        break;
    case EPR_Sint16:
        copyPlane<Sint16>(inter->getData(), film.pixels, slope, intercept);
        break;
    case EPR_Uint32:
        copyPlane<Uint32>(inter->getData(), film.pixels, slope, intercept);
        break;
    case EPR_Sint32:
        copyPlane<Sint32>(inter->getData(), film.pixels, slope, intercept);
        break;
    }
    const auto [lo, hi] = std::minmax_element(film.pixels.begin(), film.pixels.end());
    m.minValue = *lo;
    m.maxValue = *hi;
}

} // namespace

Film readDicom(const QString &path, const LoadLimits &limits)
{
    registerCodecsOnce();
    DcmFileFormat ff;
    loadDataset(ff, path);
    DcmDataset *ds = ff.getDataset();
    Film film;
    FilmMetadata &m = film.meta;
    m.sourcePath = path;
    m.format = QStringLiteral("DICOM");
    readImageAttributes(ff, m);
    readFrameCount(ds, path, limits, m);
    readWindows(ds, m);
    film.patient = readPatient(ds);
    checkImageShape(ds, path, limits, m);

    const bool compressed =
        DcmXfer(ds->getOriginalXfer()).isEncapsulated() && !isJpeg2000(m.transferSyntaxUid);
    const E_TransferSyntax decodeXfer = prepareDecoding(ds, path, m, compressed);
    const std::unique_ptr<DicomImage> image = decodeFirstFrame(ds, decodeXfer, path, compressed, m);
    copyModalityValues(*image, path, film);
    return film;
}

} // namespace chestlens::detail
