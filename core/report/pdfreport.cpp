#include "core/report/pdfreport.h"

#include "core/error.h"
#include "core/film/imagewriter.h"
#include "core/ml/classifier.h"
#include "core/report/deidentify.h"

#include <chestlens/version.h>

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QJsonObject>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

namespace chestlens {

namespace {

// ---- page geometry (millimetres unless noted) --------------------------------------------------

/// Resolution of the PDF's coordinate grid. Text and shapes stay vectors; this only sets the grid
/// they are placed on (and the unit of QPainter coordinates below).
constexpr int kDpi = 300;
constexpr double kMargin = 14.0;            ///< all four sides
constexpr double kFooterHeight = 7.0;       ///< rule + one line of text
constexpr double kGap = 4.0;                ///< between blocks
constexpr double kSmallGap = 1.5;           ///< between a heading and its content
constexpr double kMaxImageHeight = 100.0;   ///< film images never taller than this
constexpr double kMinImageHeight = 55.0;    ///< below this a long note is shortened instead
constexpr double kMinFindingsHeight = 38.0; ///< room to write by hand on a printed copy
constexpr double kProbRowHeight = 5.2;      ///< probability table rows
constexpr double kTableRowHeight = 5.0;     ///< summary table rows
constexpr double kLegendBarHeight = 3.0;

/// Heat fraction below which a film is flagged: heat spread evenly over the film scores about
/// 0.68 (core/ml/camsanity.h), so under 0.5 most of it lies on borders, corners or labels.
constexpr double kLowInChest = 0.5;
/// Film images of a batch kept in memory between the summary pass and the page pass; beyond this
/// a film is analysed again for its page (about 40 films at the default image size).
constexpr qint64 kImageCacheBytes = 256LL * 1024 * 1024;

const QColor kInk(0x1d, 0x1d, 0x1f);
const QColor kMuted(0x5f, 0x63, 0x68);
const QColor kRule(0xb4, 0xb8, 0xbe);
const QColor kAccent(0x1f, 0x4e, 0x8c);
const QColor kBarOther(0x9a, 0xa8, 0xba);
const QColor kShade(0xef, 0xf2, 0xf6);
const QColor kWarn(0x9c, 0x3d, 0x00);

const QString kDisclaimer = QStringLiteral("Research use only — not for clinical diagnosis");

double mm(double v)
{
    return v * kDpi / 25.4;
}

QFont makeFont(double points, bool bold = false, bool mono = false)
{
    // DejaVu ships with fontconfig on Debian; the style hint picks a substitute elsewhere.
    QFont f(mono ? QStringLiteral("DejaVu Sans Mono") : QStringLiteral("DejaVu Sans"));
    f.setStyleHint(mono ? QFont::Monospace : QFont::SansSerif);
    f.setPointSizeF(points);
    f.setBold(bold);
    // Any letter spacing makes Qt skip the "fi"/"fl" ligatures (scripts that need shaping keep
    // them), so text copied or extracted from the PDF reads "file", not "\uFB01le". 0.05 device
    // pixels is invisible; 0.01 would round to 0 in Qt's 26.6 fixed point.
    f.setLetterSpacing(QFont::AbsoluteSpacing, 0.05);
    return f;
}

QString percent(double probability, int decimals = 1)
{
    return QStringLiteral("%1 %").arg(probability * 100.0, 0, 'f', decimals);
}

/// Draws into the PDF or, without a painter, only measures, so that a page's layout can be worked
/// out before it is drawn (pagination of the summary table). Device units: 1/kDpi inch.
class Canvas
{
public:
    Canvas(const QPaintDevice *device, QPainter *painter) : m_device(device), m_painter(painter) {}

    double lineHeight(const QFont &f) const { return QFontMetricsF(f, m_device).height(); }
    double textWidth(const QFont &f, const QString &t) const
    {
        return QFontMetricsF(f, m_device).horizontalAdvance(t);
    }
    QString elided(const QFont &f, const QString &t, double width,
                   Qt::TextElideMode mode = Qt::ElideMiddle) const
    {
        return QFontMetricsF(f, m_device).elidedText(t, mode, width);
    }
    /// Height of `t` wrapped to `width`.
    double textHeight(const QFont &f, const QString &t, double width) const
    {
        if (t.isEmpty())
            return lineHeight(f);
        return QFontMetricsF(f, m_device)
            .boundingRect(QRectF(0, 0, width, 1e7), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, t)
            .height();
    }

