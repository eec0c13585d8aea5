#pragma once

#include <QMainWindow>

class QLabel;

namespace chestlens::ui {

/// The ChestLens main window. Wires the viewer widgets together; holds no logic of its own.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

private:
    void createMenus();
    void showAbout();

    QLabel *m_disclaimer = nullptr;
};

} // namespace chestlens::ui
