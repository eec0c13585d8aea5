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

#include <sstream>

namespace chestlens::ml {

namespace {

const QByteArray kMagic("CHESTLENS-MODEL\n", 16);
constexpr quint32 kFormatVersion = 1;
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
    Reader(const QString &path, const QByteArray &bytes, qint64 end) : m_path(path), m_bytes(bytes), m_end(end) {}
    quint64 u64()
    {
        need(8, QStringLiteral("length field"));
        const quint64 v = qFromLittleEndian<quint64>(m_bytes.constData() + m_pos);
        m_pos += 8;
        return v;
    }
    quint32 u32()
    {
        need(4, QStringLiteral("version field"));
        const quint32 v = qFromLittleEndian<quint32>(m_bytes.constData() + m_pos);
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
            throw Error(ErrorCode::InvalidModel, m_path, QStringLiteral("model file is truncated (in the %1)").arg(what));
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
                    torchScript ? QStringLiteral("is a TorchScript archive: ChestLens uses those for prediction and "
                                                 "explanation only, it cannot train or resume from one")
                                : QStringLiteral("not a ChestLens model file (wrong signature)"));
    }
    if (bytes.size() < kMagic.size() + 4 + 3 * 8 + kHashBytes)
        throw Error(ErrorCode::InvalidModel, path, QStringLiteral("model file is truncated"));
    const qint64 payloadEnd = bytes.size() - kHashBytes;
    Reader r(path, bytes, payloadEnd);
    r.skip(kMagic.size());
    const quint32 version = r.u32();
    if (version != kFormatVersion)
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("model file format version %1 is not supported by ChestLens %2 (expects %3)")
                        .arg(version)
                        .arg(QStringLiteral(CHESTLENS_VERSION))
                        .arg(kFormatVersion));
    ModelFileContents c;
    const QByteArray json = r.blob(QStringLiteral("metadata"));
    c.weights = r.blob(QStringLiteral("weights"));
    c.extra = r.blob(QStringLiteral("training state"));
    if (r.pos() != payloadEnd)
        throw Error(ErrorCode::InvalidModel, path, QStringLiteral("model file is truncated or has trailing data"));
    const QByteArray expected = QCryptographicHash::hash(QByteArrayView(bytes.constData(), payloadEnd),
                                                         QCryptographicHash::Sha256);
    if (expected != bytes.right(kHashBytes))
        throw Error(ErrorCode::InvalidModel, path, QStringLiteral("model file is corrupt (checksum mismatch)"));
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        throw Error(ErrorCode::InvalidModel, path, QStringLiteral("model metadata is not valid JSON"));
    c.metadata = doc.object();
    return c;
}

QByteArray serializeModule(torch::nn::Module &module)
{
    torch::serialize::OutputArchive archive;
    module.save(archive);
    std::ostringstream stream;
    archive.save_to(stream);
    const std::string s = stream.str();
    return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

void deserializeModule(torch::nn::Module &module, const QByteArray &bytes, const QString &path)
{
    try {
        std::istringstream stream(std::string(bytes.constData(), static_cast<std::size_t>(bytes.size())));
        torch::serialize::InputArchive archive;
        archive.load_from(stream);
        module.load(archive);
    } catch (const c10::Error &e) {
        const std::string msg = e.msg();
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("weights do not match the declared architecture (%1)")
                        .arg(QString::fromStdString(msg.substr(0, msg.find('\n')))));
    } catch (const std::exception &e) {
        // A damaged archive can fail inside TorchScript's own parser (torch::jit::ErrorReport is
        // not a c10::Error); found by fuzz_modelfile.
        const std::string msg = e.what();
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("weights are unreadable (%1)")
                        .arg(QString::fromStdString(msg.substr(0, msg.find('\n', 1))).trimmed()));
    }
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
        throw Error(ErrorCode::InvalidModel, path, QStringLiteral("optimizer state in checkpoint is unreadable"));
    }
}

ModelInfo modelInfoFromMetadata(const QJsonObject &m)
{
    ModelInfo info;
    info.metadata = m;
    info.name = m.value(QStringLiteral("name")).toString();
    for (const QJsonValue &c : m.value(QStringLiteral("classes")).toArray())
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
        throw Error(ErrorCode::FileUnreadable, path, QStringLiteral("cannot open model file (%1)").arg(f.errorString()));
    const QByteArray bytes = f.readAll();
    if (looksLikeTorchScript(bytes) && !rawOut)
        return loadTorchScriptModel(path, bytes);
    ModelFileContents contents = decodeModelFile(path, bytes);

    LoadedModel lm;
    lm.info = modelInfoFromMetadata(contents.metadata);
    lm.info.path = path;
    lm.info.sha256 = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    if (lm.info.classes.size() < 2)
        throw Error(ErrorCode::InvalidModel, path, QStringLiteral("model metadata lists fewer than 2 classes"));
    lm.spec = ArchitectureSpec::fromJson(lm.info.architectureSpec);
    if (lm.spec.numClasses != lm.info.classes.size())
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("model declares %1 outputs but %2 class names").arg(lm.spec.numClasses).arg(lm.info.classes.size()));
    if (lm.spec.imageSize != lm.info.preprocessing.imageSize)
        throw Error(ErrorCode::InvalidModel, path, QStringLiteral("model input size and preprocessing disagree"));
    try {
        lm.net = createNetwork(lm.spec);
    } catch (const Error &e) {
        throw Error(ErrorCode::InvalidModel, path, QStringLiteral("unsupported architecture: %1").arg(e.message()));
    }
    deserializeModule(*lm.net, contents.weights, path);
    lm.net->eval();
    if (rawOut)
        *rawOut = std::move(contents);
    return lm;
}

} // namespace chestlens::ml
