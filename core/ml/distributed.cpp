#include "core/ml/distributed.h"

#include "core/error.h"
#include "core/ml/distributed_p.h"

// c10d's Gloo headers compile only with USE_C10D_GLOO (set for this file in core/CMakeLists.txt);
// they pull in Gloo's own headers (Debian: libgloo-dev). The symbols live in libtorch_cpu.
#pragma push_macro("slots")
#undef slots
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#pragma pop_macro("slots")

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace chestlens {

namespace {

/// Largest gradient bucket. The default resnet (width 24) has 0.69 M parameters (2.76 MB), which
/// travel in four buckets (block 4's largest convolution fills one alone). All are launched before
/// the first is waited for, so Gloo's worker threads overlap one bucket's copies with another's
/// transfer.
constexpr int64_t kBucketBytes = 1 << 20;
/// While a rank is paused it re-joins the stop/pause vote this often; well under any sensible
/// collective timeout, so a pause of any length trips none.
constexpr int kPauseHeartbeatMs = 200;
/// How often the rendezvous and the local launcher look at the join count, cancel and children.
constexpr int kPollMs = 50;
/// Store keys of the rendezvous (Gloo's own keys are numeric prefixes; these cannot collide).
const std::string kKeyWorldSize = "chestlens/world_size";
const std::string kKeyJoined = "chestlens/joined";
const std::string kKeyRankPrefix = "chestlens/rank/";

/// One line of a c10d/Gloo exception: no backtrace, no "[gloo/…/pair.cc:598]" source prefix.
QString shortCause(const std::exception &e)
{
    const auto *c10 = dynamic_cast<const c10::Error *>(&e);
    QString text = QString::fromUtf8(c10 ? c10->what_without_backtrace() : e.what());
    text = text.section(QLatin1Char('\n'), 0, 0).trimmed();
    static const QRegularExpression location(QStringLiteral("^\\[[^\\]]*\\]\\s*"));
    return text.remove(location);
}

bool isLoopback(const QString &host)
{
    return host == QLatin1String("localhost") || host.startsWith(QLatin1String("127.")) ||
           host == QLatin1String("::1");
}

std::vector<std::shared_ptr<::gloo::transport::Device>> glooDevices(const QString &masterHost)
{
    // GLOO_SOCKET_IFNAME is honoured by PyTorch's Python layer, not by c10d's C++; do the same
    // here so one environment variable means the same thing for ChestLens and for PyTorch jobs.
    const QString interfaces = qEnvironmentVariable("GLOO_SOCKET_IFNAME");
    std::vector<std::shared_ptr<::gloo::transport::Device>> devices;
    for (const QString &name : interfaces.split(QLatin1Char(','), Qt::SkipEmptyParts))
        devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(name.trimmed().toStdString()));
    if (devices.empty())
        devices.push_back(isLoopback(masterHost)
                              ? c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1")
                              : c10d::ProcessGroupGloo::createDefaultDevice());
    return devices;
}

QByteArray tensorBytes(const torch::Tensor &t)
{
    const torch::Tensor c = t.contiguous();
    return QByteArray(static_cast<const char *>(c.data_ptr()), static_cast<qsizetype>(c.nbytes()));
}

} // namespace

// --- Public launcher helpers ----------------------------------------------------------------------

MasterAddress parseMasterAddress(const QString &text)
{
    static const QRegularExpression form(QStringLiteral("^(?:\\[([^\\]]+)\\]|([^:\\s]+)):(\\d{1,5})$"));
    const QRegularExpressionMatch m = form.match(text.trimmed());
    bool ok = false;
    const uint port = m.hasMatch() ? m.captured(3).toUInt(&ok) : 0;
    if (!ok || port == 0 || port > 65535)
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral(
                        "--master '%1' is not HOST:PORT (e.g. 10.0.0.1:29500; the port is rank 0's, 1-65535)")
                        .arg(text));
    MasterAddress a;
    a.host = m.captured(1).isEmpty() ? m.captured(2) : m.captured(1);
    a.port = static_cast<quint16>(port);
    return a;
}

