// TensorFlow Lite reader, written from the flatbuffer binary format:
//
//   file      u32 offset of the root table | "TFL3" | …
//   table     i32 signed distance back to its vtable, then the inline fields
//   vtable    u16 vtable size | u16 inline size of the table | u16 offset of field 0, 1, … (0: absent,
//             the schema's default applies)
//   reference u32 forward offset, counted from where it is stored, to a table, vector or string
//   vector    u32 count, then the elements (references for vectors of tables); string: a u8 vector
//
// Everything is little-endian. Nothing here trusts the file: every position is checked before it is
// read (Flat::require), and every vector that becomes a C++ container is charged against a budget
// proportional to the file size, so that a few bytes cannot ask for gigabytes by sharing one large
// vector between many tables.
#include "core/ml/tflite_p.h"

#include "core/error.h"

#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>
#include <type_traits>
#include <utility>

namespace chestlens::ml::tflite {

namespace {

// Schema facts (tensorflow/lite/schema/schema.fbs). Fields are numbered in declaration order; a
// union takes two numbers, its type then its value.
constexpr char kIdentifier[] = "TFL3";
constexpr quint32 kSchemaVersion = 3;
namespace field {
namespace model {
constexpr int version = 0, operatorCodes = 1, subgraphs = 2, description = 3, buffers = 4;
}
namespace opcode {
constexpr int deprecatedBuiltinCode = 0, customCode = 1, builtinCode = 3;
}
namespace subgraph {
constexpr int tensors = 0, inputs = 1, outputs = 2, operators = 3;
}
namespace tensor {
constexpr int shape = 0, type = 1, buffer = 2, name = 3, quantization = 4;
}
namespace quantization {
constexpr int scale = 2, zeroPoint = 3, detailsType = 4, quantizedDimension = 6;
}
namespace buffer {
constexpr int data = 0, offset = 1;
}
namespace op {
constexpr int opcodeIndex = 0, inputs = 1, outputs = 2, optionsType = 3, options = 4;
}
} // namespace field

// BuiltinOptions union members whose contents we read.
namespace options {
constexpr int conv2d = 1, depthwiseConv2d = 2, pool2d = 5, fullyConnected = 8, add = 11;
}
constexpr int kCustomOperator = 32; // BuiltinOperator CUSTOM

// TFLite kernels accept at most 6 dimensions; a larger rank is garbage, not a model.
constexpr int kMaxRank = 16;
// No tensor of a model below 2 GB comes near this many elements; it keeps products far from overflow.
constexpr std::int64_t kMaxElements = std::int64_t(1) << 40;
// What a file may expand to in memory: its own size a few times over (tensor data is copied once,
// tables become structs a few times their size), plus slack for small files.
constexpr qint64 kBudgetFactor = 8;
constexpr qint64 kBudgetSlack = qint64(64) * 1024 * 1024;
// Flatbuffers address 32-bit offsets; bigger TFLite files keep buffers outside (Buffer.offset).
constexpr qint64 kMaxFileSize = std::numeric_limits<qint32>::max();

struct OpName
{
    int code;
    const char *name;
};
constexpr OpName kOpNames[] = {
    {0, "ADD"},
    {1, "AVERAGE_POOL_2D"},
    {2, "CONCATENATION"},
    {3, "CONV_2D"},
    {4, "DEPTHWISE_CONV_2D"},
    {6, "DEQUANTIZE"},
    {9, "FULLY_CONNECTED"},
    {14, "LOGISTIC"},
    {17, "MAX_POOL_2D"},
    {18, "MUL"},
    {19, "RELU"},
    {21, "RELU6"},
    {22, "RESHAPE"},
    {25, "SOFTMAX"},
    {28, "TANH"},
    {32, "CUSTOM"},
    {34, "PAD"},
    {39, "TRANSPOSE"},
    {40, "MEAN"},
    {41, "SUB"},
    {43, "SQUEEZE"},
    {60, "PADV2"},
    {114, "QUANTIZE"},
};

QString opNameOf(int code)
{
    for (const OpName &entry : kOpNames)
        if (entry.code == code)
            return QString::fromLatin1(entry.name);
    return QStringLiteral("BUILTIN_%1").arg(code);
}

TensorType tensorTypeOf(int code)
{
    switch (code) {
    case 0:
        return TensorType::Float32;
    case 1:
        return TensorType::Float16;
    case 2:
        return TensorType::Int32;
    case 3:
        return TensorType::UInt8;
    case 4:
        return TensorType::Int64;
    case 9:
        return TensorType::Int8;
    default:
        return TensorType::Other;
    }
}

/// Bytes per element of the types whose data size we can check; 0 for the others.
int bytesPerElement(TensorType type)
{
    switch (type) {
    case TensorType::Float32:
    case TensorType::Int32:
        return 4;
    case TensorType::Float16:
        return 2;
    case TensorType::UInt8:
    case TensorType::Int8:
        return 1;
    case TensorType::Int64:
        return 8;
    case TensorType::Other:
        break;
    }
    return 0;
}

Activation activationOf(int code)
{
    return code >= 0 && code <= 3 ? static_cast<Activation>(code) : Activation::Other;
}

/// Product of the dimensions, or nothing for a negative dimension or an implausible size.
std::optional<std::int64_t> productOf(const std::vector<int> &shape)
{
    std::int64_t count = 1;
    for (int d : shape) {
        if (d < 0 || (d > 0 && count > kMaxElements / d))
            return std::nullopt;
        count *= d;
    }
    return count;
}

QString shapeText(const std::vector<int> &shape)
{
    QStringList dims;
    for (int d : shape)
        dims << QString::number(d);
    return QLatin1Char('[') + dims.join(QLatin1Char(',')) + QLatin1Char(']');
}

template <typename T> T loadLittleEndian(const unsigned char *p)
{
    if constexpr (std::is_same_v<T, float>) {
        const auto bits = loadLittleEndian<quint32>(p);
        float value;
        std::memcpy(&value, &bits, sizeof value);
        return value;
    } else {
        using U = std::make_unsigned_t<T>;
        U value = 0;
        for (std::size_t i = 0; i < sizeof(T); ++i)
            value = static_cast<U>(value | (static_cast<U>(p[i]) << (8 * i)));
        return static_cast<T>(value);
    }
}

/// A run of elements inside the file: `count` elements starting at `first`.
struct Span
{
    qint64 first = 0;
    qint64 count = 0;
};

class Table;

/// The file's bytes, its name for messages and the expansion budget; every read goes through here.
class Flat
{
public:
    Flat(const QByteArray &bytes, const QString &name)
        : m_data(reinterpret_cast<const unsigned char *>(bytes.constData())), m_size(bytes.size()),
          m_name(name), m_budget(kBudgetFactor * m_size + kBudgetSlack)
    {
    }

