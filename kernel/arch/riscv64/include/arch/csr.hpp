/// @file
/// Supervisor CSRs and their bits (RISC-V privileged spec v1.12, chapter 4).
#pragma once

#include <cstdint>

namespace arch::csr {

/// sstatus bits.
inline constexpr std::uint64_t sstatus_sie = 1ul << 1;  ///< S-mode interrupts enabled
inline constexpr std::uint64_t sstatus_spie = 1ul << 5; ///< SIE before the trap
inline constexpr std::uint64_t sstatus_spp = 1ul << 8;  ///< trap came from S-mode
inline constexpr std::uint64_t sstatus_fs_mask = 3ul << 13; ///< floating-point unit state
inline constexpr std::uint64_t sstatus_fs_initial = 1ul << 13; ///< FPU on, registers clean
inline constexpr std::uint64_t sstatus_sum = 1ul << 18; ///< S-mode may touch U pages

/// sie / sip bits.
inline constexpr std::uint64_t interrupt_software = 1ul << 1;
inline constexpr std::uint64_t interrupt_timer = 1ul << 5;
inline constexpr std::uint64_t interrupt_external = 1ul << 9;

/// scause: the top bit says interrupt; the rest is the code.
inline constexpr std::uint64_t scause_interrupt = 1ul << 63;

/// Exception codes (privileged spec table 4.2).
enum class Exception : std::uint64_t {
    instruction_misaligned = 0,
    instruction_access_fault = 1,
    illegal_instruction = 2,
    breakpoint = 3,
    load_misaligned = 4,
    load_access_fault = 5,
    store_misaligned = 6,
    store_access_fault = 7,
    user_ecall = 8,
    supervisor_ecall = 9,
    instruction_page_fault = 12,
    load_page_fault = 13,
    store_page_fault = 15,
};

/// Interrupt codes.
inline constexpr std::uint64_t supervisor_timer_interrupt = 5;
inline constexpr std::uint64_t supervisor_external_interrupt = 9;

/// satp: Sv39 mode in bits 63..60, root page number in bits 43..0.
inline constexpr std::uint64_t satp_mode_sv39 = 8ul << 60;

// The CSR name must be a literal in the instruction, so these are macros' only substitute.
#define QUOKKA_CSR_READ(name)                                                                  \
    ({                                                                                         \
        std::uint64_t value_;                                                                  \
        asm volatile("csrr %0, " #name : "=r"(value_));                                        \
        value_;                                                                                \
    })
#define QUOKKA_CSR_WRITE(name, value) asm volatile("csrw " #name ", %0" ::"r"(value) : "memory")
#define QUOKKA_CSR_SET(name, bits) asm volatile("csrs " #name ", %0" ::"r"(bits) : "memory")
#define QUOKKA_CSR_CLEAR(name, bits) asm volatile("csrc " #name ", %0" ::"r"(bits) : "memory")

} // namespace arch::csr
