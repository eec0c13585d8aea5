// chestlens: the desktop viewer. All logic lives in ui/ and core/; this file only starts Qt.
#include "ui/application.h"

int main(int argc, char *argv[])
{
    return chestlens::ui::runApplication(argc, argv);
}
