#include "ui/common/thumbnail.h"

#include "core/film/display.h"
#include "core/film/filmloader.h"

#include <QPainter>

#include <algorithm>

namespace chestlens::ui {

QImage filmThumbnail(const QString &path, int side, const QColor &background)
{
    try {
        const Film film = loadFilm(path);
        const QImage grey = renderFilm(film, defaultWindow(film));
        QImage out(side, side, QImage::Format_RGB32);
        out.fill(background);
        // Nearest-neighbour to a few times the size first: Qt's smooth scaling of a 2k Grayscale8
        // film is slow, and a thumbnail does not need every source pixel averaged.
        const QImage coarse =
            std::max(grey.width(), grey.height()) > 4 * side
                ? grey.scaled(4 * side, 4 * side, Qt::KeepAspectRatio, Qt::FastTransformation)
                : grey;
        const QImage small = coarse.scaled(side, side, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        QPainter p(&out);
        p.drawImage((side - small.width()) / 2, (side - small.height()) / 2, small);
        return out;
    } catch (...) {
        return {};
    }
}

} // namespace chestlens::ui
