#include "ui/viewer/metadatapanel.h"

#include <QCheckBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace chestlens::ui {

QString describeWindow(const DisplayWindow &window)
{
    QString text =
        window.kind == DisplayWindow::Kind::VoiLut
            ? MetadataPanel::tr("VOI LUT")
            : MetadataPanel::tr("C %1 / W %2").arg(window.centre, 0, 'f', 0).arg(window.width, 0, 'f', 0);
    if (!window.name.isEmpty())
        text += QStringLiteral(" (%1)").arg(window.name);
    if (window.invert)
        text += MetadataPanel::tr(", inverted");
    return text;
}

MetadataPanel::MetadataPanel(QWidget *parent)
    : QWidget(parent), m_tree(new QTreeWidget(this)),
      m_showPatient(new QCheckBox(tr("Show patient information"), this))
{
    setObjectName(QStringLiteral("MetadataPanel"));
    m_tree->setObjectName(QStringLiteral("metadataTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Field"), tr("Value")});
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->setWordWrap(false);
    m_tree->setTextElideMode(Qt::ElideMiddle);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);
    m_showPatient->setObjectName(QStringLiteral("showPatientCheck"));
    m_showPatient->setToolTip(
        tr("Patient and study fields are identifying. They are hidden unless you choose to "
           "show them."));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_showPatient);
    connect(m_showPatient, &QCheckBox::toggled, this, [this](bool on) {
        rebuild();
        Q_EMIT showPatientChanged(on);
    });
    rebuild();
}

bool MetadataPanel::showsPatient() const
{
    return m_showPatient->isChecked();
}

void MetadataPanel::setShowPatient(bool show)
{
    m_showPatient->setChecked(show);
}

void MetadataPanel::setFilm(const chestlens::FilmView &film)
{
    m_film = film;
    m_film.image = QImage(); // the panel needs no pixels
    m_hasFilm = true;
    rebuild();
}

void MetadataPanel::setWindow(const DisplayWindow &window)
{
    if (!m_hasFilm)
        return;
    m_film.window = window;
    rebuild();
}

void MetadataPanel::clear()
{
    m_hasFilm = false;
    m_film = chestlens::FilmView();
    rebuild();
}

QTreeWidgetItem *MetadataPanel::addGroup(const QString &title)
{
    auto *group = new QTreeWidgetItem(m_tree, {title});
    QFont f = group->font(0);
    f.setBold(true);
    group->setFont(0, f);
    group->setFirstColumnSpanned(true);
    return group;
}

void MetadataPanel::rebuild()
{
    m_tree->clear();
    if (!m_hasFilm) {
        new QTreeWidgetItem(m_tree, {tr("No film open")});
        return;
    }
    const FilmMetadata &m = m_film.meta;
    auto add = [this](const QString &field, const QString &value) {
        if (!value.isEmpty()) {
            auto *item = new QTreeWidgetItem(m_tree, {field, value});
            item->setToolTip(1, value);
        }
    };
    auto spacing = [](const std::optional<QPair<double, double>> &s) {
        return s ? tr("%1 × %2 mm").arg(s->first, 0, 'g', 4).arg(s->second, 0, 'g', 4) : QString();
    };

    addGroup(tr("Image"));
    add(tr("File"), QFileInfo(m_film.path).fileName());
    add(tr("Format"), m.format);
    add(tr("Size"), tr("%1 × %2 px").arg(m.width).arg(m.height));
    add(tr("Bits stored"), m.bitsAllocated != m.bitsStored
                               ? tr("%1 of %2").arg(m.bitsStored).arg(m.bitsAllocated)
                               : QString::number(m.bitsStored));
    add(tr("Signed"), m.isSigned ? tr("yes") : QString());
    add(tr("Photometric"), m.photometric);
    add(tr("Value range"),
        tr("%1 … %2").arg(double(m.minValue), 0, 'g', 6).arg(double(m.maxValue), 0, 'g', 6));
    add(tr("Window"), describeWindow(m_film.window));
    if (m.frames > 1)
        add(tr("Frames"), tr("%1 (first shown)").arg(m.frames));

    if (m.format == QLatin1String("DICOM")) {
        addGroup(tr("DICOM"));
        add(tr("Modality"), m.modality);
        add(tr("Body part"), m.bodyPart);
        add(tr("View position"), m.viewPosition);
        add(tr("Pixel spacing"), spacing(m.pixelSpacing));
        add(tr("Imager pixel spacing"), spacing(m.imagerPixelSpacing));
        add(tr("Transfer syntax"), m.transferSyntaxName.isEmpty()
                                       ? m.transferSyntaxUid
                                       : tr("%1 (%2)").arg(m.transferSyntaxName, m.transferSyntaxUid));
        add(tr("SOP class"), m.sopClassUid);
        if (m.hasModalityLut)
            add(tr("Modality LUT"), tr("applied"));
        else if (m.rescaleSlope != 1.0 || m.rescaleIntercept != 0.0)
            add(tr("Rescale"),
                tr("× %1 + %2 %3").arg(m.rescaleSlope).arg(m.rescaleIntercept).arg(m.rescaleType).trimmed());
        for (int i = 0; i < m.windows.size(); ++i)
            add(tr("Window preset %1").arg(i + 1), tr("C %1 / W %2 %3")
                                                       .arg(m.windows[i].centre)
                                                       .arg(m.windows[i].width)
                                                       .arg(m.windows[i].explanation)
                                                       .trimmed());
        if (m.voiLut)
            add(tr("VOI LUT"), m.voiLut->explanation.isEmpty() ? tr("present") : m.voiLut->explanation);
    }
    if (!m.notes.isEmpty()) {
        addGroup(tr("Notes"));
        for (const QString &note : m.notes)
            add(QString(), note);
    }
    if (m_showPatient->isChecked()) {
        addGroup(tr("Patient and study"));
        const auto fields = m_film.patient.fields();
        if (fields.isEmpty())
            new QTreeWidgetItem(m_tree, {tr("(none in this file)")});
        for (const auto &f : fields)
            add(f.first, f.second);
    }
}

QStringList MetadataPanel::shownValues() const
{
    QStringList out;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        out << m_tree->topLevelItem(i)->text(1);
    return out;
}

} // namespace chestlens::ui
