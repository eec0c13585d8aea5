#include "ui/training/duplicatereviewdialog.h"

#include "ui/common/backgroundtask.h"
#include "ui/common/thumbnail.h"

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QListWidget>
#include <QPixmap>
#include <QSplitter>
#include <QVBoxLayout>

namespace chestlens::ui {

namespace {

constexpr int kSide = 360;
const QColor kBackground(18, 18, 20);

} // namespace

DuplicateReviewDialog::DuplicateReviewDialog(const LabelledFolder &folder, const DedupReport &report,
                                             QWidget *parent)
    : QDialog(parent), m_folder(folder), m_report(report), m_groups(new QListWidget(this)),
      m_more(new QLabel(this))
{
    setWindowTitle(tr("Duplicates and Label Conflicts"));
    m_pool.setMaxThreadCount(1);
    for (const DuplicateGroup &g : m_report.groups) {
        const QString kind = g.labelConflict ? tr("label conflict")
                             : g.exact       ? tr("exact copies")
                                             : tr("near copies");
        m_groups->addItem(tr("%1 · %n film(s) · %2", nullptr, int(g.members.size()))
                              .arg(kind, m_folder.relativePath(g.members.front())));
        if (g.labelConflict)
            m_groups->item(m_groups->count() - 1)->setForeground(QColor(255, 138, 128));
    }

    auto *pair = new QWidget(this);
    auto *grid = new QGridLayout(pair);
    for (int i = 0; i < 2; ++i) {
        m_images[i] = new QLabel(pair);
        m_images[i]->setFixedSize(kSide, kSide);
        m_images[i]->setAlignment(Qt::AlignCenter);
        m_captions[i] = new QLabel(pair);
        m_captions[i]->setWordWrap(true);
        m_captions[i]->setMaximumWidth(kSide);
        m_captions[i]->setTextInteractionFlags(Qt::TextSelectableByMouse);
        grid->addWidget(m_images[i], 0, i);
        grid->addWidget(m_captions[i], 1, i, Qt::AlignTop);
    }
    m_more->setWordWrap(true);
    grid->addWidget(m_more, 2, 0, 1, 2);
    grid->setRowStretch(3, 1);

    auto *summary =
        new QLabel(tr("%1 exact and %2 near duplicates; %3 groups whose films carry different labels. "
                      "By default training keeps the largest film of each group and leaves label "
                      "conflicts out entirely.")
                       .arg(m_report.exactDuplicates)
                       .arg(m_report.nearDuplicates)
                       .arg(m_report.conflictGroups),
                   this);
    summary->setWordWrap(true);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_groups);
    splitter->addWidget(pair);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({320, 2 * kSide + 40});

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(summary);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_groups, &QListWidget::currentRowChanged, this, &DuplicateReviewDialog::showGroup);
    if (m_groups->count() > 0)
        m_groups->setCurrentRow(0);
}

DuplicateReviewDialog::~DuplicateReviewDialog()
{
    m_pool.clear();
    m_pool.waitForDone();
}

void DuplicateReviewDialog::showGroup(int index)
{
    if (index < 0 || index >= int(m_report.groups.size()))
        return;
    m_shown = index;
    const DuplicateGroup &g = m_report.groups[std::size_t(index)];
    for (int i = 0; i < 2; ++i) {
        m_images[i]->clear();
        m_captions[i]->clear();
        if (i >= int(g.members.size()))
            continue;
        const int item = g.members[std::size_t(i)];
        const LabelledImage &image = m_folder.items[std::size_t(item)];
        QString role = g.labelConflict  ? tr("left out (label conflict)")
                       : item == g.keep ? tr("kept for training")
                                        : tr("left out");
        m_captions[i]->setText(tr("<b>%1</b><br>%2<br>%3")
                                   .arg(m_folder.classes.value(image.label).toHtmlEscaped(),
                                        m_folder.relativePath(item).toHtmlEscaped(), role));
        m_images[i]->setText(tr("Loading…"));
        runInBackground(
            m_pool, this, [path = image.path]() { return filmThumbnail(path, kSide, kBackground); },
            [this, index, i](const QImage &thumb) {
                if (m_shown != index)
                    return;
                if (thumb.isNull())
                    m_images[i]->setText(tr("cannot be read"));
                else
                    m_images[i]->setPixmap(QPixmap::fromImage(thumb));
            });
    }
    m_more->setText(g.members.size() > 2
                        ? tr("%n more film(s) in this group.", nullptr, int(g.members.size() - 2))
                        : QString());
}

} // namespace chestlens::ui
