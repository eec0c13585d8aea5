#include "ui/common/wrappinglabel.h"

#include <QResizeEvent>

namespace chestlens::ui {

WrappingLabel::WrappingLabel(QWidget *parent) : QLabel(parent)
{
    setWordWrap(true);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
}

QSize WrappingLabel::minimumSizeHint() const
{
    const int w = width() > 0 ? width() : QLabel::sizeHint().width();
    return {QLabel::minimumSizeHint().width(), heightForWidth(w)};
}

QSize WrappingLabel::sizeHint() const
{
    return {QLabel::sizeHint().width(), minimumSizeHint().height()};
}

void WrappingLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    if (event->oldSize().width() != event->size().width())
        updateGeometry(); // the height the text needs changed with the width
}

} // namespace chestlens::ui
