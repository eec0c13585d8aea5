// Runs a fuzz target's LLVMFuzzerTestOneInput over files and folders without libFuzzer, so the
// inputs that once crashed it (tests/fuzz/regressions/<target>/) and the seed corpus stay tests in
// the ordinary build. Exit 0 when every input ran; a crash fails the CTest test.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTextStream>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

int main(int argc, char *argv[])
{
    int count = 0;
    for (int i = 1; i < argc; ++i) {
        QStringList files;
        const QString arg = QString::fromLocal8Bit(argv[i]);
        if (QFileInfo(arg).isDir()) {
            for (QDirIterator it(arg, QDir::Files, QDirIterator::Subdirectories); it.hasNext();)
                files << it.next();
        } else {
            files << arg;
        }
        files.sort();
        for (const QString &file : files) {
            QFile f(file);
            if (!f.open(QIODevice::ReadOnly)) {
                QTextStream(stderr) << "replay: cannot read " << file << '\n';
                return 1;
            }
            const QByteArray bytes = f.readAll();
            QTextStream(stdout) << "replay: " << QFileInfo(file).fileName() << " (" << bytes.size()
                                << " bytes)\n";
            LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t *>(bytes.constData()),
                                   std::size_t(bytes.size()));
            ++count;
        }
    }
    QTextStream(stdout) << "replay: " << count << " input(s), no crash\n";
    return 0;
}
