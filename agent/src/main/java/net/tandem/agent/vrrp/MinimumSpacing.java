package net.tandem.agent.vrrp;

/**
 * Lets an action happen at most once per {@code spacing}: the first time at once, then not again
 * until {@code spacing} has passed. For what a Master does in answer to what others send, so that
 * a peer or a stranger that sends fast cannot make it send, announce or run scripts as fast.
 * Event loop only; allocates nothing.
 */
final class MinimumSpacing {
    private static final long NEVER = Long.MIN_VALUE;

    private long last = NEVER;

    /** Whether the action may happen now; if so, it counts as done now. */
    boolean tryAcquire(long now, long spacing) {
        if (last != NEVER && now - last < spacing) {
            return false;
        }
        last = now;
        return true;
    }

    /** Forgets the last action: the next one may happen at once (on leaving Master). */
    void reset() {
        last = NEVER;
    }

    /** When the action last happened (Long.MIN_VALUE: never). */
    long last() {
        return last;
    }

    /** The action happened at {@code now} by another way: the next waits {@code spacing} from it. */
    void doneAt(long now) {
        last = now;
    }
}
