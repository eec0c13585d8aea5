// The TensorFlow Lite reader: the shared ImageNet MobileNetV2 (shared/weights) reads as the network it
// is, values dequantise as scale × (q − zero_point), and damaged files are refused with InvalidModel
// and a message naming the file, never a crash.
#include "core/error.h"
#include "core/ml/tflite_p.h"
#include "support/testdata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest/QtTest>

#include <algorithm>
#include <limits>
#include <map>

using namespace chestlens;
namespace tfl = chestlens::ml::tflite;

Q_DECLARE_METATYPE(tfl::TensorType)

namespace {

const char kSkipMessage[] =
    "shared weights 'imagenet-mobilenetv2/mobilenet_v2_1.0_224_quant.tflite' not found: "
    "they sit in ../weights beside the shared data folder (CHESTLENS_DATA or "
    "../shared/data beside the repository)";

/// The shared ImageNet MobileNetV2 .tflite (shared/weights, a sibling of the shared data folder), or
/// an empty string when it is absent.
QString mobilenetPath()
{
    const QString root = test::dataRoot();
    if (root.isEmpty())
        return {};
    const QDir dir(QDir(root).filePath(QStringLiteral("../weights/imagenet-mobilenetv2")));
    const QString path = dir.filePath(QStringLiteral("mobilenet_v2_1.0_224_quant.tflite"));
    return QFileInfo(path).isFile() ? QDir::cleanPath(path) : QString();
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(bytes), bytes.size());
}

// Minimal flatbuffer navigation of the (valid) real file, to aim the corruptions below at known
// structures. Each returns -1 when a position would leave the file.
qint64 u32At(const QByteArray &b, qint64 pos)
{
    if (pos < 0 || pos + 4 > b.size())
        return -1;
    return qFromLittleEndian<quint32>(b.constData() + pos);
}

/// Position of field `field` of the table at `table`; 0 when absent.
qint64 fieldPos(const QByteArray &b, qint64 table, int field)
{
    if (table < 0 || table + 4 > b.size())
        return -1;
    const qint64 vtable = table - qFromLittleEndian<qint32>(b.constData() + table);
    const qint64 entry = vtable + 4 + 2 * field;
    if (vtable < 0 || entry + 2 > b.size())
        return -1;
    const quint16 offset = qFromLittleEndian<quint16>(b.constData() + entry);
    return offset == 0 ? 0 : table + offset;
}

/// Where the reference stored at `pos` points.
qint64 referenceTarget(const QByteArray &b, qint64 pos)
{
    const qint64 offset = u32At(b, pos);
    return offset < 0 ? -1 : pos + offset;
}

/// Overwrites 4 bytes at `pos`; does nothing outside the file (the damaged file is then accepted,
/// and the test says so).
void putU32(QByteArray &b, qint64 pos, quint32 value)
{
    if (pos >= 0 && pos + 4 <= b.size())
        qToLittleEndian(value, b.data() + pos);
}

// Model table fields (schema.fbs): version 0, operator_codes 1, subgraphs 2.
constexpr int kModelVersion = 0, kModelOperatorCodes = 1, kModelSubgraphs = 2;

enum class Damage {
    Empty,
    TextFile,
    WrongIdentifier,
    TruncateBytes,     ///< keep `param` bytes
    TruncatePermille,  ///< keep `param` thousandths of the file
    RootPastEnd,       ///< root table offset beyond the file
    RootAtLastBytes,   ///< root table in the last two bytes
    VtablePastEnd,     ///< the root table's vtable distance points outside the file
    SchemaVersion,     ///< version field set to `param`
    NoSubgraph,        ///< subgraphs vector of length 0
    HugeSubgraphCount, ///< subgraphs vector claims 2^32 − 1 entries
    OperatorCodesPastEnd,
};

} // namespace

Q_DECLARE_METATYPE(Damage)

