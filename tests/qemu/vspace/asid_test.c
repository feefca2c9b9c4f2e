/* VSPACE, part 6: ASID control and ASID pools (§5.2 "ASIDControl_MakePool / ASIDPool_Assign"
   rows; §4: seL4_NumASIDPoolsBits 7, seL4_ASIDPoolIndexBits 9, seL4_ASIDPoolBits 12; §8.7:
   DeleteFirst when the ASID table or a pool is full, RevokeFirst for an untyped with children). */
#include "vspacetest.h"

#define UART_PADDR 0x10000000ul /* QEMU virt's NS16550A: inside a device untyped */
#define POOLS 128               /* 2^seL4_NumASIDPoolsBits entries in the ASID table */
#define ASIDS_PER_POOL 512      /* 2^seL4_ASIDPoolIndexBits */

/* MakePool from a 4 KiB untyped into root slot `slot` (depth 64). */
static seL4_Error make_pool(seL4_CPtr untyped, seL4_CPtr slot)
{
    return seL4_RISCV_ASIDControl_MakePool(seL4_CapASIDControl, untyped, ROOT, slot, ROOT_DEPTH);
}

/* A new ASID pool from a fresh 4 KiB untyped. */
static const char *new_pool(seL4_CPtr *pool)
{
    seL4_CPtr untyped = untyped_alloc(seL4_ASIDPoolBits);
    *pool = slot_alloc();
    EXPECT_SLOT(untyped && *pool);
    seL4_Error error = make_pool(untyped, *pool);
    EXPECT(error == seL4_NoError, "set-up: ASIDControl_MakePool failed with %s", error_name(error));
    return NULL;
}

/* MakePool from a 4 KiB RAM untyped makes an ASID pool (cap tag 13); a page table assigned from
   it is a VSpace in which tables and frames map and a thread runs. */
static const char *make_pool_works(void)
{
    const seL4_Word data = GIB(1);
    seL4_CPtr pool, vspace = memory_object(seL4_RISCV_PageTableObject), frame;
    EXPECT_SLOT(vspace);
    TRY(new_pool(&pool));
    EXPECT_TAG(pool, TAG_ASID_POOL);
    EXPECT_OK(seL4_RISCV_ASIDPool_Assign(pool, vspace));
    TRY(map_sites(vspace));
    TRY(map_tables(vspace, data, NULL));
    TRY(map_new_frame(vspace, data, seL4_ReadWrite, DEFAULT_ATTR, &frame));
    struct probe p;
    TRY(probe_new(&p, vspace));
    EXPECT_STORE(&p, data, 0xdd01);
    EXPECT_LOAD(&p, data, 0xdd01);
    return NULL;
}

/* MakePool needs an untyped of exactly 4 KiB that is not device memory: 2 KiB, 8 KiB, a 4 KiB
   device untyped, an endpoint and a frame are InvalidCapability with MR0 = 1 (§5.2), and the
   destination stays empty. */
static const char *make_pool_wrong_untyped(void)
{
    unsigned device_bits = 0;
    seL4_CPtr device = device_untyped_at(UART_PADDR, &device_bits);
    EXPECT_SLOT(device);
    seL4_CPtr bad[] = {
        untyped_alloc(seL4_ASIDPoolBits - 1), untyped_alloc(seL4_ASIDPoolBits + 1),
        new_object(device, seL4_UntypedObject, seL4_ASIDPoolBits), memory_object(seL4_EndpointObject),
        memory_object(seL4_RISCV_4K_Page),
    };
    seL4_CPtr dest = slot_alloc();
    EXPECT_SLOT(dest);
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        EXPECT_SLOT(bad[i]);
        seL4_Error error = make_pool(bad[i], dest);
        EXPECT(error == seL4_InvalidCapability && seL4_GetMR(0) == 1,
               "MakePool from bad untyped %u: %s (MR0 %lu), expected InvalidCapability (MR0 1)", i, error_name(error),
               seL4_GetMR(0));
        EXPECT_TAG(dest, TAG_NULL);
    }
    return NULL;
}

/* MakePool from an untyped with children is RevokeFirst (§5.2, §8.7): one holding an endpoint,
   and one that already made a pool; without children it works. */
static const char *make_pool_revoke_first(void)
{
    seL4_CPtr untyped = untyped_alloc(seL4_ASIDPoolBits), pools = slots_alloc(2);
    EXPECT_SLOT(untyped && pools);
    seL4_CPtr endpoint = new_object(untyped, seL4_EndpointObject, 0);
    EXPECT_SLOT(endpoint);
    EXPECT_ERR(make_pool(untyped, pools), seL4_RevokeFirst);
    EXPECT_TAG(pools, TAG_NULL);
    EXPECT_OK(cap_delete(endpoint));
    EXPECT_OK(make_pool(untyped, pools));
    EXPECT_ERR(make_pool(untyped, pools + 1), seL4_RevokeFirst);
    EXPECT_TAG(pools + 1, TAG_NULL);
    return NULL;
}

