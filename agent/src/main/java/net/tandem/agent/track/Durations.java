package net.tandem.agent.track;

import java.time.Duration;
import java.util.Locale;

final class Durations {
    private Durations() {}

    /** "2 s", "1.5 s", "250 ms": how log lines show a duration. */
    static String show(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