    qint64 size() const { return m_size; }
    const unsigned char *data() const { return m_data; }

    [[noreturn]] void fail(const QString &cause) const
    {
        throw Error(ErrorCode::InvalidModel, m_name, cause);
    }

    /// Fails unless the `length` bytes at `pos` lie inside the file.
    void require(qint64 pos, qint64 length, const QString &owner, const char *part) const
    {
        if (pos < 0 || length < 0 || pos > m_size || length > m_size - pos)
            fail(QStringLiteral("truncated or corrupt: %1 (%2) points past the end of the file "
                                "(%3 bytes at offset %4, file size %5)")
                     .arg(owner, QLatin1String(part))
                     .arg(length)
                     .arg(pos)
                     .arg(m_size));
    }

    template <typename T> T read(qint64 pos, const QString &owner, const char *part) const
    {
        require(pos, qint64(sizeof(T)), owner, part);
        return loadLittleEndian<T>(m_data + pos);
    }

    /// Accounts for `bytes` of memory built from the file; fails once the budget is spent.
    void charge(qint64 bytes, const QString &owner, const char *part)
    {
        if (bytes > m_budget)
            fail(QStringLiteral("corrupt: %1 (%2) would expand the model far beyond what a file of "
                                "%3 bytes can describe")
                     .arg(owner, QLatin1String(part))
                     .arg(m_size));
        m_budget -= bytes;
    }

