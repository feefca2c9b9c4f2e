/// @file
/// The whole user API of libsel4: include this one header, as with seL4.
#pragma once

#include <sel4/config.h>
#include <sel4/macros.h>
#include <sel4/simple_types.h>
#include <sel4/constants.h>
#include <sel4/errors.h>
#include <sel4/syscall.h>
#include <sel4/objecttype.h>
#include <sel4/invocation.h>
#include <sel4/shared_types.h>
#include <sel4/bootinfo_types.h>
#include <sel4/functions.h>
#include <sel4/syscalls.h>
#include <sel4/invocations.h>
#include <sel4/invocations_tcb.h>
#include <sel4/invocations_riscv.h>
#include <sel4/invocations_irq.h>
