/// @file
/// Kernel-window address translation on riscv64: physical memory appears at a fixed offset, so
/// the translation is one addition (inline: every object access goes through it).
#pragma once

#include <cstdint>

#include <arch/csr.hpp>
#include <arch/machine.hpp>

namespace arch {

/// Kernel pointer for physical address @p paddr (inside the kernel window).
inline void *phys_to_virt(std::uint64_t paddr) { return reinterpret_cast<void *>(paddr + kernel_offset); }
/// Physical address of kernel pointer @p pointer (inside the kernel window).
inline std::uint64_t virt_to_phys(const void *pointer)
{
    return reinterpret_cast<std::uint64_t>(pointer) - kernel_offset;
}

/// The satp value naming the Sv39 address space rooted at @p root_paddr with ASID @p asid.
inline std::uint64_t address_space_token(std::uint64_t root_paddr, std::uint64_t asid)
{
    return csr::satp_mode_sv39 | asid << 44 | (root_paddr >> 12);
}

/// Switches to the address space @p token names (no flush: translations are ASID-tagged). One
/// write, even when it is the current one: reading satp to compare would cost more.
inline void switch_address_space(std::uint64_t token) { QUOKKA_CSR_WRITE(satp, token); }

} // namespace arch
