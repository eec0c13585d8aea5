#pragma once

#include <QColor>
#include <QImage>
#include <QString>

namespace chestlens::ui {

/// A side x side thumbnail of a film (any format the loader reads) with its default window,
/// centred on `background`. Null when the file cannot be read. Slow for large films: call it off
/// the GUI thread (runInBackground()).
QImage filmThumbnail(const QString &path, int side, const QColor &background);

} // namespace chestlens::ui