    /// Wrapped text from the top left of `rect` (its height is ignored); returns the height used.
    double paragraph(const QRectF &rect, const QFont &f, const QString &t, const QColor &colour = kInk)
    {
        const double h = textHeight(f, t, rect.width());
        if (m_painter) {
            m_painter->setFont(f);
            m_painter->setPen(colour);
            m_painter->drawText(QRectF(rect.x(), rect.y(), rect.width(), h + 1),
                                Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, t);
        }
        return h;
    }
    /// One line, elided to the rect's width, aligned within it (vertically centred).
    void line(const QRectF &rect, const QFont &f, const QString &t, Qt::Alignment align = Qt::AlignLeft,
              const QColor &colour = kInk, Qt::TextElideMode elide = Qt::ElideMiddle)
    {
        if (!m_painter)
            return;
        m_painter->setFont(f);
        m_painter->setPen(colour);
        m_painter->drawText(rect, int(align | Qt::AlignVCenter | Qt::TextSingleLine),
                            elided(f, t, rect.width(), elide));
    }
    void fill(const QRectF &rect, const QColor &colour)
    {
        if (m_painter)
            m_painter->fillRect(rect, colour);
    }
    void frame(const QRectF &rect, const QColor &colour, double widthMm = 0.25)
    {
        if (!m_painter)
            return;
        m_painter->setPen(QPen(colour, mm(widthMm)));
        m_painter->setBrush(Qt::NoBrush);
        m_painter->drawRect(rect);
    }
    void rule(double x0, double x1, double y, const QColor &colour = kRule, double widthMm = 0.25)
    {
        if (!m_painter)
            return;
        m_painter->setPen(QPen(colour, mm(widthMm)));
        m_painter->drawLine(QPointF(x0, y), QPointF(x1, y));
    }
    void stretchedImage(const QRectF &rect, const QImage &img)
    {
        if (m_painter)
            m_painter->drawImage(rect, img);
    }
    /// `image` scaled to fit `box`, centred horizontally at its top; returns where it went.
    QRectF image(const QRectF &box, const QImage &img)
    {
        if (img.isNull())
            return box;
        const QSizeF s = QSizeF(img.size()).scaled(box.size(), Qt::KeepAspectRatio);
        const QRectF target(box.x() + (box.width() - s.width()) / 2, box.y(), s.width(), s.height());
        if (m_painter)
            m_painter->drawImage(target, img);
        return target;
    }

private:
    const QPaintDevice *m_device;
    QPainter *m_painter;
};

/// A film of the report as the renderer sees it.
struct Entry
{
    QString file;
    QString label;
    bool ok = false;
    ReportData data; ///< valid when ok; images may have been dropped (hasImages false)
    bool hasImages = false;
    QString error; ///< as printed, when !ok
};

/// What the report says instead of a confidence statement when the model may not judge the film.
QString inapplicableText(const Prediction &p)
{
    QString s =
        p.applicability.sentence() +
        QStringLiteral(". The model was trained on frontal chest radiographs only; its probabilities for "
                       "this image mean nothing and are shown in grey for completeness.");
    if (p.applicability.pixelChecked())
        s += QStringLiteral(" Distance from the training films %1 (films above %2 are refused).")
                 .arg(p.applicability.score, 0, 'f', 2)
                 .arg(p.applicability.threshold, 0, 'f', 2);
    return s;
}

QString uncertaintyText(const Prediction &p)
{
    if (!p.applicability.applicable)
        return inapplicableText(p);
    int second = -1;
    for (int c = 0; c < int(p.probabilities.size()); ++c)
        if (c != p.top &&
            (second < 0 || p.probabilities[std::size_t(c)] > p.probabilities[std::size_t(second)]))
            second = c;
    QString s;
    if (p.uncertain)
        s = p.uncertaintyNote + QStringLiteral(" Treat this result as inconclusive.");
    else
        s = QStringLiteral("The model favours %1 with %2 probability.")
                .arg(p.topClass(), percent(p.topProbability, 0));
    if (second >= 0)
        s += QStringLiteral(" The next most likely class is %1 (%2).")
                 .arg(p.classes.value(second), percent(p.probabilities[std::size_t(second)], 0));
    s +=
        QStringLiteral(" The probabilities are calibrated on the model's own validation films; on films from "
                       "other hospitals or devices it can be wrong and still sound sure.");
    return s;
}

QString inChestText(double fraction)
{
    QString s =
        QStringLiteral("%1 of the heatmap lies inside the central chest region (heat spread evenly over "
                       "the film would give about 68 %).")
            .arg(percent(fraction));
    if (fraction < kLowInChest)
        s += QStringLiteral(" That is low: the model looked mostly at borders, corners or labels, a possible "
                            "shortcut. Do not trust this prediction.");
    return s;
}

QStringList flagsOf(const Entry &e)
{
    if (!e.ok)
        return {QStringLiteral("not read: ") + e.error};
    QStringList flags;
    if (!e.data.prediction.applicability.applicable)
        return {QStringLiteral("not applicable: ") + e.data.prediction.applicability.explanation};
    if (e.data.prediction.uncertain)
        flags << QStringLiteral("low confidence");
    if (e.data.inChestFraction < kLowInChest)
        flags << QStringLiteral("heat outside chest");
    return flags;
}

/// Labels of `files` as printed: "Film N" when anonymised, else the file name (single film) or
/// the path relative to the folder the films share (batch).
QStringList filmLabels(const QStringList &files, bool anonymize, QString *commonFolder)
{
    QStringList labels;
    if (anonymize) {
        for (int i = 0; i < files.size(); ++i)
            labels << anonymousFilmLabel(i);
        return labels;
    }
    QStringList common = QFileInfo(files.value(0)).absolutePath().split(QLatin1Char('/'));
    for (const QString &f : files) {
        const QStringList parts = QFileInfo(f).absolutePath().split(QLatin1Char('/'));
        int n = 0;
        while (n < common.size() && n < parts.size() && common[n] == parts[n])
            ++n;
        common = common.mid(0, n);
    }
    const QDir root(common.join(QLatin1Char('/')) + QLatin1Char('/'));
    if (commonFolder)
        *commonFolder = root.absolutePath();
    for (const QString &f : files)
        labels << (files.size() == 1 ? QFileInfo(f).fileName()
                                     : root.relativeFilePath(QFileInfo(f).absoluteFilePath()));
    return labels;
}

/// Draws the pages of one report.
class Renderer
{
public:
    Renderer(QPdfWriter &writer, const ModelInfo &model, const ReportOptions &options,
             const QString &reportId, const QString &folder)
        : m_writer(writer), m_model(model), m_options(options), m_reportId(reportId), m_folder(folder),
          m_generated(QDateTime::currentDateTime())
    {
        const QRectF page = writer.pageLayout().fullRectPixels(kDpi);
        m_pageWidth = page.width();
        m_pageHeight = page.height();
        m_left = mm(kMargin);
        m_right = m_pageWidth - mm(kMargin);
        m_footerTop = m_pageHeight - mm(kMargin) - mm(kFooterHeight);
    }

