/// @file
/// Building the root task at boot: its address space from the ELF image embedded in the kernel,
/// an IPC buffer, the bootinfo frame, a stack and its TCB.
#pragma once

#include <cstddef>
#include <cstdint>

#include "tcb.hpp"

namespace kernel::boot {

/// Where the root task's boot-time regions sit in its address space.
struct RootTaskLayout {
    std::uint64_t image_start;     ///< lowest address of the ELF image
    std::uint64_t image_end;       ///< end of the ELF image, page aligned
    std::uint64_t ipc_buffer;      ///< the IPC buffer's page (first page after the image)
    std::uint64_t bootinfo;        ///< the seL4_BootInfo frame (after the IPC buffer)
    std::uint64_t extra_bootinfo;  ///< the extra bootinfo page (after the bootinfo frame)
    std::uint64_t stack_bottom;    ///< lowest stack address (one unmapped guard page below)
    std::uint64_t stack_top;       ///< initial stack pointer
};

/// Most intermediate page tables the root task's image may need.
inline constexpr unsigned root_task_max_page_tables = 16;

/// What the boot code built for the root task, for its capabilities.
struct RootTask {
    Tcb *thread;                   ///< its thread, runnable
    std::uint64_t vspace_root;     ///< physical address of its root page table
    std::uint64_t sched_context;   ///< physical address of its scheduling context
    RootTaskLayout layout;         ///< where things are in its address space
    std::uint64_t page_tables[root_task_max_page_tables]; ///< intermediate tables (paddr)
    unsigned page_table_count;     ///< how many
};

/// Computes the layout for an image spanning [@p image_start, @p image_end).
RootTaskLayout plan_root_task(std::uint64_t image_start, std::uint64_t image_end);

/// Builds the root task from the ELF image @p image of @p size bytes: its address space, IPC
/// buffer, bootinfo, stack and thread (made runnable). Panics if the image is unusable (it is
/// part of the kernel image).
RootTask create_root_task(const std::uint8_t *image, std::size_t size);

} // namespace kernel::boot