namespace {

QByteArray damaged(const QByteArray &real, Damage damage, int param)
{
    QByteArray b = real;
    const qint64 root = u32At(b, 0);
    switch (damage) {
    case Damage::Empty:
        return {};
    case Damage::TextFile:
        return QByteArrayLiteral("hello, I am a text file and not a neural network\n");
    case Damage::WrongIdentifier:
        b.replace(4, 4, "TFL2");
        return b;
    case Damage::TruncateBytes:
        return b.left(param);
    case Damage::TruncatePermille:
        return b.left(b.size() * param / 1000);
    case Damage::RootPastEnd:
        putU32(b, 0, 0xfffffff0u);
        return b;
    case Damage::RootAtLastBytes:
        putU32(b, 0, quint32(b.size() - 2));
        return b;
    case Damage::VtablePastEnd:
        putU32(b, root, 0x80000000u); // vtable = table + 2^31
        return b;
    case Damage::SchemaVersion:
        putU32(b, fieldPos(b, root, kModelVersion), quint32(param));
        return b;
    case Damage::NoSubgraph:
    case Damage::HugeSubgraphCount:
        putU32(b, referenceTarget(b, fieldPos(b, root, kModelSubgraphs)),
               damage == Damage::NoSubgraph ? 0u : 0xffffffffu);
        return b;
    case Damage::OperatorCodesPastEnd:
        putU32(b, fieldPos(b, root, kModelOperatorCodes), 0x7ffffff0u);
        return b;
    }
    return b;
}

QByteArray le32(const QList<qint32> &values)
{
    QByteArray out(values.size() * 4, '\0');
    for (int i = 0; i < values.size(); ++i)
        qToLittleEndian(values[i], out.data() + 4 * i);
    return out;
}

QByteArray leFloat(const QList<float> &values)
{
    QByteArray out(values.size() * 4, '\0');
    for (int i = 0; i < values.size(); ++i)
        qToLittleEndian(values[i], out.data() + 4 * i);
    return out;
}

tfl::TfliteTensor makeTensor(const QList<int> &shape, tfl::TensorType type, const QByteArray &data,
                             const QList<float> &scale, const QList<qint64> &zeroPoint, int axis)
{
    tfl::TfliteTensor t;
    t.name = "t";
    t.shape.assign(shape.begin(), shape.end());
    t.type = type;
    t.typeCode = static_cast<int>(type);
    t.data.assign(data.begin(), data.end());
    t.scale.assign(scale.begin(), scale.end());
    t.zeroPoint.assign(zeroPoint.begin(), zeroPoint.end());
    t.quantizedDimension = axis;
    return t;
}

const tfl::Operator *lastOperator(const tfl::Model &m, const QString &name)
{
    for (auto it = m.operators.rbegin(); it != m.operators.rend(); ++it)
        if (it->opName == name)
            return &*it;
    return nullptr;
}

/// "[1,224,224,3]": shapes compare as text, so that a failure shows both.
QString dims(const std::vector<int> &shape)
{
    QStringList parts;
    for (int d : shape)
        parts << QString::number(d);
    return QLatin1Char('[') + parts.join(QLatin1Char(',')) + QLatin1Char(']');
}

} // namespace