    void setTotalPages(int n) { m_totalPages = n; }
    int pagesDrawn() const { return m_page; }

    /// Number of summary pages `entries` need (measured, nothing drawn).
    int summaryPages(const std::vector<Entry> &entries, const QString &note)
    {
        Canvas measure(&m_writer, nullptr);
        const double tableTop = summaryTop(measure, entries, note, headerBottom(measure));
        const int first = rowsFitting(tableTop);
        const int later = rowsFitting(headerBottom(measure) + headingHeight(measure));
        const int rest = std::max(0, int(entries.size()) - first);
        return 1 + (rest + later - 1) / later;
    }

    void drawSummary(QPainter &painter, const std::vector<Entry> &entries, const QString &note)
    {
        std::size_t next = 0;
        bool first = true;
        while (first || next < entries.size()) {
            Canvas c(&m_writer, beginPage(painter));
            double y = header(c);
            if (first) {
                y = summaryTop(c, entries, note, y);
            } else {
                c.line(QRectF(m_left, y, width(), mm(5)), makeFont(9, true),
                       QStringLiteral("Films (continued)"));
                y += headingHeight(c);
            }
            const auto rows = static_cast<std::size_t>(rowsFitting(y));
            y = tableHeader(c, y);
            for (std::size_t r = 0; r < rows && next < entries.size(); ++r, ++next)
                y = tableRow(c, y, int(next), entries[next]);
            footer(c);
            first = false;
        }
    }

    void drawFilm(QPainter &painter, const ReportData &film, const QString &label, bool batch,
                  const QString &note)
    {
        Canvas c(&m_writer, beginPage(painter));
        double y = header(c);
        const double w = width();

        // Film line: label, then what the film is.
        const QFont labelFont = makeFont(11, true);
        c.line(QRectF(m_left, y, w, c.lineHeight(labelFont)), labelFont, label);
        y += c.lineHeight(labelFont);
        QStringList facts{film.format};
        if (!film.modality.isEmpty())
            facts << film.modality;
        if (!film.viewPosition.isEmpty())
            facts << film.viewPosition;
        facts << QStringLiteral("%1 × %2 px").arg(film.width).arg(film.height);
        facts << QStringLiteral("file SHA-256 %1…").arg(film.fileSha256.left(12));
        const QFont small = makeFont(7.5);
        y += c.paragraph(QRectF(m_left, y, w, 0), small, facts.join(QStringLiteral(" · ")), kMuted);

        // Patient and study fields: only on request, never anonymised.
        const auto patientFields = printedPatientFields(film.patient);
        if (!patientFields.isEmpty())
            y += mm(kSmallGap) + patientBlock(c, y, patientFields);
        y += mm(kGap);

        // Heights of what goes below the images, so the images get the rest of the page.
        const double leftWidth = w * 0.56;
        const double rightWidth = w - leftWidth - mm(kGap);
        Canvas measure(&m_writer, nullptr);
        const double resultsHeight = results(measure, 0, leftWidth, film);
        const double modelHeight = modelBlock(measure, 0);
        const double captionsHeight = imageCaptions(measure, 0, film);
        // images | small gap | captions | gap | results and findings | gap | model | gap | footer
        const double below = mm(kSmallGap) + captionsHeight + mm(kGap) + mm(kGap) + modelHeight + mm(kGap);
        QString noteText = batch ? QString() : note;
        const QString empty = batch && !note.isEmpty()
                                  ? QStringLiteral("The reader's note is on the summary page.")
                                  : QString();
        double findingsHeight =
            std::max({resultsHeight, mm(kMinFindingsHeight), findingsNeeded(measure, rightWidth, noteText)});
        double imageHeight = m_footerTop - y - below - findingsHeight;
        if (imageHeight < mm(kMinImageHeight)) {
            // A long note: shorten it rather than shrink the films into stamps.
            findingsHeight = std::max(resultsHeight, m_footerTop - y - below - mm(kMinImageHeight));
            noteText = shortenedToFit(measure, noteText, rightWidth, findingsHeight);
            imageHeight = mm(kMinImageHeight);
        }
        imageHeight = std::min(imageHeight, mm(kMaxImageHeight));

        // Film | film with heatmap.
        const double half = (w - mm(kGap)) / 2;
        const QRectF leftBox(m_left, y, half, imageHeight),
            rightBox(m_left + half + mm(kGap), y, half, imageHeight);
        const QRectF a = c.image(leftBox, film.film);
        const QRectF b = c.image(rightBox, film.overlay);
        c.frame(a, kRule);
        c.frame(b, kRule);
        y += std::max(a.height(), b.height()) + mm(kSmallGap);
        y += imageCaptions(c, y, film) + mm(kGap);
        c.rule(m_left, m_right, y - mm(kGap) / 2);
        // Films wider than tall leave room: the findings box takes it (space to write on a
        // printed copy) and the model block stays at the foot of the page.
        findingsHeight = std::max(findingsHeight, m_footerTop - mm(kGap) - modelHeight - mm(kGap) - y);

        // Results | findings.
        results(c, y, leftWidth, film);
        findings(c, QRectF(m_left + leftWidth + mm(kGap), y, rightWidth, findingsHeight), noteText, empty);
        y += findingsHeight + mm(kGap);
        c.rule(m_left, m_right, y - mm(kGap) / 2);
        modelBlock(c, y);
        footer(c);
    }

private:
    double width() const { return m_right - m_left; }
    /// Patient/study fields only on request; an anonymised report passes them through the
    /// de-identification filter, which leaves none of PatientInfo's.
    QList<QPair<QString, QString>> printedPatientFields(const PatientInfo &patient) const
    {
        if (!m_options.includePatient)
            return {};
        const auto fields = patient.fields();
        return m_options.anonymize ? withoutIdentifyingFields(fields) : fields;
    }

