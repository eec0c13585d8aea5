#pragma once

#include "core/ml/torchinclude_p.h"

namespace chestlens::ml {

/// One step of the exponential moving average of a network's weights: for every parameter and
/// floating-point buffer (batch-norm running statistics, so they match the averaged weights)
/// average <- decay * average + (1 - decay) * current; integer buffers (batch counters) are
/// copied. Both modules must have the same structure.
void updateAverage(torch::nn::Module &average, const torch::nn::Module &current, double decay);

} // namespace chestlens::ml
