#pragma once

#include "core/data/labelledfolder.h"

#include <QJsonObject>
#include <QStringList>

#include <atomic>
#include <functional>
#include <vector>

namespace chestlens {

/// How near duplicates are recognised. Every image is rendered through the display pipeline to
/// 8-bit grey first, so a DICOM and its PNG export compare like two PNGs.
///
/// A pair of films is a near duplicate when
///  - with `confirm` (default): its dHash distance <= dhashMaxDistance OR its pHash distance <=
///    phashMaxDistance (the hashes only propose candidates), AND the confirmation score >= nccMin.
///    The score is the normalised cross-correlation of 32x32 histogram-equalised thumbnails,
///    maximised over centred crops of 0, 2, 4 and 6 % per side of either film, so that copies
///    re-exported with slightly different margins are still recognised;
///  - without `confirm`: both hash distances are within their thresholds (no correlation); faster
///    but it merges distinct films that merely look alike: lower the thresholds (e.g. 5 and 6).
///
/// The defaults were chosen on the cxr4 development set (2,251 films) against planted copies:
/// no two distinct cxr4 films reach the score 0.97 (the closest distinct pairs score 0.962),
/// while JPEG re-encodes (quality 20-90), resizes, brightness/contrast/gamma changes and centred
/// crops of up to 4 % per side score >= 0.977. One-sided crops above ~2 %, rotations and crops
/// above ~6 % per side are not recognised reliably.
struct DedupOptions
{
    /// Candidate if the 64-bit dHash (9x8 gradient signs) differs in <= 8 bits: keeps 92 % of
    /// copies cropped by 4 % per side as candidates (vs. 63 % at 4 bits).
    int dhashMaxDistance = 8;
    /// Candidate if the 64-bit pHash (cv::img_hash::PHash, 8x8 DCT signs) differs in <= 12 bits:
    /// together with dHash 8 about 186,000 of cxr4's 2.5 million pairs are scored (~1 s).
    int phashMaxDistance = 12;
    /// Confirmation threshold: distinct cxr4 films peak at 0.962, planted copies bottom at 0.977.
    double nccMin = 0.97;
    /// Confirm hash candidates by correlation (see above). Off: hashes alone decide (AND).
    bool confirm = true;
    /// Decoding threads; 0 = std::thread::hardware_concurrency().
    int threads = 0;
};

/// Films that are copies of one another (grouped transitively).
struct DuplicateGroup
{
    std::vector<int> members; ///< item indices, ascending
    bool exact = false;       ///< all members have identical decoded pixels (and size)
    bool labelConflict = false; ///< members carry different labels
    /// The member kept for training: the largest film (width x height), then a lossless format
    /// over JPEG, then the first by path. -1 for a label conflict (no member is trusted).
    int keep = -1;
};

/// What findDuplicates() found.
struct DedupReport
{
    std::vector<DuplicateGroup> groups; ///< ordered by their first member
    /// Redundant images whose pixels equal another member's (per group: members minus distinct
    /// pixel contents). exactDuplicates + nearDuplicates = sum over groups of (size - 1).
    int exactDuplicates = 0;
    /// Redundant images that are near (not exact) copies: per group, distinct pixel contents - 1.
    int nearDuplicates = 0;
    int conflictGroups = 0; ///< groups with labelConflict
    int conflictImages = 0; ///< members of those groups
    /// Sorted item indices to leave out of training by default: all members of conflict groups
    /// and the non-kept members of the other groups. Unreadable items are not listed here.
    std::vector<int> excluded;
    QStringList unreadable;          ///< "path: cause" for each file that failed to load
    std::vector<int> unreadableItems; ///< their item indices, ascending, parallel to `unreadable`

    /// {"images", "exact_duplicates", "near_duplicates", "label_conflicts": {"groups", "images"},
    ///  "excluded", "groups": [{"files", "classes", "exact", "label_conflict", "keep"}],
    ///  "unreadable"}; files are relative to the folder's root, "keep" is null for a conflict.
    QJsonObject toJson(const LabelledFolder &folder) const;
};

/// Finds exact duplicates (SHA-256 of the decoded 8-bit display pixels and size) and near
/// duplicates (see DedupOptions) among `folder.items`, and flags groups whose members carry
/// different labels. Images are decoded on `opt.threads` threads, one at a time per thread (memory
/// stays at a few films plus ~17 KB of signatures per image); files that fail to load are
/// reported in `unreadable` and take part in nothing else.
///
/// `progress(done, total)` is called on the calling thread as images are decoded (total = number
/// of items), the last call being (total, total). `cancel` is polled between images and during
/// the comparison.
/// @throws chestlens::Error (Cancelled) when `*cancel` becomes true; (InvalidArgument) for
///         negative thresholds or threads.
DedupReport findDuplicates(const LabelledFolder &folder, const DedupOptions &opt = {},
                           const std::function<void(int done, int total)> &progress = {},
                           const std::atomic<bool> *cancel = nullptr);

} // namespace chestlens