    QPainter *beginPage(QPainter &painter)
    {
        if (m_page > 0)
            m_writer.newPage();
        ++m_page;
        return &painter;
    }

    double headerBottom(Canvas &c) const
    {
        return mm(kMargin) + c.lineHeight(makeFont(13, true)) + c.lineHeight(makeFont(7.5)) + mm(kGap);
    }
    double headingHeight(Canvas &c) const { return c.lineHeight(makeFont(9, true)) + mm(kSmallGap); }

    double header(Canvas &c)
    {
        const QFont title = makeFont(13, true), small = makeFont(7.5);
        double y = mm(kMargin);
        const double h1 = c.lineHeight(title), h2 = c.lineHeight(small);
        c.line(QRectF(m_left, y, width() * 0.6, h1), title, QStringLiteral("ChestLens chest X-ray report"),
               Qt::AlignLeft, kAccent);
        c.line(QRectF(m_left + width() * 0.6, y, width() * 0.4, h1), makeFont(9, true),
               QStringLiteral("Report %1").arg(m_reportId), Qt::AlignRight);
        y += h1;
        c.line(QRectF(m_left, y, width() * 0.6, h2), small,
               QStringLiteral("ChestLens %1 · Grad-CAM explained classification")
                   .arg(QStringLiteral(CHESTLENS_VERSION)),
               Qt::AlignLeft, kMuted);
        c.line(QRectF(m_left + width() * 0.4, y, width() * 0.6, h2), small,
               QStringLiteral("Generated %1").arg(m_generated.toString(QStringLiteral("yyyy-MM-dd HH:mm t"))),
               Qt::AlignRight, kMuted);
        y += h2 + mm(kGap) / 2;
        c.rule(m_left, m_right, y, kAccent, 0.4);
        return y + mm(kGap) / 2;
    }

    void footer(Canvas &c)
    {
        const double y = m_footerTop + mm(2);
        c.rule(m_left, m_right, m_footerTop);
        const QRectF r(m_left, y, width(), mm(kFooterHeight) - mm(2));
        c.line(r, makeFont(8, true), kDisclaimer, Qt::AlignLeft, kWarn);
        c.line(r, makeFont(7.5), QStringLiteral("Page %1/%2").arg(m_page).arg(m_totalPages), Qt::AlignRight,
               kMuted);
    }

    double patientBlock(Canvas &c, double y, const QList<QPair<QString, QString>> &fields)
    {
        const QFont heading = makeFont(8, true), body = makeFont(7.5);
        const double y0 = y;
        y += c.paragraph(QRectF(m_left, y, width(), 0), heading,
                         QStringLiteral("Patient and study (from the DICOM header, included on request)"));
        // Two columns; a value too long for one (UIDs, addresses) gets a row of its own rather
        // than being cut.
        const double colWidth = width() / 2, rowHeight = c.lineHeight(body);
        int column = 0;
        for (const auto &[keyword, value] : fields) {
            const QString text = keyword + QStringLiteral(": ") + value;
            const bool wide = c.textWidth(body, text) > colWidth - mm(2);
            if (wide && column == 1) {
                y += rowHeight;
                column = 0;
            }
            c.line(QRectF(m_left + column * colWidth, y, (wide ? width() : colWidth) - mm(2), rowHeight),
                   body, text, Qt::AlignLeft, kInk, Qt::ElideRight);
            if (wide || column == 1) {
                y += rowHeight;
                column = 0;
            } else {
                column = 1;
            }
        }
        if (column == 1)
            y += rowHeight;
        return y - y0;
    }

    QString legendCaption(const ReportData &film) const
    {
        const ReportLegend &l = film.legend;
        return QStringLiteral("%1 of class \"%2\" at layer %3 · %4 colormap, opacity %5 %")
            .arg(camMethodTitle(l.method), l.classExplained, l.layer, colormapName(l.colormap))
            .arg(std::lround(l.opacity * 100));
    }

    /// Captions under the two images and the colour bar under the overlay; returns the height.
    double imageCaptions(Canvas &c, double y, const ReportData &film)
    {
        const QFont small = makeFont(7.5), tiny = makeFont(6.5);
        const double half = (width() - mm(kGap)) / 2;
        const double x2 = m_left + half + mm(kGap);
        const double left =
            c.paragraph(QRectF(m_left, y, half, 0), small,
                        QStringLiteral("Film as displayed (window: %1)").arg(film.windowName), kMuted);
        double right = c.paragraph(QRectF(x2, y, half, 0), small, legendCaption(film), kMuted);
        right += mm(kSmallGap);
        const QRectF bar(x2, y + right, half, mm(kLegendBarHeight));
        // The bar alone (no labels drawn into the image); the labels are the PDF's own text below.
        c.stretchedImage(bar, colormapLegend(film.legend.colormap, QSize(512, 12)));
        c.frame(bar, kRule, 0.15);
        right += bar.height();
        const double labelHeight = c.lineHeight(tiny);
        const QRectF labels(x2, y + right, half, labelHeight);
        c.line(labels, tiny, QStringLiteral("0 (no evidence)"), Qt::AlignLeft, kMuted);
        c.line(labels, tiny, QStringLiteral("relevance for the class explained"), Qt::AlignHCenter, kMuted);
        c.line(labels, tiny, QStringLiteral("1 (maximum)"), Qt::AlignRight, kMuted);
        right += labelHeight;
        return std::max(left, right);
    }

