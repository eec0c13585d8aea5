// Predict + Grad-CAM, decode to overlay, as the viewer does it for one film:
//   decode (loadFilm) -> preprocess (model input + display rendering) -> forward -> backward
//   (gradient + channel weighting) -> upsample (map to the film's full resolution + in-chest
//   score) -> colourise (8-bit heat + overlay on the grey film).
// Reports p50/p95 per stage and the share of each stage in the mean, for a 256 px PNG and a
// ~2k x 2k compressed DICOM, and the resident set size before and after 1,000 consecutive
// explanations.
//
// usage: bench_explain [--model MODEL] [--png FILE] [--dicom FILE] [--threads 2] [--runs 200]
//                      [--dicom-runs 30] [--rss-runs 1000] [--method gradcam] [--layer NAME]
// Without --model: the bundled default model if present, else an untrained resnet (width 24,
// 128 px, the trainer's default architecture) — the cost does not depend on the weights.

#include "core/allocator.h"
#include "core/colormap.h"
#include "core/error.h"
#include "core/film/display.h"
#include "core/film/filmloader.h"
#include "core/ml/camsanity.h"
#include "core/ml/classifier.h"
#include "core/ml/gradcam.h"
#include "core/ml/modelfile_p.h"
#include "core/paths.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTextStream>

#include <opencv2/core.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

using namespace chestlens;

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

const char *const kStages[] = {"decode", "preprocess", "forward", "backward", "upsample", "colourise"};
constexpr int kStageCount = 6;

struct Sample
{
    double stage[kStageCount] = {};
    double total = 0;
};

/// One explanation from the file to the overlay image, timed per stage.
Sample explainOnce(const Classifier &classifier, const QString &path, const ExplainSettings &settings,
                   QImage *overlayOut = nullptr)
{
    Sample s;
    const Clock::time_point t0 = Clock::now();
    Clock::time_point t = t0;
    const Film film = loadFilm(path);
    s.stage[0] = msSince(t);

    t = Clock::now();
    const PreparedImage prepared = classifier.prepare(film);
    const QImage grey = renderFilm(film, defaultWindow(film));
    s.stage[1] = msSince(t);

    CamMap cam = explainPrepared(classifier, prepared, settings);
    s.stage[2] = cam.timings.forward;
    s.stage[3] = cam.timings.backward;
    t = Clock::now();
    const double inChest = inChestFraction(cam.heat, cam.width(), cam.height(), cam.geometry.crop);
    s.stage[4] = cam.timings.upsample + msSince(t);

    t = Clock::now();
    const QImage heat8 = heatToImage(cam.heat, cam.width(), cam.height());
    const QImage overlay = overlayHeatmap(grey, heat8, Colormap::Turbo, 0.4, 0.0);
    s.stage[5] = msSince(t);
    s.total = msSince(t0);
    if (overlayOut)
        *overlayOut = overlay;
    (void)inChest;
    return s;
}

double percentile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const double pos = q * (v.size() - 1);
    const auto lo = static_cast<std::size_t>(pos);
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

long rssKiB(const char *field = "VmRSS:")
{
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line)) {
        if (line.rfind(field, 0) == 0)
            return std::stol(line.substr(std::strlen(field)));
    }
    return -1;
}

void report(QTextStream &out, const QString &title, const std::vector<Sample> &samples)
{
    out << "\n### " << title << " (" << samples.size() << " runs)\n\n";
    out << "| stage | p50 ms | p95 ms | share of mean |\n|---|---:|---:|---:|\n";
    double meanTotal = 0;
    for (const Sample &s : samples)
        meanTotal += s.total;
    meanTotal /= samples.size();
    for (int k = 0; k < kStageCount; ++k) {
        std::vector<double> v;
        double mean = 0;
        for (const Sample &s : samples) {
            v.push_back(s.stage[k]);
            mean += s.stage[k];
        }
        mean /= samples.size();
        out << "| " << kStages[k] << " | " << QString::number(percentile(v, 0.5), 'f', 2) << " | "
            << QString::number(percentile(v, 0.95), 'f', 2) << " | "
            << QString::number(100.0 * mean / meanTotal, 'f', 1) << " % |\n";
    }
    std::vector<double> totals;
    for (const Sample &s : samples)
        totals.push_back(s.total);
    out << "| **total** | **" << QString::number(percentile(totals, 0.5), 'f', 2) << "** | **"
        << QString::number(percentile(totals, 0.95), 'f', 2) << "** | 100 % |\n";
    out.flush();
}

