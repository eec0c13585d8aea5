#pragma once

#include "core/data/dedup.h"
#include "core/data/labelledfolder.h"

#include <QJsonObject>
#include <QRegularExpression>
#include <QString>

#include <vector>

namespace chestlens {

/// A train/validation split of a LabelledFolder's items.
struct Split
{
    std::vector<int> train; ///< item indices, ascending
    std::vector<int> val;   ///< item indices, ascending
    quint64 seed = 0;
};

/// Splits `folder` into training and validation items, stratified by class: each class sends
/// round(n_c * valFraction) of its n_c items to validation, at least 1 when n_c >= 2 and
/// valFraction > 0, and at most n_c - 1 (every class keeps a training item).
///
/// Unreadable items (dedup.unreadableItems) are in neither list. With `excludeDuplicates`, the
/// items in dedup.excluded are dropped too (only each group's kept member remains). Without it,
/// every member of a duplicate group lands on the same side: groups are split as units, a class
/// taking units into validation while they do not overshoot its share (so a class may get
/// slightly fewer than its share); a label-conflict group counts towards its majority label.
///
/// `patients` (one key per item, or empty): items with the same non-empty key are one patient's
/// films and land on the same side too, so that no patient is in both sets; a patient with films of
/// several classes counts towards the majority class, like a label-conflict group.
///
/// Deterministic for a seed on every platform: std::mt19937_64 and a Fisher-Yates shuffle of our
/// own (std::shuffle and std::uniform_int_distribution are implementation-defined).
/// @throws chestlens::Error (InvalidArgument) when valFraction is outside [0, 1) or `dedup`
///         refers to items `folder` does not have.
Split stratifiedSplit(const LabelledFolder &folder, const DedupReport &dedup, double valFraction,
                      quint64 seed, bool excludeDuplicates = true, const std::vector<QString> &patients = {});

/// One patient key per item of `folder`: the first capture group of `pattern` matched against the
/// file name (the whole match when it has no group), empty when it does not match. For example
/// "^(nih_[^_]+)_" makes "nih_00012345_001.png" and "nih_00012345_002.png" one patient.
std::vector<QString> patientKeys(const LabelledFolder &folder, const QRegularExpression &pattern);

/// Per-film loss weights that balance the sources inside each class: film i of class c and source
/// g (LabelledImage::source; films without one form one group) gets
///
///     w_i = s_cg / mean over class c of s,   s_cg = (n_c / (G_c * n_cg)) ^ alpha,
///
/// where n_c is the class's film count in `items`, G_c its number of sources and n_cg the films of
/// source g in it. alpha = 1 gives every source of a class the same total weight; 0 gives every film
/// weight 1. Each class keeps its total weight n_c, so class balancing is unaffected. The point:
/// when a class comes mostly from one hospital (or one age group), its few films from elsewhere
/// count as much as the many, and the source stops being a cheap cue for the class.
/// @throws chestlens::Error (InvalidArgument) for alpha outside [0, 1] or an item index out of range.
std::vector<float> sourceBalanceWeights(const LabelledFolder &folder, const std::vector<int> &items,
                                        double alpha);

/// {"seed": N, "train": [relative paths], "val": [relative paths]}, stored in the model file so a
/// run can be reproduced. The seed is a JSON integer, or a decimal string above 2^63 - 1.
QJsonObject splitToJson(const LabelledFolder &folder, const Split &split);

} // namespace chestlens