    /// Predicted class, probability table with bars, uncertainty and in-chest notes.
    double results(Canvas &c, double y, double w, const ReportData &film)
    {
        const Prediction &p = film.prediction;
        const double y0 = y;
        const QFont big = makeFont(12, true), heading = makeFont(8.5, true), body = makeFont(8),
                    row = makeFont(8.5);
        const bool judged = p.applicability.applicable;
        y += c.paragraph(
            QRectF(m_left, y, w, 0), big,
            judged ? QStringLiteral("Predicted: %1 (%2)").arg(p.topClass(), percent(p.topProbability))
                   : QStringLiteral("Not applicable: %1").arg(p.applicability.explanation),
            p.uncertain || !judged ? kWarn : kAccent);
        y += mm(kSmallGap);
        y += c.paragraph(QRectF(m_left, y, w, 0), heading,
                         judged ? QStringLiteral("Calibrated probabilities")
                                : QStringLiteral("Probabilities (meaningless for this image)"));
        const double nameWidth = w * 0.30, valueWidth = w * 0.18;
        const double barX = m_left + nameWidth, barWidth = w - nameWidth - valueWidth - mm(2);
        const double rh = mm(kProbRowHeight);
        for (int k = 0; k < p.classes.size(); ++k) {
            const auto v = static_cast<double>(p.probabilities[std::size_t(k)]);
            const bool top = k == p.top;
            const QFont f = top ? makeFont(8.5, true) : row;
            c.line(QRectF(m_left, y, nameWidth - mm(1), rh), f, p.classes[k]);
            c.fill(QRectF(barX, y + rh * 0.2, barWidth, rh * 0.6), kShade);
            c.fill(QRectF(barX, y + rh * 0.2, barWidth * std::clamp(v, 0.0, 1.0), rh * 0.6),
                   top && judged ? kAccent : kBarOther);
            c.line(QRectF(m_left + w - valueWidth, y, valueWidth, rh), f, percent(v), Qt::AlignRight);
            y += rh;
        }
        y += mm(kSmallGap);
        y += c.paragraph(QRectF(m_left, y, w, 0), heading,
                         judged ? QStringLiteral("How sure is it?") : QStringLiteral("Why no result?"));
        y += c.paragraph(QRectF(m_left, y, w, 0), body, uncertaintyText(p));
        y += mm(kSmallGap);
        y += c.paragraph(QRectF(m_left, y, w, 0), heading, QStringLiteral("In-chest heat fraction"));
        y += c.paragraph(QRectF(m_left, y, w, 0), body, inChestText(film.inChestFraction),
                         film.inChestFraction < kLowInChest ? kWarn : kInk);
        return y - y0;
    }

    double findingsNeeded(Canvas &c, double w, const QString &note) const
    {
        const double pad = mm(2.5);
        return pad + c.lineHeight(makeFont(9, true)) + mm(kSmallGap) +
               c.textHeight(makeFont(9), note, w - 2 * pad) + pad;
    }

    QString shortenedToFit(Canvas &c, const QString &note, double w, double h) const
    {
        if (findingsNeeded(c, w, note) <= h)
            return note;
        // Longest prefix that fits together with the notice of what was cut.
        int lo = 0, hi = int(note.size());
        const auto candidate = [&](int n) {
            return note.left(n).trimmed() +
                   QStringLiteral(" … [%1 more characters not shown]").arg(note.size() - n);
        };
        while (lo < hi) {
            const int mid = (lo + hi + 1) / 2;
            if (findingsNeeded(c, w, candidate(mid)) <= h)
                lo = mid;
            else
                hi = mid - 1;
        }
        return candidate(lo);
    }

    void findings(Canvas &c, const QRectF &box, const QString &note, const QString &placeholder)
    {
        const double pad = mm(2.5);
        c.frame(box, kRule, 0.3);
        double y = box.y() + pad;
        const QFont title = makeFont(9, true);
        c.line(QRectF(box.x() + pad, y, box.width() - 2 * pad, c.lineHeight(title)), title,
               QStringLiteral("Findings"));
        y += c.lineHeight(title) + mm(kSmallGap);
        if (!note.isEmpty())
            c.paragraph(QRectF(box.x() + pad, y, box.width() - 2 * pad, 0), makeFont(9), note);
        else if (!placeholder.isEmpty())
            c.paragraph(QRectF(box.x() + pad, y, box.width() - 2 * pad, 0), makeFont(8), placeholder, kMuted);
    }

    double modelBlock(Canvas &c, double y)
    {
        const double y0 = y;
        const QFont heading = makeFont(8.5, true), body = makeFont(7.5), mono = makeFont(7.5, false, true);
        const ModelInfo &m = m_model;
        y += c.paragraph(QRectF(m_left, y, width(), 0), heading, QStringLiteral("Model"));
        const double labelWidth = mm(24), x = m_left + labelWidth, w = width() - labelWidth;
        const auto row = [&](const QString &label, const QString &value, const QFont &f) {
            c.paragraph(QRectF(m_left, y, labelWidth, 0), body, label, kMuted);
            y += std::max(c.lineHeight(body), c.paragraph(QRectF(x, y, w, 0), f, value));
        };
        row(QStringLiteral("Name"),
            QStringLiteral("%1 (%2)").arg(m.name.isEmpty() ? QStringLiteral("unnamed") : m.name,
                                          QFileInfo(m.path).fileName()),
            body);
        row(QStringLiteral("Architecture"),
            QStringLiteral("%1, %2 px input; classes: %3")
                .arg(m.architecture)
                .arg(m.preprocessing.imageSize)
                .arg(m.classes.join(QStringLiteral(", "))),
            body);
        QString trained = QStringLiteral("%1 (ChestLens %2)").arg(m.created.left(10), m.chestlensVersion);
        const QJsonObject v = m.validationMetrics();
        if (!v.isEmpty())
            trained += QStringLiteral("; validation (calibrated, n = %1): accuracy %2, macro-F1 %3, ECE %4")
                           .arg(v.value(QStringLiteral("n")).toInt())
                           .arg(v.value(QStringLiteral("accuracy")).toDouble(), 0, 'f', 3)
                           .arg(v.value(QStringLiteral("macro_f1")).toDouble(), 0, 'f', 3)
                           .arg(v.value(QStringLiteral("ece")).toDouble(), 0, 'f', 3);
        else
            trained += QStringLiteral("; no validation metrics stored");
        row(QStringLiteral("Trained"), trained, body);
        if (!m.startedFrom().isEmpty())
            row(QStringLiteral("Started from"), m.startedFrom(), body);
        row(QStringLiteral("SHA-256"), m.sha256, mono);
        return y - y0;
    }

