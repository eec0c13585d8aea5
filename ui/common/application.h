#pragma once

namespace chestlens::ui {

/// Creates the QApplication, the main window, handles the command line and runs the event loop:
///
///     chestlens [--model FILE] [--heatmap on|off] [FILE|DIR...]
///     chestlens FILE --screenshot OUT.png [--heatmap on|off] [--window-size WxH] [--timeout S]
///
/// Returns the process exit code (non-zero with a message on stderr when a screenshot fails).
int runApplication(int argc, char *argv[]);

} // namespace chestlens::ui
