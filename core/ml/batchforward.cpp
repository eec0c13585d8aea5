#include "core/ml/batchforward_p.h"

#include "core/ml/augment_p.h"

#include <algorithm>

namespace chestlens::ml {

std::vector<std::vector<float>> batchedLogits(ChestNetImpl &net, const torch::Tensor &images, int64_t batch)
{
    torch::NoGradGuard noGrad;
    net.eval();
    std::vector<std::vector<float>> out;
    const int64_t n = images.size(0);
    out.reserve(static_cast<std::size_t>(n));
    for (int64_t start = 0; start < n; start += batch) {
        const int64_t len = std::min(batch, n - start);
        const torch::Tensor x = normaliseInput(images.narrow(0, start, len).to(torch::kFloat32).div(255.0));
        const torch::Tensor logits = net.forward(x).contiguous();
        const int64_t k = logits.size(1);
        const float *p = logits.data_ptr<float>();
        for (int64_t i = 0; i < len; ++i)
            out.emplace_back(p + i * k, p + (i + 1) * k);
    }
    return out;
}

} // namespace chestlens::ml
