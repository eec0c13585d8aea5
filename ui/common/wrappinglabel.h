#pragma once

#include <QLabel>

namespace chestlens::ui {

/// A word-wrapping label that asks its layout for the height its text needs at its current
/// width. A plain QLabel with word wrap reports a minimum height for an unwrapped line, so
/// layouts (in scroll areas especially) squeeze it and clip the text.
class WrappingLabel : public QLabel
{
    Q_OBJECT
public:
    explicit WrappingLabel(QWidget *parent = nullptr);

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;
};

} // namespace chestlens::ui
