#pragma once

#include "core/ml/models_p.h"

#include <QStringList>

#include <string>

/// Moving learned weights from one network into another: the start of fine-tuning.
namespace chestlens::ml {

/// Copies every parameter and buffer of `from` into `to` whose name and shape agree, except those
/// whose name starts with `skipPrefix` (when not empty). A first convolution with three input
/// channels feeding one with one channel is summed over its input channels (a grey film as three
/// equal channels gives exactly that). Returns the names left as they were in `to` (the
/// classifier when the class sets differ).
QStringList transferWeights(ChestNetImpl &from, ChestNetImpl &to, const std::string &skipPrefix = {});

/// Copies the classifier rows (weights and bias) of the classes `to` shares with `from` by name;
/// returns the classes it copied. Both networks must have the same architecture.
QStringList copyClassifierRows(ChestNetImpl &from, const QStringList &fromClasses, ChestNetImpl &to,
                               const QStringList &toClasses);

} // namespace chestlens::ml
