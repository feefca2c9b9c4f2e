// Boot-time code on the host: the page allocator and building the root task from an ELF image.
#include <catch2/catch.hpp>

#include <cstring>

#include <sel4/bootinfo_types.h>

#include "boot_memory.hpp"
#include "config.hpp"
#include "root_cspace.hpp"
#include "root_task.hpp"
#include "support/elf_builder.hpp"
#include "support/kernel_fixture.hpp"

using kernel::boot::BootMemory;
using namespace test_support;
using kernel::boot::Fill;

namespace {

constexpr std::uint64_t free_start = 0x80100000;
constexpr std::uint64_t free_end = 0x80200000;

std::uint8_t *bytes_at(std::uint64_t paddr) { return static_cast<std::uint8_t *>(arch::phys_to_virt(paddr)); }

} // namespace

TEST_CASE("boot memory: pages come zeroed, in order, and skip the reserved range", "[boot]")
{
    BootMemory memory;
    memory.init(free_start + 1, free_end, free_start + 0x2000, free_start + 0x3800);
    std::memset(bytes_at(free_start + 0x1000), 0xab, 4096);
    CHECK(memory.allocate_page() == free_start + 0x1000); // start rounded up to a page
    CHECK(bytes_at(free_start + 0x1000)[100] == 0);
    CHECK(memory.allocate_page() == free_start + 0x4000); // the reserved pages are skipped
    std::memset(bytes_at(free_start + 0x5000), 0xcd, 4096);
    CHECK(memory.allocate_page(Fill::none) == free_start + 0x5000);
    CHECK(bytes_at(free_start + 0x5000)[0] == 0xcd); // left for the caller to fill
}

TEST_CASE("boot memory: running out is a kernel panic, not a wrong page", "[boot]")
{
    BootMemory memory;
    memory.init(free_start, free_start + 0x2000, 0, 0);
    CHECK(memory.allocate_page() == free_start);
    CHECK(memory.allocate_page() == free_start + 0x1000);
    KernelExit exit = run_kernel([&] { (void)memory.allocate_page(); });
    REQUIRE(exit.kind == KernelExit::Kind::shut_down);
    CHECK(exit.status == arch::ExitStatus::panic);
}

TEST_CASE("root task: the layout follows seL4's: image, IPC buffer, bootinfo, extra, stack",
          "[boot]")
{
    auto layout = kernel::boot::plan_root_task(0x10000, 0x12345);
    CHECK(layout.image_start == 0x10000);
    CHECK(layout.image_end == 0x13000);
    CHECK(layout.ipc_buffer == 0x13000);
    CHECK(layout.bootinfo == 0x14000);
    CHECK(layout.extra_bootinfo == 0x15000);
    CHECK(layout.stack_bottom == 0x17000); // one unmapped guard page at 0x16000
    CHECK(layout.stack_top == 0x17000 + config::root_task_stack_pages * 4096);
}

