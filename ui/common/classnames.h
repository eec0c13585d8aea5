#pragma once

#include <QString>

namespace chestlens::ui {

/// The name shown for a model class: the four bundled classes get translated, readable names
/// ("covid" → "COVID-19"); any other class name of an imported model is shown as stored.
QString displayClassName(const QString &className);

} // namespace chestlens::ui