    /// Element `index` of a vector of tables.
    Table tableAt(const Span &vector, qint64 index, const QString &label);

private:
    const unsigned char *m_data;
    qint64 m_size;
    QString m_name;
    qint64 m_budget;
};

/// One table: checked start, vtable and inline size; fields are read through its vtable.
class Table
{
public:
    Table(Flat &flat, qint64 pos, QString label) : m_flat(&flat), m_pos(pos), m_label(std::move(label))
    {
        const qint64 vtable = pos - qint64(flat.read<qint32>(pos, m_label, "table"));
        m_vtable = vtable;
        m_vtableSize = flat.read<quint16>(vtable, m_label, "vtable");
        m_inlineSize = flat.read<quint16>(vtable + 2, m_label, "vtable");
        if (m_vtableSize < 4 || m_vtableSize % 2 != 0 || m_inlineSize < 4)
            flat.fail(QStringLiteral("corrupt: %1 has an invalid vtable (%2 bytes, table of %3 bytes)")
                          .arg(m_label)
                          .arg(m_vtableSize)
                          .arg(m_inlineSize));
        flat.require(vtable, m_vtableSize, m_label, "vtable");
        flat.require(pos, m_inlineSize, m_label, "table");
    }

    const QString &label() const { return m_label; }
    Flat &flat() const { return *m_flat; }

    template <typename T> T scalar(int field, const char *name, T fallback) const
    {
        const qint64 at = fieldPos(field, sizeof(T), name);
        return at < 0 ? fallback : m_flat->read<T>(at, m_label, name);
    }

    /// Where a reference field points (checked to hold at least a length word), or -1 when absent.
    qint64 target(int field, const char *name) const
    {
        const qint64 at = fieldPos(field, 4, name);
        if (at < 0)
            return -1;
        const qint64 to = at + m_flat->read<quint32>(at, m_label, name);
        m_flat->require(to, 4, m_label, name);
        return to;
    }

    std::optional<Table> table(int field, const char *name, const QString &label) const
    {
        const qint64 to = target(field, name);
        if (to < 0)
            return std::nullopt;
        return Table(*m_flat, to, label);
    }

    /// A vector field of `elementSize`-byte elements; empty when absent.
    Span vector(int field, const char *name, qint64 elementSize) const
    {
        const qint64 to = target(field, name);
        if (to < 0)
            return {};
        const qint64 count = m_flat->read<quint32>(to, m_label, name);
        m_flat->require(to + 4, count * elementSize, m_label, name);
        return {to + 4, count};
    }

    template <typename T> std::vector<T> scalars(int field, const char *name) const
    {
        const Span span = vector(field, name, sizeof(T));
        m_flat->charge(span.count * qint64(sizeof(T)), m_label, name);
        std::vector<T> out(static_cast<std::size_t>(span.count));
        for (qint64 i = 0; i < span.count; ++i)
            out[std::size_t(i)] = loadLittleEndian<T>(m_flat->data() + span.first + i * qint64(sizeof(T)));
        return out;
    }

    std::vector<std::uint8_t> bytes(int field, const char *name) const
    {
        const Span span = vector(field, name, 1);
        m_flat->charge(span.count, m_label, name);
        const unsigned char *begin = m_flat->data() + span.first;
        return std::vector<std::uint8_t>(begin, begin + span.count);
    }

    std::string string(int field, const char *name) const
    {
        const std::vector<std::uint8_t> raw = bytes(field, name);
        return std::string(raw.begin(), raw.end());
    }

private:
    /// Position of a field of `size` bytes, or -1 when the vtable says it is absent.
    qint64 fieldPos(int field, qint64 size, const char *name) const
    {
        const qint64 entry = 4 + 2 * qint64(field);
        if (entry + 2 > m_vtableSize)
            return -1; // written with an older schema: the field's default applies
        const auto offset = m_flat->read<quint16>(m_vtable + entry, m_label, name);
        if (offset == 0)
            return -1;
        if (offset < 4 || offset + size > m_inlineSize)
            m_flat->fail(
                QStringLiteral("corrupt: %1 (%2) lies outside its table").arg(m_label, QLatin1String(name)));
        return m_pos + offset;
    }

