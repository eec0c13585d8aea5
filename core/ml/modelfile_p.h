#pragma once

#include "core/ml/featuredensity_p.h"
#include "core/ml/modelinfo.h"
#include "core/ml/models_p.h"

#include <QByteArray>
#include <QJsonObject>

namespace chestlens::ml {

/// Container of every file ChestLens writes for a network (model files and checkpoints):
///
///   magic "CHESTLENS-MODEL\n" (16 bytes) | u32 format version | u64 JSON length | JSON metadata |
///   u64 length | the network's named tensors (serializeModule) | u64 length | torch archive of
///   extra state (optimizer; empty for model files) | SHA-256 of all preceding bytes (32 bytes)
///
/// Integers are little-endian. The checksum lets a truncated or corrupted file be refused with a
/// clear message before torch ever parses it.
struct ModelFileContents
{
    QJsonObject metadata;
    QByteArray weights;
    QByteArray extra;
};

QByteArray encodeModelFile(const ModelFileContents &contents);
/// @throws chestlens::Error (InvalidModel) naming `path` and what is wrong with the file.
ModelFileContents decodeModelFile(const QString &path, const QByteArray &bytes);

QByteArray serializeModule(torch::nn::Module &module);
/// Parameters and buffers by name, raw (no libtorch archive, so loading runs no TorchScript parser).
/// @throws chestlens::Error (InvalidModel) when the stored tensors do not fit the module exactly.
void deserializeModule(torch::nn::Module &module, const QByteArray &bytes, const QString &path);

QByteArray serializeOptimizer(torch::optim::Optimizer &optimizer);
void deserializeOptimizer(torch::optim::Optimizer &optimizer, const QByteArray &bytes, const QString &path);

/// A loaded network with its description.
struct LoadedModel
{
    ModelInfo info;
    ArchitectureSpec spec;
    ChestNet net;
    /// The pixel applicability check's statistics (metadata "applicability" + the extra block);
    /// null for models written before the check existed.
    FeatureDensity density;
};

/// Reads a ChestLens model (or checkpoint) file and rebuilds its network in eval mode.
/// @throws chestlens::Error: FileNotFound/FileUnreadable, InvalidModel (not a model, truncated,
/// corrupt, architecture mismatch).
LoadedModel loadModel(const QString &path, ModelFileContents *rawOut = nullptr);

/// Builds the metadata block shared by model files and checkpoints.
ModelInfo modelInfoFromMetadata(const QJsonObject &metadata);

} // namespace chestlens::ml
