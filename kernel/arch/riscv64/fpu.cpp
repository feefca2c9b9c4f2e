// The FPU's registers, saved and loaded for lazy switching (generic policy in src/fpu.cpp).
// The kernel runs with sstatus.FS = Off; it turns the FPU on only around these copies.
#include <arch/csr.hpp>

#include "arch.hpp"

namespace arch {

bool is_fpu_off(const UserContext &context) { return (context.sstatus & csr::sstatus_fs_mask) == 0; }

void set_fpu_enabled(UserContext &context, bool enabled)
{
    context.sstatus &= ~csr::sstatus_fs_mask;
    if (enabled) {
        context.sstatus |= csr::sstatus_fs_initial; // "clean" values just loaded
    }
}

void save_fpu(FpuState &state)
{
    QUOKKA_CSR_SET(sstatus, csr::sstatus_fs_initial);
    asm volatile(
        ".irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
        "fsd f\\n, \\n*8(%0)\n"
        ".endr\n"
        "frcsr t0\n"
        "sd t0, 256(%0)\n" ::"r"(&state)
        : "t0", "memory");
    QUOKKA_CSR_CLEAR(sstatus, csr::sstatus_fs_mask);
}

void load_fpu(const FpuState &state)
{
    QUOKKA_CSR_SET(sstatus, csr::sstatus_fs_initial);
    asm volatile(
        ".irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
        "fld f\\n, \\n*8(%0)\n"
        ".endr\n"
        "ld t0, 256(%0)\n"
        "fscsr t0\n" ::"r"(&state)
        : "t0", "memory");
    QUOKKA_CSR_CLEAR(sstatus, csr::sstatus_fs_mask);
}

} // namespace arch
