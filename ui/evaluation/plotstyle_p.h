#pragma once

// Internal to ui/evaluation: the colours and number format that the evaluation view, its table and
// its plots share, so that a class drawn in the ROC plot and a number in the table look the same.

#include <QColor>
#include <QString>

namespace chestlens::ui {

/// Okabe & Ito's colour-blind-safe palette, ordered for contrast on light and dark backgrounds;
/// `i` wraps around.
QColor seriesColor(int i);

/// A metric as every table cell, summary and read-out shows it: three decimals, "—" when not finite.
QString metricText(double value);

} // namespace chestlens::ui