quint16 freeLocalPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        throw Error(ErrorCode::Internal, QStringLiteral("cannot open a socket to find a free port"));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0; // the kernel picks
    socklen_t len = sizeof(addr);
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)) == 0 &&
                    ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0;
    ::close(fd);
    if (!ok)
        throw Error(ErrorCode::Internal,
                    QStringLiteral("cannot bind a socket on 127.0.0.1 to find a free port"));
    return ntohs(addr.sin_port);
}

QStringList rankArguments(const TrainOptions &o)
{
    QStringList args{QStringLiteral("train"),
                     QStringLiteral("--recipe-json"),
                     QString::fromUtf8(QJsonDocument(o.toJson()).toJson(QJsonDocument::Compact)),
                     QStringLiteral("--world-size"),
                     QString::number(o.worldSize),
                     QStringLiteral("--rank"),
                     QString::number(o.rank),
                     QStringLiteral("--master"),
                     o.master,
                     QStringLiteral("--timeout"),
                     QString::number(o.collectiveTimeoutSeconds),
                     QStringLiteral("--threads"),
                     QString::number(o.threads)};
    if (!o.outPath.isEmpty())
        args << QStringLiteral("--out") << o.outPath;
    if (!o.resumeFrom.isEmpty())
        args << QStringLiteral("--resume") << o.resumeFrom;
    if (!o.diagnostics.fingerprintDir.isEmpty())
        args << QStringLiteral("--rank-fingerprints") << o.diagnostics.fingerprintDir;
    if (o.diagnostics.crashRank >= 0)
        args << QStringLiteral("--rank-crash")
             << QStringLiteral("%1:%2").arg(o.diagnostics.crashRank).arg(o.diagnostics.crashAfterStep);
    return args;
}

