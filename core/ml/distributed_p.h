#pragma once

// Data-parallel training on PyTorch's own distributed engine: a c10d::TCPStore for the rendezvous
// (rank 0 serves it) and a c10d::ProcessGroupGloo for the collectives. Private to core; the trainer
// holds one DistributedContext per run when TrainOptions::worldSize > 1 and none otherwise.

#include "core/ml/torchinclude_p.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace c10d {
class ProcessGroupGloo;
class Store;
} // namespace c10d

namespace chestlens {
struct TrainOptions;
}

namespace chestlens::ml {

/// @throws chestlens::Error (InvalidArgument) for a rank outside 0..worldSize-1, a timeout below
/// one second or a master that is not HOST:PORT. Cheap: call it before the data is prepared.
void validateDistributedOptions(const TrainOptions &options);

/// What every rank must agree on before training together: the trainer's "training" metadata
/// (options, data manifest hash, split) without the machine-specific fields (data folder path,
/// threads), plus the checkpoint state a resumed run starts from. SHA-256.
QByteArray runFingerprint(QJsonObject training, const QByteArray &resumeState);

/// The global batch's loss and correct predictions, summed over the ranks.
struct BatchTotals
{
    double loss = 0;
    int64_t correct = 0;
};

/// One rank's view of a data-parallel run. Every collective here must be called by every rank in
/// the same order (Gloo matches calls by order, not by name); the trainer guarantees that by
/// taking every decision that changes the control flow (stop, pause, early stopping) from a
/// collective result, never from a rank-local flag.
///
/// Failures: every collective has the process group's timeout (TrainOptions::collectiveTimeoutSeconds).
/// A rank that exits closes its sockets, so its peers fail at once rather than after the timeout.
/// Both surface as chestlens::Error naming this rank, the operation and the cause.
class DistributedContext
{
public:
    /// Rendezvous at TrainOptions::master and connects the Gloo process group. Blocks until every
    /// rank has joined, at most the collective timeout; polls `cancel` meanwhile.
    /// @throws chestlens::Error: bad master address, port in use, a rank that does not join in
    ///         time, two processes claiming one rank, cancel (ErrorCode::Cancelled).
    DistributedContext(const TrainOptions &options, const std::atomic<bool> *cancel);
    ~DistributedContext();
    DistributedContext(const DistributedContext &) = delete;
    DistributedContext &operator=(const DistributedContext &) = delete;

    int rank() const { return m_rank; }
    int worldSize() const { return m_worldSize; }
    bool isRoot() const { return m_rank == 0; }
    /// "rank 1 of 4", the prefix of every message about this rank.
    QString rankName() const;

    /// Refuses to train when this rank's run description (options, data manifest, split,
    /// checkpoint) differs from rank 0's: sharding only works when every rank sees the same data
    /// in the same order. @throws chestlens::Error (InvalidArgument) naming what to compare.
    void checkSameRun(const QByteArray &fingerprint);

    /// Copies rank 0's parameters and buffers into every rank's module, and plans the gradient
    /// buckets for its parameters.
    void broadcastModule(torch::nn::Module &module);

    /// For the log and the model's metadata: world size, buckets, batch-norm policy.
    QString describe() const;
    QJsonObject summary(int64_t globalBatch) const;

    /// This rank's share of a global batch: the `globalIndices` (1-D) cut into world-size
    /// contiguous, near-equal parts. May be empty when the batch has fewer rows than ranks.
    torch::Tensor shard(const torch::Tensor &globalIndices) const;

    /// The step's synchronisation, after backward(): the ranks' gradients travel in a few large
    /// flat buckets, are summed, divided by the world size and written back into every
    /// parameter's grad (undefined grads count as zero and come back defined). Each rank's
    /// gradient is first weighted by its share of the global batch's loss weights (`rowWeights`:
    /// the weight of each of this rank's rows, class or class-times-source; `globalRowWeights`:
    /// the whole batch's), so the result is the single-process gradient of the global batch. This
    /// rank's `loss` (weighted mean) and `correct` ride along in the first bucket; the global
    /// batch's come back.
    BatchTotals averageGradients(const std::vector<torch::Tensor> &parameters,
                                 const torch::Tensor &rowWeights, const torch::Tensor &globalRowWeights,
                                 double loss, int64_t correct);

    /// Averages floating-point buffers (batch-norm running mean/var) over the ranks; integer
    /// buffers (num_batches_tracked) are equal on every rank already.
    void averageBuffers(torch::nn::Module &module);

    /// Called before every step on every rank: any rank's cancel stops all ranks; while any
    /// rank is paused, every rank waits here (the paused rank keeps the group alive with a
    /// heartbeat, so a long pause does not trip the timeout). Returns the agreed "stop".
    bool agreeToStop(const std::atomic<bool> *cancel, const std::atomic<bool> *pause);

    /// Rank 0's decision (early stopping after its validation) handed to every rank.
    bool broadcastDecision(bool rootDecision);

    /// TrainOptions::diagnostics, inert unless set: parameter fingerprints after every step and
    /// epoch, and the simulated crash of this rank after a given step.
    void afterStep(torch::nn::Module &module, int64_t step);
    void afterEpoch(torch::nn::Module &module, int epoch);

private:
    struct Bucket
    {
        std::vector<std::size_t> parameters; ///< indices into the parameter list
        int64_t numel = 0;                   ///< gradient elements, extra sums excluded
        torch::Tensor flat;
    };
    void planBuckets(const std::vector<torch::Tensor> &parameters, std::size_t extraSums);
    /// Runs `what` (a collective), turning Gloo/c10d exceptions into chestlens::Error.
    void guarded(const char *operation, const std::function<void()> &what);
    void writeFingerprint(torch::nn::Module &module, const QString &label);

    int m_rank = 0;
    int m_worldSize = 1;
    int m_timeoutSeconds = 60;
    QString m_master;
    c10::intrusive_ptr<c10d::Store> m_store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> m_group;
    std::vector<Bucket> m_buckets;
    std::size_t m_bucketExtras = 0;
    QString m_fingerprintFile;     ///< RankDiagnostics::fingerprintDir/rank<R>.txt, empty when off
    int64_t m_crashAfterStep = -1; ///< RankDiagnostics::crashAfterStep for this rank, -1 when off
};

} // namespace chestlens::ml
