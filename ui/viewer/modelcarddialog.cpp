#include "ui/viewer/modelcarddialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace chestlens::ui {

ModelCardDialog::ModelCardDialog(const ModelInfo &info, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("ModelCardDialog"));
    setWindowTitle(tr("Model Card"));
    auto *title = new QLabel(info.name.isEmpty() ? tr("Unnamed model") : info.name, this);
    QFont f = title->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.2);
    title->setFont(f);
    title->setWordWrap(true);
    auto *card = new QPlainTextEdit(this);
    card->setObjectName(QStringLiteral("modelCardText"));
    card->setReadOnly(true);
    card->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    card->setLineWrapMode(QPlainTextEdit::NoWrap);
    card->setPlainText(info.summary());
    auto *note =
        new QLabel(tr("A research model: its validation metrics come from public data sets and do not "
                      "establish clinical performance. Not for clinical use."),
                   this);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(card, 1);
    layout->addWidget(note);
    layout->addWidget(buttons);
    resize(760, 420);
}

} // namespace chestlens::ui
