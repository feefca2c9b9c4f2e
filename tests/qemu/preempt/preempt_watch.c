/* The watcher thread of the preemption tests (preempt_watch.h). */
#include "preempt_watch.h"

/* A wake-up is a gap in the watcher's own clock readings: longer than a loop iteration by far,
   shorter than the period minus the budget it is away for. */
#define GAP_TICKS ((WATCH_PERIOD_US - WATCH_BUDGET_US) * (TIME_HZ / 1000000) / 2)

static int is_half_done(struct watch *w)
{
    switch (w->probe) {
    case PROBE_FIRST_GONE:
        return seL4_DebugCapIdentify(w->gone) == TAG_NULL && seL4_DebugCapIdentify(w->kept) != TAG_NULL;
    case PROBE_ZOMBIE:
        if (seL4_DebugCapIdentify(w->gone) != TAG_ZOMBIE) {
            return 0;
        }
        if (cap_move(w->spare, w->gone) != seL4_IllegalOperation) {
            w->bad_moves++;
        }
        return 1;
    case PROBE_STILL_EMPTY: return seL4_DebugCapIdentify(w->gone) == TAG_NULL;
    case PROBE_NONE: break;
    }
    return 0;
}

static void watcher(struct thread *self)
{
    struct watch *w = (struct watch *)self->arg[0];
    seL4_Word last = read_time();
    while (!w->stop) {
        seL4_Word now = read_time();
        if (now - last > GAP_TICKS && w->in_operation) {
            w->wakeups++;
            int half_done = is_half_done(w);
            w->half_done += (seL4_Word)half_done;
            if (half_done && w->suspend != 0) {
                w->suspend_error = seL4_TCB_Suspend(w->suspend);
                w->suspend = 0;
                w->in_operation = 0;
            }
        }
        last = read_time();
    }
}

const char *watch_start(struct watch *w)
{
    const struct thread_config config = {.name = "watcher", .priority = LOW_PRIORITY + 50, .fn = watcher,
                                         .budget_us = WATCH_BUDGET_US, .period_us = WATCH_PERIOD_US};
    struct thread *t = thread_create(&config);
    EXPECT_THREAD(t);
    t->arg[0] = (seL4_Word)w;
    EXPECT_OK(thread_resume(t));
    EXPECT_OK(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, LOW_PRIORITY));
    return NULL;
}

void watch_stop(struct watch *w)
{
    w->in_operation = 0;
    w->stop = 1;
}
