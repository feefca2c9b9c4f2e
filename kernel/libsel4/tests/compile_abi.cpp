// Compile check: the kernel's view of libsel4 (pure-ABI headers only, kernel warning flags),
// built for the target and natively for the host kernel library. Never linked or run.
#include "abi_checks.h"
