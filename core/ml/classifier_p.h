#pragma once

#include "core/ml/classifier.h"
#include "core/ml/lungsegmenter.h"
#include "core/ml/modelfile_p.h"

#include <memory>

namespace chestlens {

struct Classifier::Private
{
    ml::LoadedModel model;
    std::unique_ptr<LungSegmenter> lungs; ///< the lung check; null without the pixel check
};

} // namespace chestlens
