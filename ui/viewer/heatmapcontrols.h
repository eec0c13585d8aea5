#pragma once

#include "core/colormap.h"
#include "core/worker/inferencetypes.h"

#include <QWidget>

#include <tuple>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;

namespace chestlens::ui {

/// Everything about the heatmap: on/off (also the action's key, H), the class to explain, the
/// method, the layer, and the look (colormap, opacity, threshold) with a legend.
///
/// Two kinds of change: explainSettingsChanged() needs the worker (a new Grad-CAM), while
/// appearanceChanged() is recolouring only and never reaches the worker.
class HeatmapControls : public QWidget
{
    Q_OBJECT
public:
    explicit HeatmapControls(QWidget *parent = nullptr);

    /// Checkable "Show heatmap" action (shortcut H), for the View menu; the checkbox follows it.
    QAction *toggleAction() const { return m_toggle; }
    bool isHeatmapOn() const;
    void setHeatmapOn(bool on);

    /// The loaded model's classes and explainable layers (the last layer is the default).
    void setModel(const QStringList &classes, const QStringList &camLayers);
    chestlens::ExplainSettings explainSettings() const;

    chestlens::Colormap colormap() const;
    void setColormap(chestlens::Colormap map);
    double opacity() const; ///< 0..1
    void setOpacity(double opacity);
    double threshold() const; ///< 0..1
    void setThreshold(double threshold);
    chestlens::CamMethod method() const;
    void setMethod(chestlens::CamMethod method);

    /// What the shown heatmap is (class, method, layer, share of heat in the chest); empty: none.
    void setExplanation(const chestlens::Explanation &explanation);
    void setExplanationPending();
    void clearExplanation();

Q_SIGNALS:
    void heatmapToggled(bool on);
    void explainSettingsChanged(const chestlens::ExplainSettings &settings);
    void appearanceChanged();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateLegend();
    void updateEnabled();

    QAction *m_toggle;
    QCheckBox *m_show;
    QComboBox *m_class;
    QComboBox *m_method;
    QComboBox *m_layer;
    QComboBox *m_colormap;
    QSlider *m_opacity;
    QLabel *m_opacityValue;
    QSlider *m_threshold;
    QLabel *m_thresholdValue;
    QLabel *m_legend;
    QLabel *m_info;
    std::tuple<int, QSize, qreal> m_legendKey; ///< what the legend pixmap was drawn for
};

} // namespace chestlens::ui
