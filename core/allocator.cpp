#include "core/allocator.h"

#include <cstdlib> // defines __GLIBC__ with glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace chestlens {

void tuneAllocatorForFilms()
{
#if defined(__GLIBC__)
    // 32 MB is glibc's largest dynamic mmap threshold (4 MB * sizeof(long)) on 64-bit systems.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    // Larger blocks would still be mmapped one by one: training at 224 px allocates 38 MB
    // activations every step, and spent half its CPU time in the kernel (26 instead of 106
    // images/s). With mmap off they come from the heap too.
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
#endif
}

} // namespace chestlens
