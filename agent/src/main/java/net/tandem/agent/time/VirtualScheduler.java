package net.tandem.agent.time;

import java.time.Duration;

/**
 * A scheduler whose clock moves only when told to: timers fire in deadline order as time is
 * advanced, each seeing the clock at its own deadline. This is how every protocol rule is
 * tested: a three-second failover runs in microseconds and the same way every time.
 */
public final class VirtualScheduler implements Scheduler {
    private long now;
    private final TimerQueue timers = new TimerQueue(() -> now);

    public VirtualScheduler() {
        this(0);
    }

    public VirtualScheduler(long startNanos) {
        this.now = startNanos;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Timer newTimer(String name, Runnable action) {
        return timers.newTimer(name, action);
    }

    /** Moves the clock forward by {@code d}, firing every timer that falls due on the way. */
    public void advance(Duration d) {
        advanceTo(now + d.toNanos());
    }

    public void advanceNanos(long nanos) {
        advanceTo(now + nanos);
    }

    /** Moves the clock to {@code target}, firing due timers in order; timers they start fire too. */
    public void advanceTo(long target) {
        if (target < now) {
            throw new IllegalArgumentException("time cannot go back: now " + now + ", asked " + target);
        }
        while (timers.nextDeadline() <= target) {
            now = Math.max(now, timers.nextDeadline());
            timers.fireNext(now);
        }
        now = target;
    }

    /** Fires everything due now (e.g. zero-delay deliveries) without moving the clock. */
    public void runDue() {
        advanceTo(now);
    }

    /** Deadline of the next timer, for tests that step from event to event. */
    public long nextDeadline() {
        return timers.nextDeadline();
    }
}
