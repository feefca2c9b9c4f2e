/* The allocator's state, shared by the table code (ut.c) and the size-class code (ut_alloc.c).
   Everything lives in the memory given to ut_init: this header, one ut_t per 4 KiB page of the
   region (entry i describes the page at first_paddr + i * 4 KiB), then a pool of spare entries
   for the halves made when a block is split. */
#pragma once

#include <ut.h>

/* Free lists by size: index size_bits - seL4_EndpointBits, for seL4_EndpointBits..seL4_PageBits. */
#define UT_MIN_BITS seL4_EndpointBits
#define UT_MAX_BITS seL4_PageBits
#define UT_SIZE_CLASSES (UT_MAX_BITS - UT_MIN_BITS + 1)

struct ut_table {
    seL4_Word first_paddr;            /* the region's start */
    size_t pages;                     /* entries for pages: nodes[0 .. pages) */
    size_t pool;                      /* spare entries: nodes[pages .. pages + pool) */
    size_t ram_bytes;                 /* ut_size() */
    size_t free_bytes;                /* ut_free_bytes() */
    ut_t *free_lists[UT_SIZE_CLASSES];
    size_t free_counts[UT_SIZE_CLASSES];
    ut_t *spare;                      /* unused pool entries, linked through next */
    ut_t nodes[];
};

/* The allocator (NULL before ut_init or after ut_init with no memory). */
extern struct ut_table *ut_table;

/* Pops the head of the free list of size_bits (marked in use), or NULL. */
ut_t *ut_pop_free(size_t size_bits);
/* Pushes ut (not in use any more) onto the free list of its size. */
void ut_push_free(ut_t *ut);
/* A spare entry for a half of a split, or NULL when the pool is exhausted. */
ut_t *ut_take_spare(void);
/* Gives back a spare entry that was not used after all. */
void ut_return_spare(ut_t *ut);