TEST_CASE("root task: segments, IPC buffer, bootinfo and stack are mapped and filled", "[boot]")
{
    std::vector<std::uint8_t> text(0x1800, 0x13); // 1.5 pages of "code"
    std::vector<std::uint8_t> data = {1, 2, 3, 4};
    auto image = build_elf(0x10010, {{pt_load, pf_r | pf_x, 0x10000, text.size(), text},
                                      {pt_load, pf_r | pf_w, 0x12000, 0x2000, data}});
    kernel::boot::boot_memory().init(free_start, free_end, 0, 0);
    arch::host::instret = 777;
    kernel::boot::RootTask task = kernel::boot::create_root_task(image.data(), image.size());
    kernel::Tcb &thread = *task.thread;

    const auto &space = arch::host::address_spaces[thread.vspace_root];
    auto page = [&](std::uint64_t vaddr) { return space.at(vaddr); };
    CHECK(page(0x10000).rights.execute);
    CHECK_FALSE(page(0x10000).rights.write);
    CHECK(bytes_at(page(0x11000).frame)[0x7ff] == 0x13); // last byte of the text
    CHECK(bytes_at(page(0x11000).frame)[0x800] == 0);    // zero after it
    CHECK(page(0x12000).rights.write);
    CHECK_FALSE(page(0x12000).rights.execute);
    CHECK(bytes_at(page(0x12000).frame)[3] == 4);
    CHECK(bytes_at(page(0x13000).frame)[0] == 0); // .bss

    auto layout = kernel::boot::plan_root_task(0x10000, 0x14000);
    CHECK(page(layout.ipc_buffer).rights.write);
    CHECK_FALSE(page(layout.bootinfo).rights.write);
    CHECK(space.count(layout.stack_bottom - 4096) == 0); // the guard page
    CHECK(page(layout.stack_top - 4096).rights.write);

    auto *bootinfo = reinterpret_cast<seL4_BootInfo *>(bytes_at(page(layout.bootinfo).frame));
    CHECK(bootinfo->numNodes == 1);
    CHECK(reinterpret_cast<std::uint64_t>(bootinfo->ipcBuffer) == layout.ipc_buffer);
    CHECK(bootinfo->extraLen == 4096);
    auto *stats = reinterpret_cast<seL4_QuokkaBootStats *>(bytes_at(page(layout.extra_bootinfo).frame));
    CHECK(stats->header.id == SEL4_BOOTINFO_HEADER_QUOKKA_BOOT_STATS);
    CHECK(stats->entry_instret == 777);

    CHECK(thread.context.pc() == 0x10010);
    CHECK(thread.context.get(arch::Register::a0) == layout.bootinfo);
    CHECK(thread.context.get(arch::Register::sp) == layout.stack_top);
    CHECK(thread.priority == 255);
    CHECK(std::string(thread.name()) == "rootserver");
    CHECK(kernel::scheduler::choose() == &thread);
    kernel::scheduler::remove_thread(thread);
}

TEST_CASE("root task: an image that is not an ELF executable is a kernel panic", "[boot]")
{
    std::vector<std::uint8_t> junk(256, 'x');
    kernel::boot::boot_memory().init(free_start, free_end, 0, 0);
    arch::host::console_output.clear();
    KernelExit exit = run_kernel([&] { kernel::boot::create_root_task(junk.data(), junk.size()); });
    REQUIRE(exit.kind == KernelExit::Kind::shut_down);
    CHECK(exit.status == arch::ExitStatus::panic);
    CHECK(arch::host::console_output.find("KERNEL PANIC: boot: the root task image is not a "
                                          "usable ELF executable") != std::string::npos);
}

TEST_CASE("boot: free memory is split into the largest aligned blocks that tile it", "[boot]")
{
    struct Range {
        std::uint64_t start, end;
    };
    for (Range range : {Range{0x80221000, 0x140000000}, Range{0, 0x80000000},
                        Range{0x101000, 0xc000000}, Range{0x1000, 0x2000}, Range{0x10, 0x1000},
                        Range{0x4000000000, 0x4000000000 + (3ull << 38)}}) {
        std::vector<std::pair<std::uint64_t, unsigned>> blocks;
        kernel::boot::for_each_aligned_block(range.start, range.end, 4, 38,
                                             [&](std::uint64_t base, unsigned bits) {
                                                 blocks.emplace_back(base, bits);
                                             });
        std::uint64_t next = range.start;
        for (auto [base, bits] : blocks) {
            CHECK(base == next);                                       // contiguous, in order
            CHECK(bits <= 38);
            CHECK(base % (std::uint64_t{1} << bits) == 0);             // aligned to its size
            next = base + (std::uint64_t{1} << bits);
        }
        CHECK(next == range.end); // the blocks cover the range exactly
        for (std::size_t i = 0; i + 1 < blocks.size(); ++i) {
            // Maximal: two equal neighbours never form an aligned block of double size.
            auto [base, bits] = blocks[i];
            bool mergeable = blocks[i + 1].second == bits && bits < 38 &&
                             base % (std::uint64_t{2} << bits) == 0;
            CHECK_FALSE(mergeable);
        }
    }
}
