// Tiny end-to-end training runs on real films: model written, checkpoint resumable, and each
// training option (weight averaging, ensembles, source balance and adversary, mixup) reaching the
// weights and the recorded recipe; invalid data and options refused.
#include "core/error.h"
#include "core/ml/classifier.h"
#include "core/ml/modelfile_p.h"
#include "core/ml/trainer.h"
#include "support/testdata.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <functional>

using namespace chestlens;

class TestTrainer : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_data;

    TrainOptions tinyOptions(const QString &out) const
    {
        TrainOptions o;
        o.dataDir = m_data;
        o.outPath = out;
        o.arch = QStringLiteral("seed");
        o.imageSize = 64;
        o.epochs = 2;
        o.batch = 8;
        o.threads = 2;
        o.seed = 7;
        return o;
    }

    /// Copies the files below `from` to `to`, keeping sub-folders.
    static bool copyTree(const QString &from, const QString &to)
    {
        QDirIterator it(from, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            const QString target = to + QLatin1Char('/') + QDir(from).relativeFilePath(file);
            if (!QDir().mkpath(QFileInfo(target).absolutePath()) || !QFile::copy(file, target))
                return false;
        }
        return true;
    }

    /// The weights a model file holds; empty when it cannot be read.
    static QByteArray weightsOf(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? ml::decodeModelFile(path, f.readAll()).weights : QByteArray();
    }

    /// Trains `first`, then `first` changed by `change` and written to `name` in the test folder;
    /// returns both files' weights.
    QPair<QByteArray, QByteArray> trainBoth(const TrainOptions &first, const QString &name,
                                            const std::function<void(TrainOptions &)> &change,
                                            TrainOptions *second = nullptr)
    {
        TrainOptions other = first;
        other.outPath = m_tmp.filePath(name);
        change(other);
        Trainer(first).run();
        Trainer(other).run();
        if (second)
            *second = other;
        return {weightsOf(first.outPath), weightsOf(other.outPath)};
    }

    /// The message of the error `o` is refused with; "(trained: not refused)" when the run went
    /// through.
    static QString refusalOf(const TrainOptions &o)
    {
        try {
            Trainer(o).run();
        } catch (const Error &e) {
            return e.message();
        }
        return QStringLiteral("(trained: not refused)");
    }

    /// The training options a model file records.
    static QJsonObject recipeOf(const QString &path)
    {
        return Classifier::load(path)
            ->info()
            .metadata.value(QStringLiteral("training"))
            .toObject()
            .value(QStringLiteral("options"))
            .toObject();
    }

