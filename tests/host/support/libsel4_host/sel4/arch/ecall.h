/* Host stand-in for libsel4's system-call trap (kernel/libsel4/include/sel4/arch/ecall.h): the
   same functions, but each one runs the host build of the kernel's syscall path for the thread
   a test made current (support/libsel4_host.cpp). Placed before libsel4 on the include path of
   the host builds of libut and libcspace, so they run unchanged against the real kernel core. */
#pragma once

#include <sel4/macros.h>
#include <sel4/shared_types.h>
#include <sel4/simple_types.h>
#include <sel4/syscall.h>

#ifdef __cplusplus
extern "C" {
#endif

void quokka_ecall_null(seL4_Syscall_ID sys);
seL4_Word quokka_ecall_short(seL4_Syscall_ID sys, seL4_Word arg0, seL4_Word arg1);
void quokka_ecall_send(seL4_Syscall_ID sys, seL4_Word dest, seL4_Word info, const seL4_Word mr[4]);
seL4_MessageInfo_t quokka_ecall_recv(seL4_Syscall_ID sys, seL4_Word src, seL4_Word reply, seL4_Word *sender,
                                     seL4_Word mr[4]);
seL4_MessageInfo_t quokka_ecall_call(seL4_Word dest, seL4_Word info, seL4_Word mr[4]);
seL4_MessageInfo_t quokka_ecall_reply_recv(seL4_Word src, seL4_Word info, seL4_Word reply, seL4_Word *sender,
                                           seL4_Word mr[4]);
seL4_MessageInfo_t quokka_ecall_nbsend_recv(seL4_Syscall_ID sys, seL4_Word src, seL4_Word info, seL4_Word a6_value,
                                            seL4_Word t0_value, seL4_Word *sender, seL4_Word mr[4]);

#ifdef __cplusplus
}
#endif
