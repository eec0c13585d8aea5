#pragma once

#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>

namespace chestlens {

/// Adding the pixel applicability check to a model that was trained without it (models written by
/// the trainer carry it already).
struct ApplicabilityFitOptions
{
    QString modelPath; ///< the model to extend
    QString dataDir;   ///< the labelled folder it was trained on (DIR/<class>/<film>)
    QString outPath;   ///< the extended model (may equal modelPath: written atomically)
    /// Layer whose pooled activations are modelled; empty = the last convolutional block.
    QString layer;
    int components = 128;     ///< principal directions kept exactly (see FeatureDensity)
    int grid = 2;             ///< activations averaged over grid x grid cells (DensityOptions)
    double acceptRate = 0.99; ///< share of the validation films the threshold accepts
    int threads = 0;          ///< 0 = all cores
};

struct ApplicabilityFitResult
{
    int trainFilms = 0;
    int valFilms = 0;
    double threshold = 0.0;
    /// True when the model's own stored split chose the training and validation films; false
    /// when the folder did not match it and a fresh stratified split (seed 42, 20 %) was drawn.
    bool storedSplit = false;
    int missingFromSplit = 0; ///< films of the stored split not found in the folder
    QStringList failures;     ///< "file: cause" for films that could not be read
};

/// Fits the check on the training films' features, sets its threshold on the validation films and
/// writes the model with it; nothing else of the model changes. `progress(done, total)` counts films.
/// @throws chestlens::Error: the model's and the folder's (InvalidModel, InvalidArgument, FileNotFound),
/// WriteFailed, Cancelled.
ApplicabilityFitResult fitApplicability(const ApplicabilityFitOptions &options,
                                        const std::function<void(int, int)> &progress = {},
                                        const std::atomic<bool> *cancel = nullptr);

} // namespace chestlens
