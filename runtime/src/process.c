/* runtime_process_start: a child process from an ELF image (see runtime_process.h). Every page
   is a frame from libut, filled through the root task's frame window and mapped in the child
   through a copy of its cap; page tables of the child are made before the first page of each
   GiB and 2 MiB region, so no Page_Map fails. */
#include <elf.h>
#include <string.h>

#include <bootstrap.h>
#include <runtime_objects.h>
#include <runtime_process.h>
#include <sel4runtime.h>

#define PAGE 4096ul
#define IPC_BUFFER_VADDR (RUNTIME_PROCESS_STACK_TOP + PAGE)
#define BOOTINFO_VADDR (RUNTIME_PROCESS_STACK_TOP + 2 * PAGE)
#define CHILD_BUDGET_US 1000



/* A page table mapped for vaddr at the level that maps `size` bytes, unless there is one. */
static seL4_Error ensure_table(runtime_process_t *p, seL4_Word vaddr, seL4_Word size)
{
    for (size_t i = 0; i < p->table_count; i++) {
        if (p->table_sizes[i] == size && p->table_vaddrs[i] == (vaddr & ~(size - 1))) {
            return seL4_NoError;
        }
    }
    if (p->table_count == RUNTIME_PROCESS_MAX_TABLES) {
        return seL4_NotEnoughMemory;
    }
    size_t i = p->table_count;
    p->tables[i] = runtime_object_new(p->parent, seL4_RISCV_PageTableObject, seL4_PageBits, 0, &p->table_uts[i]);
    if (p->tables[i] == seL4_CapNull) {
        return seL4_NotEnoughMemory;
    }
    p->table_vaddrs[i] = vaddr & ~(size - 1);
    p->table_sizes[i] = size;
    p->table_count++;
    return seL4_RISCV_PageTable_Map(p->tables[i], p->vspace, vaddr, seL4_RISCV_Default_VMAttributes);
}

/* The page at vaddr of the child (made if new), its window address in *window. */
static seL4_Error child_page(runtime_process_t *p, seL4_Word vaddr, seL4_CapRights_t rights, seL4_Word attr,
                             char **window)
{
    for (size_t i = 0; i < p->page_count; i++) {
        if (p->pages[i].vaddr == vaddr) {
            *window = p->pages[i].window;
            return seL4_NoError;
        }
    }
    if (p->page_count == RUNTIME_PROCESS_MAX_PAGES) {
        return seL4_NotEnoughMemory;
    }
    seL4_Error error = ensure_table(p, vaddr, 1ul << 30);
    if (error == seL4_NoError) {
        error = ensure_table(p, vaddr, 1ul << 21);
    }
    if (error != seL4_NoError) {
        return error;
    }
    runtime_page_t *page = &p->pages[p->page_count++];
    page->vaddr = vaddr;
    page->frame = runtime_object_new(p->parent, seL4_RISCV_4K_Page, seL4_PageBits, 0, &page->ut);
    page->mapped = page->frame != seL4_CapNull ? cspace_alloc_slot(p->parent) : seL4_CapNull;
    page->window = page->frame != seL4_CapNull ? root_task_map_frame(p->parent, page->frame) : NULL;
    if (page->mapped == seL4_CapNull || page->window == NULL) {
        return seL4_NotEnoughMemory;
    }
    *window = page->window;
    error = cspace_copy(p->parent, page->mapped, p->parent, page->frame, seL4_AllRights);
    return error != seL4_NoError ? error : seL4_RISCV_Page_Map(page->mapped, p->vspace, vaddr, rights, attr);
}

/* Whether the image is a static RISC-V ELF64 executable whose program headers are inside it. */
static const Elf64_Ehdr *check_image(const void *elf, size_t size)
{
    const Elf64_Ehdr *header = elf;
    if (elf == NULL || size < sizeof *header || memcmp(header->e_ident, ELFMAG, SELFMAG) != 0 ||
        header->e_ident[EI_CLASS] != ELFCLASS64 || header->e_machine != EM_RISCV || header->e_type != ET_EXEC ||
        header->e_phentsize != sizeof(Elf64_Phdr) || header->e_phoff > size ||
        header->e_phnum > (size - header->e_phoff) / sizeof(Elf64_Phdr)) {
        return NULL;
    }
    return header;
}

