// `chestlens-cli train` as a command line: usage errors are refused before any data is read.
// (Training itself: test_trainer; data-parallel ranks: test_distributed.)
#include "support/testdata.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace chestlens;

class TestCliTrain : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_data; ///< never read: the options are refused first

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_data = m_tmp.filePath(QStringLiteral("data"));
    }

    /// `train --fit` takes stretch or crop; anything else is a usage error naming the option.
    void trainRefusesAnUnknownFit()
    {
        const QString cli = test::cliPath();
        if (cli.isEmpty())
            QSKIP("CHESTLENS_CLI not set (run through ctest)");
        const QString out = m_tmp.filePath(QStringLiteral("squash.clm"));
        QProcess p;
        p.start(cli, {QStringLiteral("train"), QStringLiteral("--data"), m_data, QStringLiteral("--out"), out,
                      QStringLiteral("--fit"), QStringLiteral("squash")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("--fit must be stretch or crop")) &&
                     err.contains(QStringLiteral("squash")),
                 qPrintable(err));
        QVERIFY(!QFile::exists(out));
    }
};

QTEST_GUILESS_MAIN(TestCliTrain)
#include "test_cli_train.moc"
