#pragma once

// The applicability check over a whole set of prepared films (a TensorCache), for the audit and
// other passes that must leave out the films a model may not judge.

#include "core/ml/applicability.h"
#include "core/ml/modelfile_p.h"
#include "core/ml/tensorcache_p.h"

#include <QStringList>

#include <vector>

namespace chestlens::ml {

/// Header and pixel verdict of every row of `cache` (the pixel half only when `model` carries
/// its statistics).
std::vector<Applicability> cacheApplicability(const LoadedModel &model, const TensorCache &cache);

/// The rows of `cache` whose verdict is applicable; `inapplicable` receives "path: reason" for the
/// others, `paths` giving each item index's file.
TensorCache applicableRows(const TensorCache &cache, const std::vector<Applicability> &verdicts,
                           const std::vector<QString> &paths, QStringList &inapplicable);

} // namespace chestlens::ml
