package net.tandem.agent.time;

/**
 * A one-shot timer that can be started, restarted and cancelled any number of times without
 * allocating: the protocol restarts its master-down timer on every advert, so this is hot.
 * Not thread-safe: use it only on its scheduler's thread.
 */
public final class Timer {
    private final String name;
    private final Runnable action;
    private final TimerQueue queue;
    long deadline;
    long sequence; // FIFO order among timers with the same deadline: deterministic tests
    int heapIndex = -1; // position in the queue's heap, -1 when not running

    Timer(String name, Runnable action, TimerQueue queue) {
        this.name = name;
        this.action = action;
        this.queue = queue;
    }

    /** (Re)starts the timer to expire {@code delayNanos} from now. */
    public void startIn(long delayNanos) {
        startAt(queue.now() + Math.max(0, delayNanos));
    }

    /** (Re)starts the timer to expire at an absolute time of the scheduler's clock. */
    public void startAt(long deadlineNanos) {
        queue.schedule(this, deadlineNanos);
    }

    public void cancel() {
        queue.remove(this);
    }

    public boolean isRunning() {
        return heapIndex >= 0;
    }

    /** When the timer will fire; meaningful only while running. */
    public long deadline() {
        return deadline;
    }

    /** Nanoseconds until it fires, or -1 when not running. */
    public long remaining() {
        return isRunning() ? Math.max(0, deadline - queue.now()) : -1;
    }

    public String name() {
        return name;
    }

    void fire() {
        action.run();
    }

    @Override
    public String toString() {
        return name + (isRunning() ? " at " + deadline : " (stopped)");
    }
}
