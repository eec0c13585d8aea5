// chestlens: the desktop viewer. All logic lives in ui/ and core/; this file only starts Qt.
#include "core/allocator.h"
#include "ui/common/application.h"

int main(int argc, char *argv[])
{
    chestlens::tuneAllocatorForFilms();
    return chestlens::ui::runApplication(argc, argv);
}
