/* Support for the virtual-memory tests: memory objects from a per-test untyped, page tables and
   frames mapped in one call, new VSpaces, and probe threads that load, store or fetch at an
   address and report the value or the VM fault to the root task. */
#include <string.h>

#include "vspacetest.h"

#define MEMORY_UNTYPED_BITS 20 /* 256 frames or page tables per test */
#define FETCH_MARK 0xfe7c4ul  /* a2 of a fetch probe: MR0 of the Call the fetched code makes */

extern char _start[]; /* the first byte of the image (runtime/user.ld puts .text.start first) */

static seL4_CPtr memory_untyped;

void vspacetest_init(void)
{
    objtest_init();
    threadtest_init();
}

void vspace_test(const char *id, test_fn test)
{
    thread_test(id, test);
    memory_untyped = 0;
}

seL4_CPtr memory_object(seL4_Word type)
{
    if (memory_untyped == 0) {
        memory_untyped = untyped_alloc(MEMORY_UNTYPED_BITS);
        if (memory_untyped == 0) {
            return 0;
        }
    }
    return new_object(memory_untyped, type, 0);
}

seL4_CPtr cap_copied(seL4_CPtr cap, seL4_CapRights_t rights)
{
    seL4_CPtr slot = slot_alloc();
    if (slot == 0 || cap_copy(slot, cap, rights) != seL4_NoError) {
        return 0;
    }
    return slot;
}

seL4_CPtr image_frame_cap(const void *page)
{
    seL4_BootInfo *bi = bootinfo();
    seL4_Word index = ((seL4_Word)page - ((seL4_Word)_start & ~(PAGE_BYTES - 1))) / PAGE_BYTES;
    seL4_CPtr cap = bi->userImageFrames.start + index;
    return cap < bi->userImageFrames.end && seL4_DebugCapIdentify(cap) == TAG_FRAME ? cap : 0;
}

seL4_CPtr spare_untyped(unsigned min_bits, seL4_Word *paddr)
{
    seL4_BootInfo *bi = bootinfo();
    seL4_Word count = bi->untyped.end - bi->untyped.start, pool = count, best = count;
    for (seL4_Word i = 0; i < count && i < CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS; i++) {
        const seL4_UntypedDesc *desc = &bi->untypedList[i];
        if (!desc->isDevice && (pool == count || desc->sizeBits > bi->untypedList[pool].sizeBits)) {
            pool = i; /* objtest_init's choice: the first of the largest */
        }
    }
    for (seL4_Word i = 0; i < count && i < CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS; i++) {
        const seL4_UntypedDesc *desc = &bi->untypedList[i];
        if (i != pool && !desc->isDevice && desc->sizeBits >= min_bits &&
            (best == count || desc->sizeBits < bi->untypedList[best].sizeBits)) {
            best = i;
        }
    }
    if (best == count) {
        return 0;
    }
    *paddr = bi->untypedList[best].paddr;
    return bi->untyped.start + best;
}

const char *map_tables(seL4_CPtr vspace, seL4_Word vaddr, seL4_CPtr *tables)
{
    for (int level = 0; level < 2; level++) {
        seL4_CPtr table = memory_object(seL4_RISCV_PageTableObject);
        EXPECT_SLOT(table);
        seL4_Error error = seL4_RISCV_PageTable_Map(table, vspace, vaddr, DEFAULT_ATTR);
        EXPECT(error == seL4_NoError, "set-up: PageTable_Map of table %d at 0x%lx failed with %s (MR0 %lu)",
               level + 1, vaddr, error_name(error), seL4_GetMR(0));
        if (tables != NULL) {
            tables[level] = table;
        }
    }
    return NULL;
}

const char *map_new_frame(seL4_CPtr vspace, seL4_Word vaddr, seL4_CapRights_t rights, seL4_Word attr,
                          seL4_CPtr *frame)
{
    *frame = memory_object(seL4_RISCV_4K_Page);
    EXPECT_SLOT(*frame);
    seL4_Error error = seL4_RISCV_Page_Map(*frame, vspace, vaddr, rights, (seL4_RISCV_VMAttributes)attr);
    EXPECT(error == seL4_NoError, "set-up: Page_Map of a new frame at 0x%lx failed with %s (MR0 %lu)", vaddr,
           error_name(error), seL4_GetMR(0));
    return NULL;
}

