#pragma once

#include <QString>
#include <QStringList>
#include <QtTest/QTest>

namespace chestlens::test {

/// The shared data folder: $CHESTLENS_DATA if set, else ../shared/data beside the repository.
/// Empty when neither exists.
QString dataRoot();

/// dataRoot()/sub if it exists, else empty.
QString dataPath(const QString &sub);

/// The first `n` PNG films of the shared cxr4 set by file name, class after class (covid, normal,
/// pneumonia): absolute paths, fewer when the set has fewer, none when it is absent.
QStringList pngFilms(int n);

/// Builds a small labelled folder under `dst`: the first `perClass` PNG films (by name) of the
/// covid, normal and tuberculosis classes of `cxr4`, with normal one level deeper (dst/normal/sub)
/// so that nested class folders are exercised. Returns an empty string, or what went wrong.
QString copySmallLabelledFolder(const QString &cxr4, const QString &dst, int perClass = 12);

/// Path of the chestlens-cli built alongside the tests ($CHESTLENS_CLI, set by CTest).
QString cliPath();
/// A file of the source tree, e.g. "docs/examples/export_torchscript.py".
QString sourcePath(const QString &relative);

} // namespace chestlens::test

/// Skips the current test with a clear message when the shared data folder `sub` is absent.
#define CHESTLENS_REQUIRE_DATA(var, sub)                                                                     \
    const QString var = chestlens::test::dataPath(QStringLiteral(sub));                                      \
    if (var.isEmpty())                                                                                       \
    QSKIP(qPrintable(QStringLiteral("shared data '%1' not found: set CHESTLENS_DATA or place "               \
                                    "../shared/data beside the repository")                                  \
                         .arg(QStringLiteral(sub))))
