// Crash safety of everything chestlens-cli writes: `kill -9` of a training run and
// `--resume`, a writer killed around its final write, and outputs that cannot be written (folder
// that is a file, read-only folder, full disk, file-size limit). Every test runs the real CLI.

#include "core/error.h"
#include "core/ml/classifier.h"
#include "core/ml/modelfile_p.h"
#include "support/blobmodel.h"
#include "support/process.h"
#include "support/testdata.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest/QTest>

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstring>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

using namespace chestlens;

namespace {

constexpr int kEpochs = 6;
constexpr int kRunTimeoutMs = 120000;

/// The "epoch" events of a `train --json` output, in order.
QList<int> epochEvents(const QByteArray &jsonLines)
{
    QList<int> epochs;
    for (const QByteArray &line : jsonLines.split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.value(QStringLiteral("event")).toString() == QLatin1String("epoch"))
            epochs << o.value(QStringLiteral("epoch")).toInt();
    }
    return epochs;
}

/// Validation loss per epoch from a model's or checkpoint's training history.
QList<double> historyValLoss(const QJsonArray &history)
{
    QList<double> losses;
    for (const QJsonValue &v : history)
        losses << v.toObject().value(QStringLiteral("val_loss")).toDouble();
    return losses;
}

ml::ModelFileContents decodeFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw Error(ErrorCode::FileUnreadable, path, f.errorString());
    return ml::decodeModelFile(path, f.readAll());
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                               QDir::Name);
}

bool isCharDevice(const QString &path)
{
    struct stat st
    {
    };
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 && S_ISCHR(st.st_mode);
}

} // namespace

class TestCrashSafety : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void killMidEpochThenResume();
    void killAroundFinalWriteKeepsOldModel();
    void unwritableOutput_data();
    void unwritableOutput();
    void fullDisk_data();
    void fullDisk();
    void fileSizeLimit_data();
    void fileSizeLimit();

private:
    /// Arguments of the tiny training run every test uses. Batch 2 gives 13 batches per epoch, so
    /// `--json` reports batch 10 of each epoch and a kill right after it lands mid-epoch; the other
    /// tests use batch 8 (faster).
    QStringList trainArgs(const QString &out, int epochs, int batch = 8) const;
    /// The output file name each command gets (its suffix picks the format).
    static QString outName(const QString &command);
    /// Arguments of each writing command with `out` as its output file.
    QStringList commandArgs(const QString &command, const QString &out) const;

    QTemporaryDir m_dir;
    QString m_data, m_film, m_model;
};

void TestCrashSafety::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFileInfo(test::cliPath()).isExecutable(), qPrintable(test::cliPath()));
    // Two classes of 16 synthetic films: a bright or a dark blob on noise (tests/support/blobmodel.h).
    m_data = m_dir.filePath(QStringLiteral("data"));
    QRandomGenerator rng(23);
    for (const QString cls : {QStringLiteral("bright"), QStringLiteral("dark")}) {
        QVERIFY(QDir().mkpath(m_data + QLatin1Char('/') + cls));
        for (int i = 0; i < 16; ++i) {
            test::SyntheticFilmSpec spec;
            spec.size = QSize(160 + int(rng.bounded(80)), 160 + int(rng.bounded(80)));
            spec.seed = rng.generate();
            const QPointF c(40 + rng.bounded(spec.size.width() - 80),
                            40 + rng.bounded(spec.size.height() - 80));
            spec.blobs.push_back({c, 14.0 + rng.bounded(10), cls == QLatin1String("bright") ? 240 : 10});
            QVERIFY(
                test::makeSyntheticFilm(spec).save(QStringLiteral("%1/%2/%3.png").arg(m_data, cls).arg(i)));
        }
    }
    m_film = QStringLiteral("%1/bright/0.png").arg(m_data);
    m_model = m_dir.filePath(QStringLiteral("blob.clm"));
    test::writeBlobModel(m_model, QStringLiteral("resnet"), 64);
}

QStringList TestCrashSafety::trainArgs(const QString &out, int epochs, int batch) const
{
    return {QStringLiteral("train"),
            QStringLiteral("--data"),
            m_data,
            QStringLiteral("--out"),
            out,
            QStringLiteral("--image-size"),
            QStringLiteral("64"),
            QStringLiteral("--arch"),
            QStringLiteral("resnet"),
            QStringLiteral("--width"),
            QStringLiteral("4"),
            QStringLiteral("--epochs"),
            QString::number(epochs),
            QStringLiteral("--batch"),
            QStringLiteral("2"),
            QStringLiteral("--threads"),
            QStringLiteral("2"),
            QStringLiteral("--patience"),
            QStringLiteral("0"),
            QStringLiteral("--seed"),
            QStringLiteral("5"),
            QStringLiteral("--json")};
}

