package net.tandem.agent.vrrp;

/**
 * The protocol's derived timers, in nanoseconds and never rounded: at a 10 ms interval, backups
 * of neighbouring priorities are only 39 µs apart and must still time out in priority order.
 */
public final class VrrpTimers {
    private VrrpTimers() {}

    /**
     * Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256 (RFC 5798 §6.1). RFC 3768 has
     * (256 - Priority) / 256 seconds for v2, independent of the interval; keepalived uses the v3
     * formula for both, and so do we, so that a mixed group of keepalived and Tandem backups
     * times out in priority order at any interval (docs/protocol.md).
     */
    public static long skewTime(int priority, long masterAdverIntervalNanos) {
        return (256 - priority) * masterAdverIntervalNanos / 256;
    }

    /** Master_Down_Interval = (3 * Master_Adver_Interval) + Skew_Time (RFC 5798 §6.1). */
    public static long masterDownInterval(int priority, long masterAdverIntervalNanos) {
        return 3 * masterAdverIntervalNanos + skewTime(priority, masterAdverIntervalNanos);
    }
}