    /// Title, class counts, flags, model and note of the first summary page; returns where the
    /// film table starts.
    double summaryTop(Canvas &c, const std::vector<Entry> &entries, const QString &note, double y)
    {
        const QFont title = makeFont(13, true), heading = makeFont(8.5, true), body = makeFont(8);
        int failed = 0, uncertain = 0, outside = 0, inapplicable = 0;
        QList<int> counts(m_model.classes.size(), 0);
        for (const Entry &e : entries) {
            if (!e.ok) {
                ++failed;
                continue;
            }
            if (!e.data.prediction.applicability.applicable) {
                ++inapplicable;
                continue;
            }
            const int top = e.data.prediction.top;
            if (top >= 0 && top < counts.size())
                ++counts[top];
            uncertain += e.data.prediction.uncertain ? 1 : 0;
            outside += e.data.inChestFraction < kLowInChest ? 1 : 0;
        }
        const int n = int(entries.size()), reported = n - failed, judged = reported - inapplicable;
        y += c.paragraph(QRectF(m_left, y, width(), 0), title,
                         QStringLiteral("Batch summary: %1 films").arg(n));
        QString sub = QStringLiteral("%1 reported on the following pages").arg(reported);
        if (failed)
            sub += QStringLiteral(", %1 could not be read").arg(failed);
        if (!m_folder.isEmpty())
            sub += QStringLiteral(" · folder %1").arg(m_folder);
        y += c.paragraph(QRectF(m_left, y, width(), 0), body, sub, kMuted) + mm(kGap);

        // Counts per predicted class (left) and flags (right).
        const double leftWidth = width() * 0.5, rightX = m_left + leftWidth + mm(kGap),
                     rightWidth = width() - leftWidth - mm(kGap);
        double yl = y, yr = y;
        yl += c.paragraph(QRectF(m_left, yl, leftWidth, 0), heading, QStringLiteral("Predicted classes"));
        const double rh = mm(kProbRowHeight), nameW = leftWidth * 0.32, countW = leftWidth * 0.22;
        for (int k = 0; k < counts.size(); ++k) {
            const double share = judged ? double(counts[k]) / judged : 0.0;
            c.line(QRectF(m_left, yl, nameW, rh), makeFont(8.5), m_model.classes[k]);
            const double barX = m_left + nameW, barW = leftWidth - nameW - countW - mm(2);
            c.fill(QRectF(barX, yl + rh * 0.2, barW, rh * 0.6), kShade);
            c.fill(QRectF(barX, yl + rh * 0.2, barW * share, rh * 0.6), kAccent);
            c.line(QRectF(m_left + leftWidth - countW, yl, countW, rh), makeFont(8.5),
                   QStringLiteral("%1 (%2)").arg(counts[k]).arg(percent(share, 0)), Qt::AlignRight);
            yl += rh;
        }
        yr += c.paragraph(QRectF(rightX, yr, rightWidth, 0), heading, QStringLiteral("Flags"));
        const auto flagLine = [&](int count, const QString &what) {
            yr += c.paragraph(QRectF(rightX, yr, rightWidth, 0), body,
                              QStringLiteral("%1 %2 %3")
                                  .arg(count)
                                  .arg(count == 1 ? QStringLiteral("film") : QStringLiteral("films"), what),
                              count ? kWarn : kInk) +
                  mm(1);
        };
        flagLine(uncertain, QStringLiteral("with low confidence (top probability below %1, or unstable)")
                                .arg(percent(m_options.predict.minConfidence, 0)));
        flagLine(outside,
                 QStringLiteral("with most heat outside the chest (in-chest fraction below %1): possible "
                                "shortcuts")
                     .arg(percent(kLowInChest, 0)));
        flagLine(inapplicable,
                 QStringLiteral("not applicable (not frontal chest radiographs, or far from the "
                                "training films): no prediction"));
        flagLine(failed, QStringLiteral("could not be read"));
        y = std::max(yl, yr) + mm(kGap);

        y += modelBlock(c, y) + mm(kGap);
        if (!note.isEmpty()) {
            // The note shares the page with the table; a very long one is shortened.
            const double maxHeight = (m_footerTop - y) / 2;
            const QString text = shortenedToFit(c, note, width(), maxHeight);
            const double h = findingsNeeded(c, width(), text);
            findings(c, QRectF(m_left, y, width(), h), text, QString());
            y += h + mm(kGap);
        }
        c.line(QRectF(m_left, y, width(), c.lineHeight(makeFont(9, true))), makeFont(9, true),
               QStringLiteral("Films"));
        return y + headingHeight(c);
    }