TrainResult runLocalProcesses(const TrainOptions &options, int processes, const TrainCallbacks &callbacks,
                              const std::atomic<bool> *cancel, const std::atomic<bool> *pause,
                              const QString &program)
{
    if (processes <= 1)
        return Trainer(options).run(callbacks, cancel, pause);
    const QString exe =
        program.isEmpty()
            ? QDir(QCoreApplication::applicationDirPath()).absoluteFilePath(QStringLiteral("chestlens-cli"))
            : program;
    if (!QFileInfo(exe).isExecutable())
        throw Error(ErrorCode::FileNotFound, exe,
                    QStringLiteral("the training worker program is missing or not executable"));
    const int total = options.threads > 0 ? options.threads : QThread::idealThreadCount();
    TrainOptions rank0 = options;
    rank0.worldSize = processes;
    rank0.rank = 0;
    rank0.master = QStringLiteral("127.0.0.1:%1").arg(freeLocalPort());
    rank0.threads = std::max(1, total / processes);

    QTemporaryDir logs;
    if (!logs.isValid())
        throw Error(ErrorCode::WriteFailed,
                    QStringLiteral("cannot create a temporary folder for the worker logs"));
    std::atomic<bool> stop{false}; // rank 0's cancel: the caller's, or a failed worker
    std::atomic<bool> rank0Done{false};
    std::atomic<bool> rank0Failed{false};
    std::mutex failureMutex;
    QString failure; // the first worker failure, for the error message

    // The workers live on a monitor thread of their own: QProcess objects belong to the thread
    // that made them, and the calling thread is busy being rank 0.
    std::thread monitor([&] {
        std::vector<std::unique_ptr<QProcess>> workers;
        auto fail = [&](int rank, const QString &why) {
            const std::lock_guard<std::mutex> lock(failureMutex);
            if (failure.isEmpty())
                failure = QStringLiteral("rank %1 of %2 %3").arg(rank).arg(processes).arg(why);
            stop = true;
        };
        for (int r = 1; r < processes; ++r) {
            TrainOptions o = rank0;
            o.rank = r;
            auto p = std::make_unique<QProcess>();
            p->setStandardOutputFile(QProcess::nullDevice());
            p->setStandardErrorFile(logs.filePath(QStringLiteral("rank%1.log").arg(r)));
            p->start(exe, rankArguments(o));
            if (!p->waitForStarted(10000))
                fail(r, QStringLiteral("could not be started (%1: %2)").arg(exe, p->errorString()));
            workers.push_back(std::move(p));
        }
        auto lastLine = [&](int rank) {
            QFile f(logs.filePath(QStringLiteral("rank%1.log").arg(rank)));
            if (!f.open(QIODevice::ReadOnly))
                return QString();
            const QStringList lines =
                QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            return lines.isEmpty() ? QString() : lines.last().trimmed();
        };
        std::vector<bool> finished(workers.size(), false);
        QElapsedTimer grace;
        for (;;) {
            if (cancel && cancel->load())
                stop = true;
            bool running = false;
            for (std::size_t i = 0; i < workers.size(); ++i) {
                QProcess &p = *workers[i];
                if (finished[i] || p.state() == QProcess::NotRunning || p.waitForFinished(kPollMs)) {
                    if (!finished[i]) {
                        finished[i] = true;
                        const int code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
                        // 3 = cancelled: the ranks agreed to stop, rank 0 reports it.
                        if (code != 0 && code != 3 && !rank0Failed)
                            fail(static_cast<int>(i) + 1,
                                 QStringLiteral("%1: %2").arg(
                                     code < 0 ? QStringLiteral("crashed")
                                              : QStringLiteral("failed (exit code %1)").arg(code),
                                     lastLine(static_cast<int>(i) + 1)));
                    }
                } else {
                    running = true;
                }
            }
            if (!running)
                break;
            if (rank0Done) {
                // Rank 0 finished: workers end within moments (they write nothing). Rank 0 failed:
                // its sockets are closed, so they fail too; don't wait for that.
                if (!grace.isValid())
                    grace.start();
                if (rank0Failed || grace.elapsed() > 1000LL * options.collectiveTimeoutSeconds) {
                    for (auto &p : workers)
                        if (p->state() != QProcess::NotRunning)
                            p->kill();
                    for (auto &p : workers)
                        p->waitForFinished(5000);
                    break;
                }
            }
        }
    });

    TrainResult result;
    std::exception_ptr rank0Error;
    try {
        result = Trainer(rank0).run(callbacks, &stop, pause);
    } catch (...) {
        rank0Error = std::current_exception();
        rank0Failed = true;
    }
    rank0Done = true;
    monitor.join();
    {
        const std::lock_guard<std::mutex> lock(failureMutex);
        if (!failure.isEmpty()) // the root cause: rank 0 only saw its peer vanish
            throw Error(ErrorCode::Internal, QStringLiteral("distributed training failed: %1").arg(failure));
    }
    if (rank0Error)
        std::rethrow_exception(rank0Error);
    return result;
}

// --- DistributedContext -------------------------------------------------------------------------------

namespace ml {

QByteArray runFingerprint(QJsonObject training, const QByteArray &resumeState)
{
    // Machine-specific fields: where the data is mounted and how many cores this rank uses.
    training.remove(QStringLiteral("data_dir"));
    training.remove(QStringLiteral("threads"));
    QJsonObject options = training.value(QStringLiteral("options")).toObject();
    options.remove(QStringLiteral("data_dir"));
    training[QStringLiteral("options")] = options;
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QJsonDocument(training).toJson(QJsonDocument::Compact));
    hash.addData(resumeState);
    return hash.result();
}

void validateDistributedOptions(const TrainOptions &o)
{
    if (o.worldSize < 1 || o.rank < 0 || o.rank >= o.worldSize)
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("invalid distributed options: --rank %1 is not in 0..%2 (--world-size %3)")
                        .arg(o.rank)
                        .arg(o.worldSize - 1)
                        .arg(o.worldSize));
    if (o.worldSize == 1)
        return;
    if (o.collectiveTimeoutSeconds < 1)
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("invalid distributed options: --timeout must be >= 1 second"));
    parseMasterAddress(o.master);
}

