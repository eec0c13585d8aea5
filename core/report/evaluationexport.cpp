#include "core/report/evaluationexport.h"

#include "core/atomicfile.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace chestlens {

QJsonObject evaluationToJson(const EvaluationRecord &record)
{
    QJsonObject o = record.metrics.toJson();
    if (!record.perSource.isEmpty()) {
        QJsonObject sources;
        for (auto it = record.perSource.cbegin(); it != record.perSource.cend(); ++it)
            sources[it.key()] = it.value().toJson();
        o[QStringLiteral("per_source")] = sources;
    }
    if (!record.modelPath.isEmpty())
        o[QStringLiteral("model")] = record.modelPath;
    if (!record.modelSha256.isEmpty())
        o[QStringLiteral("model_sha256")] = record.modelSha256;
    if (!record.dataDir.isEmpty())
        o[QStringLiteral("data")] = record.dataDir;
    if (record.temperature)
        o[QStringLiteral("temperature")] = *record.temperature;
    if (record.uncalibrated.n > 0)
        o[QStringLiteral("uncalibrated")] = record.uncalibrated.toJson();
    if (record.tta)
        o[QStringLiteral("tta")] = *record.tta;
    if (record.skipped)
        o[QStringLiteral("skipped")] = QJsonArray::fromStringList(*record.skipped);
    if (record.inapplicable)
        o[QStringLiteral("inapplicable")] = QJsonArray::fromStringList(*record.inapplicable);
    return o;
}

QString evaluationToCsv(const EvaluationRecord &record)
{
    return record.metrics.toCsv();
}

void saveEvaluation(const QString &path, const EvaluationRecord &record)
{
    const bool csv = QFileInfo(path).suffix().compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0;
    writeBytesAtomically(path, csv ? evaluationToCsv(record).toUtf8()
                                   : QJsonDocument(evaluationToJson(record)).toJson(QJsonDocument::Indented));
}

} // namespace chestlens
