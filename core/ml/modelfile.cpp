#include "core/error.h"
#include "core/ml/modelfile_p.h"
#include "core/ml/torchscript_p.h"

#include <chestlens/version.h>

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtEndian>

#include <algorithm>
#include <map>
#include <sstream>

namespace chestlens::ml {

namespace {

const QByteArray kMagic("CHESTLENS-MODEL\n", 16);
// Version 2: weights as plain named tensors (version 1 held a libtorch archive).
constexpr quint32 kFormatVersion = 2;
constexpr int kHashBytes = 32;

void appendU64(QByteArray &out, quint64 v)
{
    char buf[8];
    qToLittleEndian(v, buf);
    out.append(buf, 8);
}

void appendBlob(QByteArray &out, const QByteArray &blob)
{
    appendU64(out, static_cast<quint64>(blob.size()));
    out.append(blob);
}

class Reader
{
public:
    Reader(const QString &path, const QByteArray &bytes, qint64 end)
        : m_path(path), m_bytes(bytes), m_end(end)
    {
    }
    quint64 u64()
    {
        need(8, QStringLiteral("length field"));
        const auto v = qFromLittleEndian<quint64>(m_bytes.constData() + m_pos);
        m_pos += 8;
        return v;
    }
    quint8 u8()
    {
        need(1, QStringLiteral("tensor header"));
        return static_cast<quint8>(m_bytes.at(m_pos++));
    }
    quint32 u32()
    {
        need(4, QStringLiteral("version field"));
        const auto v = qFromLittleEndian<quint32>(m_bytes.constData() + m_pos);
        m_pos += 4;
        return v;
    }
    QByteArray blob(const QString &what)
    {
        const quint64 n = u64();
        if (n > static_cast<quint64>(m_end - m_pos))
            throw Error(ErrorCode::InvalidModel, m_path,
                        QStringLiteral("model file is truncated (%1 is cut off)").arg(what));
        QByteArray b = m_bytes.mid(static_cast<int>(m_pos), static_cast<int>(n));
        m_pos += static_cast<qint64>(n);
        return b;
    }
    void skip(qint64 n) { m_pos += n; }
    qint64 pos() const { return m_pos; }

private:
    void need(qint64 n, const QString &what)
    {
        if (m_pos + n > m_end)
            throw Error(ErrorCode::InvalidModel, m_path,
                        QStringLiteral("model file is truncated (in the %1)").arg(what));
    }
    QString m_path;
    const QByteArray &m_bytes;
    qint64 m_end;
    qint64 m_pos = 0;
};

} // namespace

QByteArray encodeModelFile(const ModelFileContents &contents)
{
    QByteArray out = kMagic;
    char v[4];
    qToLittleEndian(kFormatVersion, v);
    out.append(v, 4);
    appendBlob(out, QJsonDocument(contents.metadata).toJson(QJsonDocument::Compact));
    appendBlob(out, contents.weights);
    appendBlob(out, contents.extra);
    out.append(QCryptographicHash::hash(out, QCryptographicHash::Sha256));
    return out;
}

ModelFileContents decodeModelFile(const QString &path, const QByteArray &bytes)
{
    if (!bytes.startsWith(kMagic)) {
        const bool torchScript = bytes.startsWith("PK\x03\x04");
        throw Error(ErrorCode::InvalidModel, path,
                    torchScript
                        ? QStringLiteral("is a TorchScript archive: ChestLens uses those for prediction and "
                                         "explanation only, it cannot train or resume from one")
                        : QStringLiteral("not a ChestLens model file (wrong signature)"));
    }
    // Signature, format version, the three blobs' u64 length fields and the hash.
    constexpr qsizetype kLengthFieldBytes = 8;
    if (bytes.size() < kMagic.size() + 4 + 3 * kLengthFieldBytes + kHashBytes)
        throw Error(ErrorCode::InvalidModel, path, QStringLiteral("model file is truncated"));
    const qint64 payloadEnd = bytes.size() - kHashBytes;
    Reader r(path, bytes, payloadEnd);
    r.skip(kMagic.size());
    const quint32 version = r.u32();
    if (version != kFormatVersion)
        throw Error(
            ErrorCode::InvalidModel, path,
            QStringLiteral("model file format version %1 is not supported by ChestLens %2 (expects %3)")
                .arg(version)
                .arg(QStringLiteral(CHESTLENS_VERSION))
                .arg(kFormatVersion));
    ModelFileContents c;
    const QByteArray json = r.blob(QStringLiteral("metadata"));
    c.weights = r.blob(QStringLiteral("weights"));
    c.extra = r.blob(QStringLiteral("training state"));
    if (r.pos() != payloadEnd)
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("model file is truncated or has trailing data"));
    const QByteArray expected =
        QCryptographicHash::hash(QByteArrayView(bytes.constData(), payloadEnd), QCryptographicHash::Sha256);
    if (expected != bytes.right(kHashBytes))
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("model file is corrupt (checksum mismatch)"));
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        throw Error(ErrorCode::InvalidModel, path, QStringLiteral("model metadata is not valid JSON"));
    c.metadata = doc.object();
    return c;
}

