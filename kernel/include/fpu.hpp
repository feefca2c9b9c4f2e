/// @file
/// Lazy FPU switching: one thread owns the FPU's registers; others run with the FPU off and
/// get it handed over on their first floating-point instruction. Threads that never use the FPU
/// cost nothing on IPC or context switches.
#pragma once

#include "tcb.hpp"

namespace kernel::fpu {

/// @p thread trapped with an illegal instruction while its FPU was off: gives it the FPU (the
/// owner's registers are saved) so it can run the instruction again. False when the FPU is
/// not the problem (the thread's FPU was already on, or it may not use one).
bool take_over(Tcb &thread);

/// @p thread is being destroyed: it no longer owns the FPU.
void forget(Tcb &thread);

} // namespace kernel::fpu
