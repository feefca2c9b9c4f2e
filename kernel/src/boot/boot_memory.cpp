// Boot-time page allocator.
#include "boot_memory.hpp"

#include <cstring>

#include "arch.hpp"
#include "console.hpp"

namespace kernel::boot {
namespace {

BootMemory the_boot_memory;

constexpr std::uint64_t align_up(std::uint64_t value, std::uint64_t alignment)
{
    return (value + alignment - 1) & ~(alignment - 1);
}

} // namespace

void BootMemory::init(std::uint64_t start, std::uint64_t end, std::uint64_t reserved_start,
                      std::uint64_t reserved_end)
{
    next_ = align_up(start, arch::page_bytes);
    end_ = end & ~(arch::page_bytes - 1);
    reserved_start_ = reserved_start & ~(arch::page_bytes - 1);
    reserved_end_ = align_up(reserved_end, arch::page_bytes);
}

std::uint64_t BootMemory::allocate_page(Fill fill)
{
    if (next_ >= reserved_start_ && next_ < reserved_end_) {
        next_ = reserved_end_;
    }
    if (next_ + arch::page_bytes > end_) {
        panic("boot: out of memory for the root task (free memory ends at 0x%lx)", end_);
    }
    std::uint64_t page = next_;
    next_ += arch::page_bytes;
    if (fill == Fill::zero) {
        std::memset(arch::phys_to_virt(page), 0, arch::page_bytes);
    }
    return page;
}

std::uint64_t BootMemory::allocate_aligned(std::uint64_t bytes)
{
    std::uint64_t start = align_up(next_, bytes);
    if (start < reserved_end_ && start + bytes > reserved_start_) {
        start = align_up(reserved_end_, bytes);
    }
    if (start + bytes > end_) {
        panic("boot: out of memory for a %lu-byte root task object", bytes);
    }
    next_ = start + bytes;
    std::memset(arch::phys_to_virt(start), 0, bytes);
    return start;
}

BootMemory &boot_memory() { return the_boot_memory; }

std::uint64_t allocate_page_table() { return the_boot_memory.allocate_page(); }

} // namespace kernel::boot
