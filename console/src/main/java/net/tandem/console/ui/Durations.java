package net.tandem.console.ui;

import java.util.Locale;

/** How the console prints durations: short, and precise to a tenth of a second where it moves live. */
final class Durations {
    private Durations() {}

    /** An advert interval: "1s", "1.5s", "100ms"; "-" if unknown. */
    static String interval(long nanos) {
        if (nanos <= 0) {
            return "-";
        }
        if (nanos < 1_000_000_000L) {
            return Math.round(nanos / 1e6) + "ms";
        }
        double seconds = nanos / 1e9;
        return seconds == Math.rint(seconds)
                ? String.format(Locale.ROOT, "%.0fs", seconds)
                : String.format(Locale.ROOT, "%.2fs", seconds).replaceAll("0s$", "s");
    }

    /** An age or countdown that changes ten times a second: "0.4s", "12.3s", "754s", "3h"; "-" if none. */
    static String live(long nanos) {
        if (nanos < 0) {
            return "-";
        }
        double seconds = nanos / 1e9;
        if (seconds < 100) {
            // Truncate, not round: an age shown as 3.0s has really reached three seconds.
            return String.format(Locale.ROOT, "%.1fs", Math.floor(seconds * 10) / 10);
        }
        if (seconds < 10_000) {
            return (long) seconds + "s";
        }
        return (long) (seconds / 3600) + "h";
    }
}