    int rowsFitting(double tableTop) const
    {
        const double rowsHeight =
            m_footerTop - mm(kGap) - tableTop - mm(kTableRowHeight); // minus the header row
        return std::max(1, int(std::floor(rowsHeight / mm(kTableRowHeight))));
    }

    struct Column
    {
        QString title;
        double fraction;
        Qt::Alignment align;
    };
    std::vector<Column> columns() const
    {
        return {{QStringLiteral("#"), 0.05, Qt::AlignRight},
                {QStringLiteral("Film"), 0.35, Qt::AlignLeft},
                {QStringLiteral("Predicted"), 0.15, Qt::AlignLeft},
                {QStringLiteral("Probability"), 0.11, Qt::AlignRight},
                {QStringLiteral("In-chest heat"), 0.12, Qt::AlignRight},
                {QStringLiteral("Flags"), 0.22, Qt::AlignLeft}};
    }

    double tableCells(Canvas &c, double y, const QStringList &cells, const QFont &f, const QColor &colour,
                      const QColor &flagColour)
    {
        const auto cols = columns();
        const double rh = mm(kTableRowHeight), pad = mm(1);
        double x = m_left;
        for (std::size_t i = 0; i < cols.size(); ++i) {
            const double w = width() * cols[i].fraction;
            c.line(QRectF(x + pad, y, w - 2 * pad, rh), f, cells.value(int(i)), cols[i].align,
                   i + 1 == cols.size() ? flagColour : colour, i == 1 ? Qt::ElideMiddle : Qt::ElideRight);
            x += w;
        }
        return y + rh;
    }

    double tableHeader(Canvas &c, double y)
    {
        c.fill(QRectF(m_left, y, width(), mm(kTableRowHeight)), kShade);
        QStringList titles;
        for (const Column &col : columns())
            titles << col.title;
        y = tableCells(c, y, titles, makeFont(7.5, true), kInk, kInk);
        c.rule(m_left, m_right, y, kRule, 0.2);
        return y;
    }

    double tableRow(Canvas &c, double y, int index, const Entry &e)
    {
        QStringList cells{QString::number(index + 1), e.label};
        const bool judged = e.ok && e.data.prediction.applicability.applicable;
        if (judged)
            cells << e.data.prediction.topClass() << percent(e.data.prediction.topProbability)
                  << percent(e.data.inChestFraction, 0);
        else // unreadable, or not a film the model may judge (the flag says which)
            cells << QStringLiteral("—") << QString() << QString();
        const QStringList flags = flagsOf(e);
        cells << flags.join(QStringLiteral(", "));
        y = tableCells(c, y, cells, makeFont(7.5), judged ? kInk : kMuted, flags.isEmpty() ? kInk : kWarn);
        c.rule(m_left, m_right, y, kShade, 0.15);
        return y;
    }

    QPdfWriter &m_writer;
    const ModelInfo &m_model;
    const ReportOptions &m_options;
    QString m_reportId;
    QString m_folder;
    QDateTime m_generated;
    double m_pageWidth = 0, m_pageHeight = 0, m_left = 0, m_right = 0, m_footerTop = 0;
    int m_page = 0;
    int m_totalPages = 1;
};

/// The progress/cancel plumbing and the steps shared by both writeReport() overloads.
class Job
{
public:
    Job(const QString &out, const ReportOptions &options, const ReportProgress &progress, int totalSteps)
        : m_out(out), m_options(options), m_progress(progress), m_total(totalSteps)
    {
    }

    void checkCancelled() const
    {
        if (m_progress.cancelled && m_progress.cancelled())
            throw Error(ErrorCode::Cancelled, m_out, QStringLiteral("report cancelled; no file was written"));
    }
    void step(const QString &what)
    {
        ++m_done;
        if (m_progress.progress)
            m_progress.progress(m_done, m_total, what);
    }

    /// Writes the document for `entries` to `dev`. `recollect(i)` re-analyses entry i when its
    /// images were dropped to save memory.
    void render(QIODevice &dev, const ModelInfo &model, std::vector<Entry> &entries, const QString &folder,
                const std::function<ReportData(int)> &recollect, ReportResult &result)
    {
        if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
            throw Error(ErrorCode::Internal, m_out,
                        QStringLiteral("drawing a PDF needs a QGuiApplication (use the offscreen platform)"));
        const bool batch = entries.size() > 1;
        const QString note = scrubbedNote(entries);
        QPdfWriter writer(&dev);
        writer.setResolution(kDpi);
        writer.setPageSize(
            QPageSize(m_options.pageSize == ReportPageSize::Letter ? QPageSize::Letter : QPageSize::A4));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        writer.setCreator(QStringLiteral("ChestLens %1").arg(QStringLiteral(CHESTLENS_VERSION)));
        writer.setTitle(documentTitle(entries, folder, result.reportId));

        Renderer renderer(writer, model, m_options, result.reportId,
                          m_options.anonymize ? QString() : folder);
        int ok = 0;
        for (const Entry &e : entries)
            ok += e.ok ? 1 : 0;
        result.summaryPages = batch ? renderer.summaryPages(entries, note) : 0;
        renderer.setTotalPages(result.summaryPages + ok);

        QPainter painter;
        if (!painter.begin(&writer))
            throw Error(ErrorCode::WriteFailed, m_out, QStringLiteral("cannot start the PDF"));
        if (batch)
            renderer.drawSummary(painter, entries, note);
        for (std::size_t i = 0; i < entries.size(); ++i) {
            Entry &e = entries[i];
            checkCancelled();
            if (e.ok) {
                if (!e.hasImages) {
                    ReportData again = recollect(int(i));
                    e.data.film = again.film;
                    e.data.overlay = again.overlay;
                }
                renderer.drawFilm(painter, e.data, e.label, batch, note);
                // Done with the pixels: keep the summary's numbers only.
                e.data.film = QImage();
                e.data.overlay = QImage();
                result.films << e.data;
                result.labels << e.label;
            } else {
                result.failures << ReportFailure{e.file, e.label, e.error};
            }
            step(e.ok ? QStringLiteral("%1: page drawn").arg(e.label)
                      : QStringLiteral("%1: skipped").arg(e.label));
        }
        if (!painter.end())
            throw Error(ErrorCode::WriteFailed, m_out, QStringLiteral("could not finish the PDF"));
        result.pages = renderer.pagesDrawn();
        checkCancelled();
    }

private:
    QString scrubbedNote(const std::vector<Entry> &entries) const
    {
        QString note = m_options.note.trimmed();
        if (!m_options.anonymize || note.isEmpty())
            return note;
        for (const Entry &e : entries)
            note = scrubIdentifiers(note, e.ok ? e.data.patient : PatientInfo(), fileNameParts(e.file));
        return note;
    }

