// The platform-level interrupt controller (RISC-V PLIC spec 1.0): a priority per source, an
// enable bit per source and context, a threshold and a claim/complete register per context.
// QEMU virt's hart 0 in S-mode is context 1.
#include <arch/csr.hpp>
#include <arch/machine.hpp>

#include "arch.hpp"
#include "events.hpp"

namespace arch {
namespace {

constexpr unsigned context = 1;
constexpr std::uint64_t enable_base = 0x2000, enable_stride = 0x80;
constexpr std::uint64_t context_base = 0x200000, context_stride = 0x1000;

std::uint64_t plic_base = 0;
unsigned plic_sources = 0;

volatile std::uint32_t &reg(std::uint64_t offset)
{
    return *static_cast<volatile std::uint32_t *>(phys_to_virt(plic_base + offset));
}

} // namespace

void init_interrupts(const fdt::Platform &platform)
{
    plic_base = platform.plic.base;
    plic_sources = platform.plic_ndev;
    if (plic_base == 0) {
        return;
    }
    reg(context_base + context * context_stride) = 0; // threshold: every priority gets through
    QUOKKA_CSR_SET(sie, csr::interrupt_external);
}

unsigned irq_count() { return plic_base != 0 ? plic_sources : 0; }

void set_irq_enabled(unsigned irq, bool enabled)
{
    if (irq == 0 || irq > plic_sources) {
        return;
    }
    reg(4 * std::uint64_t{irq}) = enabled ? 1 : 0; // priority 0 never interrupts
    volatile std::uint32_t &bits = reg(enable_base + context * enable_stride + 4 * (irq / 32));
    std::uint32_t bit = std::uint32_t{1} << (irq % 32);
    bits = enabled ? bits | bit : bits & ~bit;
}

void handle_external_interrupts()
{
    note_external_interrupt_entry();
    volatile std::uint32_t &claim = reg(context_base + context * context_stride + 4);
    while (std::uint32_t irq = claim) {
        kernel::handle_irq(irq);
        claim = irq; // complete
    }
}

} // namespace arch
