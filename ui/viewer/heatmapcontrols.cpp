#include "ui/viewer/heatmapcontrols.h"

#include "ui/common/classnames.h"
#include "ui/common/wrappinglabel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>

namespace chestlens::ui {

namespace {

/// Defaults chosen so the film stays readable under the heat: under half opacity, and no threshold
/// (the blend already fades faint relevance out; a threshold would cut it off with a hard edge).
constexpr int kDefaultOpacityPercent = 45;
constexpr int kDefaultThresholdPercent = 0;

QSlider *percentSlider(QWidget *parent, int value)
{
    auto *s = new QSlider(Qt::Horizontal, parent);
    s->setRange(0, 100);
    s->setSingleStep(1);
    s->setPageStep(10);
    s->setValue(value);
    return s;
}

} // namespace

HeatmapControls::HeatmapControls(QWidget *parent)
    : QWidget(parent), m_toggle(new QAction(tr("Show &Heatmap"), this)),
      m_show(new QCheckBox(tr("Show heatmap"), this)), m_class(new QComboBox(this)),
      m_method(new QComboBox(this)), m_layer(new QComboBox(this)), m_colormap(new QComboBox(this)),
      m_opacity(percentSlider(this, kDefaultOpacityPercent)), m_opacityValue(new QLabel(this)),
      m_threshold(percentSlider(this, kDefaultThresholdPercent)), m_thresholdValue(new QLabel(this)),
      m_legend(new QLabel(this)), m_info(new WrappingLabel(this))
{
    setObjectName(QStringLiteral("HeatmapControls"));
    m_toggle->setObjectName(QStringLiteral("actionToggleHeatmap"));
    m_toggle->setCheckable(true);
    m_toggle->setChecked(true);
    m_toggle->setShortcut(QKeySequence(Qt::Key_H));
    m_toggle->setToolTip(tr("Show or hide the Grad-CAM heatmap (H)"));
    m_show->setObjectName(QStringLiteral("heatmapCheck"));
    m_show->setChecked(true);
    m_show->setToolTip(m_toggle->toolTip());
    m_class->setObjectName(QStringLiteral("heatmapClass"));
    m_method->setObjectName(QStringLiteral("heatmapMethod"));
    m_layer->setObjectName(QStringLiteral("heatmapLayer"));
    m_colormap->setObjectName(QStringLiteral("heatmapColormap"));
    m_opacity->setObjectName(QStringLiteral("heatmapOpacity"));
    m_threshold->setObjectName(QStringLiteral("heatmapThreshold"));
    m_legend->setObjectName(QStringLiteral("heatmapLegend"));
    m_info->setObjectName(QStringLiteral("heatmapInfo"));
    m_info->setWordWrap(true);
    m_info->setForegroundRole(QPalette::PlaceholderText);

    for (CamMethod m : {CamMethod::GradCam, CamMethod::GradCamPlusPlus, CamMethod::LayerCam})
        m_method->addItem(camMethodTitle(m), int(m));
    m_method->setToolTip(
        tr("How the relevance is computed: Grad-CAM (standard), Grad-CAM++ (several findings), "
           "Layer-CAM (finer detail from earlier layers)"));
    const struct
    {
        Colormap map;
        const char *name;
    } maps[] = {{Colormap::Turbo, QT_TR_NOOP("Turbo")},
                {Colormap::Jet, QT_TR_NOOP("Jet")},
                {Colormap::Inferno, QT_TR_NOOP("Inferno")},
                {Colormap::Magma, QT_TR_NOOP("Magma")},
                {Colormap::Red, QT_TR_NOOP("Red")}};
    for (const auto &m : maps)
        m_colormap->addItem(tr(m.name), int(m.map));
    m_class->setToolTip(tr("The class whose evidence the heatmap shows"));
    m_layer->setToolTip(tr("The network layer explained: later layers are coarser but more specific"));
    m_opacity->setToolTip(tr("Heatmap opacity"));
    m_threshold->setToolTip(tr("Hide relevance below this share of the maximum"));
    m_legend->setMinimumHeight(fontMetrics().height() + 8);
    m_legend->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    setModel({}, {});

    auto withValue = [this](QSlider *slider, QLabel *value) {
        auto *row = new QHBoxLayout;
        row->addWidget(slider, 1);
        value->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("100 %")));
        value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        row->addWidget(value);
        return row;
    };
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(m_show);
    form->addRow(tr("Class:"), m_class);
    form->addRow(tr("Method:"), m_method);
    form->addRow(tr("Layer:"), m_layer);
    form->addRow(tr("Colours:"), m_colormap);
    form->addRow(tr("Opacity:"), withValue(m_opacity, m_opacityValue));
    form->addRow(tr("Threshold:"), withValue(m_threshold, m_thresholdValue));
    form->addRow(m_legend);
    form->addRow(m_info);

    connect(m_toggle, &QAction::toggled, this, [this](bool on) {
        m_show->setChecked(on);
        updateEnabled();
        Q_EMIT heatmapToggled(on);
    });
    connect(m_show, &QCheckBox::toggled, m_toggle, &QAction::setChecked);
    auto settingsChanged = [this] { Q_EMIT explainSettingsChanged(explainSettings()); };
    connect(m_class, &QComboBox::currentIndexChanged, this, settingsChanged);
    connect(m_method, &QComboBox::currentIndexChanged, this, settingsChanged);
    connect(m_layer, &QComboBox::currentIndexChanged, this, settingsChanged);
    connect(m_colormap, &QComboBox::currentIndexChanged, this, [this] {
        updateLegend();
        Q_EMIT appearanceChanged();
    });
    auto sliderChanged = [this] {
        m_opacityValue->setText(tr("%1 %").arg(m_opacity->value()));
        m_thresholdValue->setText(tr("%1 %").arg(m_threshold->value()));
        Q_EMIT appearanceChanged();
    };
    connect(m_opacity, &QSlider::valueChanged, this, sliderChanged);
    connect(m_threshold, &QSlider::valueChanged, this, sliderChanged);
    m_opacityValue->setText(tr("%1 %").arg(m_opacity->value()));
    m_thresholdValue->setText(tr("%1 %").arg(m_threshold->value()));
    clearExplanation();
    updateLegend();
    updateEnabled();
}

