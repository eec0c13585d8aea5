#include "ui/evaluation/confusionmatrixwidget.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace chestlens::ui {

namespace {

constexpr double kPadding = 6;            // between labels and cells, in pixels
constexpr double kMaxCellSide = 150;      // beyond this the grid is centred, not stretched
constexpr double kMaxRowLabelShare = 0.3; // of the width; longer class names are elided

QColor mix(const QColor &a, const QColor &b, double t)
{
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * t),
                            static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * t),
                            static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * t));
}

/// Relative luminance (ITU-R BT.709), enough to pick black or white text over a cell.
double luminance(const QColor &c)
{
    return 0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF();
}

int rowTotal(const std::vector<int> &row)
{
    int total = 0;
    for (int v : row)
        total += v;
    return total;
}

} // namespace

struct ConfusionMatrixWidget::Geometry
{
    QRectF cells; ///< the k x k grid
    double cellW = 0, cellH = 0;
    QRectF rowLabels;    ///< left of the grid
    QRectF columnLabels; ///< below the grid
    QRectF rowTitle;     ///< "True class", drawn rotated
    QRectF columnTitle;  ///< "Predicted class"
};

ConfusionMatrixWidget::ConfusionMatrixWidget(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("confusionMatrix"));
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ConfusionMatrixWidget::setMatrix(const QStringList &classNames,
                                      const std::vector<std::vector<int>> &confusion)
{
    const auto k = static_cast<std::size_t>(classNames.size());
    bool square = confusion.size() == k;
    for (const auto &row : confusion)
        square = square && row.size() == k;
    if (!square) {
        clear();
        return;
    }
    m_classes = classNames;
    m_matrix = confusion;
    m_hoverText.clear();
    update();
}

void ConfusionMatrixWidget::clear()
{
    m_classes.clear();
    m_matrix.clear();
    m_hoverText.clear();
    update();
}

QString ConfusionMatrixWidget::cellDescription(int row, int column) const
{
    const int k = static_cast<int>(m_matrix.size());
    if (row < 0 || column < 0 || row >= k || column >= k)
        return {};
    const int count = m_matrix[static_cast<std::size_t>(row)][static_cast<std::size_t>(column)];
    const int total = rowTotal(m_matrix[static_cast<std::size_t>(row)]);
    const QString trueClass = m_classes.value(row), predicted = m_classes.value(column);
    const QString share = total > 0 ? tr("%1 % of the %2 %3 films")
                                          .arg(QString::number(100.0 * count / total, 'f', 1))
                                          .arg(total)
                                          .arg(trueClass)
                                    : tr("no %1 films in this data").arg(trueClass);
    const QString kind = row == column ? tr("correct") : tr("mistaken for %1").arg(predicted);
    return tr("True %1, predicted %2: %n film(s) (%3; %4)", nullptr, count)
        .arg(trueClass, predicted, share, kind);
}

ConfusionMatrixWidget::Colors ConfusionMatrixWidget::screenColors() const
{
    const QPalette &p = palette();
    Colors c;
    c.background = p.color(QPalette::Base);
    c.text = p.color(QPalette::Text);
    c.mutedText = p.color(QPalette::PlaceholderText);
    c.grid = p.color(QPalette::Window);
    c.cellLow = p.color(QPalette::AlternateBase);
    c.cellHigh = QColor(38, 110, 196); // a saturated blue that reads on light and dark palettes
    return c;
}

ConfusionMatrixWidget::Colors ConfusionMatrixWidget::printColors()
{
    Colors c;
    c.background = Qt::white;
    c.text = QColor(20, 20, 20);
    c.mutedText = QColor(90, 90, 90);
    c.grid = Qt::white;
    c.cellLow = QColor(244, 246, 250);
    c.cellHigh = QColor(31, 90, 170);
    return c;
}

ConfusionMatrixWidget::Geometry ConfusionMatrixWidget::geometryFor(const QRectF &rect,
                                                                   const QFont &font) const
{
    Geometry g;
    const int k = static_cast<int>(m_matrix.size());
    if (k == 0)
        return g;
    const QFontMetricsF fm(font);
    double labelW = 0;
    for (const QString &name : m_classes)
        labelW = std::max(labelW, fm.horizontalAdvance(name));
    labelW = std::min(labelW + kPadding, rect.width() * kMaxRowLabelShare);
    const double titleH = fm.height() + kPadding;

    const double left = rect.left() + titleH + labelW;
    const double bottomSpace = 2 * titleH; // column labels, then the column title
    const double availW = std::max(1.0, rect.right() - left);
    const double availH = std::max(1.0, rect.height() - bottomSpace);
    g.cellW = std::min(availW / k, kMaxCellSide);
    g.cellH = std::min(availH / k, kMaxCellSide);
    // Centre the grid in the space left for it.
    const double gridW = g.cellW * k, gridH = g.cellH * k;
    const double x = left + (availW - gridW) / 2;
    const double y = rect.top() + (availH - gridH) / 2;
    g.cells = QRectF(x, y, gridW, gridH);
    g.rowLabels = QRectF(x - labelW, y, labelW - kPadding / 2, gridH);
    g.columnLabels = QRectF(x, y + gridH, gridW, titleH);
    g.rowTitle = QRectF(x - labelW - titleH, y, titleH, gridH);
    g.columnTitle = QRectF(x, y + gridH + titleH, gridW, titleH);
    return g;
}

