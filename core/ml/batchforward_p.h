#pragma once

// The inference pass over a whole set of prepared films (a TensorCache's images), shared by
// evaluation, the audit and the trainer's validation.

#include "core/ml/models_p.h"
#include "core/ml/torchinclude_p.h"

#include <cstdint>
#include <vector>

namespace chestlens::ml {

/// Films per forward pass when a whole set is scored: 64 films of 1 x 128 x 128 float32 are 4 MB
/// of input, and the activations of the default resnet stay well under 100 MB.
constexpr int64_t kForwardBatch = 64;

/// The logits of every row of `images` (N x 1 x S x S uint8, 0-255, as TensorCache holds them),
/// in row order: each row is scaled to [0, 1] and normalised (normaliseInput()), and `net` runs in
/// eval mode without gradients, `batch` rows per forward pass (the last pass takes the rest).
/// Puts `net` in eval mode and leaves it there. `batch` >= 1.
std::vector<std::vector<float>> batchedLogits(ChestNetImpl &net, const torch::Tensor &images,
                                              int64_t batch = kForwardBatch);

} // namespace chestlens::ml
