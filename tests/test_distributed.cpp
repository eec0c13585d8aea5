// Data-parallel training on c10d/Gloo with two ranks on 127.0.0.1: the ranks' parameters are
// bit-identical after every step and rank 0's model loads and predicts; the GUI's path (rank 0 in
// this process, a worker child) pauses longer than the collective timeout without tripping it and
// cancels every rank together; and a rank that never comes, dies or hangs makes the others fail
// within the timeout with a message naming the rank, instead of hanging.
#include "core/error.h"
#include "core/film/filmloader.h"
#include "core/ml/classifier.h"
#include "core/ml/distributed.h"
#include "core/ml/trainer.h"
#include "support/testdata.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <csignal>
#include <thread>

using namespace chestlens;

namespace {

/// Collective timeout of the failure tests: short, so a hang shows as a failure quickly.
constexpr int kTimeoutSeconds = 5;
/// What a failing rank may take beyond the timeout: preparing 36 films at 64 px and process
/// start-up on a loaded 2-core machine.
constexpr qint64 kSlackMs = 25000;

} // namespace

class TestDistributed : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_data;
    QString m_cli;

    /// Recipe flags every rank of a test run shares (the ranks check they agree).
    QStringList recipe(int epochs) const
    {
        return {QStringLiteral("--data"),       m_data,
                QStringLiteral("--image-size"), QStringLiteral("64"),
                QStringLiteral("--batch"),      QStringLiteral("8"),
                QStringLiteral("--epochs"),     QString::number(epochs),
                QStringLiteral("--patience"),   QStringLiteral("0"),
                QStringLiteral("--seed"),       QStringLiteral("7"),
                QStringLiteral("--timeout"),    QString::number(kTimeoutSeconds)};
    }

    QStringList rankArgs(int epochs, int rank, const QString &master, const QString &out = {}) const
    {
        QStringList a = QStringList{QStringLiteral("train")} + recipe(epochs);
        a << QStringLiteral("--world-size") << QStringLiteral("2") << QStringLiteral("--rank")
          << QString::number(rank) << QStringLiteral("--master") << master << QStringLiteral("--threads")
          << QStringLiteral("1");
        if (!out.isEmpty())
            a << QStringLiteral("--out") << out;
        return a;
    }

