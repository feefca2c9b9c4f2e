// Lazy FPU switching (see fpu.hpp).
#include "fpu.hpp"

#include <sel4/constants.h>

#include "arch.hpp"

namespace kernel::fpu {
namespace {

Tcb *owner = nullptr;

} // namespace

bool take_over(Tcb &thread)
{
    if (!arch::is_fpu_off(thread.context) || (thread.flags & seL4_TCBFlag_fpuDisabled) != 0) {
        return false;
    }
    if (owner == &thread) {
        arch::set_fpu_enabled(thread.context, true); // its registers are still loaded
        return true;
    }
    if (owner != nullptr) {
        arch::save_fpu(owner->fpu_state);
        arch::set_fpu_enabled(owner->context, false);
    }
    arch::load_fpu(thread.fpu_state);
    arch::set_fpu_enabled(thread.context, true);
    owner = &thread;
    return true;
}

void forget(Tcb &thread)
{
    if (owner == &thread) {
        owner = nullptr;
    }
}

} // namespace kernel::fpu
