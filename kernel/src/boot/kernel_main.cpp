// The kernel's first C++ code: called by the arch entry code on the kernel stack, with the MMU
// on and the kernel running in its window.
#include <cstdint>

#include "arch.hpp"
#include "boot_memory.hpp"
#include "config.hpp"
#include "console.hpp"
#include "fdt.hpp"
#include "root_cspace.hpp"
#include "root_task.hpp"
#include "scheduler.hpp"

namespace kernel {
namespace {

fdt::Platform read_device_tree(std::uint64_t dtb_paddr)
{
    // The blob's size is only known from its header; the parser bounds-checks against it.
    auto parsed = fdt::parse(arch::phys_to_virt(dtb_paddr), 1u << 20);
    if (!parsed.is_ok()) {
        panic("boot: cannot read the device tree at 0x%lx: %s", dtb_paddr,
              fdt::describe(parsed.error()));
    }
    return parsed.value();
}

void print_banner(const fdt::Platform &platform, std::uint64_t hart_id)
{
    debug_print("\nQuokka %s (%s build, riscv64 Sv39, MCS ABI of seL4 15.0.0): %lu MiB RAM at "
                "0x%lx, hart %lu\n",
                config::version, config::build_name, platform.memory.size >> 20,
                platform.memory.base, hart_id);
    debug_print("boot: uart 0x%lx irq %u, plic 0x%lx, timebase %lu Hz\n", platform.uart.base,
                platform.uart_irq, platform.plic.base, platform.timebase_frequency);
}

void init_boot_memory(const fdt::Platform &platform, std::uint64_t dtb_paddr)
{
    std::uint64_t kernel_start = 0;
    std::uint64_t kernel_end = 0;
    arch::kernel_image_range(kernel_start, kernel_end);
    std::uint64_t ram_end = platform.memory.base + platform.memory.size;
    boot::boot_memory().init(kernel_end, ram_end, dtb_paddr, dtb_paddr + platform.blob_size);
}

} // namespace

extern "C" [[noreturn]] void kernel_main(std::uint64_t hart_id, std::uint64_t dtb_paddr)
{
    arch::init_early();
    fdt::Platform platform = read_device_tree(dtb_paddr);
    print_banner(platform, hart_id);
    arch::init_platform(platform);
    arch::init_kernel_window(platform);
    arch::init_interrupts(platform);
    init_boot_memory(platform, dtb_paddr);
    std::uint64_t root_cnode = boot::allocate_root_cnode();
    auto image = arch::root_task_image();
    boot::RootTask root_task = boot::create_root_task(image.data(), image.size());
    boot::create_root_cspace(root_task, root_cnode, platform);
    scheduler::run();
}

} // namespace kernel
