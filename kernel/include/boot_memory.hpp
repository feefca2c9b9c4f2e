/// @file
/// Physical memory handed out while the kernel boots, before untyped memory exists: the root
/// task's page tables, frames, stack and TCB. What is left becomes untyped memory.
#pragma once

#include <cstdint>

namespace kernel::boot {

/// Whether a fresh page is cleared.
enum class Fill : std::uint8_t {
    zero,     ///< cleared to zero
    none,     ///< left as it is: the caller overwrites every byte
};

/// A bump allocator of zeroed 4 KiB pages over one free physical range, skipping one reserved
/// range (the device tree blob).
class BootMemory final {
public:
    /// Hands out pages from [@p start, @p end), never from [@p reserved_start, @p reserved_end).
    void init(std::uint64_t start, std::uint64_t end, std::uint64_t reserved_start,
              std::uint64_t reserved_end);
    /// The physical address of a fresh page, cleared unless @p fill says otherwise. Panics when
    /// memory runs out: the machine is too small to boot.
    std::uint64_t allocate_page(Fill fill = Fill::zero);
    /// The physical address of @p bytes (a power of two, at least a page) aligned to their
    /// size, cleared; the pages skipped to align it are lost. Panics when memory runs out.
    std::uint64_t allocate_aligned(std::uint64_t bytes);
    /// First physical address not yet handed out.
    std::uint64_t next_free() const { return next_; }
    /// End of the free range.
    std::uint64_t end() const { return end_; }

private:
    std::uint64_t next_ = 0;
    std::uint64_t end_ = 0;
    std::uint64_t reserved_start_ = 0;
    std::uint64_t reserved_end_ = 0;
};

/// The allocator used during boot.
BootMemory &boot_memory();

/// Allocates a zeroed page for a page table (an arch::PageTableAllocator).
std::uint64_t allocate_page_table();

} // namespace kernel::boot
