/* What the bootstrap's two files share: the frame window (frame_window.c). */
#pragma once

#include <bootstrap.h>

/* Makes an unmapped page table and returns its cap (0 on failure), for window_map. */
typedef seL4_CPtr (*table_source)(void *context);

/* The window covers RAM from ram_start to ram_end; cspace is the root task's (for tables). */
void window_init(seL4_Word ram_start, seL4_Word ram_end, cspace_t *cspace);
/* Maps `frame` (physical address paddr) at its window address, making tables with
   make_table(context) as the walk needs them; its address or NULL. */
void *window_map(seL4_CPtr frame, seL4_Word paddr, table_source make_table, void *context);