/* Copies every PT_LOAD segment into new pages of the child, with rights from its flags. */
static seL4_Error load_segments(runtime_process_t *p, const char *elf, size_t size)
{
    const Elf64_Ehdr *header = (const Elf64_Ehdr *)elf;
    const Elf64_Phdr *segments = (const Elf64_Phdr *)(elf + header->e_phoff);
    for (size_t s = 0; s < header->e_phnum; s++) {
        const Elf64_Phdr *seg = &segments[s];
        if (seg->p_type != PT_LOAD) {
            continue;
        }
        if (seg->p_filesz > seg->p_memsz || seg->p_offset > size || seg->p_filesz > size - seg->p_offset ||
            seg->p_vaddr + seg->p_memsz >= RUNTIME_PROCESS_STACK_TOP - RUNTIME_PROCESS_STACK_PAGES * PAGE) {
            return seL4_InvalidArgument;
        }
        seL4_CapRights_t rights = (seg->p_flags & PF_W) != 0 ? seL4_ReadWrite : seL4_CanRead;
        seL4_Word attr = (seg->p_flags & PF_X) != 0 ? seL4_RISCV_Default_VMAttributes : seL4_RISCV_ExecuteNever;
        for (seL4_Word vaddr = seg->p_vaddr & ~(PAGE - 1); vaddr < seg->p_vaddr + seg->p_memsz; vaddr += PAGE) {
            char *window;
            seL4_Error error = child_page(p, vaddr, rights, attr, &window);
            if (error != seL4_NoError) {
                return error;
            }
            /* The part of [p_vaddr, p_vaddr + p_filesz) in this page; the rest stays zero. */
            seL4_Word from = vaddr > seg->p_vaddr ? vaddr : seg->p_vaddr;
            seL4_Word to = vaddr + PAGE < seg->p_vaddr + seg->p_filesz ? vaddr + PAGE : seg->p_vaddr + seg->p_filesz;
            if (from < to) {
                memcpy(window + (from - vaddr), elf + seg->p_offset + (from - seg->p_vaddr), to - from);
            }
        }
    }
    return seL4_NoError;
}

/* Stack, IPC buffer and bootinfo pages. */
static seL4_Error map_runtime_pages(runtime_process_t *p, seL4_CPtr *ipc_frame)
{
    char *window;
    for (seL4_Word i = 1; i <= RUNTIME_PROCESS_STACK_PAGES; i++) {
        seL4_Error error = child_page(p, RUNTIME_PROCESS_STACK_TOP - i * PAGE, seL4_ReadWrite,
                                      seL4_RISCV_ExecuteNever, &window);
        if (error != seL4_NoError) {
            return error;
        }
    }
    seL4_Error error = child_page(p, IPC_BUFFER_VADDR, seL4_ReadWrite, seL4_RISCV_ExecuteNever, &window);
    *ipc_frame = p->pages[p->page_count - 1].mapped;
    if (error == seL4_NoError) {
        error = child_page(p, BOOTINFO_VADDR, seL4_CanRead, seL4_RISCV_ExecuteNever, &window);
    }
    if (error == seL4_NoError) {
        seL4_BootInfo *bi = (seL4_BootInfo *)window;
        bi->numNodes = 0; /* not the root task */
        bi->ipcBuffer = (seL4_IPCBuffer *)IPC_BUFFER_VADDR;
        bi->empty.start = RUNTIME_CHILD_ENDPOINT + 1;
        bi->empty.end = CSPACE_NODE_SLOTS;
        bi->initThreadCNodeSizeBits = CSPACE_NODE_BITS;
    }
    return error;
}

/* The child's cspace: its TCB in slot 1, its root CNode in slot 2, the endpoint in 16. */
static seL4_Error make_cspace(runtime_process_t *p, seL4_CPtr endpoint, seL4_Word badge)
{
    if (cspace_create_one_level(p->parent, &p->cspace) != CSPACE_NOERROR) {
        return seL4_NotEnoughMemory;
    }
    /* Slots come lowest first: take 1..16 and give back those between. */
    for (seL4_CPtr slot = seL4_CapInitThreadTCB; slot <= RUNTIME_CHILD_ENDPOINT; slot++) {
        if (cspace_alloc_slot(&p->cspace) != slot) {
            return seL4_NotEnoughMemory;
        }
    }
    for (seL4_CPtr slot = seL4_CapInitThreadCNode + 1; slot < RUNTIME_CHILD_ENDPOINT; slot++) {
        cspace_free_slot(&p->cspace, slot);
    }
    seL4_Error error = cspace_copy(&p->cspace, seL4_CapInitThreadTCB, p->parent, p->tcb, seL4_AllRights);
    if (error == seL4_NoError) {
        error = cspace_copy(&p->cspace, seL4_CapInitThreadCNode, p->parent, p->cspace.root_cnode, seL4_AllRights);
    }
    if (error == seL4_NoError && endpoint != seL4_CapNull) {
        error = badge != 0 ? cspace_mint(&p->cspace, RUNTIME_CHILD_ENDPOINT, p->parent, endpoint, seL4_AllRights, badge)
                           : cspace_copy(&p->cspace, RUNTIME_CHILD_ENDPOINT, p->parent, endpoint, seL4_AllRights);
    }
    return error;
}