    Flat *m_flat;
    qint64 m_pos;
    qint64 m_vtable = 0;
    int m_vtableSize = 0;
    int m_inlineSize = 0;
    QString m_label;
};

Table Flat::tableAt(const Span &vector, qint64 index, const QString &label)
{
    const qint64 at = vector.first + 4 * index;
    return Table(*this, at + read<quint32>(at, label, "reference"), label);
}

struct OpCode
{
    int builtinCode = 0;
    QString customCode;
};

std::vector<OpCode> readOperatorCodes(const Table &model)
{
    Flat &flat = model.flat();
    const Span codes = model.vector(field::model::operatorCodes, "operator_codes", 4);
    flat.charge(codes.count * qint64(sizeof(OpCode)), model.label(), "operator_codes");
    std::vector<OpCode> out;
    for (qint64 i = 0; i < codes.count; ++i) {
        const Table t = flat.tableAt(codes, i, QStringLiteral("operator code %1").arg(i));
        OpCode code;
        // Codes above 127 live only in builtin_code; older files fill only the byte-sized one.
        code.builtinCode =
            std::max<int>(t.scalar<qint8>(field::opcode::deprecatedBuiltinCode, "deprecated_builtin_code", 0),
                          t.scalar<qint32>(field::opcode::builtinCode, "builtin_code", 0));
        if (code.builtinCode < 0)
            flat.fail(QStringLiteral("corrupt: %1 has the negative builtin code %2")
                          .arg(t.label())
                          .arg(code.builtinCode));
        code.customCode = QString::fromStdString(t.string(field::opcode::customCode, "custom_code"));
        out.push_back(code);
    }
    return out;
}

/// The data of buffer `index` (empty for activations, which all share the empty buffer 0).
std::vector<std::uint8_t> bufferData(Flat &flat, const Span &buffers, quint32 index, const QString &owner)
{
    if (index == 0 && buffers.count == 0)
        return {};
    if (index >= buffers.count)
        flat.fail(QStringLiteral("corrupt: %1 refers to buffer %2, but the model has %3 buffers")
                      .arg(owner)
                      .arg(index)
                      .arg(buffers.count));
    const Table buffer = flat.tableAt(buffers, index, QStringLiteral("buffer %1").arg(index));
    // Files over 2 GB keep tensor data after the flatbuffer and say where with offset/size (> 1).
    if (buffer.scalar<quint64>(field::buffer::offset, "offset", 0) > 1)
        flat.fail(QStringLiteral("%1 keeps its data outside the flatbuffer (a model of more than 2 GB), "
                                 "which is not supported")
                      .arg(buffer.label()));
    return buffer.bytes(field::buffer::data, "data");
}

void readQuantization(const Table &tensor, TfliteTensor &out)
{
    const std::optional<Table> q = tensor.table(field::tensor::quantization, "quantization",
                                                tensor.label() + QStringLiteral(" quantization"));
    // Custom quantization details replace scale and zero point, which the schema says to ignore then.
    if (!q || q->scalar<quint8>(field::quantization::detailsType, "details_type", 0) != 0)
        return;
    out.scale = q->scalars<float>(field::quantization::scale, "scale");
    out.zeroPoint = q->scalars<std::int64_t>(field::quantization::zeroPoint, "zero_point");
    out.quantizedDimension =
        q->scalar<qint32>(field::quantization::quantizedDimension, "quantized_dimension", 0);
    if (out.scale.empty())
        return;
    Flat &flat = tensor.flat();
    if (!out.zeroPoint.empty() && out.zeroPoint.size() != out.scale.size())
        flat.fail(QStringLiteral("corrupt: %1 has %2 scales but %3 zero points")
                      .arg(q->label())
                      .arg(out.scale.size())
                      .arg(out.zeroPoint.size()));
    const int axis = out.quantizedDimension;
    if (out.scale.size() > 1 && (axis < 0 || std::size_t(axis) >= out.shape.size() ||
                                 std::size_t(out.shape[std::size_t(axis)]) != out.scale.size()))
        flat.fail(QStringLiteral("corrupt: %1 has %2 scales, which do not match dimension %3 of shape %4")
                      .arg(q->label())
                      .arg(out.scale.size())
                      .arg(axis)
                      .arg(shapeText(out.shape)));
}

void checkShape(const Flat &flat, const TfliteTensor &t, const QString &label)
{
    if (t.shape.size() > std::size_t(kMaxRank))
        flat.fail(QStringLiteral("corrupt: %1 has %2 dimensions").arg(label).arg(t.shape.size()));
    if (std::any_of(t.shape.begin(), t.shape.end(), [](int d) { return d < 0; }))
        flat.fail(QStringLiteral("corrupt: %1 has a negative dimension in shape %2")
                      .arg(label, shapeText(t.shape)));
}

/// Constant tensors must carry exactly the bytes their shape and type need.
void checkDataSize(const Flat &flat, const TfliteTensor &t, const QString &label)
{
    const int elementSize = bytesPerElement(t.type);
    if (t.data.empty() || elementSize == 0)
        return;
    const std::optional<std::int64_t> count = productOf(t.shape);
    if (!count || std::uint64_t(*count) * std::uint64_t(elementSize) != t.data.size())
        flat.fail(QStringLiteral("corrupt: %1 ('%2') has %3 bytes of data, which do not fit its shape %4 "
                                 "of %5-byte elements")
                      .arg(label, QString::fromStdString(t.name))
                      .arg(t.data.size())
                      .arg(shapeText(t.shape))
                      .arg(elementSize));
}

TfliteTensor readTensor(const Table &t, const Span &buffers)
{
    Flat &flat = t.flat();
    TfliteTensor out;
    out.shape = t.scalars<qint32>(field::tensor::shape, "shape");
    checkShape(flat, out, t.label());
    // A byte enum; read unsigned, so that a corrupt negative value simply maps to Other.
    out.typeCode = t.scalar<quint8>(field::tensor::type, "type", 0);
    out.type = tensorTypeOf(out.typeCode);
    out.buffer = t.scalar<quint32>(field::tensor::buffer, "buffer", 0);
    out.name = t.string(field::tensor::name, "name");
    readQuantization(t, out);
    out.data = bufferData(flat, buffers, out.buffer, t.label());
    checkDataSize(flat, out, t.label());
    return out;
}

/// A vector of tensor indices, each checked against the subgraph's tensors (-1 only where allowed).
std::vector<int> tensorIndices(const Table &t, int field, const char *name, std::size_t tensorCount,
                               bool optionalAllowed)
{
    std::vector<int> indices = t.scalars<qint32>(field, name);
    for (int index : indices) {
        const bool absent = optionalAllowed && index == -1;
        if (!absent && (index < 0 || std::size_t(index) >= tensorCount))
            t.flat().fail(QStringLiteral("corrupt: %1 (%2) refers to tensor %3, but the subgraph has %4")
                              .arg(t.label(), QLatin1String(name))
                              .arg(index)
                              .arg(tensorCount));
    }
    return indices;
}

Padding paddingOf(const Table &options)
{
    const int code = options.scalar<quint8>(0, "padding", 0); // field 0 in Conv2D, DepthwiseConv2D, Pool2D
    if (code != 0 && code != 1)
        options.flat().fail(
            QStringLiteral("corrupt: %1 has the unknown padding %2").arg(options.label()).arg(code));
    return static_cast<Padding>(code);
}

void readConvOptions(const Table &o, Operator &out)
{
    out.padding = paddingOf(o);
    out.strideW = o.scalar<qint32>(1, "stride_w", 0);
    out.strideH = o.scalar<qint32>(2, "stride_h", 0);
    out.activation = activationOf(o.scalar<quint8>(3, "fused_activation_function", 0));
    out.dilationW = o.scalar<qint32>(4, "dilation_w_factor", 1);
    out.dilationH = o.scalar<qint32>(5, "dilation_h_factor", 1);
}

void readDepthwiseOptions(const Table &o, Operator &out)
{
    out.padding = paddingOf(o);
    out.strideW = o.scalar<qint32>(1, "stride_w", 0);
    out.strideH = o.scalar<qint32>(2, "stride_h", 0);
    out.depthMultiplier = o.scalar<qint32>(3, "depth_multiplier", 0);
    out.activation = activationOf(o.scalar<quint8>(4, "fused_activation_function", 0));
    out.dilationW = o.scalar<qint32>(5, "dilation_w_factor", 1);
    out.dilationH = o.scalar<qint32>(6, "dilation_h_factor", 1);
}

void readPoolOptions(const Table &o, Operator &out)
{
    out.padding = paddingOf(o);
    out.strideW = o.scalar<qint32>(1, "stride_w", 0);
    out.strideH = o.scalar<qint32>(2, "stride_h", 0);
    out.filterWidth = o.scalar<qint32>(3, "filter_width", 0);
    out.filterHeight = o.scalar<qint32>(4, "filter_height", 0);
    out.activation = activationOf(o.scalar<quint8>(5, "fused_activation_function", 0));
    if (out.filterWidth < 1 || out.filterHeight < 1)
        o.flat().fail(QStringLiteral("corrupt: %1 has the pool filter %2 x %3")
                          .arg(o.label())
                          .arg(out.filterWidth)
                          .arg(out.filterHeight));
}

/// Reads the options we use (see Operator); a zero stride or dilation would only fail later.
void readBuiltinOptions(const Table &op, Operator &out)
{
    const int type = op.scalar<quint8>(field::op::optionsType, "builtin_options_type", 0);
    if (type == 0)
        return;
    const std::optional<Table> o =
        op.table(field::op::options, "builtin_options", op.label() + QStringLiteral(" options"));
    if (!o)
        op.flat().fail(
            QStringLiteral("corrupt: %1 declares options of type %2 but has none").arg(op.label()).arg(type));
    switch (type) {
    case options::conv2d:
        readConvOptions(*o, out);
        break;
    case options::depthwiseConv2d:
        readDepthwiseOptions(*o, out);
        break;
    case options::pool2d:
        readPoolOptions(*o, out);
        break;
    case options::fullyConnected:
    case options::add:
        out.activation = activationOf(o->scalar<quint8>(0, "fused_activation_function", 0));
        return;
    default:
        return;
    }
    if (out.strideW < 1 || out.strideH < 1 || out.dilationW < 1 || out.dilationH < 1)
        op.flat().fail(QStringLiteral("corrupt: %1 has stride %2 x %3 and dilation %4 x %5")
                           .arg(o->label())
                           .arg(out.strideW)
                           .arg(out.strideH)
                           .arg(out.dilationW)
                           .arg(out.dilationH));
}

Operator readOperator(const Table &t, const std::vector<OpCode> &codes, std::size_t tensorCount)
{
    Operator out;
    const auto index = t.scalar<quint32>(field::op::opcodeIndex, "opcode_index", 0);
    if (index >= codes.size())
        t.flat().fail(QStringLiteral("corrupt: %1 uses operator code %2, but the model has %3")
                          .arg(t.label())
                          .arg(index)
                          .arg(codes.size()));
    out.builtinCode = codes[index].builtinCode;
    out.opName = opNameOf(out.builtinCode);
    if (out.builtinCode == kCustomOperator)
        out.customCode = codes[index].customCode;
    out.inputs = tensorIndices(t, field::op::inputs, "inputs", tensorCount, true);
    out.outputs = tensorIndices(t, field::op::outputs, "outputs", tensorCount, true);
    readBuiltinOptions(t, out);
    return out;
}

Model readSubgraph(const Table &subgraph, const Span &buffers, const std::vector<OpCode> &codes)
{
    Flat &flat = subgraph.flat();
    Model m;
    const Span tensors = subgraph.vector(field::subgraph::tensors, "tensors", 4);
    flat.charge(tensors.count * qint64(sizeof(TfliteTensor)), subgraph.label(), "tensors");
    m.tensors.reserve(std::size_t(tensors.count));
    for (qint64 i = 0; i < tensors.count; ++i)
        m.tensors.push_back(
            readTensor(flat.tableAt(tensors, i, QStringLiteral("tensor %1").arg(i)), buffers));
    m.inputs = tensorIndices(subgraph, field::subgraph::inputs, "inputs", m.tensors.size(), false);
    m.outputs = tensorIndices(subgraph, field::subgraph::outputs, "outputs", m.tensors.size(), false);
    const Span operators = subgraph.vector(field::subgraph::operators, "operators", 4);
    flat.charge(operators.count * qint64(sizeof(Operator)), subgraph.label(), "operators");
    m.operators.reserve(std::size_t(operators.count));
    for (qint64 i = 0; i < operators.count; ++i)
        m.operators.push_back(readOperator(flat.tableAt(operators, i, QStringLiteral("operator %1").arg(i)),
                                           codes, m.tensors.size()));
    return m;
}

} // namespace

std::int64_t elementCount(const std::vector<int> &shape)
{
    const std::optional<std::int64_t> count = productOf(shape);
    if (!count)
        throw Error(ErrorCode::InvalidModel,
                    QStringLiteral("tensor shape %1 has a negative or implausibly large dimension")
                        .arg(shapeText(shape)));
    return *count;
}

Model parseModel(const QByteArray &bytes, const QString &name)
{
    Flat flat(bytes, name);
    if (flat.size() == 0)
        flat.fail(QStringLiteral("not a TensorFlow Lite model (the file is empty)"));
    if (flat.size() < 8 || std::memcmp(flat.data() + 4, kIdentifier, 4) != 0)
        flat.fail(QStringLiteral("not a TensorFlow Lite model (no TFL3 identifier)"));
    if (flat.size() > kMaxFileSize)
        flat.fail(QStringLiteral("TensorFlow Lite models larger than 2 GB are not supported"));
    const QString header = QStringLiteral("the file header");
    const Table model(flat, flat.read<quint32>(0, header, "root offset"), QStringLiteral("the model table"));
    const auto version = model.scalar<quint32>(field::model::version, "version", 0);
    if (version != kSchemaVersion)
        flat.fail(QStringLiteral("TensorFlow Lite schema version %1 is not supported (expected %2)")
                      .arg(version)
                      .arg(kSchemaVersion));
    const std::vector<OpCode> codes = readOperatorCodes(model);
    const Span buffers = model.vector(field::model::buffers, "buffers", 4);
    const Span subgraphs = model.vector(field::model::subgraphs, "subgraphs", 4);
    if (subgraphs.count == 0)
        flat.fail(QStringLiteral("corrupt: the model has no subgraph"));
    Model m = readSubgraph(flat.tableAt(subgraphs, 0, QStringLiteral("subgraph 0")), buffers, codes);
    m.description = model.string(field::model::description, "description");
    return m;
}

Model readModel(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        throw Error(ErrorCode::FileNotFound, path, QStringLiteral("TensorFlow Lite model does not exist"));
    if (info.isDir())
        throw Error(ErrorCode::FileUnreadable, path,
                    QStringLiteral("is a folder, not a TensorFlow Lite model"));
    if (info.size() > kMaxFileSize)
        throw Error(ErrorCode::InvalidModel, path,
                    QStringLiteral("TensorFlow Lite models larger than 2 GB are not supported"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(ErrorCode::FileUnreadable, path,
                    QStringLiteral("cannot open TensorFlow Lite model (%1)").arg(file.errorString()));
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        throw Error(ErrorCode::FileUnreadable, path,
                    QStringLiteral("cannot read TensorFlow Lite model (%1)").arg(file.errorString()));
    return parseModel(bytes, path);
}

namespace {

/// Quantised value `i` of a UInt8, Int8 or Int32 tensor whose data size has been checked.
std::int64_t quantisedAt(const TfliteTensor &t, std::size_t i)
{
    switch (t.type) {
    case TensorType::UInt8:
        return t.data[i];
    case TensorType::Int8:
        return static_cast<std::int8_t>(t.data[i]);
    default:
        return loadLittleEndian<std::int32_t>(t.data.data() + 4 * i);
    }
}

/// Checks the scales and zero points; returns the number of elements that share one scale in a run
/// (the product of the dimensions after the quantized one), or 0 for a single per-tensor scale.
std::int64_t checkScales(const TfliteTensor &t, const QString &label)
{
    if (t.scale.empty())
        throw Error(ErrorCode::InvalidModel, label, QStringLiteral("has no quantization scale"));
    if (!t.zeroPoint.empty() && t.zeroPoint.size() != t.scale.size())
        throw Error(
            ErrorCode::InvalidModel, label,
            QStringLiteral("has %1 scales but %2 zero points").arg(t.scale.size()).arg(t.zeroPoint.size()));
    // Keeps q − zero_point exact in 64 bits; real zero points are 8- or 16-bit.
    constexpr std::int64_t kZeroPointLimit = std::int64_t(1) << 32;
    for (std::int64_t zp : t.zeroPoint)
        if (zp < -kZeroPointLimit || zp > kZeroPointLimit)
            throw Error(ErrorCode::InvalidModel, label, QStringLiteral("has the zero point %1").arg(zp));
    if (t.scale.size() == 1)
        return 0;
    const int axis = t.quantizedDimension;
    if (axis < 0 || std::size_t(axis) >= t.shape.size() ||
        std::size_t(t.shape[std::size_t(axis)]) != t.scale.size())
        throw Error(ErrorCode::InvalidModel, label,
                    QStringLiteral("has %1 scales, which do not match dimension %2 of shape %3")
                        .arg(t.scale.size())
                        .arg(axis)
                        .arg(shapeText(t.shape)));
    return elementCount(std::vector<int>(t.shape.begin() + axis + 1, t.shape.end()));
}

} // namespace

std::vector<float> dequantize(const TfliteTensor &t)
{
    const QString label = QStringLiteral("tensor '%1'").arg(QString::fromStdString(t.name));
    const std::optional<std::int64_t> elements = productOf(t.shape);
    if (!elements)
        throw Error(ErrorCode::InvalidModel, label,
                    QStringLiteral("has the shape %1, with a negative or implausibly large dimension")
                        .arg(shapeText(t.shape)));
    const std::int64_t count = *elements;
    const bool supported = t.type == TensorType::Float32 || t.type == TensorType::UInt8 ||
                           t.type == TensorType::Int8 || t.type == TensorType::Int32;
    if (!supported)
        throw Error(ErrorCode::InvalidModel, label,
                    QStringLiteral("has element type %1, which cannot be dequantised").arg(t.typeCode));
    const auto elementSize = std::uint64_t(bytesPerElement(t.type));
    if (std::uint64_t(count) * elementSize != t.data.size())
        throw Error(ErrorCode::InvalidModel, label,
                    QStringLiteral("has %1 bytes of data, but shape %2 needs %3")
                        .arg(t.data.size())
                        .arg(shapeText(t.shape))
                        .arg(std::uint64_t(count) * elementSize));
    std::vector<float> out(static_cast<std::size_t>(count));
    if (t.type == TensorType::Float32) {
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i] = loadLittleEndian<float>(t.data.data() + 4 * i);
        return out;
    }
    const std::int64_t run = checkScales(t, label);
    const auto channels = std::int64_t(t.scale.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        const std::size_t c = run == 0 ? 0 : std::size_t((std::int64_t(i) / run) % channels);
        const std::int64_t zeroPoint = t.zeroPoint.empty() ? 0 : t.zeroPoint[c];
        out[i] = t.scale[c] * static_cast<float>(quantisedAt(t, i) - zeroPoint);
    }
    return out;
}

} // namespace chestlens::ml::tflite
