#pragma once

namespace chestlens::ui {

/// Creates the QApplication, the main window, handles the command line and runs the event loop.
int runApplication(int argc, char *argv[]);

} // namespace chestlens::ui
