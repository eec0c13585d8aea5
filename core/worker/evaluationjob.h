#pragma once

// Model ▸ Evaluate on Folder… without blocking the GUI: evaluateModel() on a background job's
// thread with a Classifier of its own (a Classifier is not thread-safe, and the viewer's belongs
// to the inference worker). Torch-free header.

#include "core/ml/evaluation.h"
#include "core/ml/metrics.h"
#include "core/worker/backgroundjob.h"

#include <QMetaType>
#include <QString>

namespace chestlens {

/// One model evaluated on one labelled folder: evaluateModel()'s result plus what the evaluation
/// view needs to label and compare it. Plain value; crosses threads.
struct FolderEvaluation : EvaluationResult
{
    QString modelPath;   ///< the model file that was loaded
    QString modelName;   ///< ModelInfo::name
    QString modelSha256; ///< ModelInfo::sha256
    QString dataDir;     ///< LabelledFolder::root
    double temperature = 1.0;
    /// The same rows before temperature scaling (softmax of the raw logits): the "before" side of
    /// the reliability diagram and of the ECE comparison.
    Metrics uncalibrated;
};

/// Evaluates one model on one labelled folder; follows BackgroundJob's contract. Each run loads
/// a Classifier of its own. Cancel stops decoding within one film per decoding thread; a cancel
/// that arrives during the network's forward pass still ends the run with cancelled().
class EvaluationJob : public BackgroundJob
{
    Q_OBJECT
public:
    explicit EvaluationJob(QObject *parent = nullptr);

    /// Starts evaluating `modelPath` (empty: the bundled default model) on the labelled folder
    /// `dataDir` (DIR/<class>/<image>) with `threads` decoding threads (0: all cores). A run still
    /// going is superseded (newest request wins).
    void start(const QString &modelPath, const QString &dataDir, int threads = 0);

Q_SIGNALS:
    /// Films decoded so far out of `total` (decoding is most of the time).
    void progress(int done, int total);
    void finished(const chestlens::FolderEvaluation &evaluation);
};

} // namespace chestlens

Q_DECLARE_METATYPE(chestlens::FolderEvaluation)