/* Configures and starts the thread at the image's entry (a0 = its bootinfo, as for a root task). */
static seL4_Error start_thread(runtime_process_t *p, const char *name, seL4_Word priority, seL4_Word entry,
                               seL4_CPtr ipc_frame)
{
    seL4_Error error = seL4_SchedControl_ConfigureFlags(sel4runtime_bootinfo()->schedcontrol.start, p->sc,
                                                        CHILD_BUDGET_US, CHILD_BUDGET_US, 0, 0, 0);
    if (error == seL4_NoError) {
        error = seL4_TCB_Configure(p->tcb, p->cspace.root_cnode, 0, p->vspace, 0, IPC_BUFFER_VADDR, ipc_frame);
    }
    if (error == seL4_NoError) {
        error = seL4_TCB_SetSchedParams(p->tcb, seL4_CapInitThreadTCB, priority, priority, p->sc, seL4_CapNull);
    }
    if (error == seL4_NoError && name != NULL) {
        seL4_DebugNameThread(p->tcb, name);
    }
    seL4_UserContext regs;
    memset(&regs, 0, sizeof regs);
    regs.pc = entry;
    regs.sp = RUNTIME_PROCESS_STACK_TOP;
    regs.a0 = BOOTINFO_VADDR;
    return error != seL4_NoError ? error : seL4_TCB_WriteRegisters(p->tcb, 1, 0, sizeof regs / sizeof(seL4_Word), &regs);
}

seL4_Error runtime_process_start(runtime_process_t *process, cspace_t *cspace, const char *name, const void *elf,
                                 size_t elf_size, seL4_Word priority, seL4_CPtr endpoint, seL4_Word badge)
{
    const Elf64_Ehdr *header = check_image(elf, elf_size);
    if (process == NULL || cspace == NULL || header == NULL || priority > seL4_MaxPrio) {
        return seL4_InvalidArgument;
    }
    memset(process, 0, sizeof *process);
    runtime_process_t *p = process;
    p->parent = cspace;
    p->vspace = runtime_object_new(cspace, seL4_RISCV_PageTableObject, seL4_PageBits, 0, &p->vspace_ut);
    p->tcb = runtime_object_new(cspace, seL4_TCBObject, seL4_TCBBits, 0, &p->tcb_ut);
    p->sc = runtime_object_new(cspace, seL4_SchedContextObject, seL4_MinSchedContextBits, seL4_MinSchedContextBits, &p->sc_ut);
    seL4_Error error = p->vspace == seL4_CapNull || p->tcb == seL4_CapNull || p->sc == seL4_CapNull
                           ? seL4_NotEnoughMemory
                           : seL4_RISCV_ASIDPool_Assign(seL4_CapInitThreadASIDPool, p->vspace);
    seL4_CPtr ipc_frame = seL4_CapNull;
    if (error == seL4_NoError) {
        error = load_segments(p, elf, elf_size);
    }
    if (error == seL4_NoError) {
        error = map_runtime_pages(p, &ipc_frame);
    }
    if (error == seL4_NoError) {
        error = make_cspace(p, endpoint, badge);
    }
    if (error == seL4_NoError) {
        error = start_thread(p, name, priority, header->e_entry, ipc_frame);
    }
    if (error != seL4_NoError) {
        runtime_process_destroy(p);
    }
    return error;
}

void runtime_process_destroy(runtime_process_t *process)
{
    if (process == NULL || process->parent == NULL) {
        return;
    }
    runtime_process_t *p = process;
    runtime_object_free(p->parent, p->tcb, p->tcb_ut); /* the thread stops first */
    runtime_object_free(p->parent, p->sc, p->sc_ut);
    for (size_t i = 0; i < p->page_count; i++) {
        runtime_object_free(p->parent, p->pages[i].mapped, NULL);
        runtime_object_free(p->parent, p->pages[i].frame, p->pages[i].ut);
    }
    for (size_t i = p->table_count; i-- > 0;) {
        runtime_object_free(p->parent, p->tables[i], p->table_uts[i]);
    }
    runtime_object_free(p->parent, p->vspace, p->vspace_ut);
    cspace_destroy(&p->cspace);
    memset(p, 0, sizeof *p);
}