private Q_SLOTS:
    void initTestCase()
    {
        CHESTLENS_REQUIRE_DATA(cxr4, "cxr4");
        // 12 films from each of three classes, nested one level deep for one class.
        m_data = m_tmp.filePath(QStringLiteral("data"));
        const QString copied = chestlens::test::copySmallLabelledFolder(cxr4, m_data);
        QVERIFY2(copied.isEmpty(), qPrintable(copied));
    }

    void trainWritesSelfDescribingModel()
    {
        const QString out = m_tmp.filePath(QStringLiteral("tiny.clm"));
        int epochs = 0, batches = 0;
        TrainCallbacks cb;
        cb.onEpoch = [&](const EpochProgress &) { ++epochs; };
        cb.onBatch = [&](const BatchProgress &b) {
            ++batches;
            QVERIFY(b.imagesPerSecond > 0);
        };
        const TrainResult r = Trainer(tinyOptions(out)).run(cb);
        QCOMPARE(epochs, 2);
        QVERIFY(batches >= 2 * 3);
        QVERIFY(!r.cancelled);
        QCOMPARE(r.epochsRun, 2);
        QVERIFY(QFile::exists(out));
        QVERIFY2(!QFile::exists(Trainer::checkpointPathFor(out)), "a finished run leaves no checkpoint");
        QCOMPARE(r.trainImages + r.valImages, 36);
        QVERIFY(r.temperature > 0.0);

        const auto c = Classifier::load(out);
        const ModelInfo &info = c->info();
        QCOMPARE(info.classes, QStringList({QStringLiteral("covid"), QStringLiteral("normal"),
                                            QStringLiteral("tuberculosis")}));
        QCOMPARE(info.preprocessing.imageSize, 64);
        const QJsonObject training = info.metadata.value(QStringLiteral("training")).toObject();
        QCOMPARE(training.value(QStringLiteral("split"))
                     .toObject()
                     .value(QStringLiteral("train"))
                     .toArray()
                     .size(),
                 r.trainImages);
        QCOMPARE(
            training.value(QStringLiteral("split")).toObject().value(QStringLiteral("val")).toArray().size(),
            r.valImages);
        QCOMPARE(training.value(QStringLiteral("manifest_sha256")).toString().size(), 64);
        QCOMPARE(training.value(QStringLiteral("history")).toArray().size(), 2);
        const QJsonObject val = info.validationMetrics();
        for (const char *key : {"classes", "n", "accuracy", "macro_f1", "per_class", "confusion", "ece"})
            QVERIFY2(val.contains(QLatin1String(key)), key);
        QCOMPARE(val.value(QStringLiteral("n")).toInt(), r.valImages);
    }

    void cancelThenResumeContinuesFromCheckpoint()
    {
        const QString out = m_tmp.filePath(QStringLiteral("resumed.clm"));
        TrainOptions o = tinyOptions(out);
        o.epochs = 3;
        o.patience = 10;
        std::atomic<bool> cancel{false};
        TrainCallbacks cb;
        cb.onEpoch = [&](const EpochProgress &e) {
            if (e.epoch == 1)
                cancel = true; // stop within the next batch
        };
        const TrainResult first = Trainer(o).run(cb, &cancel);
        QVERIFY(first.cancelled);
        QCOMPARE(first.epochsRun, 1);
        QVERIFY2(QFile::exists(out), "a cancelled run keeps the best model so far");
        const QString ckpt = Trainer::checkpointPathFor(out);
        QVERIFY(QFile::exists(ckpt));

        TrainOptions resume;
        resume.resumeFrom = ckpt;
        resume.threads = 2;
        QList<int> epochsSeen;
        TrainCallbacks cb2;
        cb2.onEpoch = [&](const EpochProgress &e) { epochsSeen << e.epoch; };
        const TrainResult second = Trainer(resume).run(cb2);
        QCOMPARE(epochsSeen, QList<int>({2, 3}));
        QCOMPARE(second.epochsRun, 3);
        const auto c = Classifier::load(out);
        const QJsonObject training = c->info().metadata.value(QStringLiteral("training")).toObject();
        QCOMPARE(training.value(QStringLiteral("history")).toArray().size(), 3);
        // Same split as the interrupted run.
        QCOMPARE(second.valImages, first.valImages);
    }

    /// The model file holds the weight average, not the last step's weights: the same run with
    /// averaging off writes other weights, and the decay is recorded with the recipe. A decay
    /// outside [0, 1) is refused.
    void weightAverageIsWhatTheFileHolds()
    {
        TrainOptions plain = tinyOptions(m_tmp.filePath(QStringLiteral("plain.clm")));
        plain.emaDecay = 0;
        plain.patience = 0;
        TrainOptions averaged;
        const auto [a, b] = trainBoth(
            plain, QStringLiteral("averaged.clm"), [](TrainOptions &o) { o.emaDecay = 0.9; }, &averaged);
        QVERIFY(!a.isEmpty() && !b.isEmpty());
        QCOMPARE(a.size(), b.size());
        QVERIFY2(a != b, "averaging changed nothing");
        QCOMPARE(recipeOf(plain.outPath).value(QStringLiteral("ema_decay")).toDouble(-1), 0.0);
        QCOMPARE(recipeOf(averaged.outPath).value(QStringLiteral("ema_decay")).toDouble(-1), 0.9);

        TrainOptions bad = plain;
        bad.outPath = m_tmp.filePath(QStringLiteral("bad.clm"));
        bad.emaDecay = 1.0;
        const QString why = refusalOf(bad);
        QVERIFY2(why.contains(QStringLiteral("ema-decay")), qPrintable(why));
        QVERIFY(!QFile::exists(bad.outPath));
    }

    /// --ensemble 2: two members on one split, with different weights; the file holds both, its
    /// probabilities are the average of the members' (checked against the member files, kept here
    /// by cancelling), and its temperature is fitted on that average.
    void ensembleAveragesItsMembers()
    {
        const QString out = m_tmp.filePath(QStringLiteral("ensemble.clm"));
        TrainOptions o = tinyOptions(out);
        o.ensemble = 2;
        o.epochs = 2;
        o.patience = 0;
        QList<QPair<int, int>> seen; // (member, epoch)
        std::atomic<bool> cancel{false};
        TrainCallbacks cb;
        cb.onEpoch = [&](const EpochProgress &e) {
            seen << qMakePair(e.member, e.epoch);
            QCOMPARE(e.members, 2);
            if (e.member == 2 && e.epoch == 1)
                cancel = true; // member 2 stops after its first epoch
        };
        const TrainResult cut = Trainer(o).run(cb, &cancel);
        QVERIFY(cut.cancelled);
        QCOMPARE(seen, (QList<QPair<int, int>>{{1, 1}, {1, 2}, {2, 1}}));
        const QString m1 = out + QStringLiteral(".member1"), m2 = out + QStringLiteral(".member2");
        QVERIFY2(QFile::exists(out) && QFile::exists(m1) && QFile::exists(m2),
                 "a cancelled ensemble keeps its members");
        QVERIFY(QFile::exists(Trainer::checkpointPathFor(m2)));

        // The same command again: member 1 is reused, member 2 continues at epoch 2.
        seen.clear();
        QStringList logs;
        cb.onLog = [&](const QString &m) { logs << m; };
        const TrainResult r = Trainer(o).run(cb);
        QVERIFY(!r.cancelled);
        QCOMPARE(seen, (QList<QPair<int, int>>{{2, 2}}));
        QVERIFY2(logs.filter(QStringLiteral("member 1/2: reusing")).size() == 1,
                 qPrintable(logs.join(QLatin1Char('\n'))));
        QVERIFY2(!QFile::exists(m1) && !QFile::exists(m2), "a finished ensemble removes its member files");
        QCOMPARE(r.epochsRun, 4);

        const ml::LoadedModel ensemble = ml::loadModel(out);
        QCOMPARE(ensemble.spec.members, 2);
        const QJsonObject training = ensemble.info.metadata.value(QStringLiteral("training")).toObject();
        QCOMPARE(training.value(QStringLiteral("members")).toArray().size(), 2);
        QCOMPARE(
            training.value(QStringLiteral("options")).toObject().value(QStringLiteral("ensemble")).toInt(),
            2);

        // Hand-computed average over the two members' own networks.
        const auto children = ensemble.net->named_children();
        QCOMPARE(children.size(), std::size_t(2));
        const torch::Tensor x = torch::rand({3, 1, 64, 64}) * 4 - 2;
        torch::NoGradGuard noGrad;
        ensemble.net->eval();
        const torch::Tensor pA =
            torch::softmax(std::dynamic_pointer_cast<ml::ChestNetImpl>(children["member1"])->forward(x), 1);
        const torch::Tensor pB =
            torch::softmax(std::dynamic_pointer_cast<ml::ChestNetImpl>(children["member2"])->forward(x), 1);
        QVERIFY2(!torch::allclose(pA, pB, 1e-4, 1e-5), "the members have the same weights");
        const torch::Tensor pE = torch::softmax(ensemble.net->forward(x), 1);
        QVERIFY(torch::allclose(pE, (pA + pB) / 2, 1e-4, 1e-6));

        // Predictions through the public API are valid probabilities.
        const auto c = Classifier::load(out);
        QCOMPARE(c->info().temperature, r.temperature);
        QCOMPARE(c->info().validationMetrics().value(QStringLiteral("n")).toInt(), r.valImages);
    }

    /// --source-balance reaches the loss: on a folder whose covid films come from two hospitals
    /// (sub-folders a/ with 9 films and b/ with 3), balancing writes other weights than the same run
    /// without it, and the recipe records the setting. A class of one source is left alone.
    /// A folder whose covid films come from two sources (sub-folders a: 9 films, b: 3) and whose
    /// normal films have none; made on first use under `name`. Empty when it could not be made.
    QString sourcedFolder(const QString &name = QStringLiteral("sourced"))
    {
        const QString data = m_tmp.filePath(name);
        if (QDir(data).exists())
            return data;
        const QString cxr4 = test::dataPath(QStringLiteral("cxr4"));
        const QStringList covid = QDir(cxr4 + QStringLiteral("/covid"))
                                      .entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
        const QStringList normal = QDir(cxr4 + QStringLiteral("/normal"))
                                       .entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
        if (covid.size() < 12 || normal.size() < 12)
            return QString();
        bool ok = true;
        for (const QString &d :
             {QStringLiteral("/covid/a"), QStringLiteral("/covid/b"), QStringLiteral("/normal")})
            ok = ok && QDir().mkpath(data + d);
        for (int i = 0; i < 12 && ok; ++i) {
            ok = QFile::copy(cxr4 + QStringLiteral("/covid/") + covid[i],
                             data + (i < 9 ? QStringLiteral("/covid/a/") : QStringLiteral("/covid/b/")) +
                                 covid[i]) &&
                 QFile::copy(cxr4 + QStringLiteral("/normal/") + normal[i],
                             data + QStringLiteral("/normal/") + normal[i]);
        }
        return ok ? data : QString();
    }

    void sourceBalanceReachesTheLoss()
    {
        const QString data = sourcedFolder();
        QVERIFY(!data.isEmpty());
        QCOMPARE(QDir(data + QStringLiteral("/covid/b")).entryList(QDir::Files).size(), 3);
        TrainOptions off = tinyOptions(m_tmp.filePath(QStringLiteral("balance-off.clm")));
        off.dataDir = data;
        off.epochs = 1;
        off.sourceBalance = 0;
        TrainOptions on = off;
        on.outPath = m_tmp.filePath(QStringLiteral("balance-on.clm"));
        on.sourceBalance = 1;
        QStringList logs;
        TrainCallbacks cb;
        cb.onLog = [&logs](const QString &m) { logs << m; };
        Trainer(off).run();
        Trainer(on).run(cb);
        const QString line = logs.filter(QStringLiteral("source balance")).value(0);
        QVERIFY2(line.contains(QStringLiteral("covid/a")) && line.contains(QStringLiteral("covid/b")),
                 qPrintable(line));
        QVERIFY2(line.contains(QStringLiteral("normal/? ")) && line.contains(QStringLiteral("x1.00")),
                 qPrintable(line));
        const QByteArray a = weightsOf(off.outPath), b = weightsOf(on.outPath);
        QVERIFY(!a.isEmpty() && a.size() == b.size());
        QVERIFY2(a != b, "source balancing changed nothing");
        QCOMPARE(recipeOf(on.outPath).value(QStringLiteral("source_balance")).toDouble(-1), 1.0);
    }

    /// With two covid sources the adversary trains and changes the classifier, its source accuracy
    /// is in the history and its weight in the recipe; on a folder where every class has a single
    /// source it stays out, and the weights are exactly those of a run without it.
    void sourceAdversaryReachesTheClassifier()
    {
        TrainOptions off = tinyOptions(m_tmp.filePath(QStringLiteral("adv-off.clm")));
        off.dataDir = sourcedFolder();
        QVERIFY(!off.dataDir.isEmpty());
        off.epochs = 1;
        TrainOptions on = off;
        on.outPath = m_tmp.filePath(QStringLiteral("adv-on.clm"));
        on.sourceAdversary = 1.0;
        QStringList logs;
        TrainCallbacks cb;
        cb.onLog = [&logs](const QString &m) { logs << m; };
        Trainer(off).run();
        Trainer(on).run(cb);
        const QString line = logs.filter(QStringLiteral("source adversary")).value(0);
        QVERIFY2(line.contains(QStringLiteral("1 of 2 classes")) &&
                     line.contains(QStringLiteral("((none), a, b)")),
                 qPrintable(line));
        const QByteArray a = weightsOf(off.outPath), b = weightsOf(on.outPath);
        QVERIFY(!a.isEmpty() && a.size() == b.size());
        QVERIFY2(a != b, "the source adversary changed nothing");
        QCOMPARE(recipeOf(on.outPath).value(QStringLiteral("source_adversary")).toDouble(-1), 1.0);
        QCOMPARE(TrainOptions::fromJson(QJsonObject{}).sourceAdversary, 0.0);
        const QJsonArray history = Classifier::load(on.outPath)
                                       ->info()
                                       .metadata.value(QStringLiteral("training"))
                                       .toObject()
                                       .value(QStringLiteral("history"))
                                       .toArray();
        const double advAcc =
            history.at(0).toObject().value(QStringLiteral("source_adversary_accuracy")).toDouble(-1);
        QVERIFY2(advAcc >= 0 && advAcc <= 1, qPrintable(QString::number(advAcc)));

        // m_data: covid and tuberculosis have no sub-source, normal only "sub".
        TrainOptions plain = tinyOptions(m_tmp.filePath(QStringLiteral("adv-none-off.clm")));
        plain.epochs = 1;
        TrainOptions idle = plain;
        idle.outPath = m_tmp.filePath(QStringLiteral("adv-none-on.clm"));
        idle.sourceAdversary = 1.0;
        logs.clear();
        Trainer(plain).run();
        Trainer(idle).run(cb);
        QVERIFY2(!logs.filter(QStringLiteral("no class has two sources")).isEmpty(),
                 qPrintable(logs.join(QLatin1Char('\n'))));
        const QByteArray c = weightsOf(plain.outPath);
        QVERIFY(!c.isEmpty());
        QCOMPARE(weightsOf(idle.outPath), c);

        TrainOptions both = on;
        both.outPath = m_tmp.filePath(QStringLiteral("adv-mixup.clm"));
        both.mixup = 0.4;
        const QString why = refusalOf(both);
        QVERIFY2(why.contains(QStringLiteral("--source-adversary")), qPrintable(why));
        QVERIFY(!QFile::exists(both.outPath));

        TrainOptions spread = on;
        spread.outPath = m_tmp.filePath(QStringLiteral("adv-ranks.clm"));
        spread.worldSize = 2;
        spread.master = QStringLiteral("127.0.0.1:1");
        const QString whySpread = refusalOf(spread);
        QVERIFY2(whySpread.contains(QStringLiteral("one process")), qPrintable(whySpread));
    }

    /// The adversary's weights and optimiser state survive an interruption: a run cancelled after
    /// its first epoch and resumed ends with the validation losses of the uninterrupted run.
    void sourceAdversaryResumesWhereItStopped()
    {
        TrainOptions o = tinyOptions(m_tmp.filePath(QStringLiteral("adv-straight.clm")));
        o.dataDir = sourcedFolder();
        QVERIFY(!o.dataDir.isEmpty());
        o.epochs = 3;
        o.patience = 0;
        o.sourceAdversary = 2.0;
        Trainer(o).run();
        TrainOptions cut = o;
        cut.outPath = m_tmp.filePath(QStringLiteral("adv-cut.clm"));
        std::atomic<bool> cancel{false};
        TrainCallbacks cb;
        cb.onEpoch = [&](const EpochProgress &e) {
            if (e.epoch == 1)
                cancel = true;
        };
        QVERIFY(Trainer(cut).run(cb, &cancel).cancelled);
        TrainOptions resume;
        resume.resumeFrom = Trainer::checkpointPathFor(cut.outPath);
        resume.threads = 2;
        Trainer(resume).run();
        auto lossesOf = [](const QString &path) {
            QList<double> l;
            for (const auto &e : Classifier::load(path)
                                     ->info()
                                     .metadata.value(QStringLiteral("training"))
                                     .toObject()
                                     .value(QStringLiteral("history"))
                                     .toArray())
                l << e.toObject().value(QStringLiteral("val_loss")).toDouble();
            return l;
        };
        const QList<double> straight = lossesOf(o.outPath), resumed = lossesOf(cut.outPath);
        QCOMPARE(resumed.size(), 3);
        QCOMPARE(straight.size(), 3);
        for (int e = 0; e < 3; ++e)
            QVERIFY2(std::abs(straight[e] - resumed[e]) <= 1e-4 * std::max(1.0, std::abs(straight[e])),
                     qPrintable(QStringLiteral("epoch %1: %2 resumed vs %3")
                                    .arg(e + 1)
                                    .arg(resumed[e])
                                    .arg(straight[e])));

        // Resuming on the same films with other sources is refused (here a manifest names the
        // covid/b films' source after their file-name prefix): the restored adversary would answer
        // for sources it never saw.
        TrainOptions again = o;
        again.outPath = m_tmp.filePath(QStringLiteral("adv-again.clm"));
        cancel = false;
        QVERIFY(Trainer(again).run(cb, &cancel).cancelled);
        TrainOptions moved;
        moved.resumeFrom = Trainer::checkpointPathFor(again.outPath);
        moved.dataDir = sourcedFolder(QStringLiteral("sourced-manifest"));
        QVERIFY(!moved.dataDir.isEmpty());
        QFile manifest(moved.dataDir + QStringLiteral("/MANIFEST.csv"));
        QVERIFY(manifest.open(QIODevice::WriteOnly));
        manifest.write("file,source_dataset\n");
        const QStringList renamed =
            QDir(moved.dataDir + QStringLiteral("/covid/b")).entryList(QDir::Files, QDir::Name);
        QCOMPARE(renamed.size(), 3);
        QVERIFY(renamed.front().startsWith(QStringLiteral("hannover_")));
        for (const QString &f : renamed)
            manifest.write(QStringLiteral("covid/b/%1,Hannover\n").arg(f).toUtf8());
        manifest.close();
        moved.threads = 2;
        const QString why = refusalOf(moved);
        QVERIFY2(why.contains(QStringLiteral("[(none), a, b]")) &&
                     why.contains(QStringLiteral("[(none), a, hannover]")),
                 qPrintable(why));
    }

    /// --mixup reaches training (other weights than without it), is recorded in the recipe and is
    /// range-checked.
    void mixupReachesTheLoss()
    {
        TrainOptions off = tinyOptions(m_tmp.filePath(QStringLiteral("mixup-off.clm")));
        off.epochs = 1;
        off.augment = false; // the mixup draws are then the only use of the augmentation stream
        TrainOptions on;
        const auto [a, b] = trainBoth(
            off, QStringLiteral("mixup-on.clm"), [](TrainOptions &o) { o.mixup = 0.4; }, &on);
        QVERIFY(!a.isEmpty() && a.size() == b.size());
        QVERIFY2(a != b, "mixup changed nothing");
        const QJsonObject recipe = recipeOf(on.outPath);
        QCOMPARE(recipe.value(QStringLiteral("mixup")).toDouble(-1), 0.4);
        QCOMPARE(TrainOptions::fromJson(recipe).mixup, 0.4);
        // Recipes and checkpoints written before mixup and the centre crop existed resume as they
        // trained: no mixup, stretched films.
        QCOMPARE(TrainOptions::fromJson(QJsonObject{}).mixup, 0.0);
        QCOMPARE(TrainOptions::fromJson(QJsonObject{}).centreCrop, false);
        QCOMPARE(TrainOptions::fromJson(on.toJson()).centreCrop, on.centreCrop);

        TrainOptions bad = off;
        bad.outPath = m_tmp.filePath(QStringLiteral("mixup-bad.clm"));
        bad.mixup = -1;
        const QString why = refusalOf(bad);
        QVERIFY2(why.contains(QStringLiteral("mixup")), qPrintable(why));
    }

    void ensembleRefusesResumeFlag()
    {
        TrainOptions o = tinyOptions(m_tmp.filePath(QStringLiteral("ens-resume.clm")));
        o.ensemble = 3;
        o.resumeFrom = m_tmp.filePath(QStringLiteral("whatever.ckpt"));
        const QString why = refusalOf(o);
        QVERIFY2(why.contains(QStringLiteral("same train command")), qPrintable(why));
    }

    void sameSeedSameSplit()
    {
        const auto splitOf = [&](quint64 seed) {
            TrainOptions o = tinyOptions(m_tmp.filePath(QStringLiteral("s%1.clm").arg(seed)));
            o.epochs = 1;
            o.seed = seed;
            Trainer(o).run();
            return Classifier::load(o.outPath)
                ->info()
                .metadata.value(QStringLiteral("training"))
                .toObject()
                .value(QStringLiteral("split"))
                .toObject();
        };
        const QJsonObject a = splitOf(11), b = splitOf(11), c = splitOf(12);
        QCOMPARE(a.value(QStringLiteral("val")), b.value(QStringLiteral("val")));
        QVERIFY(a.value(QStringLiteral("val")) != c.value(QStringLiteral("val")));
    }

    void invalidInputsAreRefused_data()
    {
        QTest::addColumn<QString>("layout");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing folder") << QStringLiteral("missing") << QStringLiteral("does not exist");
        QTest::newRow("one class only") << QStringLiteral("one") << QStringLiteral("class");
        QTest::newRow("empty") << QStringLiteral("empty") << QStringLiteral("");
    }
    void invalidInputsAreRefused()
    {
        QFETCH(QString, layout);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QString data = dir.filePath(QStringLiteral("d"));
        if (layout == QLatin1String("one")) {
            QDir().mkpath(data + QStringLiteral("/covid"));
            const QString src = m_data + QStringLiteral("/covid");
            for (const QString &f : QDir(src).entryList(QDir::Files))
                QFile::copy(src + QLatin1Char('/') + f, data + QStringLiteral("/covid/") + f);
        } else if (layout == QLatin1String("empty")) {
            QDir().mkpath(data + QStringLiteral("/a"));
            QDir().mkpath(data + QStringLiteral("/b"));
        }
        TrainOptions o = tinyOptions(dir.filePath(QStringLiteral("x.clm")));
        o.dataDir = data;
        try {
            Trainer(o).run();
            QFAIL("training started on invalid data");
        } catch (const Error &e) {
            QVERIFY2(e.message().contains(data), qPrintable(e.message()));
            QVERIFY2(e.message().contains(expected, Qt::CaseInsensitive), qPrintable(e.message()));
        }
        QVERIFY(!QFile::exists(o.outPath));
    }

    /// Retraining (--from): a resnet parent on three classes; a child on two of them with the
    /// backbone frozen keeps every backbone weight of the parent bit for bit and records its
    /// parent; a child on the same classes continues the parent's classifier.
    void retrainFromModel()
    {
        const QString parentPath = m_tmp.filePath(QStringLiteral("parent.clm"));
        TrainOptions p = tinyOptions(parentPath);
        p.arch = QStringLiteral("resnet");
        p.width = 8;
        p.epochs = 1;
        Trainer(p).run();
        const ml::LoadedModel parent = ml::loadModel(parentPath);

        const QString twoClasses = m_tmp.filePath(QStringLiteral("two"));
        for (const QString &cls : {QStringLiteral("normal"), QStringLiteral("tuberculosis")})
            QVERIFY(copyTree(m_data + QLatin1Char('/') + cls, twoClasses + QLatin1Char('/') + cls));
        TrainOptions c = tinyOptions(m_tmp.filePath(QStringLiteral("child.clm")));
        c.arch.clear();
        c.dataDir = twoClasses;
        c.fromModel = parentPath;
        c.freeze = QStringLiteral("backbone");
        c.epochs = 1;
        Trainer(c).run();
        const ml::LoadedModel child = ml::loadModel(c.outPath);
        QCOMPARE(child.spec.name, QStringLiteral("resnet"));
        QCOMPARE(child.info.classes, QStringList({QStringLiteral("normal"), QStringLiteral("tuberculosis")}));
        const QJsonObject start = child.info.metadata.value(QStringLiteral("training"))
                                      .toObject()
                                      .value(QStringLiteral("start"))
                                      .toObject();
        QCOMPARE(start.value(QStringLiteral("weights")).toString(), QStringLiteral("model"));
        QCOMPARE(start.value(QStringLiteral("sha256")).toString(), parent.info.sha256);
        QCOMPARE(start.value(QStringLiteral("classifier")).toString(), QStringLiteral("new"));
        QCOMPARE(start.value(QStringLiteral("classifier_rows_from_parent")).toArray().size(), 2);
        QVERIFY2(child.info.summary().contains(QStringLiteral("retrained from")),
                 qPrintable(child.info.summary()));
        int compared = 0;
        const auto parentParams = parent.net->named_parameters();
        for (const auto &w : child.net->named_parameters()) {
            if (w.key().rfind("fc.", 0) == 0)
                continue;
            QVERIFY2(torch::equal(w.value(), parentParams[w.key()]), w.key().c_str());
            ++compared;
        }
        QVERIFY(compared > 10);
        const auto childFc = child.net->named_parameters();
        QVERIFY2(!torch::equal(childFc["fc.weight"],
                               parentParams["fc.weight"].index_select(0, torch::tensor({1, 2}))),
                 "the new classifier did not learn");

        TrainOptions same = c;
        same.dataDir = m_data;
        same.freeze = QStringLiteral("none");
        same.outPath = m_tmp.filePath(QStringLiteral("same.clm"));
        Trainer(same).run();
        const QJsonObject sameStart = ml::loadModel(same.outPath)
                                          .info.metadata.value(QStringLiteral("training"))
                                          .toObject()
                                          .value(QStringLiteral("start"))
                                          .toObject();
        QCOMPARE(sameStart.value(QStringLiteral("classifier")).toString(), QStringLiteral("continued"));
    }
};

QTEST_GUILESS_MAIN(TestTrainer)
#include "test_trainer.moc"
