#pragma once

// The saved form of one evaluation: `chestlens-cli evaluate --json` prints it, and the evaluation
// view's "Save metrics…" writes it (JSON, or CSV for a .csv file name). One layout for both.

#include "core/ml/metrics.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace chestlens {

/// What is known about one evaluation. Fields left empty (or unset) are left out of the JSON.
struct EvaluationRecord
{
    Metrics metrics;                  ///< calibrated probabilities
    Metrics uncalibrated;             ///< before temperature scaling; n == 0: unknown
    QMap<QString, Metrics> perSource; ///< by film source, when known
    QString modelPath;
    QString modelSha256;
    QString dataDir;
    std::optional<double> temperature;
    std::optional<bool> tta;            ///< whether test-time augmentation was used, when known
    std::optional<QStringList> skipped; ///< "file: cause" for films that could not be read
    /// "file: reason" for films the model may not judge, left out of the metrics
    std::optional<QStringList> inapplicable;
};

/// The JSON layout (README, "evaluate --json"): Metrics::toJson()'s keys ("classes", "n",
/// "accuracy", "macro_f1", "per_class", "confusion", "ece", "nll", "brier", …), then, when known,
/// "per_source" (class → metrics object), "model", "model_sha256", "data", "temperature",
/// "uncalibrated" (a metrics object), "tta", "skipped" and "inapplicable".
QJsonObject evaluationToJson(const EvaluationRecord &record);

/// Metrics::toCsv() of the calibrated metrics: one row per class, then the macro average.
QString evaluationToCsv(const EvaluationRecord &record);

/// Writes evaluationToCsv() when `path` ends in .csv (any case), else evaluationToJson(),
/// indented, atomically. @throws chestlens::Error (WriteFailed) naming `path` and the cause.
void saveEvaluation(const QString &path, const EvaluationRecord &record);

} // namespace chestlens
