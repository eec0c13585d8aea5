#pragma once

#include <QString>
#include <QStringList>

namespace chestlens::cli {

/// The films below `dir`, recursively, recognised by their suffix (any case), sorted.
QStringList filmsInFolder(const QString &dir);

/// Films named on the command line, each folder replaced by filmsInFolder() of it. Files are
/// kept as given (a missing or unreadable one is reported when it is loaded). Folders holding no
/// film are appended to `emptyFolders` when given, so that the command can name them.
QStringList expandFilmArguments(const QStringList &inputs, QStringList *emptyFolders = nullptr);

class Context;

/// expandFilmArguments() with the messages of the film commands: each folder without films is
/// named on stderr (and appended to `emptyFolders`), and when no film is left at all, "`command`:
/// no films found in …" follows; the caller then exits with ExitFailed.
QStringList filmsOrReport(Context &ctx, const QString &command, const QStringList &inputs,
                          QStringList &emptyFolders);

} // namespace chestlens::cli
