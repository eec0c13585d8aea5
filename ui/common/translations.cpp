#include "ui/common/translations.h"

#include "core/paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace chestlens::ui {

namespace {

const QString kLanguageKey = QStringLiteral("ui/language");

QString translationsDirectory()
{
    return QDir(dataDirectory()).absoluteFilePath(QStringLiteral("translations"));
}

} // namespace

QList<Language> availableLanguages()
{
    QList<Language> languages{{QString(), QString()}, {QStringLiteral("en"), QStringLiteral("English")}};
    // Every compiled translation found at run time, named in its own language.
    const QStringList files =
        QDir(translationsDirectory()).entryList({QStringLiteral("chestlens_*.qm")}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const QString code = file.mid(10, file.size() - 13); // chestlens_<code>.qm
        QString name = QLocale(code).nativeLanguageName();
        if (!name.isEmpty())
            name[0] = name[0].toUpper();
        languages.append({code, name.isEmpty() ? code : name});
    }
    return languages;
}

QString languageSetting(const QSettings &settings)
{
    return settings.value(kLanguageKey).toString();
}

void setLanguageSetting(QSettings &settings, const QString &code)
{
    if (code.isEmpty())
        settings.remove(kLanguageKey);
    else
        settings.setValue(kLanguageKey, code);
}

QString installTranslations(QCoreApplication &app, const QString &code)
{
    const QLocale locale = code.isEmpty() ? QLocale::system() : QLocale(code);
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return {};
    auto *ours = new QTranslator(&app);
    // QTranslator::load(locale, …) tries the UI languages in order ("de_AT" → "de").
    if (!ours->load(locale, QStringLiteral("chestlens"), QStringLiteral("_"), translationsDirectory())) {
        delete ours;
        return {};
    }
    QCoreApplication::installTranslator(ours);
    // Qt's own strings (standard buttons, file dialogs), when the system has them.
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return ours->language();
}

} // namespace chestlens::ui
