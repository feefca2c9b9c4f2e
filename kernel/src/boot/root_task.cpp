// The root task's address space, following seL4's boot layout: the ELF image, then the IPC
// buffer page, the bootinfo frame and the extra bootinfo page; Quokka adds a stack above them,
// with an unmapped guard page below it so an overflow faults instead of corrupting bootinfo.
#include "root_task.hpp"

#include <cstring>
#include <new>

#include <sel4/bootinfo_types.h>
#include <sel4/constants.h>

#include "arch.hpp"
#include "boot_memory.hpp"
#include "budget.hpp"
#include "config.hpp"
#include "console.hpp"
#include "elf.hpp"
#include "sched_context.hpp"
#include "scheduler.hpp"

namespace kernel::boot {
namespace {


constexpr arch::PageRights read_write{true, true, false};

// The intermediate page tables built for the root task, for userImagePaging.
RootTask *building = nullptr;

std::uint64_t allocate_recorded_page_table()
{
    std::uint64_t table = allocate_page_table();
    if (building->page_table_count == root_task_max_page_tables) {
        panic("boot: the root task image needs more than %u page tables", root_task_max_page_tables);
    }
    building->page_tables[building->page_table_count++] = table;
    return table;
}

void map_new_page(std::uint64_t root, std::uint64_t vaddr, arch::PageRights rights,
                  Fill fill = Fill::zero)
{
    if (!arch::map_user_page(root, vaddr, boot_memory().allocate_page(fill), rights,
                             allocate_recorded_page_table)) {
        panic("boot: root task page 0x%lx is mapped twice", vaddr);
    }
}

// Copies the part of the segment's file bytes that falls into [page, page + 4 KiB).
void copy_into_page(const elf::Image &image, const elf::Segment &segment, std::uint64_t page,
                    std::uint64_t frame)
{
    std::uint64_t file_end = segment.vaddr + segment.filesz;
    std::uint64_t from = segment.vaddr > page ? segment.vaddr : page;
    std::uint64_t to = file_end < page + arch::page_bytes ? file_end : page + arch::page_bytes;
    if (from >= to) {
        return;
    }
    auto *destination = static_cast<std::uint8_t *>(arch::phys_to_virt(frame)) + (from - page);
    std::memcpy(destination, image.bytes(segment) + (from - segment.vaddr), to - from);
}

void load_segment(const elf::Image &image, const elf::Segment &segment, std::uint64_t root)
{
    arch::PageRights rights{segment.readable, segment.writable, segment.executable};
    std::uint64_t end = arch::page_up(segment.vaddr + segment.memsz);
    for (std::uint64_t page = arch::page_down(segment.vaddr); page < end; page += arch::page_bytes) {
        // Two segments may share a page when the linker packs them; they share its frame.
        std::uint64_t frame = arch::lookup_user_page(root, page);
        if (frame == 0) {
            // A page the file fills completely needs no clearing before the copy.
            bool filled = page >= segment.vaddr &&
                          page + arch::page_bytes <= segment.vaddr + segment.filesz;
            frame = boot_memory().allocate_page(filled ? Fill::none : Fill::zero);
        }
        if (!arch::map_user_page(root, page, frame, rights, allocate_recorded_page_table)) {
            panic("boot: cannot map root task page 0x%lx", page);
        }
        copy_into_page(image, segment, page, frame);
    }
}

void fill_bootinfo(const RootTaskLayout &layout, std::uint64_t root)
{
    std::uint64_t frame = arch::lookup_user_page(root, layout.bootinfo);
    auto *bootinfo = static_cast<seL4_BootInfo *>(arch::phys_to_virt(frame));
    bootinfo->extraLen = arch::page_bytes;
    bootinfo->nodeID = 0;
    bootinfo->numNodes = 1;
    bootinfo->numIOPTLevels = 0;
    bootinfo->ipcBuffer = reinterpret_cast<seL4_IPCBuffer *>(layout.ipc_buffer);
    bootinfo->initThreadCNodeSizeBits = 0;
    bootinfo->initThreadDomain = 0;

    // Extra bootinfo: Quokka's boot statistics, then padding to the end of the page, as
    // seL4 does with its chunk headers.
    std::uint64_t extra = arch::lookup_user_page(root, layout.extra_bootinfo);
    auto *stats = static_cast<seL4_QuokkaBootStats *>(arch::phys_to_virt(extra));
    stats->header.id = SEL4_BOOTINFO_HEADER_QUOKKA_BOOT_STATS;
    stats->header.len = sizeof(seL4_QuokkaBootStats);
    stats->entry_instret = arch::boot_entry_instret();
    stats->config = (config::debug ? seL4_QuokkaConfig_Debug : 0) |
                    (config::fastpath ? seL4_QuokkaConfig_Fastpath : 0);
    auto *padding = reinterpret_cast<seL4_BootInfoHeader *>(stats + 1);
    padding->id = SEL4_BOOTINFO_HEADER_PADDING;
    padding->len = arch::page_bytes - sizeof(seL4_QuokkaBootStats);
}

// The TCB (2 KiB) and the scheduling context (2^seL4_MinSchedContextBits) share one page.
Tcb &create_thread(const RootTaskLayout &layout, std::uint64_t entry, std::uint64_t root,
                   std::uint64_t &sched_context)
{
    std::uint64_t page = boot_memory().allocate_page(Fill::none);
    sched_context = page + (std::uint64_t{1} << Tcb::size_bits);
    std::memset(arch::phys_to_virt(sched_context), 0, std::size_t{1} << seL4_MinSchedContextBits);
    Tcb *thread = new (arch::phys_to_virt(page)) Tcb(); // value-initialised: zeroed first
    // seL4 gives the root task a budget of CONFIG_BOOT_THREAD_TIME_SLICE (5 ms) per 5 ms.
    auto *sc = new (arch::phys_to_virt(sched_context)) SchedContext();
    budget::configure(*sc, config::root_task_time_slice_us, config::root_task_time_slice_us,
                      arch::now_us());
    sc->tcb = sc->owner = thread;
    thread->sched_context = sc;
    thread->mcp = config::root_task_priority;
    thread->set_name("rootserver");
    thread->priority = config::root_task_priority;
    thread->vspace_root = root;
    thread->ipc_buffer = layout.ipc_buffer;
    arch::init_user_context(thread->context, entry, layout.stack_top);
    thread->context.set(arch::Register::a0, layout.bootinfo);
    thread->state = ThreadState::running;
    return *thread;
}

} // namespace

RootTaskLayout plan_root_task(std::uint64_t image_start, std::uint64_t image_end)
{
    RootTaskLayout layout{};
    layout.image_start = arch::page_down(image_start);
    layout.image_end = arch::page_up(image_end);
    layout.ipc_buffer = layout.image_end;
    layout.bootinfo = layout.ipc_buffer + arch::page_bytes;
    layout.extra_bootinfo = layout.bootinfo + arch::page_bytes;
    layout.stack_bottom = layout.extra_bootinfo + 2 * arch::page_bytes;
    layout.stack_top = layout.stack_bottom + config::root_task_stack_pages * arch::page_bytes;
    return layout;
}

RootTask create_root_task(const std::uint8_t *image_bytes, std::size_t size)
{
    auto parsed = elf::Image::parse(image_bytes, size, seL4_UserTop);
    if (!parsed.is_ok()) {
        panic("boot: the root task image is not a usable ELF executable: %s",
              elf::describe(parsed.error()));
    }
    const elf::Image &image = parsed.value();
    RootTaskLayout layout = plan_root_task(image.lowest_vaddr(), image.highest_vaddr());
    if (layout.stack_top > seL4_UserTop) {
        panic("boot: the root task image ends too close to the top of user memory");
    }

    RootTask task{};
    task.layout = layout;
    building = &task;
    std::uint64_t root = boot_memory().allocate_page();
    task.vspace_root = root;
    arch::init_vspace_root(root);
    for (std::size_t i = 0; i < image.segment_count(); ++i) {
        load_segment(image, image.segment(i), root);
    }
    map_new_page(root, layout.ipc_buffer, read_write);
    map_new_page(root, layout.bootinfo, arch::PageRights{true, false, false});
    // fill_bootinfo writes the extra page's chunk headers; the padding's bytes are ignored.
    map_new_page(root, layout.extra_bootinfo, arch::PageRights{true, false, false}, Fill::none);
    for (std::uint64_t page = layout.stack_bottom; page < layout.stack_top;
         page += arch::page_bytes) {
        map_new_page(root, page, read_write);
    }
    fill_bootinfo(layout, root);

    Tcb &thread = create_thread(layout, image.entry(), root, task.sched_context);
    scheduler::add_thread(thread);
    scheduler::enqueue(thread);
    task.thread = &thread;
    building = nullptr;
    debug_print("boot: root task image 0x%lx-0x%lx, entry 0x%lx, bootinfo at 0x%lx, "
                "stack top 0x%lx\n",
                layout.image_start, layout.image_end, image.entry(), layout.bootinfo,
                layout.stack_top);
    return task;
}

} // namespace kernel::boot
