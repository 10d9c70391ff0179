package net.tandem.console.model;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Time as the console sees it: a monotonic clock to age adverts between updates, wall-clock time
 * to stamp the console's own event lines, and the zone to print times in. Tests pass a manual one.
 */
public interface ConsoleClock {
    long nanoTime();

    Instant now();

    ZoneId zone();

    ConsoleClock SYSTEM = new ConsoleClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public ZoneId zone() {
            return ZoneId.systemDefault();
        }
    };
}
