#pragma once

#include <QList>
#include <QString>

class QCoreApplication;
class QSettings;

namespace chestlens::ui {

/// A user-interface language ChestLens ships a translation for.
struct Language
{
    QString code;       ///< "de", "fr", …; empty for "follow the system"
    QString nativeName; ///< shown in the menu in its own language ("Deutsch"), never translated
};

/// The languages offered under View ▸ Language: "System default" first (empty code), then English
/// (the source language) and every shipped translation.
QList<Language> availableLanguages();

/// The language setting ("" = system default), read from and written to QSettings key "ui/language".
QString languageSetting(const QSettings &settings);
void setLanguageSetting(QSettings &settings, const QString &code);

/// Installs ChestLens's and Qt's own translations for `code` (or for the system locale when `code`
/// is empty) on the application. English, or a language without a translation, installs nothing.
/// Translations are read from dataDirectory()/translations (chestlens_<code>.qm) and Qt's
/// translations folder (qtbase_<code>.qm, when the system has it). Returns the code that was
/// installed, or an empty string.
QString installTranslations(QCoreApplication &app, const QString &code);

} // namespace chestlens::ui
