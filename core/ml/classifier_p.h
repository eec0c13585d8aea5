#pragma once

#include "core/ml/classifier.h"
#include "core/ml/modelfile_p.h"

namespace chestlens {

struct Classifier::Private
{
    ml::LoadedModel model;
};

} // namespace chestlens