bool HeatmapControls::isHeatmapOn() const
{
    return m_toggle->isChecked();
}

void HeatmapControls::setHeatmapOn(bool on)
{
    m_toggle->setChecked(on);
}

void HeatmapControls::setModel(const QStringList &classes, const QStringList &camLayers)
{
    const ExplainSettings before = explainSettings();
    {
        const QSignalBlocker blockClass(m_class);
        const QSignalBlocker blockLayer(m_layer);
        const QVariant oldClass = m_class->currentData();
        m_class->clear();
        m_class->addItem(tr("Predicted class"), -1);
        for (int i = 0; i < classes.size(); ++i)
            m_class->addItem(displayClassName(classes[i]), i);
        const int ci = m_class->findData(oldClass);
        m_class->setCurrentIndex(ci >= 0 ? ci : 0);
        const QString oldLayer = m_layer->currentData().toString();
        m_layer->clear();
        m_layer->addItem(camLayers.isEmpty() ? tr("Default") : tr("Default (%1)").arg(camLayers.last()),
                         QString());
        for (const QString &l : camLayers)
            m_layer->addItem(l, l);
        const int li = m_layer->findData(oldLayer);
        m_layer->setCurrentIndex(li >= 0 ? li : 0);
    }
    updateEnabled();
    // Once, not per combo change: a class or layer the new model lacks falls back to the default.
    const ExplainSettings after = explainSettings();
    if (after.classIndex != before.classIndex || after.layer != before.layer)
        Q_EMIT explainSettingsChanged(after);
}

ExplainSettings HeatmapControls::explainSettings() const
{
    ExplainSettings s;
    s.method = static_cast<CamMethod>(m_method->currentData().toInt());
    s.classIndex = m_class->currentData().isValid() ? m_class->currentData().toInt() : -1;
    s.layer = m_layer->currentData().toString();
    return s;
}

Colormap HeatmapControls::colormap() const
{
    return static_cast<Colormap>(m_colormap->currentData().toInt());
}

void HeatmapControls::setColormap(Colormap map)
{
    const int i = m_colormap->findData(int(map));
    if (i >= 0)
        m_colormap->setCurrentIndex(i);
}

double HeatmapControls::opacity() const
{
    return m_opacity->value() / 100.0;
}

void HeatmapControls::setOpacity(double opacity)
{
    m_opacity->setValue(qRound(opacity * 100.0));
}

double HeatmapControls::threshold() const
{
    return m_threshold->value() / 100.0;
}

void HeatmapControls::setThreshold(double threshold)
{
    m_threshold->setValue(qRound(threshold * 100.0));
}

CamMethod HeatmapControls::method() const
{
    return static_cast<CamMethod>(m_method->currentData().toInt());
}

void HeatmapControls::setMethod(CamMethod method)
{
    const int i = m_method->findData(int(method));
    if (i >= 0)
        m_method->setCurrentIndex(i);
}

void HeatmapControls::setExplanation(const Explanation &e)
{
    m_info->setText(
        tr("Evidence for %1 (%2, layer %3). %4 % of the heat lies inside the chest.")
            .arg(displayClassName(e.className), camMethodTitle(e.settings.method), e.settings.layer)
            .arg(e.inChestFraction * 100.0, 0, 'f', 0));
}

void HeatmapControls::setExplanationPending()
{
    m_info->setText(tr("Computing the heatmap…"));
}

void HeatmapControls::clearExplanation()
{
    m_info->setText(QString());
}

void HeatmapControls::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateLegend();
}

void HeatmapControls::updateLegend()
{
    const QSize size(std::max(40, m_legend->width()), m_legend->minimumHeight());
    const qreal dpr = devicePixelRatioF();
    // Layout passes resize this panel often (e.g. when the info text wraps differently); the
    // legend only changes with its width, the colormap or the screen.
    const auto key = std::make_tuple(int(colormap()), size, dpr);
    if (key == m_legendKey)
        return;
    m_legendKey = key;
    QImage legend = colormapLegend(colormap(), (QSizeF(size) * dpr).toSize(), {tr("low"), tr("high")});
    legend.setDevicePixelRatio(dpr);
    m_legend->setPixmap(QPixmap::fromImage(legend));
    m_legend->setToolTip(tr("Relevance: low (left) to high (right)"));
}

void HeatmapControls::updateEnabled()
{
    const bool on = isHeatmapOn();
    const bool hasModel = m_class->count() > 1;
    for (QWidget *w :
         {static_cast<QWidget *>(m_class), static_cast<QWidget *>(m_method), static_cast<QWidget *>(m_layer)})
        w->setEnabled(on && hasModel);
    for (QWidget *w : {static_cast<QWidget *>(m_colormap), static_cast<QWidget *>(m_opacity),
                       static_cast<QWidget *>(m_threshold), static_cast<QWidget *>(m_legend)})
        w->setEnabled(on);
}

} // namespace chestlens::ui
