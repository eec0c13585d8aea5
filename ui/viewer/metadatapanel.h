#pragma once

#include "core/worker/inferencetypes.h"

#include <QWidget>

class QCheckBox;
class QTreeWidget;
class QTreeWidgetItem;

namespace chestlens::ui {

/// The current film's technical metadata (format, size, bit depth, photometric, modality,
/// transfer syntax, pixel spacing, window…) and, only when the user ticks "Show patient
/// information", the identifying patient and study fields.
class MetadataPanel : public QWidget
{
    Q_OBJECT
public:
    explicit MetadataPanel(QWidget *parent = nullptr);

    void setFilm(const chestlens::FilmView &film);
    /// Updates the "Window" line only (re-rendering keeps everything else).
    void setWindow(const chestlens::DisplayWindow &window);
    void clear();

    bool showsPatient() const;
    void setShowPatient(bool show);

    /// Every value currently listed, for tests and copy & paste.
    QStringList shownValues() const;

Q_SIGNALS:
    void showPatientChanged(bool show);

private:
    void rebuild();
    QTreeWidgetItem *addGroup(const QString &title);

    QTreeWidget *m_tree;
    QCheckBox *m_showPatient;
    chestlens::FilmView m_film; ///< image dropped; only metadata kept
    bool m_hasFilm = false;
};

/// A window as text, e.g. "C 40 / W 400 (lung)", "VOI LUT", with "inverted" when applicable.
QString describeWindow(const chestlens::DisplayWindow &window);

} // namespace chestlens::ui