namespace {

// Weights are stored as plain named tensors, never as a libtorch archive: loading an archive runs
// TorchScript's pickle and source parsers, which crash on crafted input (found by fuzz_modelfile;
// the container's checksum only guards against accidental damage). The format:
//   "CLTENSORS" | u64 count | count x (u64 name length | name (UTF-8) | u8 dtype | u8 rank |
//   rank x u64 extent | u64 byte count | raw little-endian bytes)
const QByteArray kTensorsMagic("CLTENSORS", 9);
constexpr quint8 kFloat32 = 0;
constexpr quint8 kInt64 = 1;
constexpr int kMaxRank = 8;

std::vector<std::pair<std::string, torch::Tensor>> namedState(torch::nn::Module &module)
{
    std::vector<std::pair<std::string, torch::Tensor>> state;
    for (const auto &p : module.named_parameters())
        state.emplace_back(p.key(), p.value());
    for (const auto &b : module.named_buffers())
        state.emplace_back(b.key(), b.value());
    return state;
}

} // namespace

QByteArray serializeModule(torch::nn::Module &module)
{
    QByteArray out = kTensorsMagic;
    const auto state = namedState(module);
    appendU64(out, state.size());
    for (const auto &[name, tensor] : state) {
        appendBlob(out, QByteArray::fromStdString(name));
        const bool isFloat = tensor.scalar_type() == torch::kFloat32;
        if (!isFloat && tensor.scalar_type() != torch::kInt64)
            throw Error(ErrorCode::Internal,
                        QStringLiteral("cannot store tensor %1 of type %2")
                            .arg(QString::fromStdString(name),
                                 QString::fromLatin1(c10::toString(tensor.scalar_type()))));
        out.append(char(isFloat ? kFloat32 : kInt64));
        out.append(char(tensor.dim()));
        for (const int64_t extent : tensor.sizes())
            appendU64(out, static_cast<quint64>(extent));
        const torch::Tensor c = tensor.detach().contiguous().cpu();
        appendBlob(out,
                   QByteArray(static_cast<const char *>(c.data_ptr()), static_cast<qsizetype>(c.nbytes())));
    }
    return out;
}

void deserializeModule(torch::nn::Module &module, const QByteArray &bytes, const QString &path)
{
    auto mismatch = [&path](const QString &what) {
        return Error(ErrorCode::InvalidModel, path,
                     QStringLiteral("weights do not match the declared architecture (%1)").arg(what));
    };
    if (!bytes.startsWith(kTensorsMagic))
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("weights are not in ChestLens's tensor format"));
    Reader r(path, bytes, bytes.size());
    r.skip(kTensorsMagic.size());
    auto state = namedState(module);
    std::map<std::string, torch::Tensor> expected(state.begin(), state.end());
    const quint64 count = r.u64();
    if (count != expected.size())
        throw mismatch(QStringLiteral("%1 tensors stored, %2 expected").arg(count).arg(expected.size()));
    torch::NoGradGuard noGrad;
    for (quint64 i = 0; i < count; ++i) {
        const std::string name = r.blob(QStringLiteral("tensor name")).toStdString();
        const quint8 dtype = r.u8();
        const quint8 rank = r.u8();
        const auto it = expected.find(name);
        if (it == expected.end())
            throw mismatch(QStringLiteral("unexpected tensor '%1'").arg(QString::fromStdString(name)));
        torch::Tensor &target = it->second;
        if (rank > kMaxRank || rank != target.dim())
            throw mismatch(QStringLiteral("'%1' has rank %2, expected %3")
                               .arg(QString::fromStdString(name))
                               .arg(rank)
                               .arg(target.dim()));
        for (int d = 0; d < rank; ++d) {
            const quint64 extent = r.u64();
            if (extent != static_cast<quint64>(target.size(d)))
                throw mismatch(QStringLiteral("'%1' has extent %2 in dimension %3, expected %4")
                                   .arg(QString::fromStdString(name))
                                   .arg(extent)
                                   .arg(d)
                                   .arg(target.size(d)));
        }
        const bool wantFloat = target.scalar_type() == torch::kFloat32;
        if (dtype != (wantFloat ? kFloat32 : kInt64))
            throw mismatch(
                QStringLiteral("'%1' has the wrong element type").arg(QString::fromStdString(name)));
        const QByteArray data = r.blob(QStringLiteral("tensor data"));
        if (static_cast<std::size_t>(data.size()) != target.nbytes())
            throw mismatch(QStringLiteral("'%1' holds %2 bytes, expected %3")
                               .arg(QString::fromStdString(name))
                               .arg(data.size())
                               .arg(target.nbytes()));
        const torch::Tensor source =
            torch::from_blob(const_cast<char *>(data.constData()), target.sizes(), target.scalar_type());
        target.copy_(source);
        expected.erase(it);
    }
    if (r.pos() != bytes.size())
        throw Error(ErrorCode::InvalidModel, path, QStringLiteral("weights have trailing data"));
}

