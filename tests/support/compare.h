#pragma once

#include <QString>
#include <QtTest/QTest>

#include <cmath>

/// Verifies |actual - expected| <= tolerance, naming the expression and both values (12
/// significant digits) in the failure message. NaN never passes.
#define COMPARE_NEAR(actual, expected, tolerance)                                                            \
    do {                                                                                                     \
        const double a_ = (actual), e_ = (expected);                                                         \
        QVERIFY2(std::abs(a_ - e_) <= (tolerance), qPrintable(QStringLiteral("%1 = %2, expected %3")         \
                                                                  .arg(QStringLiteral(#actual))              \
                                                                  .arg(a_, 0, 'g', 12)                       \
                                                                  .arg(e_, 0, 'g', 12)));                    \
    } while (false)
