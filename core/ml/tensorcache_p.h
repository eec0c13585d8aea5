#pragma once

#include "core/ml/applicability.h"
#include "core/ml/preprocess.h"
#include "core/ml/torchinclude_p.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <vector>

namespace chestlens::ml {

/// Preprocessed films held in memory as one N x 1 x S x S uint8 tensor: each film is decoded
/// once per run, and batches are slices of this tensor.
struct TensorCache
{
    torch::Tensor images; ///< uint8, N x 1 x S x S
    std::vector<int> labels;
    std::vector<int> itemIndex;          ///< index into the labelled folder's items, per row
    std::vector<InputGeometry> geometry; ///< where each row's input square lies on its film
    std::vector<Applicability> header;   ///< each row's film check (header, lung fields)
    QStringList failures;                ///< "file: cause" for films that could not be read
};

/// Decodes and preprocesses `paths` on `threads` threads (0 = all cores). Films that fail are
/// reported in `failures` and left out. `progress(done, total)` is called from worker threads.
/// `filmCheck` gives each row's `header` verdict (headerApplicability() without it); it is called
/// from the worker threads too.
TensorCache buildTensorCache(const std::vector<QString> &paths, const std::vector<int> &labels,
                             const std::vector<int> &itemIndex, const PreprocessOptions &options, int threads,
                             const std::function<void(int, int)> &progress = {},
                             const std::atomic<bool> *cancel = nullptr,
                             const std::function<Applicability(const Film &)> &filmCheck = {});

/// One preprocessed film as a 1 x 1 x S x S float tensor, normalised for the network.
torch::Tensor inputTensor(const PreparedImage &image);

} // namespace chestlens::ml