DistributedContext::DistributedContext(const TrainOptions &o, const std::atomic<bool> *cancel)
    : m_rank(o.rank), m_worldSize(o.worldSize), m_timeoutSeconds(o.collectiveTimeoutSeconds),
      m_master(o.master)
{
    validateDistributedOptions(o);
    const MasterAddress address = parseMasterAddress(o.master);
    const std::chrono::milliseconds timeout(1000LL * m_timeoutSeconds);

    // Rendezvous: rank 0 serves the key-value store the ranks find each other through.
    c10d::TCPStoreOptions storeOptions;
    storeOptions.port = address.port;
    storeOptions.isServer = isRoot();
    storeOptions.numWorkers = static_cast<std::size_t>(m_worldSize);
    storeOptions.waitWorkers = false; // counted below, with cancel and a clearer error
    storeOptions.timeout = timeout;
    try {
        m_store = c10::make_intrusive<c10d::TCPStore>(address.host.toStdString(), storeOptions);
    } catch (const std::exception &e) {
        throw Error(
            ErrorCode::Internal,
            isRoot()
                ? QStringLiteral("%1: cannot serve the rendezvous on port %2 (%3); is the port in use or "
                                 "another run still going?")
                      .arg(rankName())
                      .arg(address.port)
                      .arg(shortCause(e))
                : QStringLiteral("%1: cannot reach rank 0 at %2 within %3 s (%4); is rank 0 running, "
                                 "and is the port open in its firewall?")
                      .arg(rankName(), m_master)
                      .arg(m_timeoutSeconds)
                      .arg(shortCause(e)));
    }
    guarded("joining the rendezvous", [&] {
        if (isRoot()) {
            m_store->set(kKeyWorldSize,
                         std::vector<uint8_t>{static_cast<uint8_t>(m_worldSize & 0xFF),
                                              static_cast<uint8_t>((m_worldSize >> 8) & 0xFF)});
        } else {
            const std::vector<uint8_t> v = m_store->get(kKeyWorldSize); // waits for rank 0, up to the timeout
            const int rootWorld = v.size() == 2 ? v[0] | (v[1] << 8) : -1;
            if (rootWorld != m_worldSize)
                throw Error(ErrorCode::InvalidArgument,
                            QStringLiteral(
                                "%1: rank 0 at %2 runs with --world-size %3; start every rank with the same "
                                "--world-size")
                                .arg(rankName(), m_master)
                                .arg(rootWorld));
        }
        if (m_store->add(kKeyRankPrefix + std::to_string(m_rank), 1) != 1)
            throw Error(
                ErrorCode::InvalidArgument,
                QStringLiteral(
                    "%1: another process already joined %2 as rank %3; give each process its own --rank")
                    .arg(rankName(), m_master)
                    .arg(m_rank));
        m_store->add(kKeyJoined, 1);
        QElapsedTimer waited;
        waited.start();
        for (int64_t joined = m_store->add(kKeyJoined, 0); joined < m_worldSize;
             joined = m_store->add(kKeyJoined, 0)) {
            if (cancel && cancel->load())
                throw Error(ErrorCode::Cancelled,
                            QStringLiteral("%1: training cancelled while waiting for the other ranks")
                                .arg(rankName()));
            if (waited.elapsed() > timeout.count())
                throw Error(
                    ErrorCode::Internal,
                    QStringLiteral(
                        "%1: only %2 of %3 ranks joined at %4 within %5 s; start every rank with the same "
                        "--master and --world-size, or raise --timeout")
                        .arg(rankName())
                        .arg(joined)
                        .arg(m_worldSize)
                        .arg(m_master)
                        .arg(m_timeoutSeconds));
            QThread::msleep(kPollMs);
        }
    });

    guarded("connecting the Gloo process group", [&] {
        auto groupOptions = c10d::ProcessGroupGloo::Options::create(timeout);
        groupOptions->devices = glooDevices(address.host);
        m_group = c10::make_intrusive<c10d::ProcessGroupGloo>(m_store, m_rank, m_worldSize, groupOptions);
    });

    if (!o.diagnostics.fingerprintDir.isEmpty())
        m_fingerprintFile =
            QDir(o.diagnostics.fingerprintDir).absoluteFilePath(QStringLiteral("rank%1.txt").arg(m_rank));
    if (o.diagnostics.crashRank == m_rank)
        m_crashAfterStep = o.diagnostics.crashAfterStep;
}

DistributedContext::~DistributedContext() = default;