void ConfusionMatrixWidget::paintMatrix(QPainter &painter, const QRectF &rect, const Colors &colors) const
{
    painter.save();
    painter.fillRect(rect, colors.background);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    const QFont font = painter.font();
    const int k = static_cast<int>(m_matrix.size());
    if (k == 0) {
        painter.setPen(colors.mutedText);
        painter.drawText(rect, Qt::AlignCenter | Qt::TextWordWrap, tr("No evaluation yet"));
        painter.restore();
        return;
    }
    const Geometry g = geometryFor(rect, font);
    const QFontMetricsF fm(font);
    QFont countFont = font;
    countFont.setBold(true);
    countFont.setPointSizeF(font.pointSizeF() * 1.15);
    QFont shareFont = font;
    shareFont.setPointSizeF(font.pointSizeF() * 0.85);
    const double countH = QFontMetricsF(countFont).height();
    const double shareH = QFontMetricsF(shareFont).height();
    const bool showShare = g.cellH >= countH + shareH + 4;

    for (int r = 0; r < k; ++r) {
        const auto &row = m_matrix[static_cast<std::size_t>(r)];
        const int total = rowTotal(row);
        for (int c = 0; c < k; ++c) {
            const int count = row[static_cast<std::size_t>(c)];
            const double share = total > 0 ? static_cast<double>(count) / total : 0.0;
            const QRectF cell(g.cells.left() + c * g.cellW, g.cells.top() + r * g.cellH, g.cellW, g.cellH);
            const QColor fill = mix(colors.cellLow, colors.cellHigh, share);
            painter.fillRect(cell, fill);
            painter.setPen(QPen(colors.grid, 1.5));
            painter.drawRect(cell);
            const QColor ink = luminance(fill) > 0.5 ? QColor(20, 20, 20) : QColor(245, 245, 245);
            painter.setPen(ink);
            painter.setFont(countFont);
            const QString countText = QString::number(count);
            if (showShare) {
                const double top = cell.center().y() - (countH + shareH) / 2;
                painter.drawText(QRectF(cell.left(), top, cell.width(), countH), Qt::AlignCenter, countText);
                painter.setFont(shareFont);
                const QString shareText =
                    total > 0 ? QStringLiteral("%1 %").arg(QString::number(100.0 * share, 'f', 1))
                              : QStringLiteral("–");
                painter.drawText(QRectF(cell.left(), top + countH, cell.width(), shareH), Qt::AlignCenter,
                                 shareText);
            } else {
                painter.drawText(cell, Qt::AlignCenter, countText);
            }
        }
    }

    painter.setFont(font);
    painter.setPen(colors.text);
    for (int i = 0; i < k; ++i) {
        const QRectF rowLabel(g.rowLabels.left(), g.cells.top() + i * g.cellH, g.rowLabels.width(), g.cellH);
        painter.drawText(rowLabel, Qt::AlignRight | Qt::AlignVCenter,
                         fm.elidedText(m_classes.value(i), Qt::ElideRight, rowLabel.width()));
        const QRectF colLabel(g.cells.left() + i * g.cellW, g.columnLabels.top(), g.cellW,
                              g.columnLabels.height());
        painter.drawText(colLabel, Qt::AlignCenter,
                         fm.elidedText(m_classes.value(i), Qt::ElideRight, colLabel.width() - 2));
    }
    QFont titleFont = font;
    titleFont.setItalic(true);
    painter.setFont(titleFont);
    painter.setPen(colors.mutedText);
    painter.drawText(g.columnTitle, Qt::AlignCenter, tr("Predicted class"));
    painter.translate(g.rowTitle.center());
    painter.rotate(-90);
    painter.drawText(
        QRectF(-g.rowTitle.height() / 2, -g.rowTitle.width() / 2, g.rowTitle.height(), g.rowTitle.width()),
        Qt::AlignCenter, tr("True class"));
    painter.restore();
}

QSize ConfusionMatrixWidget::sizeHint() const
{
    return {460, 360};
}

QSize ConfusionMatrixWidget::minimumSizeHint() const
{
    const int line = fontMetrics().height();
    return {line * 16, line * 10};
}

void ConfusionMatrixWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setFont(font());
    paintMatrix(painter, rect(), screenColors());
}

std::pair<int, int> ConfusionMatrixWidget::cellAt(const QPointF &pos) const
{
    const Geometry g = geometryFor(rect(), font());
    const int k = static_cast<int>(m_matrix.size());
    if (k == 0 || !g.cells.contains(pos))
        return {-1, -1};
    const int c = std::min(k - 1, static_cast<int>((pos.x() - g.cells.left()) / g.cellW));
    const int r = std::min(k - 1, static_cast<int>((pos.y() - g.cells.top()) / g.cellH));
    return {r, c};
}

void ConfusionMatrixWidget::mouseMoveEvent(QMouseEvent *event)
{
    const auto [r, c] = cellAt(event->position());
    const QString text = cellDescription(r, c);
    if (text != m_hoverText) {
        m_hoverText = text;
        Q_EMIT hoverTextChanged(text);
    }
    QWidget::mouseMoveEvent(event);
}

void ConfusionMatrixWidget::leaveEvent(QEvent *event)
{
    if (!m_hoverText.isEmpty()) {
        m_hoverText.clear();
        Q_EMIT hoverTextChanged(QString());
    }
    QWidget::leaveEvent(event);
}

bool ConfusionMatrixWidget::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const auto [r, c] = cellAt(help->pos());
        const QString text = cellDescription(r, c);
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace chestlens::ui
