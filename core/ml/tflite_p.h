#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <string>
#include <vector>

/// A small, bounds-checked reader for TensorFlow Lite model files, enough to turn a quantised
/// convolutional network (the ImageNet MobileNetV2 in shared/weights) into LibTorch weights.
///
/// Written from the flatbuffer binary format and tensorflow/lite/schema/schema.fbs (identifier
/// "TFL3", schema version 3); it does not use the flatbuffers library. Only subgraph 0 is read.
/// The file is untrusted input: every offset, vector length and vtable entry is checked against the
/// file before it is read, every index (tensor, buffer, operator code) against its table, and the
/// total amount of memory the model may expand to is bounded by the file size, so a truncated or
/// corrupted file ends in chestlens::Error(InvalidModel), never in undefined behaviour.
/// Plain functions on values: safe to call from any thread.
namespace chestlens::ml::tflite {

/// Element type of a tensor (schema enum TensorType; the values are the schema's).
enum class TensorType { Float32 = 0, Float16 = 1, Int32 = 2, UInt8 = 3, Int64 = 4, Int8 = 9, Other = -1 };

struct TfliteTensor
{
    std::string name;
    std::vector<int> shape; ///< TFLite layout (NHWC activations, [out, h, w, in] conv weights)
    TensorType type = TensorType::Other;
    int typeCode = 0;                    ///< the schema's TensorType value, also for types mapped to Other
    std::vector<float> scale;            ///< quantization scale(s), empty if none
    std::vector<std::int64_t> zeroPoint; ///< empty, or as many as `scale`
    int quantizedDimension = 0;          ///< axis that per-axis scales run along
    std::uint32_t buffer = 0;            ///< index into the model's buffers (0: the empty buffer)
    std::vector<std::uint8_t> data;      ///< raw little-endian bytes of its buffer (empty for activations)
};

enum class Padding { Same = 0, Valid = 1 };
enum class Activation { None = 0, Relu = 1, ReluN1To1 = 2, Relu6 = 3, Other = -1 };

struct Operator
{
    /// BuiltinOperator value: the larger of builtin_code and deprecated_builtin_code (files written
    /// before builtin codes outgrew a byte carry only the deprecated one).
    int builtinCode = 0;
    QString opName;     ///< "CONV_2D", "DEPTHWISE_CONV_2D", …; "BUILTIN_<n>" for codes not in our table
    QString customCode; ///< the custom operator's name when builtinCode is CUSTOM (32)
    std::vector<int> inputs, outputs; ///< tensor indices; -1 marks an absent optional input
    // Options of Conv2D, DepthwiseConv2D and Pool2D operators when present (defaults otherwise).
    // Strides, dilations and pool filter sizes are checked to be positive.
    Padding padding = Padding::Same;
    int strideW = 1, strideH = 1;
    int dilationW = 1, dilationH = 1;
    int filterWidth = 0, filterHeight = 0; ///< Pool2D only
    /// Fused activation of Conv2D, DepthwiseConv2D, Pool2D, FullyConnected and Add operators.
    Activation activation = Activation::None;
    /// DepthwiseConv2D only, as stored (the schema's default when a file omits it is 0; TFLite
    /// derives the multiplier from the shapes then).
    int depthMultiplier = 1;
};

struct Model
{
    std::vector<TfliteTensor> tensors; ///< of subgraph 0
    std::vector<Operator> operators;   ///< of subgraph 0, in execution order
    std::vector<int> inputs, outputs;  ///< tensor indices of subgraph 0
    std::string description;
};

/// Reads a .tflite file.
/// @throws chestlens::Error: FileNotFound, FileUnreadable, or InvalidModel whose message names the
/// file and the cause ("…: not a TensorFlow Lite model (no TFL3 identifier)", "…: truncated or
/// corrupt: tensor 12 (shape) points past the end of the file …").
Model readModel(const QString &path);

/// Same from bytes already in memory; `name` (usually the path) starts every error message.
/// @throws chestlens::Error(InvalidModel)
Model parseModel(const QByteArray &bytes, const QString &name);

/// Dequantised values of a UInt8, Int8 or Int32 tensor, `scale × (q − zero_point)`, with one scale
/// (per tensor) or one per index of `quantizedDimension` (per axis); a Float32 tensor is copied.
/// Row-major in the tensor's own layout.
/// @throws chestlens::Error(InvalidModel) when the data size does not match the shape, the scales
/// do not match the quantized dimension, or the type cannot be dequantised (Float16, Int64, …).
std::vector<float> dequantize(const TfliteTensor &t);

/// Number of elements of `shape` (1 for a scalar).
/// @throws chestlens::Error(InvalidModel) on a negative dimension or an implausibly large product.
std::int64_t elementCount(const std::vector<int> &shape);

} // namespace chestlens::ml::tflite
