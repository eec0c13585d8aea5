// libFuzzer target: the ChestLens model-file loader (container, JSON metadata, architecture spec,
// network construction, weights). Inputs that start with the file signature get their trailing
// SHA-256 recomputed, so mutations reach the parsers behind the checksum instead of stopping at it.
// TorchScript archives are libtorch's own format (torch::jit::load) and are not fuzzed here.
#include "core/error.h"
#include "core/ml/modelfile_p.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>

#include <unistd.h>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const QString path =
        QDir::temp().filePath(QStringLiteral("chestlens-fuzz-model-%1.clm").arg(::getpid()));
    QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    constexpr int kHash = 32;
    if (bytes.startsWith("CHESTLENS-MODEL\n") && bytes.size() > 16 + kHash) {
        const QByteArray hash = QCryptographicHash::hash(
            QByteArrayView(bytes.constData(), bytes.size() - kHash), QCryptographicHash::Sha256);
        bytes.replace(bytes.size() - kHash, kHash, hash);
    }
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return 0;
        f.write(bytes);
    }
    try {
        chestlens::ml::ModelFileContents raw; // non-null: the .clm path only (no TorchScript)
        const chestlens::ml::LoadedModel model = chestlens::ml::loadModel(path, &raw);
        (void)model;
    } catch (const chestlens::Error &) {
    }
    QFile::remove(path);
    return 0;
}
