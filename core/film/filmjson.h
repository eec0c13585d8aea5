#pragma once

#include "core/film/film.h"

#include <QJsonObject>

namespace chestlens {

/// The film's metadata as JSON (keys in snake_case, documented in README "chestlens-cli info").
/// Patient/study fields are included under "patient" only when `includePatient` is true.
QJsonObject filmMetadataToJson(const Film &film, bool includePatient);

} // namespace chestlens