QString DistributedContext::rankName() const
{
    return QStringLiteral("rank %1 of %2").arg(m_rank).arg(m_worldSize);
}

void DistributedContext::guarded(const char *operation, const std::function<void()> &what)
{
    try {
        what();
    } catch (const Error &) {
        throw;
    } catch (const std::exception &e) {
        const QString cause = shortCause(e);
        const QString peer =
            m_worldSize == 2 ? QStringLiteral("rank %1").arg(1 - m_rank) : QStringLiteral("another rank");
        const QString op = QString::fromLatin1(operation);
        QString why;
        if (cause.contains(QLatin1String("timed out"), Qt::CaseInsensitive) ||
            cause.contains(QLatin1String("timeout"), Qt::CaseInsensitive))
            why = QStringLiteral(
                      "timed out after %1 s waiting for %2 while %3 (it hangs or is far slower; rank 0's "
                      "validation must also fit in --timeout)")
                      .arg(m_timeoutSeconds)
                      .arg(peer, op);
        else if (cause.contains(QLatin1String("closed"), Qt::CaseInsensitive) ||
                 cause.contains(QLatin1String("reset"), Qt::CaseInsensitive) ||
                 cause.contains(QLatin1String("broken pipe"), Qt::CaseInsensitive) ||
                 cause.contains(QLatin1String("refused"), Qt::CaseInsensitive))
            why = QStringLiteral(
                      "lost the connection to %1 while %2 (it exited or crashed; its own output says why)")
                      .arg(peer, op);
        else
            why = QStringLiteral("failed while %1").arg(op);
        throw Error(ErrorCode::Internal, QStringLiteral("%1: %2 [%3]").arg(rankName(), why, cause));
    }
}

void DistributedContext::checkSameRun(const QByteArray &fingerprint)
{
    // Every rank learns which ranks differ from rank 0, so all of them fail with one message.
    torch::Tensor root =
        torch::from_blob(const_cast<char *>(fingerprint.constData()), {fingerprint.size()}, torch::kUInt8)
            .clone();
    torch::Tensor differs = torch::zeros({m_worldSize}, torch::kInt32);
    guarded("comparing the run with rank 0's", [&] {
        std::vector<at::Tensor> t{root};
        m_group->broadcast(t)->wait();
        differs[m_rank] = root.equal(torch::from_blob(const_cast<char *>(fingerprint.constData()),
                                                      {fingerprint.size()}, torch::kUInt8))
                              ? 0
                              : 1;
        std::vector<at::Tensor> d{differs};
        m_group->allreduce(d)->wait();
    });
    QStringList bad;
    for (int r = 0; r < m_worldSize; ++r)
        if (differs[r].item<int>() != 0)
            bad << QString::number(r);
    if (!bad.isEmpty())
        throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral(
                        "%1: rank(s) %2 would train a different run than rank 0 (other data folder contents, "
                        "options, seed or checkpoint); give every rank the same --data contents, options and "
                        "--resume file")
                        .arg(rankName(), bad.join(QStringLiteral(", "))));
}

void DistributedContext::broadcastModule(torch::nn::Module &module)
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> tensors = module.parameters(true);
    for (const torch::Tensor &b : module.buffers(true))
        tensors.push_back(b);
    guarded("broadcasting rank 0's initial weights", [&] {
        std::vector<c10::intrusive_ptr<c10d::Work>> works;
        std::vector<std::vector<at::Tensor>> inputs;
        inputs.reserve(tensors.size());
        for (const torch::Tensor &t : tensors) {
            inputs.push_back({t.detach()});
            works.push_back(m_group->broadcast(inputs.back()));
        }
        for (auto &w : works)
            w->wait();
    });
    planBuckets(module.parameters(true), 2); // the step's loss and correct count ride in bucket 0
}

QString DistributedContext::describe() const
{
    int64_t numel = 0;
    for (const Bucket &b : m_buckets)
        numel += b.numel;
    return QStringLiteral("%1 via %2: %3 gradient values (%4 MB) all-reduced per step in %5 bucket(s); "
                          "batch-norm statistics averaged over the ranks after every epoch")
        .arg(rankName(), m_master)
        .arg(numel)
        .arg(numel * 4 / 1e6, 0, 'f', 2)
        .arg(m_buckets.size());
}

