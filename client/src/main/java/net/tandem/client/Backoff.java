package net.tandem.client;

/**
 * How long to wait before the next attempt to reach a node: 0.5 s after the first failure, doubling
 * up to 5 s, and back to the start once a stream has delivered its snapshot. Capped low on purpose:
 * an operator watching a node come back wants to see it within seconds.
 */
public final class Backoff {
    public static final long INITIAL_NANOS = 500_000_000L;
    public static final long MAX_NANOS = 5_000_000_000L;

    private long next = INITIAL_NANOS;

    /** The delay before the next attempt; each call doubles the one after, up to the cap. */
    public long nextDelayNanos() {
        long delay = next;
        next = Math.min(MAX_NANOS, next * 2);
        return delay;
    }

    /** The node answered: the next failure waits the initial delay again. */
    public void reset() {
        next = INITIAL_NANOS;
    }
}
