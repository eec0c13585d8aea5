#pragma once

#include "core/data/dedup.h"
#include "core/data/labelledfolder.h"

#include <QDialog>
#include <QThreadPool>

class QLabel;
class QListWidget;

namespace chestlens::ui {

/// The duplicate groups and label conflicts of a labelled folder, one group at a time: its films
/// side by side with their class, which one training keeps, and why.
class DuplicateReviewDialog : public QDialog
{
    Q_OBJECT
public:
    DuplicateReviewDialog(const LabelledFolder &folder, const DedupReport &report, QWidget *parent = nullptr);
    ~DuplicateReviewDialog() override;

private:
    void showGroup(int index);

    LabelledFolder m_folder;
    DedupReport m_report;
    QListWidget *m_groups;
    QLabel *m_images[2];
    QLabel *m_captions[2];
    QLabel *m_more;
    QThreadPool m_pool;
    int m_shown = -1;
};

} // namespace chestlens::ui