QString TestCrashSafety::outName(const QString &command)
{
    if (command == QLatin1String("train"))
        return QStringLiteral("out.clm");
    if (command == QLatin1String("predict"))
        return QStringLiteral("out.csv");
    return QStringLiteral("out.png"); // explain, convert
}

QStringList TestCrashSafety::commandArgs(const QString &command, const QString &out) const
{
    if (command == QLatin1String("train"))
        return trainArgs(out, 1);
    if (command == QLatin1String("predict"))
        return {command, QStringLiteral("--model"), m_model, QStringLiteral("--csv"), out, m_film};
    if (command == QLatin1String("explain"))
        return {command, QStringLiteral("--model"), m_model, QStringLiteral("--out"), out, m_film};
    return {command, QStringLiteral("--out"), out, m_film}; // convert
}

void TestCrashSafety::killMidEpochThenResume()
{
    const QString dir = m_dir.filePath(QStringLiteral("resume"));
    QVERIFY(QDir().mkpath(dir));
    const QString out = dir + QStringLiteral("/model.clm");
    const QString ckpt = out + QStringLiteral(".ckpt");

    // Start a run and SIGKILL it in the middle of epoch 3 (after epoch 2's checkpoint).
    QProcess p;
    p.start(test::cliPath(), trainArgs(out, kEpochs, 2));
    QVERIFY(p.waitForStarted());
    int lastEpochSeen = 0;
    bool killed = false;
    QByteArray pending;
    QElapsedTimer t;
    t.start();
    while (!killed && t.elapsed() < kRunTimeoutMs && p.state() == QProcess::Running) {
        p.waitForReadyRead(100);
        pending += p.readAllStandardOutput();
        qsizetype nl;
        while (!killed && (nl = pending.indexOf('\n')) >= 0) {
            const QJsonObject o = QJsonDocument::fromJson(pending.left(nl)).object();
            pending.remove(0, nl + 1);
            const QString event = o.value(QStringLiteral("event")).toString();
            if (event == QLatin1String("epoch"))
                lastEpochSeen = o.value(QStringLiteral("epoch")).toInt();
            if (event == QLatin1String("batch") && lastEpochSeen >= 2 &&
                o.value(QStringLiteral("epoch")).toInt() == lastEpochSeen + 1) {
                ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
                killed = true;
            }
        }
    }
    QVERIFY2(
        killed,
        qPrintable(
            QStringLiteral("never reached epoch 3: %1").arg(QString::fromUtf8(p.readAllStandardError()))));
    QVERIFY(p.waitForFinished());
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);

    // Only the checkpoint is left: no model yet, no temporary files.
    QCOMPARE(entries(dir), QStringList{QStringLiteral("model.clm.ckpt")});
    const ml::ModelFileContents saved = decodeFile(ckpt); // throws (fails the test) when truncated
    const int ckptEpoch =
        saved.metadata.value(QStringLiteral("checkpoint")).toObject().value(QStringLiteral("epoch")).toInt();
    // The checkpoint of every epoch reported is on disk: the kill loses at most the epoch in progress.
    QVERIFY2(ckptEpoch >= lastEpochSeen && ckptEpoch < kEpochs, qPrintable(QString::number(ckptEpoch)));
    const QJsonObject savedSplit =
        saved.metadata.value(QStringLiteral("training")).toObject().value(QStringLiteral("split")).toObject();
    QVERIFY(!savedSplit.value(QStringLiteral("train")).toArray().isEmpty());
    QVERIFY(!savedSplit.value(QStringLiteral("val")).toArray().isEmpty());

    // Resume: continues with the epoch after the checkpoint and runs to the end.
    const test::ProcessResult resumed =
        test::runCli({QStringLiteral("train"), QStringLiteral("--resume"), ckpt, QStringLiteral("--threads"),
                      QStringLiteral("2"), QStringLiteral("--json")},
                     kRunTimeoutMs);
    QVERIFY2(resumed.finished && resumed.exitCode == 0, qPrintable(test::describe(resumed)));
    QList<int> expected;
    for (int e = ckptEpoch + 1; e <= kEpochs; ++e)
        expected << e;
    QCOMPARE(epochEvents(resumed.out), expected);

    // The final model loads, keeps the checkpoint's split and holds the whole history.
    QVERIFY(Classifier::load(out));
    const ml::ModelFileContents model = decodeFile(out);
    const QJsonObject training = model.metadata.value(QStringLiteral("training")).toObject();
    const QJsonObject split = training.value(QStringLiteral("split")).toObject();
    QCOMPARE(split.value(QStringLiteral("train")).toArray(),
             savedSplit.value(QStringLiteral("train")).toArray());
    QCOMPARE(split.value(QStringLiteral("val")).toArray(), savedSplit.value(QStringLiteral("val")).toArray());
    QCOMPARE(training.value(QStringLiteral("epochs_run")).toInt(), kEpochs);
    const QList<double> resumedLoss = historyValLoss(training.value(QStringLiteral("history")).toArray());
    QCOMPARE(resumedLoss.size(), kEpochs);
    // A finished run removes its checkpoint and leaves nothing else behind.
    QCOMPARE(entries(dir), QStringList{QStringLiteral("model.clm")});

    // Same result as an uninterrupted run: the weights, optimiser state, split and per-epoch
    // shuffling all survived the kill (a reset AdamW state or another split changes the losses).
    const QString straight = m_dir.filePath(QStringLiteral("straight.clm"));
    const test::ProcessResult ref = test::runCli(trainArgs(straight, kEpochs, 2), kRunTimeoutMs);
    QVERIFY2(ref.exitCode == 0, qPrintable(test::describe(ref)));
    const QList<double> refLoss = historyValLoss(decodeFile(straight)
                                                     .metadata.value(QStringLiteral("training"))
                                                     .toObject()
                                                     .value(QStringLiteral("history"))
                                                     .toArray());
    QCOMPARE(refLoss.size(), kEpochs);
    for (int e = 0; e < kEpochs; ++e)
        QVERIFY2(std::abs(refLoss[e] - resumedLoss[e]) <= 1e-4 * std::max(1.0, std::abs(refLoss[e])),
                 qPrintable(QStringLiteral("epoch %1: val loss %2 resumed vs %3 uninterrupted")
                                .arg(e + 1)
                                .arg(resumedLoss[e])
                                .arg(refLoss[e])));
}

