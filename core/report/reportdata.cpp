#include "core/report/reportdata.h"

#include "core/error.h"
#include "core/film/filmloader.h"
#include "core/ml/camsanity.h"

#include <QCryptographicHash>
#include <QFile>

#include <algorithm>

namespace chestlens {

QString reportPageSizeName(ReportPageSize size)
{
    return size == ReportPageSize::Letter ? QStringLiteral("Letter") : QStringLiteral("A4");
}

std::optional<ReportPageSize> reportPageSizeFromName(const QString &name)
{
    for (ReportPageSize s : {ReportPageSize::A4, ReportPageSize::Letter})
        if (name.compare(reportPageSizeName(s), Qt::CaseInsensitive) == 0)
            return s;
    return std::nullopt;
}

namespace {

QString sha256Of(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        throw Error(ErrorCode::FileUnreadable, file, QStringLiteral("cannot open (%1)").arg(f.errorString()));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&f))
        throw Error(ErrorCode::FileUnreadable, file, QStringLiteral("read failed (%1)").arg(f.errorString()));
    return QString::fromLatin1(hash.result().toHex());
}

QImage boundedTo(const QImage &image, int maxSide)
{
    if (maxSide <= 0 || std::max(image.width(), image.height()) <= maxSide)
        return image;
    return image.scaled(maxSide, maxSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

} // namespace

ReportData collectReportData(const Classifier &classifier, const QString &file, const ReportOptions &options)
{
    const Film film = loadFilm(file);
    ReportData r;
    r.filePath = file;
    r.fileSha256 = sha256Of(file);
    r.format = film.meta.format;
    r.width = film.width();
    r.height = film.height();
    r.modality = film.meta.modality;
    r.viewPosition = film.meta.viewPosition;
    r.patient = film.patient;

    // The same steps as `predict` and `explain`: one preparation feeds both, so the probabilities
    // printed are exactly those `predict` prints for this film and model.
    const PreparedImage prepared = classifier.prepare(film);
    CamMap cam;
    try {
        r.prediction = classifier.predictPrepared(prepared, options.predict);
        r.prediction.applicability =
            Applicability::combine(classifier.checkFilm(film), r.prediction.applicability);
        cam = explainPrepared(classifier, prepared, options.explain);
    } catch (const Error &e) {
        throw Error(e.code(), file, e.message());
    }
    r.inChestFraction = inChestFraction(cam.heat, cam.width(), cam.height(), cam.geometry.chestFrame());

    const DisplayWindow window = options.window.value_or(defaultWindow(film));
    r.windowName = window.name;
    // Blend at full resolution (the heatmap is aligned pixel for pixel with the film), then scale
    // both the same way.
    const QImage grey = renderFilm(film, window);
    const QImage heat8 = heatToImage(cam.heat, cam.width(), cam.height());
    r.film = boundedTo(grey, options.maxImageSide);
    r.overlay = boundedTo(overlayHeatmap(grey, heat8, options.colormap, options.opacity, options.threshold),
                          options.maxImageSide);
    r.legend.method = cam.settings.method;
    r.legend.classExplained = cam.className;
    r.legend.layer = cam.settings.layer;
    r.legend.colormap = options.colormap;
    r.legend.opacity = options.opacity;
    return r;
}

} // namespace chestlens
