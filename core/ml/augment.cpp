#include "core/ml/augment_p.h"

#include <algorithm>
#include <cmath>

namespace chestlens::ml {

namespace F = torch::nn::functional;

namespace {

torch::Tensor uniform(int64_t n, double lo, double hi, torch::Generator &gen)
{
    return torch::rand({n}, gen, torch::kFloat32) * (hi - lo) + lo;
}

} // namespace

torch::Tensor normaliseInput(const torch::Tensor &images01)
{
    return (images01 - 0.5) / 0.25;
}

torch::Tensor augmentBatch(const torch::Tensor &images, const AugmentOptions &o, torch::Generator &gen)
{
    const double s = o.strength;
    if (s <= 0.0)
        return images;
    const int64_t n = images.size(0);
    const int64_t side = images.size(2);

    // Geometry: one affine matrix per image (rotation, isotropic zoom, shift), sampled with
    // bilinear interpolation; out-of-film areas repeat the border rather than inventing black.
    const double pi = std::acos(-1.0);
    torch::Tensor angle = uniform(n, -o.maxRotationDeg * s, o.maxRotationDeg * s, gen) * (pi / 180.0);
    torch::Tensor zoom = uniform(n, -o.maxZoom * s, o.maxZoom * s, gen).exp();
    torch::Tensor tx = uniform(n, -o.maxShift * s, o.maxShift * s, gen) * 2.0; // grid units: [-1, 1]
    torch::Tensor ty = uniform(n, -o.maxShift * s, o.maxShift * s, gen) * 2.0;
    torch::Tensor cosA = angle.cos() / zoom;
    torch::Tensor sinA = angle.sin() / zoom;
    torch::Tensor theta =
        torch::stack({torch::stack({cosA, -sinA, tx}, 1), torch::stack({sinA, cosA, ty}, 1)}, 1);
    torch::Tensor grid = F::affine_grid(theta, {n, 1, side, side}, /*align_corners=*/false);
    torch::Tensor x = F::grid_sample(
        images, grid,
        F::GridSampleFuncOptions().mode(torch::kBilinear).padding_mode(torch::kBorder).align_corners(false));

    // Intensity: gamma, contrast around the image mean, brightness.
    torch::Tensor gamma = uniform(n, -o.maxLogGamma * s, o.maxLogGamma * s, gen).exp().view({n, 1, 1, 1});
    x = x.clamp(1e-4, 1.0).pow(gamma);
    torch::Tensor contrast =
        (1.0 + uniform(n, -o.maxContrast * s, o.maxContrast * s, gen)).view({n, 1, 1, 1});
    torch::Tensor brightness = uniform(n, -o.maxBrightness * s, o.maxBrightness * s, gen).view({n, 1, 1, 1});
    torch::Tensor mean = x.mean({2, 3}, true);
    x = (x - mean) * contrast + mean + brightness;

    // Blur a random subset with a 3x3 binomial kernel.
    torch::Tensor blurMask =
        (torch::rand({n, 1, 1, 1}, gen) < o.blurProbability * std::min(1.0, s)).to(torch::kFloat32);
    torch::Tensor kernel =
        torch::tensor({1.f, 2.f, 1.f, 2.f, 4.f, 2.f, 1.f, 2.f, 1.f}).view({1, 1, 3, 3}) / 16.0;
    torch::Tensor blurred =
        F::conv2d(F::pad(x, F::PadFuncOptions({1, 1, 1, 1}).mode(torch::kReplicate)), kernel);
    x = blurMask * blurred + (1.0 - blurMask) * x;

    // Sensor noise.
    torch::Tensor sigma = uniform(n, 0.0, o.maxNoise * s, gen).view({n, 1, 1, 1});
    x = x + torch::randn(x.sizes(), gen, torch::kFloat32) * sigma;

    // Erase one random corner patch (up to a quarter of each side) in a subset of images, so the
    // network cannot rely on corner markers and burnt-in text.
    torch::Tensor erase = torch::rand({n}, gen) < o.eraseProbability * std::min(1.0, s);
    auto eraseAcc = erase.accessor<bool, 1>();
    torch::Tensor corner = torch::randint(0, 4, {n}, gen);
    torch::Tensor extent = torch::randint(side / 8, std::max<int64_t>(side / 8 + 1, side / 4), {n, 2}, gen);
    for (int64_t i = 0; i < n; ++i) {
        if (!eraseAcc[i])
            continue;
        const auto h = extent[i][0].item<int64_t>();
        const auto w = extent[i][1].item<int64_t>();
        const auto c = corner[i].item<int64_t>();
        const int64_t y0 = (c & 1) ? side - h : 0;
        const int64_t x0 = (c & 2) ? side - w : 0;
        x[i].narrow(1, y0, h).narrow(2, x0, w).fill_(x[i].mean().item<float>());
    }
    return x.clamp(0.0, 1.0);
}

MixedBatch mixBatch(const torch::Tensor &images, double alpha, torch::Generator &gen)
{
    MixedBatch out;
    const int64_t n = images.size(0);
    out.partner = torch::arange(n, torch::kLong);
    out.images = images;
    if (n < 2)
        return out;
    const torch::Tensor g = at::_standard_gamma(torch::full({2}, alpha, torch::kFloat64), gen);
    const auto a = g[0].item<double>();
    const auto b = g[1].item<double>();
    const double l = a + b > 0 ? a / (a + b) : 0.5;
    out.ratio = std::max(l, 1.0 - l);
    out.partner = torch::randperm(n, gen, torch::kLong);
    out.images = images.mul(out.ratio).add(images.index_select(0, out.partner), 1.0 - out.ratio);
    return out;
}

torch::Tensor
mixupLoss(const MixedBatch &mixed, const torch::Tensor &y, const torch::Tensor &rows,
          const std::function<torch::Tensor(const torch::Tensor &targets, const torch::Tensor &rows)> &loss)
{
    torch::Tensor own = loss(y, rows);
    if (mixed.ratio >= 1.0)
        return own;
    return own.mul(mixed.ratio)
        .add(loss(y.index_select(0, mixed.partner), rows.index_select(0, mixed.partner)), 1.0 - mixed.ratio);
}

} // namespace chestlens::ml