/* MakePool into an occupied slot is DeleteFirst and uses nothing: the untyped then makes a pool. */
static const char *make_pool_occupied_slot(void)
{
    seL4_CPtr untyped = untyped_alloc(seL4_ASIDPoolBits), busy = memory_object(seL4_EndpointObject);
    seL4_CPtr dest = slot_alloc();
    EXPECT_SLOT(untyped && busy && dest);
    EXPECT_ERR(make_pool(untyped, busy), seL4_DeleteFirst);
    EXPECT_TAG(busy, TAG_ENDPOINT);
    EXPECT_OK(make_pool(untyped, dest));
    return NULL;
}

/* The ASID table has 2^7 entries and the root task's pool holds one: 127 MakePools succeed, the
   next is DeleteFirst (§8.7 "ASID table full"); deleting a pool frees its entry. */
static const char *asid_table_full(void)
{
    seL4_CPtr block = untyped_alloc(seL4_ASIDPoolBits + 7), untypeds = slots_alloc(POOLS), pools = slots_alloc(POOLS);
    EXPECT_SLOT(block && untypeds && pools);
    EXPECT_OK(seL4_Untyped_Retype(block, seL4_UntypedObject, seL4_ASIDPoolBits, ROOT, 0, 0, untypeds, POOLS));
    seL4_Word made = 0;
    seL4_Error error = seL4_NoError;
    while (made < POOLS && (error = make_pool(untypeds + made, pools + made)) == seL4_NoError) {
        made++;
    }
    EXPECT(made == POOLS - 1, "%lu MakePools succeeded, expected 127 (the root task's pool is the 128th)", made);
    EXPECT_ERR(error, seL4_DeleteFirst);
    EXPECT_TAG(pools + made, TAG_NULL);
    EXPECT_OK(cap_delete(pools + 3));
    EXPECT_OK(make_pool(untypeds + made, pools + made));
    EXPECT_TAG(pools + made, TAG_ASID_POOL);
    return NULL;
}

/* ASIDPool_Assign needs a page table that is neither assigned nor mapped: assigning a VSpace
   root again (the root task's too), a table mapped inside a VSpace, a frame or an endpoint is
   InvalidCapability with MR0 = 1 (§5.2). */
static const char *assign_wrong_table(void)
{
    seL4_CPtr vspace, tables[2];
    TRY(new_vspace(&vspace));
    TRY(map_tables(VSPACE, GIB(4), tables));
    seL4_CPtr frame = memory_object(seL4_RISCV_4K_Page), endpoint = memory_object(seL4_EndpointObject);
    EXPECT_SLOT(frame && endpoint);
    const seL4_CPtr bad[] = {vspace, VSPACE, tables[0], tables[1], frame, endpoint};
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        seL4_Error error = seL4_RISCV_ASIDPool_Assign(seL4_CapInitThreadASIDPool, bad[i]);
        EXPECT(error == seL4_InvalidCapability && seL4_GetMR(0) == 1,
               "Assign of bad table %u: %s (MR0 %lu), expected InvalidCapability (MR0 1)", i, error_name(error),
               seL4_GetMR(0));
    }
    return NULL;
}

/* A pool holds 2^9 VSpaces: in a new pool 512 Assigns succeed and the 513th is DeleteFirst
   (§8.7 "ASID pool full"); deleting one VSpace frees its ASID for the next. */
static const char *pool_full(void)
{
    seL4_CPtr pool, untyped = untyped_alloc(seL4_PageTableBits + 10), tables = slots_alloc(ASIDS_PER_POOL + 1);
    EXPECT_SLOT(untyped && tables);
    TRY(new_pool(&pool));
    for (seL4_Word done = 0; done < ASIDS_PER_POOL + 1; done += 256) {
        seL4_Word count = ASIDS_PER_POOL + 1 - done < 256 ? ASIDS_PER_POOL + 1 - done : 256;
        EXPECT_OK(seL4_Untyped_Retype(untyped, seL4_RISCV_PageTableObject, 0, ROOT, 0, 0, tables + done, count));
    }
    seL4_Word assigned = 0;
    seL4_Error error = seL4_NoError;
    while (assigned <= ASIDS_PER_POOL &&
           (error = seL4_RISCV_ASIDPool_Assign(pool, tables + assigned)) == seL4_NoError) {
        assigned++;
    }
    EXPECT(assigned == ASIDS_PER_POOL, "%lu Assigns succeeded in a new pool, expected 512", assigned);
    EXPECT_ERR(error, seL4_DeleteFirst);
    EXPECT_OK(cap_delete(tables + 7));
    EXPECT_OK(seL4_RISCV_ASIDPool_Assign(pool, tables + ASIDS_PER_POOL));
    return NULL;
}

void run_asid_tests(void)
{
    vspace_test("VSPACE0040", make_pool_works);
    vspace_test("VSPACE0044", asid_table_full);
    vspace_test("VSPACE0041", make_pool_wrong_untyped);
    vspace_test("VSPACE0042", make_pool_revoke_first);
    vspace_test("VSPACE0043", make_pool_occupied_slot);
    vspace_test("VSPACE0045", assign_wrong_table);
    vspace_test("VSPACE0046", pool_full);
}
