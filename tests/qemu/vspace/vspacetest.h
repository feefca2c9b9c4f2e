/* Shared helpers of the virtual-memory tests (issue 5): frames and page tables from a per-test
   untyped, new VSpaces, and "probes": a thread that performs one load, store or instruction fetch
   at an address and reports either the value (a Call to the root task) or the VM fault it took
   (a fault message), so a wrong mapping fails the test instead of faulting the root task.
   Expectations cite the seL4 API digest (shared/reference/sel4-api-subset.md) by section, e.g.
   "§5.2" or "§8.6"; each test must fail on a kernel that skips the check it names. The root task
   itself touches a mapped address only after a probe (or a DeleteFirst) has shown it is mapped. */
#pragma once

#include "../threads/threadtest.h"

#define VSPACE seL4_CapInitThreadVSpace /* the root task's VSpace (§7.1) */
#define PAGE_BYTES BIT(seL4_PageBits)
#define LARGE_PAGE_BYTES BIT(seL4_LargePageBits)
#define HUGE_PAGE_BYTES BIT(seL4_HugePageBits)
#define DEFAULT_ATTR seL4_RISCV_Default_VMAttributes
#define NX_ATTR seL4_RISCV_ExecuteNever
/* Gigabyte n of a VSpace. The root task's image, IPC buffer, bootinfo and stack lie in GiB 0;
   each test maps in its own GiB from 4 on, so no test meets another's tables (§4: Sv39 root
   entries each cover 1 GiB). */
#define GIB(n) ((seL4_Word)(n) << 30)
/* Sv39 levels as Page_Map's FailedLookup reports them: bitsLeft where the walk stopped (§3.1). */
#define NO_TABLE_BELOW_ROOT 30 /* the table whose entries map 2 MiB is missing */
#define NO_4K_TABLE 21         /* the table whose entries map 4 KiB is missing */
#define FSR_LOAD 5             /* VMFault FSR values (§8.6, §12.11) */
#define FSR_STORE 7
#define FSR_FETCH 1

/* Code sites (vspace_sites.S), all on one page (vs_sites_page) so that a new VSpace can run
   them from one copied frame. Each ends in a Call with the registers the probe wrote. */
extern char vs_sites_page[];
extern char vs_site_load[];  /* ld a2, 0(t0); Call: MR0 = the value */
extern char vs_site_store[]; /* sd t1, 0(t0); Call */
/* Code a probe writes into a frame before running it: `ecall` then `j .` (low word first). */
#define CODE_ECALL_LOOP 0x0000006f00000073ul

void vspacetest_init(void);
/* thread_test, then the per-test memory untyped is forgotten (run_test deleted it). */
void vspace_test(const char *id, test_fn test);

/* Memory objects (frames, page tables) from the running test's 1 MiB untyped; 0 on failure
   (setup_failure()). */
seL4_CPtr memory_object(seL4_Word type);
/* A copy of `cap` with `rights` in a new slot, or 0 (an unmapped copy for a frame, §5.2). */
seL4_CPtr cap_copied(seL4_CPtr cap, seL4_CapRights_t rights);
/* The frame cap of the image page at `page` (bootinfo's userImageFrames), or 0. */
seL4_CPtr image_frame_cap(const void *page);
/* The smallest boot RAM untyped of at least 2^min_bits bytes that is not the objects' pool (the
   largest), so nothing else retypes from it; its paddr in *paddr. 0 if there is none. */
seL4_CPtr spare_untyped(unsigned min_bits, seL4_Word *paddr);

/* The helpers below return NULL or why they failed, for TRY. */
/* Two new page tables mapped at vaddr: in a GiB without tables they become the 2 MiB-level
   and the 4 KiB-level table. `tables` (may be NULL) gets their caps, upper level first. */
