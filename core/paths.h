#pragma once

#include <QString>

namespace chestlens {

/// The folder holding ChestLens's read-only data (bundled models, translations):
/// $CHESTLENS_DATADIR if set, else <executable dir>/../share/chestlens (true both in the build
/// tree, where CMake stages the files there, and after installation to /usr/bin), else the
/// compiled-in install location. Never the source tree.
QString dataDirectory();

/// Path of the bundled default model inside dataDirectory().
QString defaultModelPath();

} // namespace chestlens