void TestCrashSafety::killAroundFinalWriteKeepsOldModel()
{
    // A valid model already sits at the output path. Kill one-epoch runs at moments spread over
    // the end of the run (calibration, encoding, the model write, the checkpoint removal): the
    // model is always either the old file, byte for byte, or a complete new one.
    const QString dir = m_dir.filePath(QStringLiteral("overwrite"));
    QVERIFY(QDir().mkpath(dir));
    const QString out = dir + QStringLiteral("/model.clm");
    QVERIFY(QFile::copy(m_model, out));
    const QByteArray old = fileBytes(out);
    int keptOld = 0, replaced = 0;
    for (const int delayMs : {0, 40}) {
        QProcess p;
        p.start(test::cliPath(), trainArgs(out, 1));
        QVERIFY(p.waitForStarted());
        QByteArray seen;
        QElapsedTimer t;
        t.start();
        while (!seen.contains("\"event\":\"epoch\"") && p.state() == QProcess::Running &&
               t.elapsed() < kRunTimeoutMs) {
            p.waitForReadyRead(20);
            seen += p.readAllStandardOutput();
        }
        QVERIFY2(seen.contains("\"event\":\"epoch\""), seen.constData());
        QThread::msleep(static_cast<unsigned long>(delayMs));
        ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
        QVERIFY(p.waitForFinished());

        const QByteArray now = fileBytes(out);
        if (now == old) {
            ++keptOld;
        } else {
            ++replaced;
            QVERIFY2(Classifier::load(out), "the replaced model does not load");
            decodeFile(out); // checksum: complete file
        }
        // Besides the model only the checkpoint may remain, and it is complete.
        for (const QString &name : entries(dir)) {
            if (name == QLatin1String("model.clm"))
                continue;
            QCOMPARE(name, QStringLiteral("model.clm.ckpt"));
            decodeFile(dir + QLatin1Char('/') + name);
        }
        // Start the next round from the old model again.
        QVERIFY(QFile::remove(out));
        QFile::remove(out + QStringLiteral(".ckpt"));
        QVERIFY(QFile::copy(m_model, out));
    }
    qInfo("old model kept %d times, replaced by a complete one %d times", keptOld, replaced);
}

void TestCrashSafety::unwritableOutput_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<bool>("readOnlyDir"); // else the output's folder is a regular file
    for (const char *cmd : {"train", "predict", "explain", "convert"}) {
        QTest::newRow(qPrintable(QStringLiteral("%1 folder is a file").arg(QLatin1String(cmd))))
            << QString::fromLatin1(cmd) << false;
        QTest::newRow(qPrintable(QStringLiteral("%1 read-only folder").arg(QLatin1String(cmd))))
            << QString::fromLatin1(cmd) << true;
    }
}

