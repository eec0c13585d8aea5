#pragma once

namespace chestlens {

/// Tunes glibc's allocator for a process that handles one large film after another.
///
/// A 2k x 2k film passes through buffers of 4-16 MB each (16-bit pixels, float rescale, 8-bit
/// display, heat map, RGB overlay). By default glibc serves every block above 128 KB (rising
/// to at most 32 MB as blocks are freed) with a fresh mmap and unmaps it on free, so each film
/// page-faults every one of those pages in again: ~15,000 faults per film, which cost about
/// 190 ms on the 2-core development VM (bench_explain: JPEG 2000 film decode 226 -> 98 ms,
/// colourise 74 -> 10 ms with this call). Here every block comes from the heap (mmap is
/// switched off, so even the 38 MB activations of a 224 px training batch are reused instead of
/// faulted in each step: 4x faster training, docs/BENCHMARKS.md), and up to 256 MB of freed heap
/// is kept for the next film instead of being returned to the kernel.
/// Call once at start-up, before any thread starts. No effect on other C libraries.
void tuneAllocatorForFilms();

} // namespace chestlens