QByteArray serializeOptimizer(torch::optim::Optimizer &optimizer)
{
    torch::serialize::OutputArchive archive;
    optimizer.save(archive);
    std::ostringstream stream;
    archive.save_to(stream);
    const std::string s = stream.str();
    return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

void deserializeOptimizer(torch::optim::Optimizer &optimizer, const QByteArray &bytes, const QString &path)
{
    try {
        std::istringstream stream(std::string(bytes.constData(), static_cast<std::size_t>(bytes.size())));
        torch::serialize::InputArchive archive;
        archive.load_from(stream);
        optimizer.load(archive);
    } catch (const std::exception &) { // c10::Error, or torch::jit::ErrorReport from a damaged archive
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("optimizer state in checkpoint is unreadable"));
    }
}

ModelInfo modelInfoFromMetadata(const QJsonObject &m)
{
    ModelInfo info;
    info.metadata = m;
    info.name = m.value(QStringLiteral("name")).toString();
    for (const auto &c : m.value(QStringLiteral("classes")).toArray())
        info.classes << c.toString();
    info.architectureSpec = m.value(QStringLiteral("architecture")).toObject();
    info.architecture = info.architectureSpec.value(QStringLiteral("name")).toString();
    info.preprocessing = PreprocessOptions::fromJson(m.value(QStringLiteral("preprocessing")).toObject());
    info.temperature = m.value(QStringLiteral("temperature")).toDouble(1.0);
    info.created = m.value(QStringLiteral("created")).toString();
    info.chestlensVersion = m.value(QStringLiteral("chestlens_version")).toString();
    return info;
}

LoadedModel loadModel(const QString &path, ModelFileContents *rawOut)
{
    const QFileInfo fi(path);
    if (!fi.exists())
        throw Error(ErrorCode::FileNotFound, path, QStringLiteral("model file does not exist"));
    if (fi.isDir())
        throw Error(ErrorCode::FileUnreadable, path, QStringLiteral("is a folder, not a model file"));
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw Error(ErrorCode::FileUnreadable, path,
                    QStringLiteral("cannot open model file (%1)").arg(f.errorString()));
    const QByteArray bytes = f.readAll();
    if (looksLikeTorchScript(bytes) && !rawOut)
        return loadTorchScriptModel(path, bytes);
    ModelFileContents contents = decodeModelFile(path, bytes);

    LoadedModel lm;
    lm.info = modelInfoFromMetadata(contents.metadata);
    lm.info.path = path;
    lm.info.sha256 = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    if (lm.info.classes.size() < 2)
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("model metadata lists fewer than 2 classes"));
    lm.spec = ArchitectureSpec::fromJson(lm.info.architectureSpec);
    if (lm.spec.numClasses != lm.info.classes.size())
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("model declares %1 outputs but %2 class names")
                        .arg(lm.spec.numClasses)
                        .arg(lm.info.classes.size()));
    if (lm.spec.imageSize != lm.info.preprocessing.imageSize)
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("model input size and preprocessing disagree"));
    try {
        lm.net = createNetwork(lm.spec);
    } catch (const Error &e) {
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("unsupported architecture: %1").arg(e.message()));
    } catch (const std::exception &e) { // a libtorch check on a value createNetwork did not validate
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("unsupported architecture: %1")
                        .arg(QString::fromStdString(e.what()).section(QLatin1Char('\n'), 0, 0)));
    }
    deserializeModule(*lm.net, contents.weights, path);
    lm.net->eval();
    const QJsonObject density = contents.metadata.value(QStringLiteral("applicability")).toObject();
    if (!density.isEmpty() && !contents.metadata.contains(QStringLiteral("checkpoint"))) {
        lm.density = FeatureDensity::fromStored(density, contents.extra, path);
        const std::vector<std::string> layers = lm.net->camLayers();
        const std::string &layer = lm.density.options.layer;
        if (!layer.empty() && std::find(layers.begin(), layers.end(), layer) == layers.end())
            throw Error(ErrorCode::InvalidModel, path,
                        QStringLiteral("applicability statistics name an unknown layer '%1'")
                            .arg(QString::fromStdString(layer)));
    }
    if (rawOut)
        *rawOut = std::move(contents);
    return lm;
}

} // namespace chestlens::ml
