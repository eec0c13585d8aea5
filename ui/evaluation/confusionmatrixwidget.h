#pragma once

#include <QColor>
#include <QStringList>
#include <QWidget>

#include <vector>

class QPainter;

namespace chestlens::ui {

/// A confusion matrix as a coloured grid: rows are true classes, columns predicted ones, each cell
/// shows its count and its share of the row; the colour follows that share (row-normalised, so a
/// rare class is as readable as a common one). Hovering a cell shows what it means as a tool tip
/// and through hoverTextChanged().
class ConfusionMatrixWidget : public QWidget
{
    Q_OBJECT
public:
    /// Colours of one rendering: the screen uses the palette, exports use a light, print-ready set.
    struct Colors
    {
        QColor background, text, mutedText, grid;
        QColor cellLow, cellHigh; ///< a row share of 0 and of 1
    };

    explicit ConfusionMatrixWidget(QWidget *parent = nullptr);

    /// `classNames` label both axes (display names); `confusion` is classNames.size() square,
    /// rows = true class. A matrix of another size clears the widget.
    void setMatrix(const QStringList &classNames, const std::vector<std::vector<int>> &confusion);
    void clear();

    const std::vector<std::vector<int>> &matrix() const { return m_matrix; }
    QStringList classNames() const { return m_classes; }
    /// What a cell shows as its tool tip, e.g. "True COVID-19, predicted Normal: 3 films (6.5 % of
    /// the 46 COVID-19 films)". Empty outside the matrix.
    QString cellDescription(int row, int column) const;

    /// Paints the matrix, axis titles included, into `rect` of `painter`'s device.
    void paintMatrix(QPainter &painter, const QRectF &rect, const Colors &colors) const;
    Colors screenColors() const; ///< from the widget's palette
    static Colors printColors(); ///< dark text on white

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    /// The description of the cell under the mouse; empty when the mouse leaves the matrix.
    void hoverTextChanged(const QString &text);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    bool event(QEvent *event) override;

private:
    struct Geometry;
    Geometry geometryFor(const QRectF &rect, const QFont &font) const;
    /// (row, column) of the cell at `pos` in widget coordinates, or (-1, -1).
    std::pair<int, int> cellAt(const QPointF &pos) const;

    QStringList m_classes;
    std::vector<std::vector<int>> m_matrix;
    QString m_hoverText;
};

} // namespace chestlens::ui