torch::Tensor DistributedContext::shard(const torch::Tensor &globalIndices) const
{
    const int64_t n = globalIndices.size(0);
    const int64_t base = n / m_worldSize, extra = n % m_worldSize;
    const int64_t start = m_rank * base + std::min<int64_t>(m_rank, extra);
    return globalIndices.narrow(0, start, base + (m_rank < extra ? 1 : 0));
}

void DistributedContext::planBuckets(const std::vector<torch::Tensor> &parameters, std::size_t extraSums)
{
    m_buckets.clear();
    const int64_t cap = kBucketBytes / static_cast<int64_t>(sizeof(float));
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        if (parameters[i].scalar_type() != torch::kFloat32)
            throw Error(ErrorCode::Internal,
                        QStringLiteral("%1: only float32 parameters can be all-reduced").arg(rankName()));
        if (m_buckets.empty() ||
            (m_buckets.back().numel > 0 && m_buckets.back().numel + parameters[i].numel() > cap))
            m_buckets.emplace_back();
        m_buckets.back().parameters.push_back(i);
        m_buckets.back().numel += parameters[i].numel();
    }
    m_bucketExtras = extraSums;
    for (std::size_t b = 0; b < m_buckets.size(); ++b)
        m_buckets[b].flat = torch::zeros(
            {m_buckets[b].numel + (b == 0 ? static_cast<int64_t>(extraSums) : 0)}, torch::kFloat32);
}

BatchTotals DistributedContext::averageGradients(const std::vector<torch::Tensor> &parameters,
                                                 const torch::Tensor &rowWeights,
                                                 const torch::Tensor &globalRowWeights, double loss,
                                                 int64_t correct)
{
    torch::NoGradGuard noGrad;
    // The loss is a weighted mean over this rank's rows; the global batch's is the mean over all
    // rows, normalised by the total weight. Scaling this rank's gradient by `share` makes the
    // average over ranks exactly the single-process gradient of the global batch.
    const auto globalWeight = globalRowWeights.sum().item<double>();
    const double share = m_worldSize * rowWeights.sum().item<double>() / globalWeight;

    std::vector<c10::intrusive_ptr<c10d::Work>> works;
    std::vector<std::vector<at::Tensor>> inputs;
    inputs.reserve(m_buckets.size());
    for (std::size_t b = 0; b < m_buckets.size(); ++b) {
        Bucket &bucket = m_buckets[b];
        int64_t offset = 0;
        for (std::size_t i : bucket.parameters) {
            const torch::Tensor &p = parameters[i];
            torch::Tensor slot = bucket.flat.narrow(0, offset, p.numel());
            if (p.grad().defined())
                slot.copy_(p.grad().reshape(-1)).mul_(share);
            else
                slot.zero_();
            offset += p.numel();
        }
        if (b == 0) {
            bucket.flat[bucket.numel] = loss * share / m_worldSize;
            bucket.flat[bucket.numel + 1] = static_cast<double>(correct);
        }
        inputs.push_back({bucket.flat});
    }
    guarded("all-reducing gradients", [&] {
        for (auto &input : inputs)
            works.push_back(m_group->allreduce(input));
        for (auto &w : works)
            w->wait();
    });
    BatchTotals totals;
    for (std::size_t b = 0; b < m_buckets.size(); ++b) {
        Bucket &bucket = m_buckets[b];
        if (b == 0) {
            totals.loss = bucket.flat[bucket.numel].item<double>();
            totals.correct = std::llround(bucket.flat[bucket.numel + 1].item<double>());
        }
        bucket.flat.narrow(0, 0, bucket.numel).div_(m_worldSize);
        int64_t offset = 0;
        for (std::size_t i : bucket.parameters) {
            const torch::Tensor &p = parameters[i];
            if (!p.grad().defined())
                p.mutable_grad() = torch::zeros_like(p);
            p.grad().copy_(bucket.flat.narrow(0, offset, p.numel()).view_as(p));
            offset += p.numel();
        }
    }
    return totals;
}

