#include "core/ml/trainoptions.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <cmath>

namespace chestlens {

bool OptionLimit::accepts(double value) const
{
    const bool aboveMin = minExclusive ? value > min : value >= min;
    const bool belowMax = maxExclusive ? value < max : value <= max;
    if (!aboveMin || !belowMax) // also refuses NaN
        return false;
    if (!integer)
        return true;
    return std::floor(value) == value && std::fmod(value, multipleOf) == 0;
}

QString OptionLimit::rule() const
{
    const QString name = QStringLiteral("--%1").arg(QLatin1String(option));
    const QString lo = QString::number(min), hi = QString::number(max);
    if (integer && multipleOf > 1)
        return QStringLiteral("%1 must be a multiple of %2 from %3 to %4")
            .arg(name)
            .arg(multipleOf)
            .arg(lo, hi);
    if (integer)
        return QStringLiteral("%1 must be a whole number from %2 to %3").arg(name, lo, hi);
    const QString from =
        minExclusive ? QStringLiteral("greater than %1").arg(lo) : QStringLiteral("at least %1").arg(lo);
    const QString to =
        maxExclusive ? QStringLiteral("less than %1").arg(hi) : QStringLiteral("at most %1").arg(hi);
    return QStringLiteral("%1 must be %2 and %3").arg(name, from, to);
}

void TrainOptionField::set(TrainOptions &o, double v) const
{
    if (intMember)
        o.*intMember = static_cast<int>(v);
    else
        o.*realMember = v;
}

const std::vector<TrainOptionField> &trainOptionFields()
{
    namespace l = trainlimits;
    using T = TrainOptions;
    static const std::vector<TrainOptionField> fields{
        {&l::width, &T::width, nullptr, true},
        {&l::imageSize, &T::imageSize, nullptr, true},
        {&l::stemStride, &T::stemStride, nullptr, true},
        {&l::epochs, &T::epochs, nullptr, true},
        {&l::batch, &T::batch, nullptr, true},
        {&l::lr, nullptr, &T::lr, true},
        {&l::lrBackbone, nullptr, &T::lrBackbone, true},
        {&l::weightDecay, nullptr, &T::weightDecay, false},
        {&l::warmupEpochs, &T::warmupEpochs, nullptr, false},
        {&l::patience, &T::patience, nullptr, true},
        {&l::valSplit, nullptr, &T::valSplit, true},
        {&l::threads, &T::threads, nullptr, true},
        {&l::augmentStrength, nullptr, &T::augmentStrength, true},
        {&l::labelSmoothing, nullptr, &T::labelSmoothing, false},
        {&l::emaDecay, nullptr, &T::emaDecay, true},
        {&l::ensemble, &T::ensemble, nullptr, true},
        {&l::member, &T::member, nullptr, false},
        {&l::sourceBalance, nullptr, &T::sourceBalance, true},
        {&l::mixup, nullptr, &T::mixup, true},
        {&l::sourceAdversary, nullptr, &T::sourceAdversary, true},
        {&l::worldSize, &T::worldSize, nullptr, true},
        {&l::rank, &T::rank, nullptr, true},
        {&l::collectiveTimeout, &T::collectiveTimeoutSeconds, nullptr, true},
    };
    return fields;
}

namespace {

/// The rules an architecture adds.
QStringList architectureProblems(const TrainOptions &o)
{
    QStringList out;
    const bool mobile = o.arch == QLatin1String("mobilenetv2");
    if (!o.init.isEmpty() && o.init != QLatin1String("imagenet") && o.init != QLatin1String("random"))
        out << QStringLiteral("--init must be imagenet or random (not %1)").arg(o.init);
    if (!o.fromModel.isEmpty() && !o.init.isEmpty())
        out << QStringLiteral("--from and --init cannot be combined (the model is the starting point)");
    if (o.freeze != QLatin1String("none") && o.freeze != QLatin1String("backbone"))
        out << QStringLiteral("--freeze must be backbone or none (not %1)").arg(o.freeze);
    if (o.freeze == QLatin1String("backbone") && o.effectiveInit() == QLatin1String("random"))
        out << QStringLiteral("--freeze backbone needs pretrained layers (--from MODEL or --init imagenet)");
    if (o.freeze == QLatin1String("backbone") && o.worldSize > 1)
        out << QStringLiteral("--freeze backbone trains in one process (no data-parallel ranks)");
    if (o.init == QLatin1String("imagenet") && !mobile)
        out << QStringLiteral(
            "--init imagenet needs --arch mobilenetv2 (the ImageNet weights are a MobileNetV2's)");
    // Five stride-2 stages: a multiple of 32 halves evenly down to the last feature map.
    if (mobile && o.imageSize % 32 != 0)
        out << QStringLiteral("--arch mobilenetv2 needs an --image-size that is a multiple of 32 (not %1)")
                   .arg(o.imageSize);
    return out;
}

/// The rules that involve more than one option.
QStringList combinationProblems(const TrainOptions &o)
{
    QStringList out;
    if (o.stemStride != 0 && o.stemStride != 2 && o.stemStride != 4)
        out << QStringLiteral("--stem-stride must be 0, 2 or 4 (not %1)").arg(o.stemStride);
    // A mixed film has two sources; the adversary's targets are single sources.
    if (o.mixup > 0 && o.sourceAdversary > 0)
        out << QStringLiteral("--mixup and --source-adversary cannot be combined");
    // The data-parallel gradient averaging is planned for the classifier's parameters and weights
    // each rank's share by the classification loss; the adversary fits neither.
    if (o.worldSize > 1 && o.sourceAdversary > 0)
        out << QStringLiteral("--source-adversary trains in one process (no data-parallel ranks)");
    if (o.rank >= o.worldSize)
        out << QStringLiteral("--rank %1 is not in 0..%2 (--world-size %3)")
                   .arg(o.rank)
                   .arg(o.worldSize - 1)
                   .arg(o.worldSize);
    if (o.ensemble > 1 && !o.resumeFrom.isEmpty())
        out << QStringLiteral(
                   "%1: an ensemble continues when the same train command runs again (finished members "
                   "are reused, an interrupted one resumes from its checkpoint); --resume takes the "
                   "checkpoint of a single network")
                   .arg(o.resumeFrom);
    if (o.ensemble > 1 && o.worldSize > 1)
        out << QStringLiteral("an ensemble is trained in one process (no data-parallel ranks)");
    if (!o.groupBy.isEmpty() && !QRegularExpression(o.groupBy).isValid())
        out << QStringLiteral("--group-by '%1' is not a valid regular expression (%2)")
                   .arg(o.groupBy, QRegularExpression(o.groupBy).errorString());
    return out + architectureProblems(o);
}

} // namespace

QStringList TrainOptions::problems() const
{
    QStringList out;
    for (const TrainOptionField &f : trainOptionFields()) {
        const double v = f.value(*this);
        if (!f.limit->accepts(v))
            out << QStringLiteral("%1 (not %2)").arg(f.limit->rule(), QString::number(v));
    }
    return out + combinationProblems(*this);
}

QString TrainOptions::effectiveInit() const
{
    if (!fromModel.isEmpty())
        return QStringLiteral("model");
    if (!init.isEmpty())
        return init;
    return arch == QLatin1String("mobilenetv2") ? QStringLiteral("imagenet") : QStringLiteral("random");
}

double TrainOptions::effectiveLrBackbone() const
{
    if (lrBackbone > 0)
        return lrBackbone;
    return fromModel.isEmpty() ? lr : lr / 10.0;
}

QJsonObject TrainOptions::toJson() const
{
    return {{QStringLiteral("data_dir"), dataDir},
            {QStringLiteral("arch"), arch},
            {QStringLiteral("init"), effectiveInit()},
            {QStringLiteral("from_model"), fromModel},
            {QStringLiteral("freeze"), freeze},
            {QStringLiteral("lr_backbone"), effectiveLrBackbone()},
            {QStringLiteral("width"), width},
            {QStringLiteral("image_size"), imageSize},
            {QStringLiteral("stem_stride"), stemStride},
            {QStringLiteral("epochs"), epochs},
            {QStringLiteral("batch"), batch},
            {QStringLiteral("lr"), lr},
            {QStringLiteral("weight_decay"), weightDecay},
            {QStringLiteral("warmup_epochs"), warmupEpochs},
            {QStringLiteral("lr_schedule"), QStringLiteral("linear warm-up, cosine decay")},
            {QStringLiteral("optimizer"), QStringLiteral("AdamW")},
            {QStringLiteral("patience"), patience},
            {QStringLiteral("val_split"), valSplit},
            {QStringLiteral("seed"), QString::number(seed)},
            {QStringLiteral("augment"), augment},
            {QStringLiteral("augment_strength"), augmentStrength},
            {QStringLiteral("label_smoothing"), labelSmoothing},
            {QStringLiteral("class_weights"), classWeights},
            {QStringLiteral("source_balance"), sourceBalance},
            {QStringLiteral("ema_decay"), emaDecay},
            {QStringLiteral("mixup"), mixup},
            {QStringLiteral("source_adversary"), sourceAdversary},
            {QStringLiteral("keep_duplicates"), keepDuplicates},
            {QStringLiteral("ensemble"), ensemble},
            {QStringLiteral("member"), member},
            {QStringLiteral("trim_borders"), trimBorders},
            {QStringLiteral("equalize"), equalize},
            {QStringLiteral("centre_crop"), centreCrop},
            {QStringLiteral("hold_out_prefixes"), QJsonArray::fromStringList(holdOutPrefixes)},
            {QStringLiteral("group_by"), groupBy}};
}

TrainOptions TrainOptions::fromJson(const QJsonObject &o)
{
    TrainOptions t;
    t.dataDir = o.value(QStringLiteral("data_dir")).toString();
    t.arch = o.value(QStringLiteral("arch")).toString(t.arch);
    // Recipes without the key predate pretrained starts: they began from random weights.
    t.init = o.value(QStringLiteral("init")).toString(QStringLiteral("random"));
    t.fromModel = o.value(QStringLiteral("from_model")).toString();
    if (t.init == QLatin1String("model"))
        t.init.clear(); // the starting point is fromModel
    t.freeze = o.value(QStringLiteral("freeze")).toString(t.freeze);
    t.lrBackbone = o.value(QStringLiteral("lr_backbone")).toDouble(0.0);
    t.width = o.value(QStringLiteral("width")).toInt(t.width);
    t.imageSize = o.value(QStringLiteral("image_size")).toInt(t.imageSize);
    t.stemStride = o.value(QStringLiteral("stem_stride")).toInt(t.stemStride);
    t.epochs = o.value(QStringLiteral("epochs")).toInt(t.epochs);
    t.batch = o.value(QStringLiteral("batch")).toInt(t.batch);
    t.lr = o.value(QStringLiteral("lr")).toDouble(t.lr);
    t.weightDecay = o.value(QStringLiteral("weight_decay")).toDouble(t.weightDecay);
    t.warmupEpochs = o.value(QStringLiteral("warmup_epochs")).toInt(t.warmupEpochs);
    t.patience = o.value(QStringLiteral("patience")).toInt(t.patience);
    t.valSplit = o.value(QStringLiteral("val_split")).toDouble(t.valSplit);
    t.seed = o.value(QStringLiteral("seed")).toString().toULongLong();
    t.augment = o.value(QStringLiteral("augment")).toBool(t.augment);
    t.augmentStrength = o.value(QStringLiteral("augment_strength")).toDouble(t.augmentStrength);
    t.labelSmoothing = o.value(QStringLiteral("label_smoothing")).toDouble(t.labelSmoothing);
    t.classWeights = o.value(QStringLiteral("class_weights")).toBool(t.classWeights);
    // Recipes without the key predate source balancing: they trained without it.
    t.sourceBalance = o.value(QStringLiteral("source_balance")).toDouble(0.0);
    // A recipe without the key predates weight averaging: its checkpoints hold no average.
    t.emaDecay = o.value(QStringLiteral("ema_decay")).toDouble(0.0);
    t.mixup = o.value(QStringLiteral("mixup")).toDouble(0.0);
    t.sourceAdversary = o.value(QStringLiteral("source_adversary")).toDouble(0.0);
    t.keepDuplicates = o.value(QStringLiteral("keep_duplicates")).toBool(t.keepDuplicates);
    t.ensemble = o.value(QStringLiteral("ensemble")).toInt(t.ensemble);
    t.member = o.value(QStringLiteral("member")).toInt(t.member);
    t.trimBorders = o.value(QStringLiteral("trim_borders")).toBool(t.trimBorders);
    t.equalize = o.value(QStringLiteral("equalize")).toBool(t.equalize);
    t.centreCrop = o.value(QStringLiteral("centre_crop")).toBool(false); // older recipes stretched
    t.groupBy = o.value(QStringLiteral("group_by")).toString();
    for (const auto &v : o.value(QStringLiteral("hold_out_prefixes")).toArray())
        t.holdOutPrefixes << v.toString();
    return t;
}

} // namespace chestlens