const char *new_vspace(seL4_CPtr *vspace)
{
    *vspace = memory_object(seL4_RISCV_PageTableObject);
    EXPECT_SLOT(*vspace);
    seL4_Error error = seL4_RISCV_ASIDPool_Assign(seL4_CapInitThreadASIDPool, *vspace);
    EXPECT(error == seL4_NoError, "set-up: ASIDPool_Assign of a new page table failed with %s (MR0 %lu)",
           error_name(error), seL4_GetMR(0));
    return NULL;
}

const char *map_sites(seL4_CPtr vspace)
{
    seL4_Word page = (seL4_Word)vs_sites_page;
    seL4_CPtr image = image_frame_cap(vs_sites_page);
    EXPECT(image != 0, "set-up: bootinfo lists no frame cap for the code-site page 0x%lx", page);
    seL4_CPtr copy = cap_copied(image, seL4_AllRights);
    EXPECT(copy != 0, "set-up: the frame cap of the code-site page does not copy");
    TRY(map_tables(vspace, page, NULL));
    seL4_Error error = seL4_RISCV_Page_Map(copy, vspace, page, seL4_CanRead, DEFAULT_ATTR);
    EXPECT(error == seL4_NoError, "set-up: Page_Map of the code-site page failed with %s", error_name(error));
    return NULL;
}

const char *probe_new(struct probe *p, seL4_CPtr vspace)
{
    TRY(fault_handler_new(&p->h));
    const struct thread_config config = {
        .name = "vspace-probe", .priority = LOW_PRIORITY, .fault_ep = p->h.badged, .options = THREAD_NO_IPC_BUFFER};
    p->t = thread_create(&config);
    EXPECT_THREAD(p->t);
    if (vspace != 0) {
        seL4_Error error = seL4_TCB_SetSpace(p->t->tcb, p->h.badged, ROOT, 0, vspace, 0);
        EXPECT(error == seL4_NoError, "set-up: TCB_SetSpace of the probe to a new VSpace failed with %s",
               error_name(error));
    }
    return NULL;
}

/* Lets the probe run until it blocks, then takes its message: the done Call or a fault. */
static const char *collect(int line, struct probe *p, seL4_MessageInfo_t *info)
{
    settle();
    seL4_Word badge = 0;
    *info = seL4_NBRecv(p->h.ep, &badge, p->h.reply);
    if (badge == 0) {
        return fail_at(line, "the probe thread neither finished nor faulted");
    }
    return NULL;
}

/* Restarts the probe at pc with t0 = addr, t1 = a2 = value, and a Call to the root set up. */
static const char *run_probe(int line, struct probe *p, seL4_Word pc, seL4_Word addr, seL4_Word value,
                             seL4_MessageInfo_t *info)
{
    seL4_UserContext regs;
    memset(&regs, 0, sizeof regs);
    p->addr = addr;
    regs.pc = pc;
    regs.t0 = addr;
    regs.t1 = value;
    regs.a0 = p->h.badged;
    regs.a1 = seL4_MessageInfo_new(PROBE_LABEL, 0, 0, 1).words[0];
    regs.a2 = value;
    regs.a7 = (seL4_Word)seL4_SysCall;
    (void)seL4_TCB_Suspend(p->t->tcb); /* ends its previous Call or fault */
    seL4_Error error = thread_start_at(p->t, &regs);
    if (error != seL4_NoError) {
        return fail_at(line, "restarting the probe thread failed with %s", error_name(error));
    }
    return collect(line, p, info);
}

static const char *const access_names[] = {"a load from", "a store to", "a fetch from"};