const char *map_tables(seL4_CPtr vspace, seL4_Word vaddr, seL4_CPtr *tables);
/* A new 4 KiB frame mapped at vaddr with `rights` and `attr`. */
const char *map_new_frame(seL4_CPtr vspace, seL4_Word vaddr, seL4_CapRights_t rights, seL4_Word attr,
                          seL4_CPtr *frame);
/* A new page table assigned to the root task's ASID pool: a VSpace root. */
const char *new_vspace(seL4_CPtr *vspace);
/* In `vspace`: the tables for the code sites and a read-only copy of their page, at the same
   address as in the root task, so a probe can run there. */
const char *map_sites(seL4_CPtr vspace);

/* A probe thread, in the root task's VSpace (vspace 0) or another one (TCB_SetSpace), with the
   root as its fault handler. */
struct probe {
    struct fault_handler h;
    struct thread *t;
    seL4_Word addr; /* the address of its latest access */
};
const char *probe_new(struct probe *p, seL4_CPtr vspace);

enum access_kind { LOAD, STORE, FETCH };
/* One access by the probe; NULL when it completed as expected (a load reading `value`). */
const char *expect_load(int line, struct probe *p, seL4_Word addr, seL4_Word value);
const char *expect_store(int line, struct probe *p, seL4_Word addr, seL4_Word value);
/* A fetch runs the code at addr, which must be CODE_ECALL_LOOP. */
const char *expect_fetch(int line, struct probe *p, seL4_Word addr);
/* The access sends a VMFault (§8.6): IP = the site (addr for a fetch), Addr = addr, PrefetchFault
   1 only for a fetch, FSR 5/7/1. The probe stays blocked on the fault. */
const char *expect_fault(int line, struct probe *p, enum access_kind kind, seL4_Word addr);
/* After expect_fault: reply to the fault (label 0, no words); the probe restarts the load,
   which must now read `value` (§8.6: a reply to a VMFault restarts the instruction). */
const char *expect_restarted_load(int line, struct probe *p, seL4_Word value);
/* One load by the probe, whatever happens: *info is its message (done Call or fault) with MR0..
   in the IPC buffer. */
const char *probe_load(int line, struct probe *p, seL4_Word addr, seL4_MessageInfo_t *info);
#define PROBE_LABEL 0x7e57ul /* label of a probe's "done" Call (MR0 = a2) */

#define EXPECT_LOAD(p, addr, value) TRY(expect_load(__LINE__, p, addr, value))
#define EXPECT_STORE(p, addr, value) TRY(expect_store(__LINE__, p, addr, value))
#define EXPECT_FETCH(p, addr) TRY(expect_fetch(__LINE__, p, addr))
#define EXPECT_FAULT(p, kind, addr) TRY(expect_fault(__LINE__, p, kind, addr))

/* FailedLookup from a mapping call: MR0 = 0 (not the source), MR1 = MissingCapability, MR2 =
   bitsLeft = seL4_MappingFailedLookupLevel() (§3.1). */
#define EXPECT_LOOKUP_LEVEL(call, level)                                                       \
    do {                                                                                       \
        EXPECT_ERR(call, seL4_FailedLookup);                                                   \
        EXPECT_MR(0, 0);                                                                       \
        EXPECT_MR(1, seL4_MissingCapability);                                                  \
        EXPECT(seL4_MappingFailedLookupLevel() == (level), "lookup level %lu, expected %lu",   \
               seL4_MappingFailedLookupLevel(), (seL4_Word)(level));                           \
    } while (0)

/* Reads or writes a word of the root task's own mapping (only once it is known to be mapped). */
static inline seL4_Word peek(seL4_Word addr)
{
    return *(volatile seL4_Word *)addr;
}
static inline void poke(seL4_Word addr, seL4_Word value)
{
    *(volatile seL4_Word *)addr = value;
}

/* Area entry points, one per file. */
void run_map_tests(void);
void run_map_rule_tests(void);
void run_rights_tests(void);
void run_page_table_tests(void);
void run_unmap_tests(void);
void run_asid_tests(void);
void run_address_space_tests(void);
void run_huge_page_tests(void);