    QString documentTitle(const std::vector<Entry> &entries, const QString &folder, const QString &id) const
    {
        if (m_options.anonymize)
            return QStringLiteral("ChestLens report %1").arg(id);
        if (entries.size() == 1)
            return QStringLiteral("ChestLens report: %1").arg(entries.front().label);
        return QStringLiteral("ChestLens batch report: %1").arg(QDir(folder).dirName());
    }

public:
    /// The path, file name and base name of `file`: what an anonymised report must not print.
    static QStringList fileNameParts(const QString &file)
    {
        const QFileInfo fi(file);
        return {file, fi.absoluteFilePath(), fi.fileName(), fi.completeBaseName(), fi.baseName()};
    }

private:
    QString m_out;
    const ReportOptions &m_options;
    const ReportProgress &m_progress;
    int m_total = 0;
    int m_done = 0;
};

/// The printed form of a batch film's error: without the leading "<file>: " (the label is shown
/// beside it) and, when anonymised, without any trace of the file name.
QString printableError(const Error &e, const QString &file, bool anonymize)
{
    QString message = e.message();
    if (message.startsWith(file + QStringLiteral(": ")))
        message = message.mid(file.size() + 2);
    return anonymize ? scrubIdentifiers(message, PatientInfo(), Job::fileNameParts(file)) : message;
}

} // namespace

QString newReportId()
{
    return QStringLiteral("CL-%1-%2")
        .arg(QDate::currentDate().toString(QStringLiteral("yyyyMMdd")))
        .arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0'));
}

ReportResult writeReport(const Classifier &classifier, const QStringList &files, const QString &out,
                         const ReportOptions &options, const ReportProgress &progress)
{
    if (files.isEmpty())
        throw Error(ErrorCode::InvalidArgument, out, QStringLiteral("no films to report"));
    const bool batch = files.size() > 1;
    QString folder;
    const QStringList labels = filmLabels(files, options.anonymize, &folder);
    Job job(out, options, progress, 2 * int(files.size()));
    ReportResult result;
    result.path = out;
    result.reportId = newReportId();
    // Everything happens inside the atomic write: an unwritable path fails before any film is
    // analysed, and a failure or cancellation anywhere leaves no file behind.
    writeFileAtomically(out, [&](QIODevice &dev) {
        std::vector<Entry> entries;
        qint64 cached = 0;
        int ok = 0;
        for (int i = 0; i < files.size(); ++i) {
            job.checkCancelled();
            Entry e;
            e.file = files[i];
            e.label = labels[i];
            try {
                e.data = collectReportData(classifier, files[i], options);
                e.ok = true;
                ++ok;
                const qint64 bytes = e.data.film.sizeInBytes() + e.data.overlay.sizeInBytes();
                e.hasImages = !batch || cached + bytes <= kImageCacheBytes;
                if (e.hasImages) {
                    cached += bytes;
                } else {
                    e.data.film = QImage();
                    e.data.overlay = QImage();
                }
            } catch (const Error &err) {
                if (!batch || err.code() == ErrorCode::Cancelled)
                    throw;
                e.error = printableError(err, files[i], options.anonymize);
            }
            job.step(e.ok ? QStringLiteral("%1: analysed").arg(e.label)
                          : QStringLiteral("%1: could not be read").arg(e.label));
            entries.push_back(std::move(e));
        }
        if (ok == 0)
            throw Error(
                ErrorCode::FileUnreadable, out,
                QStringLiteral("none of the %1 films could be read; no report written").arg(files.size()));
        job.render(
            dev, classifier.info(), entries, folder,
            [&](int i) { return collectReportData(classifier, files[i], options); }, result);
        return true;
    });
    return result;
}

ReportResult writeReport(const ModelInfo &model, const QList<ReportData> &films, const QString &out,
                         const ReportOptions &options, const ReportProgress &progress)
{
    if (films.isEmpty())
        throw Error(ErrorCode::InvalidArgument, out, QStringLiteral("no films to report"));
    QStringList files;
    for (const ReportData &f : films)
        files << f.filePath;
    QString folder;
    const QStringList labels = filmLabels(files, options.anonymize, &folder);
    Job job(out, options, progress, int(films.size()));
    ReportResult result;
    result.path = out;
    result.reportId = newReportId();
    writeFileAtomically(out, [&](QIODevice &dev) {
        std::vector<Entry> entries;
        entries.reserve(static_cast<std::size_t>(films.size()));
        for (int i = 0; i < films.size(); ++i)
            entries.push_back(Entry{files[i], labels[i], true, films[i], true, QString()});
        job.render(dev, model, entries, folder, {}, result);
        return true;
    });
    return result;
}

} // namespace chestlens
