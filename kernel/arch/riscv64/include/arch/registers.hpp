/// @file
/// The saved user register file of a riscv64 thread, and which registers the syscall ABI uses.
/// Trap entry (trap.S) stores registers at the byte offsets written beside each field.
#pragma once

#include <cstddef>
#include <cstdint>

namespace arch {

/// RISC-V integer registers by ABI name; the value is the register number x0..x31.
enum class Register : std::uint8_t {
    ra = 1, sp, gp, tp, t0, t1, t2, s0, s1, a0, a1, a2, a3, a4, a5, a6, a7,
    s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, t3, t4, t5, t6,
};

/// The user-visible state of a thread, saved on every trap from U-mode and restored on return.
struct UserContext {
    std::uint64_t x[32];       ///< x0..x31 at byte offset 8*i; x[0] is unused (x0 is zero)
    std::uint64_t sepc;        ///< offset 256: the pc to resume at
    std::uint64_t sstatus;     ///< offset 264: SPP, SPIE and FS as they apply to this thread

    /// Reads register @p r.
    std::uint64_t get(Register r) const { return x[static_cast<std::size_t>(r)]; }
    /// Writes register @p r.
    void set(Register r, std::uint64_t value) { x[static_cast<std::size_t>(r)] = value; }
    /// The pc the thread resumes at.
    std::uint64_t pc() const { return sepc; }
    /// Sets the pc the thread resumes at.
    void set_pc(std::uint64_t value) { sepc = value; }
};
static_assert(offsetof(UserContext, sepc) == 256);
static_assert(offsetof(UserContext, sstatus) == 264);

/// A thread's floating-point registers, saved while another thread owns the FPU.
struct FpuState {
    std::uint64_t f[32]; ///< f0..f31
    std::uint64_t fcsr;  ///< rounding mode and exception flags
};

/// Registers of seL4's RISC-V syscall convention.
inline constexpr Register syscall_number_register = Register::a7; ///< syscall number in
inline constexpr Register cap_register = Register::a0;            ///< cptr in
inline constexpr Register badge_register = Register::a0;          ///< badge out
inline constexpr Register message_info_register = Register::a1;   ///< seL4_MessageInfo_t
inline constexpr Register reply_register = Register::a6;          ///< MCS reply object cptr
/// Message registers 0..3 travel in a2..a5.
inline constexpr Register message_registers[] = {Register::a2, Register::a3, Register::a4,
                                                  Register::a5};
/// Number of words in seL4_UserContext (TCB_ReadRegisters/WriteRegisters).
inline constexpr unsigned user_context_words = 32;
/// seL4_UserContext's first words are seL4 RISC-V's "frame" registers (pc, ra, sp, gp,
/// s0..s11: CopyRegisters' transfer_frame); the rest are the integer ones (a0..a7, t0..t6, tp).
inline constexpr unsigned user_context_frame_words = 16;

/// Word @p index of seL4_UserContext's order: pc, ra, sp, gp, s0..s11, a0..a7, t0..t6, tp.
inline std::uint64_t user_context_word(const UserContext &context, unsigned index)
{
    constexpr std::uint8_t order[user_context_words] = {
        0, 1, 2, 3, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
        10, 11, 12, 13, 14, 15, 16, 17, 5, 6, 7, 28, 29, 30, 31, 4};
    return index == 0 ? context.sepc : context.x[order[index]];
}

/// Sets word @p index of seL4_UserContext's order to @p value.
inline void set_user_context_word(UserContext &context, unsigned index, std::uint64_t value)
{
    constexpr std::uint8_t order[user_context_words] = {
        0, 1, 2, 3, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
        10, 11, 12, 13, 14, 15, 16, 17, 5, 6, 7, 28, 29, 30, 31, 4};
    if (index == 0) {
        context.sepc = value;
    } else {
        context.x[order[index]] = value;
    }
}

/// The exception code of an illegal instruction (scause 2).
inline constexpr std::uint64_t illegal_instruction_cause = 2;

/// Bytes of an `ecall` instruction: a completed syscall resumes this far past it.
inline constexpr std::uint64_t syscall_instruction_bytes = 4;

} // namespace arch
