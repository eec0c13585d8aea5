#pragma once

#include "core/ml/lungnet_p.h"
#include "core/ml/lungsegmenter.h"

#include <QJsonObject>
#include <QString>

namespace chestlens {

struct LungSegmenter::Private
{
    ml::LungNet net{nullptr};
    QString path;
    QString sha256;
    QJsonObject metadata;
};

namespace ml {

/// The network's N=1 logits (1 x 1 x s x s) turned into lung fields at the film's size: bilinear
/// upsampling of the logits, then probability above one half.
LungFields lungFieldsFrom(const torch::Tensor &logits, int width, int height);

} // namespace ml

} // namespace chestlens