private Q_SLOTS:
    void initTestCase()
    {
        CHESTLENS_REQUIRE_DATA(cxr4, "cxr4");
        m_cli = test::cliPath();
        if (m_cli.isEmpty())
            QSKIP("CHESTLENS_CLI not set (run through ctest)");
        QVERIFY2(QFileInfo(m_cli).isExecutable(), qPrintable(m_cli));
        // 12 films from each of three classes: 36 films, 28 or so to train on.
        m_data = m_tmp.filePath(QStringLiteral("data"));
        for (const QString &cls :
             {QStringLiteral("covid"), QStringLiteral("normal"), QStringLiteral("tuberculosis")}) {
            const QStringList files = QDir(cxr4 + QLatin1Char('/') + cls)
                                          .entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
            QVERIFY(files.size() >= 12);
            QVERIFY(QDir().mkpath(m_data + QLatin1Char('/') + cls));
            for (int i = 0; i < 12; ++i)
                QVERIFY(QFile::copy(cxr4 + QLatin1Char('/') + cls + QLatin1Char('/') + files[i],
                                    m_data + QLatin1Char('/') + cls + QLatin1Char('/') + files[i]));
        }
    }

    void twoRanksStayBitIdenticalAndRankZeroWritesAWorkingModel()
    {
        const QString out = m_tmp.filePath(QStringLiteral("two.clm"));
        const QString fingerprints = m_tmp.filePath(QStringLiteral("fingerprints"));
        QVERIFY(QDir().mkpath(fingerprints));
        QProcess p;
        p.start(m_cli,
                QStringList{QStringLiteral("train")} + recipe(2) +
                    QStringList{QStringLiteral("--processes"), QStringLiteral("2"),
                                QStringLiteral("--threads"), QStringLiteral("2"), QStringLiteral("--out"),
                                out, QStringLiteral("--rank-fingerprints"), fingerprints});
        QVERIFY(p.waitForFinished(120000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, qPrintable(err));

        // --rank-fingerprints (passed on to the worker rank): every rank hashes its parameters after
        // every step and parameters + batch-norm buffers after every epoch's averaging; the two
        // logs must match line for line.
        auto lines = [&](int rank) {
            QFile f(QDir(fingerprints).filePath(QStringLiteral("rank%1.txt").arg(rank)));
            return f.open(QIODevice::ReadOnly)
                       ? QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts)
                       : QStringList();
        };
        const QStringList rank0 = lines(0), rank1 = lines(1);
        QVERIFY2(rank0.size() >= 2 * 3 + 2, qPrintable(rank0.join(QLatin1Char('\n'))));
        QCOMPARE(rank0.filter(QStringLiteral("epoch ")).size(), 2);
        QCOMPARE(rank1, rank0);
        QVERIFY2(rank0.first() != rank0.at(1), "the parameters did not change between steps");

        const auto c = Classifier::load(out);
        const QJsonObject dist = c->info()
                                     .metadata.value(QStringLiteral("training"))
                                     .toObject()
                                     .value(QStringLiteral("distributed"))
                                     .toObject();
        QCOMPARE(dist.value(QStringLiteral("world_size")).toInt(), 2);
        const QString film =
            QDir(m_data + QStringLiteral("/covid")).entryInfoList(QDir::Files).first().absoluteFilePath();
        const Prediction pred = c->predict(loadFilm(film));
        QCOMPARE(static_cast<int>(pred.probabilities.size()), 3);
        float sum = 0;
        for (float v : pred.probabilities)
            sum += v;
        QVERIFY(std::abs(sum - 1.0f) < 1e-4f);
    }

    // The GUI's path: rank 0 is this process (callbacks, pause and cancel flags as for one process).
    void localRanksPauseBeyondTheTimeoutAndCancelTogether()
    {
        TrainOptions o;
        o.dataDir = m_data;
        o.outPath = m_tmp.filePath(QStringLiteral("gui.clm"));
        o.imageSize = 64;
        o.batch = 8;
        o.epochs = 50;
        o.patience = 0;
        o.seed = 7;
        o.threads = 2;
        // The timeout also bounds the rendezvous, so it must cover a child rank's start on a loaded
        // 2-core CI machine (2 s was too short there); the pause must still outlast it.
        o.collectiveTimeoutSeconds = 8;
        constexpr int kPauseMs = 9500; // longer than the timeout: the heartbeat must keep the group alive
        std::atomic<bool> cancel{false}, pause{false};
        std::thread releaser;
        QElapsedTimer sincePause;
        qint64 pausedMs = -1;
        int batches = 0;
        TrainCallbacks cb;
        cb.onBatch = [&](const BatchProgress &b) {
            if (++batches == 1) {
                pause = true;
                sincePause.start();
                releaser = std::thread([&] {
                    std::this_thread::sleep_for(std::chrono::milliseconds(kPauseMs));
                    pause = false;
                });
            } else if (batches == 2) {
                pausedMs = sincePause.elapsed();
            }
            if (b.epoch == 2)
                cancel = true;
        };
        TrainResult r;
        try {
            r = runLocalProcesses(o, 2, cb, &cancel, &pause, m_cli);
        } catch (const Error &e) {
            if (releaser.joinable())
                releaser.join();
            QFAIL(qPrintable(e.message()));
        }
        releaser.join();
        QVERIFY2(pausedMs >= kPauseMs - 100, qPrintable(QString::number(pausedMs)));
        QVERIFY(r.cancelled);
        QCOMPARE(r.epochsRun, 1);
        QVERIFY(QFile::exists(o.outPath));
    }

    void failingRankStopsTheOthers_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("expected");
        QTest::newRow("rank 1 never starts")
            << QStringLiteral("alone0") << QStringLiteral("only 1 of 2 ranks joined");
        QTest::newRow("rank 0 never starts")
            << QStringLiteral("alone1") << QStringLiteral("cannot reach rank 0");
        QTest::newRow("rank 1 dies after a step")
            << QStringLiteral("dies") << QStringLiteral("rank 1 of 2 failed (exit code 1)");
        QTest::newRow("rank 1 hangs")
            << QStringLiteral("hangs") << QStringLiteral("timed out after 5 s waiting for rank 1");
    }
    void failingRankStopsTheOthers()
    {
        QFETCH(QString, scenario);
        QFETCH(QString, expected);
        const QString master = QStringLiteral("127.0.0.1:%1").arg(freeLocalPort());
        const QString out = m_tmp.filePath(scenario + QStringLiteral(".clm"));
        QProcess watched; // the rank that must fail cleanly
        QProcess other;   // "hangs": the rank that stops answering
        QElapsedTimer timer;
        timer.start();
        if (scenario == QLatin1String("alone0")) {
            watched.start(m_cli, rankArgs(1, 0, master, out));
        } else if (scenario == QLatin1String("alone1")) {
            watched.start(m_cli, rankArgs(1, 1, master));
        } else if (scenario == QLatin1String("dies")) {
            // Rank 1, a worker of --processes, crashes after its second step.
            watched.start(m_cli, QStringList{QStringLiteral("train")} + recipe(50) +
                                     QStringList{QStringLiteral("--processes"), QStringLiteral("2"),
                                                 QStringLiteral("--threads"), QStringLiteral("2"),
                                                 QStringLiteral("--out"), out, QStringLiteral("--rank-crash"),
                                                 QStringLiteral("1:1")});
        } else {
            other.start(m_cli, rankArgs(200, 1, master));
            watched.start(m_cli, rankArgs(200, 0, master, out));
            QVERIFY(other.waitForStarted());
            // Freeze rank 1 once training is under way: alive (sockets open) but silent.
            QByteArray seen;
            while (!seen.contains("epoch 1/") && watched.state() != QProcess::NotRunning &&
                   timer.elapsed() < 60000) {
                watched.waitForReadyRead(1000);
                seen += watched.readAllStandardError();
            }
            QVERIFY2(seen.contains("epoch 1/"), seen.constData());
            QVERIFY(::kill(static_cast<pid_t>(other.processId()), SIGSTOP) == 0);
            timer.restart();
        }
        QVERIFY(watched.waitForStarted());
        const bool ended = watched.waitForFinished(kTimeoutSeconds * 1000 + kSlackMs);
        const qint64 elapsed = timer.elapsed();
        if (other.state() != QProcess::NotRunning) {
            ::kill(static_cast<pid_t>(other.processId()), SIGCONT);
            other.kill();
            other.waitForFinished();
        }
        if (!ended) {
            watched.kill();
            watched.waitForFinished();
            QFAIL("the surviving rank hangs");
        }
        const QString err = QString::fromUtf8(watched.readAllStandardError());
        QVERIFY2(watched.exitStatus() == QProcess::NormalExit && watched.exitCode() == 1, qPrintable(err));
        QVERIFY2(err.contains(expected), qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("rank ")), qPrintable(err));
        if (scenario == QLatin1String("hangs"))
            QVERIFY2(elapsed < (kTimeoutSeconds + 5) * 1000, qPrintable(QString::number(elapsed)));
    }
};

QTEST_GUILESS_MAIN(TestDistributed)
#include "test_distributed.moc"
