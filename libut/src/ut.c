/* libut's table: initialisation, registering untypeds, the 4 KiB and device paths, ut_free.
   The size classes below a page (splitting) are in ut_alloc.c. */
#include <string.h>

#include "ut_table.h"

#define PAGE_BYTES (1ul << seL4_PageBits)

struct ut_table *ut_table;

/* One spare entry per 4 pages plus a few: enough to split a quarter of all pages once into
   halves, which is far more sub-page memory than a root task's kernel objects need. When the
   pool runs out, ut_alloc of a small size returns NULL. */
static size_t pool_entries(size_t pages)
{
    return pages / 4 + 64;
}

static size_t region_pages(ut_region_t region)
{
    return region.end > region.start ? (region.end - region.start) / PAGE_BYTES : 0;
}

size_t ut_pages_for_region(ut_region_t region)
{
    size_t pages = region_pages(region);
    if (pages == 0) {
        return 0;
    }
    size_t bytes = sizeof(struct ut_table) + (pages + pool_entries(pages)) * sizeof(ut_t);
    return (bytes + PAGE_BYTES - 1) / PAGE_BYTES;
}

void ut_init(void *memory, ut_region_t region)
{
    size_t pages = region_pages(region);
    if (memory == NULL || pages == 0 || region.start % PAGE_BYTES != 0) {
        ut_table = NULL;
        return;
    }
    struct ut_table *t = memory;
    memset(t, 0, sizeof *t);
    t->first_paddr = region.start;
    t->pages = pages;
    t->pool = pool_entries(pages);
    memset(t->nodes, 0, (t->pages + t->pool) * sizeof(ut_t));
    for (size_t i = t->pool; i-- > 0;) {
        t->nodes[t->pages + i].next = t->spare;
        t->spare = &t->nodes[t->pages + i];
    }
    ut_table = t;
}

size_t ut_size(void)
{
    return ut_table != NULL ? ut_table->ram_bytes : 0;
}

size_t ut_free_bytes(void)
{
    return ut_table != NULL ? ut_table->free_bytes : 0;
}

size_t ut_free_count(size_t size_bits)
{
    if (ut_table == NULL || size_bits < UT_MIN_BITS || size_bits > UT_MAX_BITS) {
        return 0;
    }
    return ut_table->free_counts[size_bits - UT_MIN_BITS];
}

/* The entry of the page at paddr, registered or not; NULL outside the region. */
static ut_t *page_entry(uintptr_t paddr)
{
    if (ut_table == NULL || paddr < ut_table->first_paddr) {
        return NULL;
    }
    size_t index = (paddr - ut_table->first_paddr) / PAGE_BYTES;
    return index < ut_table->pages ? &ut_table->nodes[index] : NULL;
}

static seL4_Word page_paddr(const ut_t *entry)
{
    return ut_table->first_paddr + (seL4_Word)(entry - ut_table->nodes) * PAGE_BYTES;
}

void ut_add_untyped_range(seL4_Word paddr, seL4_CPtr cap, size_t n, bool device)
{
    if (paddr % PAGE_BYTES != 0) {
        return;
    }
    for (size_t i = 0; i < n; i++) {
        ut_t *entry = page_entry(paddr + i * PAGE_BYTES);
        if (entry == NULL || entry->valid) {
            continue;
        }
        entry->cap = cap + i;
        entry->size_bits = seL4_PageBits;
        entry->valid = 1;
        entry->device = device;
        if (!device) {
            ut_table->ram_bytes += PAGE_BYTES;
            ut_push_free(entry);
        }
    }
}

ut_t *ut_pop_free(size_t size_bits)
{
    ut_t **head = &ut_table->free_lists[size_bits - UT_MIN_BITS];
    ut_t *ut = *head;
    if (ut != NULL) {
        *head = ut->next;
        ut->next = NULL;
        ut->in_use = 1;
        ut_table->free_bytes -= 1ul << size_bits;
        ut_table->free_counts[size_bits - UT_MIN_BITS]--;
    }
    return ut;
}

void ut_push_free(ut_t *ut)
{
    ut_t **head = &ut_table->free_lists[ut->size_bits - UT_MIN_BITS];
    ut->in_use = 0;
    ut->next = *head;
    *head = ut;
    ut_table->free_bytes += 1ul << ut->size_bits;
    ut_table->free_counts[ut->size_bits - UT_MIN_BITS]++;
}

ut_t *ut_take_spare(void)
{
    ut_t *ut = ut_table->spare;
    if (ut != NULL) {
        ut_table->spare = ut->next;
        ut->next = NULL;
    }
    return ut;
}

void ut_return_spare(ut_t *ut)
{
    memset(ut, 0, sizeof *ut);
    ut->next = ut_table->spare;
    ut_table->spare = ut;
}

ut_t *ut_alloc_4k_untyped(uintptr_t *paddr)
{
    if (ut_table == NULL) {
        return NULL;
    }
    ut_t *ut = ut_pop_free(seL4_PageBits);
    if (ut != NULL && paddr != NULL) {
        *paddr = page_paddr(ut);
    }
    return ut;
}

ut_t *ut_alloc_4k_device(uintptr_t paddr)
{
    ut_t *entry = paddr % PAGE_BYTES == 0 ? page_entry(paddr) : NULL;
    if (entry == NULL || !entry->valid || !entry->device || entry->in_use) {
        return NULL;
    }
    entry->in_use = 1;
    return entry;
}

ut_t *ut_4k_at(uintptr_t paddr)
{
    ut_t *entry = page_entry(paddr);
    return entry != NULL && entry->valid ? entry : NULL;
}

/* True when ut points at an entry of the table (not into the middle of one). */
static bool is_entry(const ut_t *ut)
{
    if (ut_table == NULL) {
        return false;
    }
    uintptr_t first = (uintptr_t)ut_table->nodes;
    uintptr_t end = (uintptr_t)&ut_table->nodes[ut_table->pages + ut_table->pool];
    uintptr_t p = (uintptr_t)ut;
    return p >= first && p < end && (p - first) % sizeof(ut_t) == 0;
}

void ut_free(ut_t *ut)
{
    if (ut == NULL || !is_entry(ut) || !ut->valid || !ut->in_use || ut->split) {
        return;
    }
    if (ut->device) {
        ut->in_use = 0;
        return;
    }
    ut_push_free(ut);
}