void DistributedContext::averageBuffers(torch::nn::Module &module)
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> buffers;
    int64_t numel = 0;
    for (const torch::Tensor &b : module.buffers(true)) {
        if (b.is_floating_point()) {
            buffers.push_back(b);
            numel += b.numel();
        }
    }
    if (buffers.empty())
        return;
    torch::Tensor flat = torch::empty({numel}, torch::kFloat32);
    int64_t offset = 0;
    for (const torch::Tensor &b : buffers) {
        flat.narrow(0, offset, b.numel()).copy_(b.reshape(-1));
        offset += b.numel();
    }
    guarded("averaging batch-norm statistics", [&] {
        std::vector<at::Tensor> t{flat};
        m_group->allreduce(t)->wait();
    });
    flat.div_(m_worldSize);
    offset = 0;
    for (torch::Tensor &b : buffers) {
        b.copy_(flat.narrow(0, offset, b.numel()).view_as(b));
        offset += b.numel();
    }
}

bool DistributedContext::agreeToStop(const std::atomic<bool> *cancel, const std::atomic<bool> *pause)
{
    for (;;) {
        const bool paused = pause && pause->load();
        torch::Tensor vote = torch::tensor({cancel && cancel->load() ? 1 : 0, paused ? 1 : 0}, torch::kInt32);
        guarded("agreeing on stop/pause", [&] {
            std::vector<at::Tensor> t{vote};
            c10d::AllreduceOptions max;
            max.reduceOp = c10d::ReduceOp::MAX;
            m_group->allreduce(t, max)->wait();
        });
        if (vote[0].item<int>() != 0)
            return true;
        if (vote[1].item<int>() == 0)
            return false;
        if (paused) // the others are already waiting in the next vote
            QThread::msleep(kPauseHeartbeatMs);
    }
}

bool DistributedContext::broadcastDecision(bool rootDecision)
{
    torch::Tensor flag = torch::tensor({rootDecision ? 1 : 0}, torch::kInt32);
    guarded("waiting for rank 0's end-of-epoch decision", [&] {
        std::vector<at::Tensor> t{flag};
        m_group->broadcast(t)->wait();
    });
    return flag[0].item<int>() != 0;
}

void DistributedContext::writeFingerprint(torch::nn::Module &module, const QString &label)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const auto &p : module.named_parameters(true))
        hash.addData(tensorBytes(p.value()));
    if (label.startsWith(QLatin1String("epoch")))
        for (const auto &b : module.named_buffers(true))
            hash.addData(tensorBytes(b.value()));
    QFile f(m_fingerprintFile);
    if (f.open(QIODevice::Append | QIODevice::Text))
        f.write(label.toUtf8() + ' ' + hash.result().toHex() + '\n');
}

void DistributedContext::afterStep(torch::nn::Module &module, int64_t step)
{
    if (!m_fingerprintFile.isEmpty())
        writeFingerprint(module, QStringLiteral("step %1").arg(step));
    if (m_crashAfterStep >= 0 && step >= m_crashAfterStep) {
        std::fprintf(stderr, "%s: simulated crash after step %lld (--rank-crash)\n", qPrintable(rankName()),
                     static_cast<long long>(step));
        std::fflush(stderr);
        std::_Exit(1); // like a crash: no destructors, the kernel closes the sockets
    }
}

void DistributedContext::afterEpoch(torch::nn::Module &module, int epoch)
{
    if (!m_fingerprintFile.isEmpty())
        writeFingerprint(module, QStringLiteral("epoch %1").arg(epoch));
}

QJsonObject DistributedContext::summary(int64_t globalBatch) const
{
    return {
        {QStringLiteral("world_size"), m_worldSize},
        {QStringLiteral("backend"), QStringLiteral("c10d gloo")},
        {QStringLiteral("global_batch"), static_cast<qint64>(globalBatch)},
        {QStringLiteral("gradient_buckets"), static_cast<int>(m_buckets.size())},
        {QStringLiteral("bucket_bytes_max"), static_cast<qint64>(kBucketBytes)},
        {QStringLiteral("batch_norm_statistics"), QStringLiteral("averaged over ranks after every epoch")}};
}

} // namespace ml

} // namespace chestlens
