package net.tandem.agent.time;

/**
 * Time, as the protocol sees it: a monotonic clock in nanoseconds and timers that fire on one
 * thread. Production uses the agent's event loop; tests use {@link VirtualScheduler}, whose
 * clock only moves when the test says so. Nothing in the protocol reads the system clock.
 */
public interface Scheduler {
    /** Monotonic time in nanoseconds; only differences are meaningful. */
    long nanoTime();

    /** A reusable timer that runs {@code action} on the scheduler's thread when it expires. */
    Timer newTimer(String name, Runnable action);
}
