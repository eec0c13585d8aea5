#include "core/ml/modelinfo.h"

#include <QFileInfo>
#include <QJsonArray>

namespace chestlens {

QJsonObject ModelInfo::validationMetrics() const
{
    return metadata.value(QStringLiteral("metrics"))
        .toObject()
        .value(QStringLiteral("validation"))
        .toObject();
}

QString ModelInfo::startedFrom() const
{
    const QJsonObject start =
        metadata.value(QStringLiteral("training")).toObject().value(QStringLiteral("start")).toObject();
    const QString weights = start.value(QStringLiteral("weights")).toString();
    if (weights.isEmpty())
        return {};
    if (weights == QLatin1String("random"))
        return QStringLiteral("random weights");
    const QString hash = start.value(QStringLiteral("sha256")).toString().left(16);
    const QString what =
        weights == QLatin1String("model") ? QStringLiteral("retrained from") : QStringLiteral("pretrained:");
    return QStringLiteral("%1 %2 (%3, SHA-256 %4…)")
        .arg(what, start.value(QStringLiteral("name")).toString(),
             QFileInfo(start.value(QStringLiteral("file")).toString()).fileName(), hash);
}

QString ModelInfo::summary() const
{
    QString s;
    s += QStringLiteral("Model:         %1\n").arg(name);
    s += QStringLiteral("File:          %1\n").arg(path);
    s += QStringLiteral("SHA-256:       %1\n").arg(sha256);
    s += QStringLiteral("Architecture:  %1, %2 px input\n").arg(architecture).arg(preprocessing.imageSize);
    s += QStringLiteral("Classes:       %1\n").arg(classes.join(QStringLiteral(", ")));
    s += QStringLiteral("Temperature:   %1\n").arg(temperature, 0, 'f', 3);
    s += QStringLiteral("Created:       %1 (ChestLens %2)\n").arg(created, chestlensVersion);
    if (!startedFrom().isEmpty())
        s += QStringLiteral("Started from:  %1\n").arg(startedFrom());
    const QJsonObject m = validationMetrics();
    if (!m.isEmpty())
        s += QStringLiteral("Validation:    accuracy %1, macro-F1 %2, ECE %3 (n = %4)\n")
                 .arg(m.value(QStringLiteral("accuracy")).toDouble(), 0, 'f', 3)
                 .arg(m.value(QStringLiteral("macro_f1")).toDouble(), 0, 'f', 3)
                 .arg(m.value(QStringLiteral("ece")).toDouble(), 0, 'f', 3)
                 .arg(m.value(QStringLiteral("n")).toInt());
    const QJsonObject a = metadata.value(QStringLiteral("applicability")).toObject();
    s += a.isEmpty()
             ? QStringLiteral("Applicability: DICOM header only (no pixel statistics in this file)\n")
             : QStringLiteral("Applicability: DICOM header; lung fields (with lungs.clm installed); distance "
                              "of the pooled features "
                              "(%1 x %1 grid) from the training films, threshold %2 accepting %3 % of %4 "
                              "validation films\n")
                   .arg(a.value(QStringLiteral("grid")).toInt(1))
                   .arg(a.value(QStringLiteral("threshold")).toDouble(), 0, 'f', 3)
                   .arg(a.value(QStringLiteral("accept_rate")).toDouble() * 100.0, 0, 'f', 0)
                   .arg(a.value(QStringLiteral("threshold_on")).toInt());
    return s;
}

} // namespace chestlens