QString dataFile(const QString &sub)
{
    QString root = qEnvironmentVariable("CHESTLENS_DATA");
    if (root.isEmpty())
        root = QDir(QStringLiteral(CHESTLENS_SOURCE_DIR)).absoluteFilePath(QStringLiteral("../shared/data"));
    return QDir(root).absoluteFilePath(sub);
}

} // namespace

int main(int argc, char *argv[])
{
    // As the applications do (see core/allocator.h); --default-malloc measures without it.
    const bool defaultMalloc = std::any_of(
        argv + 1, argv + argc, [](const char *a) { return std::strcmp(a, "--default-malloc") == 0; });
    if (!defaultMalloc)
        tuneAllocatorForFilms();
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Predict + Grad-CAM benchmark (decode to overlay)."));
    parser.addHelpOption();
    const QCommandLineOption modelOpt(QStringLiteral("model"), QStringLiteral("Model file."),
                                      QStringLiteral("MODEL"));
    const QCommandLineOption pngOpt(QStringLiteral("png"), QStringLiteral("256 px PNG film."),
                                    QStringLiteral("FILE"),
                                    dataFile(QStringLiteral("cxr4/normal/agg1_normal-8189.png")));
    const QCommandLineOption dicomOpt(QStringLiteral("dicom"), QStringLiteral("Large compressed DICOM film."),
                                      QStringLiteral("FILE"),
                                      dataFile(QStringLiteral("dicom/CR_chest_RG1_JLSN.dcm")));
    const QCommandLineOption threadsOpt(QStringLiteral("threads"),
                                        QStringLiteral("Torch and OpenCV threads."), QStringLiteral("N"),
                                        QStringLiteral("2"));
    const QCommandLineOption runsOpt(QStringLiteral("runs"), QStringLiteral("PNG runs."), QStringLiteral("N"),
                                     QStringLiteral("200"));
    const QCommandLineOption dicomRunsOpt(QStringLiteral("dicom-runs"), QStringLiteral("DICOM runs."),
                                          QStringLiteral("N"), QStringLiteral("30"));
    const QCommandLineOption rssRunsOpt(QStringLiteral("rss-runs"),
                                        QStringLiteral("Explanations between the RSS readings."),
                                        QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption methodOpt(QStringLiteral("method"),
                                       QStringLiteral("gradcam, gradcam++ or layercam."),
                                       QStringLiteral("METHOD"), QStringLiteral("gradcam"));
    const QCommandLineOption layerOpt(
        QStringLiteral("layer"), QStringLiteral("Layer (default: the last block)."), QStringLiteral("NAME"));
    const QCommandLineOption defaultMallocOpt(
        QStringLiteral("default-malloc"),
        QStringLiteral("Leave glibc's allocator untuned (see core/allocator.h)."));
    parser.addOptions({modelOpt, pngOpt, dicomOpt, threadsOpt, runsOpt, dicomRunsOpt, rssRunsOpt, methodOpt,
                       layerOpt, defaultMallocOpt});
    parser.process(app);

    QTextStream out(stdout);
    const long rssAtStart = rssKiB();
    const int threads = std::max(1, parser.value(threadsOpt).toInt());
    torch::set_num_threads(threads);
    cv::setNumThreads(threads);

    QTemporaryDir tmp;
    QString modelPath = parser.value(modelOpt);
    QString modelNote;
    if (modelPath.isEmpty() && QFileInfo::exists(defaultModelPath()))
        modelPath = defaultModelPath();
    if (modelPath.isEmpty()) {
        // The trainer's default architecture with untrained weights: same cost as a trained one.
        ml::ArchitectureSpec spec;
        spec.name = QStringLiteral("resnet");
        spec.width = 24;
        spec.imageSize = 128;
        spec.numClasses = 4;
        ml::ChestNet net = ml::createNetwork(spec);
        PreprocessOptions prep;
        prep.imageSize = spec.imageSize;
        ml::ModelFileContents c;
        c.metadata = {{QStringLiteral("name"), QStringLiteral("untrained resnet (benchmark)")},
                      {QStringLiteral("classes"),
                       QJsonArray{QStringLiteral("covid"), QStringLiteral("normal"),
                                  QStringLiteral("pneumonia"), QStringLiteral("tuberculosis")}},
                      {QStringLiteral("architecture"), spec.toJson()},
                      {QStringLiteral("preprocessing"), prep.toJson()},
                      {QStringLiteral("temperature"), 1.0}};
        c.weights = ml::serializeModule(*net);
        modelPath = tmp.filePath(QStringLiteral("bench.clm"));
        QFile f(modelPath);
        if (!f.open(QIODevice::WriteOnly) || f.write(ml::encodeModelFile(c)) < 0) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(modelPath));
            return 1;
        }
        f.close();
        modelNote = QStringLiteral(" (no trained default model found: untrained resnet, width 24, 128 px)");
    }

    try {
        const std::unique_ptr<Classifier> classifier = Classifier::load(modelPath);
        ExplainSettings settings;
        settings.method = camMethodFromName(parser.value(methodOpt)).value_or(CamMethod::GradCam);
        settings.layer = parser.value(layerOpt);
        const ModelInfo &info = classifier->info();
        out << "## bench_explain\n\n";
        out << "- model: " << info.name << ", " << info.architecture << ", " << info.preprocessing.imageSize
            << " px" << modelNote << "\n";
        out << "- method: " << camMethodName(settings.method)
            << ", layer: " << (settings.layer.isEmpty() ? classifier->camLayers().last() : settings.layer)
            << "\n";
        out << "- threads: " << threads << " (torch intra-op and OpenCV)\n";
        out << "- allocator: " << (defaultMalloc ? "glibc defaults" : "tuned for films (core/allocator.h)")
            << "\n";
        out.flush();

        const QString png = parser.value(pngOpt);
        const QString dicom = parser.value(dicomOpt);
        for (const QString &f : {png, dicom}) {
            if (!QFileInfo::exists(f)) {
                std::fprintf(stderr, "missing test film %s (set CHESTLENS_DATA or pass --png/--dicom)\n",
                             qPrintable(f));
                return 1;
            }
        }
        {
            const Film p = loadFilm(png), d = loadFilm(dicom);
            out << "- PNG: " << QFileInfo(png).fileName() << " " << p.width() << "x" << p.height() << "\n";
            out << "- DICOM: " << QFileInfo(dicom).fileName() << " " << d.width() << "x" << d.height() << ", "
                << d.meta.transferSyntaxName << "\n";
        }

        for (int i = 0; i < 5; ++i) // warm-up: allocator pools, OpenCV/torch thread pools
            explainOnce(*classifier, png, settings);

        std::vector<Sample> samples;
        for (int i = 0, n = parser.value(runsOpt).toInt(); i < n; ++i)
            samples.push_back(explainOnce(*classifier, png, settings));
        report(out, QStringLiteral("256 px PNG, decode to overlay"), samples);

        samples.clear();
        explainOnce(*classifier, dicom, settings);
        for (int i = 0, n = parser.value(dicomRunsOpt).toInt(); i < n; ++i)
            samples.push_back(explainOnce(*classifier, dicom, settings));
        report(out, QStringLiteral("DICOM, decode to overlay"), samples);

        const int rssRuns = parser.value(rssRunsOpt).toInt();
        const long before = rssKiB();
        Clock::time_point t0 = Clock::now();
        for (int i = 0; i < rssRuns; ++i)
            explainOnce(*classifier, png, settings);
        const double seconds = msSince(t0) / 1000.0;
        const long after = rssKiB();
        out << "\n### Memory over " << rssRuns << " consecutive PNG explanations\n\n";
        out << "- VmRSS at process start: " << rssAtStart / 1024.0 << " MiB\n";
        out << "- VmRSS before the loop (model loaded, warmed up): "
            << QString::number(before / 1024.0, 'f', 1) << " MiB\n";
        out << "- VmRSS after the loop: " << QString::number(after / 1024.0, 'f', 1) << " MiB (change "
            << QString::number((after - before) / 1024.0, 'f', 1) << " MiB)\n";
        out << "- VmHWM (peak): " << QString::number(rssKiB("VmHWM:") / 1024.0, 'f', 1) << " MiB\n";
        out << "- loop time: " << QString::number(seconds, 'f', 1) << " s ("
            << QString::number(1000.0 * seconds / std::max(1, rssRuns), 'f', 2) << " ms per explanation)\n";
        out.flush();
    } catch (const Error &e) {
        std::fprintf(stderr, "%s\n", qPrintable(e.message()));
        return 1;
    }
    return 0;
}