void TestCrashSafety::unwritableOutput()
{
    QFETCH(QString, command);
    QFETCH(bool, readOnlyDir);
    const QString dir = m_dir.filePath(QStringLiteral("unwritable-%1-%2").arg(command).arg(readOnlyDir));
    QVERIFY(QDir().mkpath(dir));
    QString out;
    QStringList expectedEntries;
    if (readOnlyDir) {
        if (::geteuid() == 0)
            QSKIP(
                "running as root: permission bits do not stop root from writing (the 'folder is a file' rows "
                "cover unwritable outputs as root)");
        out = dir + QLatin1Char('/') + outName(command);
        QVERIFY(QFile::setPermissions(dir, QFile::ReadOwner | QFile::ExeOwner));
    } else {
        // Unwritable even for root, and explain (which creates its output's folder) cannot help it.
        QFile notADir(dir + QStringLiteral("/notadir"));
        QVERIFY(notADir.open(QIODevice::WriteOnly));
        notADir.close();
        out = dir + QStringLiteral("/notadir/") + outName(command);
        expectedEntries << QStringLiteral("notadir");
    }
    const test::ProcessResult r = test::runCli(commandArgs(command, out), kRunTimeoutMs);
    QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QVERIFY2(r.finished, qPrintable(test::describe(r)));
    QVERIFY2(r.exitCode != 0, qPrintable(test::describe(r)));
    // One clear message naming the file.
    QVERIFY2(r.errText().contains(out), qPrintable(test::describe(r)));
    QCOMPARE(entries(dir), expectedEntries);
    QCOMPARE(QFileInfo(dir + QStringLiteral("/notadir")).size(), 0);
}

void TestCrashSafety::fullDisk_data()
{
    QTest::addColumn<QString>("command");
    for (const char *cmd : {"train", "predict", "explain", "convert"})
        QTest::newRow(cmd) << QString::fromLatin1(cmd);
}

void TestCrashSafety::fullDisk()
{
    // A private copy of /dev/full (char 1:7: every write fails with ENOSPC) in a temporary folder,
    // so a regression that renames a file over the output cannot damage the real /dev/full.
    QFETCH(QString, command);
    const QString dir = m_dir.filePath(QStringLiteral("full-") + command);
    QVERIFY(QDir().mkpath(dir));
    const QString out = dir + QStringLiteral("/full");
    if (::mknod(QFile::encodeName(out).constData(), S_IFCHR | 0666, makedev(1, 7)) != 0)
        QSKIP(
            qPrintable(QStringLiteral("cannot create a /dev/full device node (%1): needs root with CAP_MKNOD")
                           .arg(QString::fromLocal8Bit(strerror(errno)))));
    {
        QFile probe(out);
        if (!probe.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
            QSKIP("device nodes cannot be opened here (nodev mount)");
    }
    const test::ProcessResult r = test::runCli(commandArgs(command, out), kRunTimeoutMs);
    QVERIFY2(r.finished, qPrintable(test::describe(r)));
    QVERIFY2(r.exitCode != 0, qPrintable(test::describe(r)));
    QVERIFY2(r.errText().contains(out), qPrintable(test::describe(r)));
    QVERIFY2(r.errText().contains(QLatin1String("No space left on device")), qPrintable(test::describe(r)));
    QVERIFY2(isCharDevice(out), "the device node was replaced by a regular file");
    // Nothing else was written; a training run keeps its checkpoint (complete) to resume from.
    QStringList expected{QStringLiteral("full")};
    if (command == QLatin1String("train")) {
        expected << QStringLiteral("full.ckpt");
        decodeFile(out + QStringLiteral(".ckpt"));
    }
    QCOMPARE(entries(dir), expected);
}

void TestCrashSafety::fileSizeLimit_data()
{
    fullDisk_data();
}

void TestCrashSafety::fileSizeLimit()
{
    // The disk fills up part-way through the write: the child may write at most kLimit bytes per
    // file (RLIMIT_FSIZE; writes beyond fail with EFBIG, SIGXFSZ ignored), which also works as root.
    // The old file at the output path must survive untouched and no temporary file may remain.
    QFETCH(QString, command);
    constexpr rlim_t kLimit = 16; // smaller than any model, PNG or CSV the commands write
    const QString dir = m_dir.filePath(QStringLiteral("fsize-") + command);
    QVERIFY(QDir().mkpath(dir));
    const QString out = dir + QLatin1Char('/') + outName(command);
    const QByteArray old("previous complete output\n");
    {
        QFile f(out);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(old), old.size());
    }
    const test::ProcessResult r = test::runCli(commandArgs(command, out), kRunTimeoutMs, [] {
        ::signal(SIGXFSZ, SIG_IGN);
        const rlimit lim{kLimit, kLimit};
        ::setrlimit(RLIMIT_FSIZE, &lim);
    });
    QVERIFY2(r.finished, qPrintable(test::describe(r)));
    QVERIFY2(r.exitCode != 0, qPrintable(test::describe(r)));
    QVERIFY2(r.errText().contains(out), qPrintable(test::describe(r)));
    QCOMPARE(fileBytes(out), old);
    QCOMPARE(entries(dir), QStringList{outName(command)});
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "test_crashsafety.moc"
