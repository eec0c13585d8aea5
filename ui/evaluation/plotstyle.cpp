#include "ui/evaluation/plotstyle_p.h"

#include <cmath>
#include <iterator>

namespace chestlens::ui {

QColor seriesColor(int i)
{
    static const QColor colors[] = {QColor(0xE6, 0x9F, 0x00), QColor(0x56, 0xB4, 0xE9),
                                    QColor(0x00, 0x9E, 0x73), QColor(0xD5, 0x5E, 0x00),
                                    QColor(0xCC, 0x79, 0xA7), QColor(0x00, 0x72, 0xB2),
                                    QColor(0xF0, 0xE4, 0x42)};
    return colors[i % static_cast<int>(std::size(colors))];
}

QString metricText(double value)
{
    constexpr int kDecimals = 3;
    return std::isfinite(value) ? QString::number(value, 'f', kDecimals) : QStringLiteral("—");
}

} // namespace chestlens::ui
