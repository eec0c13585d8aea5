#include "ui/common/classnames.h"

#include <QCoreApplication>

namespace chestlens::ui {

QString displayClassName(const QString &className)
{
    const QString key = className.trimmed().toLower();
    if (key == QLatin1String("normal"))
        return QCoreApplication::translate("ClassNames", "Normal");
    if (key == QLatin1String("covid") || key == QLatin1String("covid-19") || key == QLatin1String("covid19"))
        return QCoreApplication::translate("ClassNames", "COVID-19");
    if (key == QLatin1String("pneumonia"))
        return QCoreApplication::translate("ClassNames", "Pneumonia");
    if (key == QLatin1String("tuberculosis") || key == QLatin1String("tb"))
        return QCoreApplication::translate("ClassNames", "Tuberculosis");
    return className;
}

} // namespace chestlens::ui
