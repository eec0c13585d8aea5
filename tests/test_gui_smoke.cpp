#include "ui/viewer/mainwindow.h"

#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QtTest/QtTest>

class TestGuiSmoke : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mainWindowOpens()
    {
        chestlens::ui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.isVisible());
        QVERIFY(!window.menuBar()->actions().isEmpty());
        // The disclaimer must be visible in the status bar at all times.
        bool found = false;
        for (QLabel *label : window.statusBar()->findChildren<QLabel *>())
            found =
                found || (label->isVisible() && label->text().contains(QStringLiteral("not for clinical")));
        QVERIFY(found);
    }
};

QTEST_MAIN(TestGuiSmoke)
#include "test_gui_smoke.moc"