/* The probe's message was not the expected one: say what it was. */
static const char *unexpected(int line, enum access_kind kind, seL4_Word addr, seL4_MessageInfo_t info)
{
    seL4_Word label = seL4_MessageInfo_get_label(info);
    if (label == seL4_Fault_VMFault) {
        return fail_at(line, "%s 0x%lx sent a VMFault (IP 0x%lx, Addr 0x%lx, PrefetchFault %lu, FSR %lu)",
                       access_names[kind], addr, seL4_GetMR(0), seL4_GetMR(1), seL4_GetMR(2), seL4_GetMR(3));
    }
    if (label == PROBE_LABEL) {
        return fail_at(line, "%s 0x%lx completed (MR0 0x%lx) but should have faulted", access_names[kind], addr,
                       seL4_GetMR(0));
    }
    return fail_at(line, "%s 0x%lx sent a message with label %lu (MR0 0x%lx, MR1 0x%lx)", access_names[kind], addr,
                   label, seL4_GetMR(0), seL4_GetMR(1));
}

/* The probe's done Call arrived with MR0 = value. */
static const char *expect_done(int line, enum access_kind kind, seL4_Word addr, seL4_MessageInfo_t info,
                               seL4_Word value)
{
    if (seL4_MessageInfo_get_label(info) != PROBE_LABEL) {
        return unexpected(line, kind, addr, info);
    }
    if (seL4_GetMR(0) != value) {
        return fail_at(line, "%s 0x%lx gave 0x%lx, expected 0x%lx", access_names[kind], addr, seL4_GetMR(0), value);
    }
    return NULL;
}

const char *expect_load(int line, struct probe *p, seL4_Word addr, seL4_Word value)
{
    seL4_MessageInfo_t info;
    TRY(run_probe(line, p, (seL4_Word)vs_site_load, addr, 0, &info));
    return expect_done(line, LOAD, addr, info, value);
}

const char *expect_store(int line, struct probe *p, seL4_Word addr, seL4_Word value)
{
    seL4_MessageInfo_t info;
    TRY(run_probe(line, p, (seL4_Word)vs_site_store, addr, value, &info));
    return expect_done(line, STORE, addr, info, value);
}

const char *expect_fetch(int line, struct probe *p, seL4_Word addr)
{
    seL4_MessageInfo_t info;
    __asm__ volatile("fence.i" ::: "memory"); /* the code was written as data (Zifencei) */
    TRY(run_probe(line, p, addr, addr, FETCH_MARK, &info));
    return expect_done(line, FETCH, addr, info, FETCH_MARK);
}

const char *expect_fault(int line, struct probe *p, enum access_kind kind, seL4_Word addr)
{
    static const seL4_Word fsr[] = {FSR_LOAD, FSR_STORE, FSR_FETCH};
    seL4_Word pc = kind == LOAD ? (seL4_Word)vs_site_load : kind == STORE ? (seL4_Word)vs_site_store : addr;
    seL4_MessageInfo_t info;
    __asm__ volatile("fence.i" ::: "memory");
    TRY(run_probe(line, p, pc, addr, FETCH_MARK, &info));
    if (seL4_MessageInfo_get_label(info) != seL4_Fault_VMFault || seL4_MessageInfo_get_length(info) != 4) {
        return unexpected(line, kind, addr, info);
    }
    const seL4_Word want[] = {pc, addr, kind == FETCH, fsr[kind]};
    for (int i = 0; i < 4; i++) {
        if (seL4_GetMR(i) != want[i]) {
            return fail_at(line, "%s 0x%lx: VMFault MR%d = 0x%lx, expected 0x%lx (IP, Addr, PrefetchFault, FSR)",
                           access_names[kind], addr, i, seL4_GetMR(i), want[i]);
        }
    }
    return NULL;
}

const char *probe_load(int line, struct probe *p, seL4_Word addr, seL4_MessageInfo_t *info)
{
    return run_probe(line, p, (seL4_Word)vs_site_load, addr, 0, info);
}

const char *expect_restarted_load(int line, struct probe *p, seL4_Word value)
{
    seL4_Send(p->h.reply, seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_MessageInfo_t info;
    TRY(collect(line, p, &info));
    return expect_done(line, LOAD, p->addr, info, value);
}
