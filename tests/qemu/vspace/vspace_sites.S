/* Code sites for the probe threads of the virtual-memory tests, all on one page of their own, so
   a new VSpace can run them from a single copied frame mapped at the same address. A probe is
   started here with TCB_WriteRegisters: t0 = the address, t1 = the value to store, and a0, a1,
   a7 set up the Call that reports completion to the root task (MR0 = a2). No compressed
   instructions, so the faulting pc is exactly the site's address. */
    .option norvc
    .section .text.vspace_sites, "ax"
    .balign 4096
    .globl vs_sites_page
vs_sites_page:

/* A load from t0 into a2 (MR0 of the Call), then the Call, repeated if it is ever answered. */
    .globl vs_site_load
vs_site_load:
    ld      a2, 0(t0)
1:  ecall
    j       1b

/* A store of t1 to t0, then the Call. */
    .globl vs_site_store
vs_site_store:
    sd      t1, 0(t0)
1:  ecall
    j       1b

    .balign 4096
