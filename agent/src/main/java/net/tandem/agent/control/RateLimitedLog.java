package net.tandem.agent.control;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * At most {@code burst} lines per {@code windowNanos}; the lines over that are counted, and the first line of the
 * next window says how many were left out. A client that sends a thousand refused calls a second fills neither the
 * journal nor the audit file, and an operator still learns that it happened.
 */
final class RateLimitedLog {

    private final Consumer<String> sink;
    private final LongSupplier nanoTime;
    private final int burst;
    private final long windowNanos;
    private long windowStart;
    private int inWindow;
    private long suppressed;

    RateLimitedLog(Consumer<String> sink, LongSupplier nanoTime, int burst, long windowNanos) {
        this.sink = sink;
        this.nanoTime = nanoTime;
        this.burst = burst;
        this.windowNanos = windowNanos;
        this.windowStart = nanoTime.getAsLong();
    }

    /** The agent's log at WARNING, 20 lines a minute at most. */
    static RateLimitedLog warnings(System.Logger log) {
        return new RateLimitedLog(
                line -> log.log(System.Logger.Level.WARNING, line), System::nanoTime, 20, 60_000_000_000L);
    }

    void log(String line) {
        String out;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (now - windowStart >= windowNanos) {
                windowStart = now;
                inWindow = 0;
            }
            if (inWindow >= burst) {
                suppressed++;
                return;
            }
            inWindow++;
            out = suppressed == 0 ? line : line + " (" + suppressed + " similar lines left out before this one)";
            suppressed = 0;
        }
        sink.accept(out);
    }
}
