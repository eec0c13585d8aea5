#pragma once

class QApplication;

namespace chestlens::ui {

/// The dark theme customary for radiology workstations (a bright frame around a film distorts
/// how its greys are perceived): Fusion style with a dark, neutral palette.
void applyDarkTheme(QApplication &app);

} // namespace chestlens::ui