class TestTflite : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    /// The README's "53 convolutions": 35 regular (stem, 16 expansions, 17 projections, the last
    /// 1 × 1 to 1280) and 17 depthwise, the 53rd regular one being the classifier as a 1 × 1 conv.
    void operatorCounts_data()
    {
        QTest::addColumn<QString>("opName");
        QTest::addColumn<int>("builtinCode");
        QTest::addColumn<int>("count");
        QTest::newRow("regular convolutions") << QStringLiteral("CONV_2D") << 3 << 36;
        QTest::newRow("depthwise convolutions") << QStringLiteral("DEPTHWISE_CONV_2D") << 4 << 17;
        QTest::newRow("residual additions") << QStringLiteral("ADD") << 0 << 10;
        QTest::newRow("global average pool") << QStringLiteral("AVERAGE_POOL_2D") << 1 << 1;
        QTest::newRow("reshape") << QStringLiteral("RESHAPE") << 22 << 1;
        QTest::newRow("softmax") << QStringLiteral("SOFTMAX") << 25 << 1;
    }
    void operatorCounts()
    {
        QFETCH(QString, opName);
        QFETCH(int, builtinCode);
        QFETCH(int, count);
        const QString path = mobilenetPath();
        if (path.isEmpty())
            QSKIP(kSkipMessage);
        const tfl::Model m = tfl::readModel(path);
        QCOMPARE(m.operators.size(), std::size_t(66));
        int found = 0;
        for (const tfl::Operator &op : m.operators) {
            QCOMPARE(op.opName == opName, op.builtinCode == builtinCode);
            found += op.opName == opName ? 1 : 0;
        }
        QCOMPARE(found, count);
    }

    /// Network-wide facts: 53 convolutions, ReLU6 fused after all but the 17 projections and the
    /// classifier, five stride-2 layers (an output stride of 32), about 3.5 M parameters.
    void networkShape()
    {
        const QString path = mobilenetPath();
        if (path.isEmpty())
            QSKIP(kSkipMessage);
        const tfl::Model m = tfl::readModel(path);
        QCOMPARE(m.tensors.size(), std::size_t(174));
        std::map<QString, int> relu6, plain;
        int stride2 = 0;
        for (const tfl::Operator &op : m.operators) {
            if (op.opName != QLatin1String("CONV_2D") && op.opName != QLatin1String("DEPTHWISE_CONV_2D"))
                continue;
            QCOMPARE(op.padding, tfl::Padding::Same);
            QCOMPARE(op.strideW, op.strideH);
            stride2 += op.strideW == 2 ? 1 : 0;
            (op.activation == tfl::Activation::Relu6 ? relu6 : plain)[op.opName] += 1;
            QVERIFY2(op.activation == tfl::Activation::Relu6 || op.activation == tfl::Activation::None,
                     qPrintable(op.opName));
        }
        QCOMPARE(relu6[QStringLiteral("CONV_2D")] + plain[QStringLiteral("CONV_2D")] +
                     relu6[QStringLiteral("DEPTHWISE_CONV_2D")],
                 53);
        QCOMPARE(relu6[QStringLiteral("DEPTHWISE_CONV_2D")], 17);
        QCOMPARE(plain[QStringLiteral("DEPTHWISE_CONV_2D")], 0);
        QCOMPARE(relu6[QStringLiteral("CONV_2D")], 18);
        QCOMPARE(stride2, 5);
        std::size_t parameters = 0;
        for (const tfl::TfliteTensor &t : m.tensors)
            if (!t.data.empty() && !t.scale.empty())
                parameters += tfl::dequantize(t).size();
        QCOMPARE(parameters, std::size_t(3489097));
    }

    void inputAndOutput()
    {
        const QString path = mobilenetPath();
        if (path.isEmpty())
            QSKIP(kSkipMessage);
        const tfl::Model m = tfl::readModel(path);
        QCOMPARE(m.inputs.size(), std::size_t(1));
        QCOMPARE(m.outputs.size(), std::size_t(1));
        const tfl::TfliteTensor &input = m.tensors.at(std::size_t(m.inputs[0]));
        QCOMPARE(dims(input.shape), QStringLiteral("[1,224,224,3]"));
        QCOMPARE(input.type, tfl::TensorType::UInt8);
        QVERIFY(input.data.empty());
        QCOMPARE(m.operators.front().inputs.front(), m.inputs[0]);
        // The README's input range: 0 and 255 map to about −1 and 1.
        QCOMPARE(input.scale.size(), std::size_t(1));
        QCOMPARE(input.zeroPoint.size(), std::size_t(1));
        QVERIFY(qAbs(input.scale[0] * float(0 - input.zeroPoint[0]) + 1.0f) < 0.01f);
        QVERIFY(qAbs(input.scale[0] * float(255 - input.zeroPoint[0]) - 1.0f) < 0.01f);
        const tfl::TfliteTensor &output = m.tensors.at(std::size_t(m.outputs[0]));
        QCOMPARE(dims(output.shape), QStringLiteral("[1,1001]"));
        QCOMPARE(m.operators.back().opName, QStringLiteral("SOFTMAX"));
        QCOMPARE(m.operators.back().outputs, std::vector<int>{m.outputs[0]});
    }

    void firstConvolution()
    {
        const QString path = mobilenetPath();
        if (path.isEmpty())
            QSKIP(kSkipMessage);
        const tfl::Model m = tfl::readModel(path);
        const tfl::Operator &conv = m.operators.front();
        QCOMPARE(conv.opName, QStringLiteral("CONV_2D"));
        QCOMPARE(conv.inputs.size(), std::size_t(3));
        QCOMPARE(conv.strideW, 2);
        QCOMPARE(conv.strideH, 2);
        QCOMPARE(conv.dilationW, 1);
        QCOMPARE(conv.padding, tfl::Padding::Same);
        QCOMPARE(conv.activation, tfl::Activation::Relu6);
        const tfl::TfliteTensor &input = m.tensors.at(std::size_t(conv.inputs[0]));
        const tfl::TfliteTensor &weight = m.tensors.at(std::size_t(conv.inputs[1]));
        const tfl::TfliteTensor &bias = m.tensors.at(std::size_t(conv.inputs[2]));
        QCOMPARE(dims(weight.shape), QStringLiteral("[32,3,3,3]"));
        QCOMPARE(weight.type, tfl::TensorType::UInt8);
        QCOMPARE(weight.scale.size(), std::size_t(1));
        QCOMPARE(weight.data.size(), std::size_t(32 * 3 * 3 * 3));
        QCOMPARE(dims(bias.shape), QStringLiteral("[32]"));
        QCOMPARE(bias.type, tfl::TensorType::Int32);
        QCOMPARE(bias.zeroPoint, std::vector<std::int64_t>{0});
        // The README: bias scale = input scale × weight scale.
        QVERIFY(qAbs(bias.scale[0] / (input.scale[0] * weight.scale[0]) - 1.0f) < 1e-5f);
        QCOMPARE(dims(m.tensors.at(std::size_t(conv.outputs[0])).shape), QStringLiteral("[1,112,112,32]"));
    }

    void depthwiseAndPool()
    {
        const QString path = mobilenetPath();
        if (path.isEmpty())
            QSKIP(kSkipMessage);
        const tfl::Model m = tfl::readModel(path);
        const tfl::Operator &dw = m.operators.at(1);
        QCOMPARE(dw.opName, QStringLiteral("DEPTHWISE_CONV_2D"));
        QCOMPARE(dw.depthMultiplier, 1);
        QCOMPARE(dw.strideW, 1);
        QCOMPARE(dims(m.tensors.at(std::size_t(dw.inputs[1])).shape), QStringLiteral("[1,3,3,32]"));
        const tfl::Operator *pool = lastOperator(m, QStringLiteral("AVERAGE_POOL_2D"));
        QVERIFY(pool);
        QCOMPARE(pool->filterWidth, 7);
        QCOMPARE(pool->filterHeight, 7);
        QCOMPARE(pool->padding, tfl::Padding::Valid);
        QCOMPARE(dims(m.tensors.at(std::size_t(pool->outputs[0])).shape), QStringLiteral("[1,1,1,1280]"));
    }

    void classifierConvolution()
    {
        const QString path = mobilenetPath();
        if (path.isEmpty())
            QSKIP(kSkipMessage);
        const tfl::Model m = tfl::readModel(path);
        const tfl::Operator *conv = lastOperator(m, QStringLiteral("CONV_2D"));
        QVERIFY(conv);
        QCOMPARE(conv->activation, tfl::Activation::None);
        QCOMPARE(dims(m.tensors.at(std::size_t(conv->inputs[1])).shape), QStringLiteral("[1001,1,1,1280]"));
        QCOMPARE(dims(m.tensors.at(std::size_t(conv->inputs[2])).shape), QStringLiteral("[1001]"));
        QCOMPARE(m.tensors.at(std::size_t(conv->outputs[0])).shape.back(), 1001);
    }

    /// Weights of real layers dequantise to exactly scale × (q − zero_point), element by element.
    void dequantizeRealTensors_data()
    {
        QTest::addColumn<QString>("opName");
        QTest::addColumn<bool>("last");
        QTest::addColumn<int>("input");
        QTest::newRow("first convolution weights") << QStringLiteral("CONV_2D") << false << 1;
        QTest::newRow("first convolution bias") << QStringLiteral("CONV_2D") << false << 2;
        QTest::newRow("first depthwise weights") << QStringLiteral("DEPTHWISE_CONV_2D") << false << 1;
        QTest::newRow("classifier weights") << QStringLiteral("CONV_2D") << true << 1;
        QTest::newRow("classifier bias") << QStringLiteral("CONV_2D") << true << 2;
    }
    void dequantizeRealTensors()
    {
        QFETCH(QString, opName);
        QFETCH(bool, last);
        QFETCH(int, input);
        const QString path = mobilenetPath();
        if (path.isEmpty())
            QSKIP(kSkipMessage);
        const tfl::Model m = tfl::readModel(path);
        const tfl::Operator *op = last ? lastOperator(m, opName) : nullptr;
        for (std::size_t i = 0; !op && i < m.operators.size(); ++i)
            op = m.operators[i].opName == opName ? &m.operators[i] : nullptr;
        QVERIFY(op);
        const tfl::TfliteTensor &t = m.tensors.at(std::size_t(op->inputs.at(std::size_t(input))));
        const std::vector<float> values = tfl::dequantize(t);
        QCOMPARE(std::int64_t(values.size()), tfl::elementCount(t.shape));
        QCOMPARE(t.scale.size(), std::size_t(1));
        const float scale = t.scale[0];
        const std::int64_t zeroPoint = t.zeroPoint.at(0);
        QVERIFY(scale > 0.0f);
        const int bytes = t.type == tfl::TensorType::Int32 ? 4 : 1;
        for (std::size_t i : {std::size_t(0), std::size_t(1), values.size() / 3, values.size() - 1}) {
            const std::int64_t q = bytes == 4 ? qFromLittleEndian<qint32>(t.data.data() + 4 * i) : t.data[i];
            QCOMPARE(values[i], scale * float(q - zeroPoint));
        }
        // Not all one value: the weights really are the layer's.
        QVERIFY(*std::min_element(values.begin(), values.end()) <
                *std::max_element(values.begin(), values.end()));
    }

    void dequantizeSynthetic_data()
    {
        QTest::addColumn<QList<int>>("shape");
        QTest::addColumn<tfl::TensorType>("type");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QList<float>>("scale");
        QTest::addColumn<QList<qint64>>("zeroPoint");
        QTest::addColumn<int>("axis");
        QTest::addColumn<QList<float>>("expected");
        using T = tfl::TensorType;
        QTest::newRow("uint8, one scale")
            << QList<int>{2, 2} << T::UInt8 << QByteArray("\x00\x80\xff\x0a", 4) << QList<float>{0.5f}
            << QList<qint64>{128} << 0 << QList<float>{-64.0f, 0.0f, 63.5f, -59.0f};
        QTest::newRow("int8, no zero point")
            << QList<int>{3} << T::Int8 << QByteArray("\x80\xff\x7f", 3) << QList<float>{0.25f}
            << QList<qint64>{} << 0 << QList<float>{-32.0f, -0.25f, 31.75f};
        QTest::newRow("int32 bias") << QList<int>{2} << T::Int32 << le32({-1000, 70000})
                                    << QList<float>{0.25f} << QList<qint64>{0} << 0
                                    << QList<float>{-250.0f, 17500.0f};
        QTest::newRow("scalar") << QList<int>{} << T::UInt8 << QByteArray("\x07", 1) << QList<float>{2.0f}
                                << QList<qint64>{3} << 0 << QList<float>{8.0f};
        QTest::newRow("uint8, per axis 0")
            << QList<int>{2, 3} << T::UInt8 << QByteArray("\x01\x02\x03\x0a\x0b\x0c", 6)
            << QList<float>{1.0f, 2.0f} << QList<qint64>{0, 10} << 0 << QList<float>{1, 2, 3, 0, 2, 4};
        QTest::newRow("uint8, per last axis")
            << QList<int>{2, 2} << T::UInt8 << QByteArray("\x05\x06\x07\x08", 4) << QList<float>{1.0f, 0.5f}
            << QList<qint64>{0, 4} << 1 << QList<float>{5, 1, 7, 2};
        QTest::newRow("int8, per middle axis")
            << QList<int>{2, 2, 2} << T::Int8 << QByteArray("\x01\x02\x03\x04\xff\xfe\xfd\xfc", 8)
            << QList<float>{1.0f, 2.0f} << QList<qint64>{0, 0} << 1
            << QList<float>{1, 2, 6, 8, -1, -2, -6, -8};
        QTest::newRow("float32 copied")
            << QList<int>{2} << T::Float32 << leFloat({1.5f, -2.25f}) << QList<float>{} << QList<qint64>{}
            << 0 << QList<float>{1.5f, -2.25f};
    }
    void dequantizeSynthetic()
    {
        QFETCH(QList<int>, shape);
        QFETCH(tfl::TensorType, type);
        QFETCH(QByteArray, data);
        QFETCH(QList<float>, scale);
        QFETCH(QList<qint64>, zeroPoint);
        QFETCH(int, axis);
        QFETCH(QList<float>, expected);
        const std::vector<float> values =
            tfl::dequantize(makeTensor(shape, type, data, scale, zeroPoint, axis));
        QCOMPARE(QList<float>(values.begin(), values.end()), expected);
    }

    void dequantizeRefuses_data()
    {
        QTest::addColumn<QList<int>>("shape");
        QTest::addColumn<tfl::TensorType>("type");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QList<float>>("scale");
        QTest::addColumn<QList<qint64>>("zeroPoint");
        QTest::addColumn<int>("axis");
        QTest::addColumn<QString>("expected");
        using T = tfl::TensorType;
        QTest::newRow("data shorter than the shape")
            << QList<int>{2, 2} << T::UInt8 << QByteArray(3, '\1') << QList<float>{1} << QList<qint64>{0} << 0
            << QStringLiteral("3 bytes");
        QTest::newRow("int32 data not a multiple of 4")
            << QList<int>{2} << T::Int32 << QByteArray(7, '\1') << QList<float>{1} << QList<qint64>{0} << 0
            << QStringLiteral("7 bytes");
        QTest::newRow("no scale") << QList<int>{1} << T::UInt8 << QByteArray(1, '\1') << QList<float>{}
                                  << QList<qint64>{} << 0 << QStringLiteral("no quantization scale");
        QTest::newRow("float16") << QList<int>{1} << T::Float16 << QByteArray(2, '\1') << QList<float>{1}
                                 << QList<qint64>{0} << 0 << QStringLiteral("cannot be dequantised");
        QTest::newRow("scales do not match the axis")
            << QList<int>{2, 3} << T::UInt8 << QByteArray(6, '\1') << QList<float>{1, 2, 3}
            << QList<qint64>{0, 0, 0} << 0 << QStringLiteral("do not match dimension 0");
        QTest::newRow("axis out of range")
            << QList<int>{2} << T::UInt8 << QByteArray(2, '\1') << QList<float>{1, 2} << QList<qint64>{0, 0}
            << 5 << QStringLiteral("do not match dimension 5");
        QTest::newRow("fewer zero points than scales")
            << QList<int>{2} << T::UInt8 << QByteArray(2, '\1') << QList<float>{1, 2} << QList<qint64>{0} << 0
            << QStringLiteral("zero points");
        QTest::newRow("absurd zero point")
            << QList<int>{1} << T::UInt8 << QByteArray(1, '\1') << QList<float>{1}
            << QList<qint64>{std::numeric_limits<qint64>::min()} << 0 << QStringLiteral("zero point");
        QTest::newRow("negative dimension") << QList<int>{-1} << T::UInt8 << QByteArray() << QList<float>{1}
                                            << QList<qint64>{0} << 0 << QStringLiteral("negative");
    }
    void dequantizeRefuses()
    {
        QFETCH(QList<int>, shape);
        QFETCH(tfl::TensorType, type);
        QFETCH(QByteArray, data);
        QFETCH(QList<float>, scale);
        QFETCH(QList<qint64>, zeroPoint);
        QFETCH(int, axis);
        QFETCH(QString, expected);
        try {
            tfl::dequantize(makeTensor(shape, type, data, scale, zeroPoint, axis));
            QFAIL("an inconsistent tensor was dequantised");
        } catch (const Error &e) {
            QCOMPARE(e.code(), ErrorCode::InvalidModel);
            QVERIFY2(e.message().startsWith(QStringLiteral("tensor 't': ")), qPrintable(e.message()));
            QVERIFY2(e.message().contains(expected), qPrintable(e.message()));
        }
    }

    void damagedFilesAreRefused_data()
    {
        QTest::addColumn<Damage>("damage");
        QTest::addColumn<int>("param");
        QTest::addColumn<QString>("expected");
        const QString notTflite = QStringLiteral("not a TensorFlow Lite model");
        const QString truncated = QStringLiteral("truncated");
        QTest::newRow("empty file") << Damage::Empty << 0 << notTflite;
        QTest::newRow("text file") << Damage::TextFile << 0 << QStringLiteral("no TFL3 identifier");
        QTest::newRow("wrong identifier")
            << Damage::WrongIdentifier << 0 << QStringLiteral("no TFL3 identifier");
        QTest::newRow("truncated to 7 bytes") << Damage::TruncateBytes << 7 << notTflite;
        QTest::newRow("truncated after the identifier") << Damage::TruncateBytes << 8 << truncated;
        QTest::newRow("truncated in the root table") << Damage::TruncateBytes << 40 << truncated;
        QTest::newRow("truncated after 1000 bytes") << Damage::TruncateBytes << 1000 << truncated;
        QTest::newRow("truncated to half") << Damage::TruncatePermille << 500 << truncated;
        QTest::newRow("truncated to 98%") << Damage::TruncatePermille << 980 << truncated;
        QTest::newRow("truncated to 99%, in the tensor tables")
            << Damage::TruncatePermille << 990 << truncated;
        QTest::newRow("root offset past the end") << Damage::RootPastEnd << 0 << truncated;
        QTest::newRow("root table in the last bytes") << Damage::RootAtLastBytes << 0 << truncated;
        QTest::newRow("vtable outside the file") << Damage::VtablePastEnd << 0 << truncated;
        QTest::newRow("operator codes past the end") << Damage::OperatorCodesPastEnd << 0 << truncated;
        QTest::newRow("subgraph count 2^32-1") << Damage::HugeSubgraphCount << 0 << truncated;
        QTest::newRow("no subgraph") << Damage::NoSubgraph << 0 << QStringLiteral("no subgraph");
        QTest::newRow("schema version 2") << Damage::SchemaVersion << 2 << QStringLiteral("schema version 2");
    }
    void damagedFilesAreRefused()
    {
        QFETCH(Damage, damage);
        QFETCH(int, param);
        QFETCH(QString, expected);
        const QString real = mobilenetPath();
        if (real.isEmpty())
            QSKIP(kSkipMessage);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("damaged.tflite"));
        writeFile(path, damaged(fileBytes(real), damage, param));
        try {
            tfl::readModel(path);
            QFAIL("a damaged TensorFlow Lite file was accepted");
        } catch (const Error &e) {
            QCOMPARE(e.code(), ErrorCode::InvalidModel);
            QVERIFY2(e.message().startsWith(path + QStringLiteral(": ")), qPrintable(e.message()));
            QVERIFY2(e.message().contains(expected), qPrintable(e.message()));
        }
    }

    /// Cut anywhere inside the flatbuffer (the last ~1% is a label archive appended after it), the
    /// file is refused as truncated.
    void everyTruncationIsRefused()
    {
        const QString real = mobilenetPath();
        if (real.isEmpty())
            QSKIP(kSkipMessage);
        const QByteArray bytes = fileBytes(real);
        const qint64 end = bytes.size() * 99 / 100;
        constexpr int kCuts = 400;
        for (int i = 0; i < kCuts; ++i) {
            const qint64 keep = 8 + (end - 8) * i / kCuts;
            try {
                tfl::parseModel(bytes.left(keep), QStringLiteral("cut.tflite"));
                QFAIL(qPrintable(QStringLiteral("the file cut to %1 bytes was accepted").arg(keep)));
            } catch (const Error &e) {
                QCOMPARE(e.code(), ErrorCode::InvalidModel);
                QVERIFY2(e.message().startsWith(QStringLiteral("cut.tflite: truncated")),
                         qPrintable(e.message()));
            }
        }
    }

    /// Bytes of the subgraph, tensor, operator and operator-code tables overwritten one at a time:
    /// each file is either still read or refused with InvalidModel (under ASan/UBSan: without a
    /// single out-of-bounds read).
    void corruptedTablesNeverCrash()
    {
        const QString real = mobilenetPath();
        if (real.isEmpty())
            QSKIP(kSkipMessage);
        QByteArray bytes = fileBytes(real);
        const qint64 root = u32At(bytes, 0);
        const qint64 from = referenceTarget(bytes, fieldPos(bytes, root, kModelSubgraphs));
        const qint64 to = referenceTarget(bytes, fieldPos(bytes, root, kModelOperatorCodes)) + 64;
        QVERIFY(from > 0 && from < to && to <= bytes.size());
        int refused = 0, read = 0;
        constexpr qint64 kStep = 37; // a prime, so that every offset within a table gets hit over the run
        for (qint64 pos = from; pos < to; pos += kStep) {
            const char original = bytes[pos];
            bytes[pos] = static_cast<char>(original ^ 0xa5);
            try {
                tfl::parseModel(bytes, QStringLiteral("flipped.tflite"));
                ++read;
            } catch (const Error &e) {
                QCOMPARE(e.code(), ErrorCode::InvalidModel);
                QVERIFY2(e.message().startsWith(QStringLiteral("flipped.tflite: ")), qPrintable(e.message()));
                ++refused;
            }
            bytes[pos] = original;
        }
        QVERIFY2(refused > 100, qPrintable(QStringLiteral("%1 refused, %2 read").arg(refused).arg(read)));
    }

    void missingFiles()
    {
        QTemporaryDir dir;
        try {
            tfl::readModel(dir.filePath(QStringLiteral("absent.tflite")));
            QFAIL("a missing file was read");
        } catch (const Error &e) {
            QCOMPARE(e.code(), ErrorCode::FileNotFound);
            QVERIFY2(e.message().contains(QStringLiteral("absent.tflite")), qPrintable(e.message()));
        }
        try {
            tfl::readModel(dir.path());
            QFAIL("a folder was read");
        } catch (const Error &e) {
            QCOMPARE(e.code(), ErrorCode::FileUnreadable);
        }
    }
};

QTEST_GUILESS_MAIN(TestTflite)
#include "test_tflite.moc"
