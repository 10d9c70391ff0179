package net.tandem.console.fake;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import net.tandem.console.model.ConsoleClock;

/** A clock that moves only when the test says so; wall-clock time starts at 2025-01-01 12:00:00 UTC. */
public final class ManualClock implements ConsoleClock {
    private static final Instant START = Instant.parse("2025-01-01T12:00:00Z");

    private long nanos = 1_000_000_000_000L;
    private long elapsed;

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public Instant now() {
        return START.plusNanos(elapsed);
    }

    @Override
    public ZoneId zone() {
        return ZoneOffset.UTC;
    }

    public void advance(Duration duration) {
        nanos += duration.toNanos();
        elapsed += duration.toNanos();
    }
}
