#pragma once

#include "core/data/labelledfolder.h"

#include <QJsonObject>
#include <QStringList>

#include <atomic>
#include <functional>
#include <vector>

namespace chestlens {

/// How near duplicates are recognised. Every image is rendered through the display pipeline to
/// 8-bit grey first, so a DICOM and its PNG export compare like two PNGs. Each film gets, for
/// itself and for its centred crops of 2, 4 and 6 % per side, a 64-bit dHash (9x8 gradient
/// signs), a 64-bit pHash (cv::img_hash::PHash) and a 32x32 histogram-equalised thumbnail.
///
/// A pair of films is a near duplicate when
///  - with `confirm` (default): the hashes propose it (dHash distance <= dhashMaxDistance OR pHash
///    distance <= phashMaxDistance, comparing the full films or a crop of either with the other
///    full film), AND the confirmation score reaches nccMin. The score is the normalised
///    cross-correlation of the thumbnails, the best over the same crop pairs, so that copies
///    re-exported with margins up to ~6 % narrower still line up;
///  - without `confirm`: both hash distances are within their thresholds (no correlation). Faster,
///    but it merges distinct films that merely look alike.
///
/// The defaults were chosen on the cxr4 development set (2,251 films, 2.53 M pairs) with planted
/// copies of 98 of its films, looking at the closest pairs side by side: no two distinct cxr4
/// films score 0.97 (the closest distinct pairs score 0.962 and 0.961 and pass the hash stage).
/// JPEG re-encodes (quality 20-90), resizes and brightness/contrast/gamma changes all score
/// >= 0.979; centred crops of 1-6 % per side score >= 0.97 for 96-100 % of the films. Not
/// recognised reliably: one-sided crops (76 % of 2 % top-left crops found, 2 % of 5 % ones),
/// crops above 6 % per side, rotations beyond 1 degree, flips.
struct DedupOptions
{
    /// dHash candidate threshold: with pHash 10 it proposes ~191,000 of cxr4's 2.53 M pairs and
    /// every planted re-encode, resize, intensity change and crop up to 6 % per side.
    int dhashMaxDistance = 6;
    /// pHash (img_hash) candidate threshold, see dhashMaxDistance.
    int phashMaxDistance = 10;
    /// Confirmation threshold: distinct cxr4 films peak at 0.962 (0.96 would merge a normal and a
    /// tuberculosis film); re-encoded and re-windowed copies bottom out at 0.979.
    double nccMin = 0.97;
    /// Confirm hash candidates by correlation (see above). Off: hashes alone decide (AND).
    bool confirm = true;
    /// Decoding threads; 0 = std::thread::hardware_concurrency().
    int threads = 0;
};

/// Films that are copies of one another (grouped transitively).
struct DuplicateGroup
{
    std::vector<int> members;   ///< item indices, ascending
    bool exact = false;         ///< all members have identical decoded pixels (and size)
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
    QStringList unreadable;           ///< "path: cause" for each file that failed to load
    std::vector<int> unreadableItems; ///< their item indices, ascending, parallel to `unreadable`

    /// {"images", "exact_duplicates", "near_duplicates", "label_conflicts": {"groups", "images"},
    ///  "excluded", "groups": [{"files", "classes", "exact", "label_conflict", "keep"}],
    ///  "unreadable"}; files are relative to the folder's root, "keep" is null for a conflict.
    QJsonObject toJson(const LabelledFolder &folder) const;
};

/// Finds exact duplicates (SHA-256 of the decoded 8-bit display pixels and size) and near
/// duplicates (see DedupOptions) among `folder.items`, and flags groups whose members carry
/// different labels. Images are decoded on `opt.threads` threads, one at a time per thread (memory
/// stays at a few films plus ~17 KB of signature per image); files that fail to load are
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
