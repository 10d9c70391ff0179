package net.tandem.agent.vrrp;

/**
 * How long a v3 backup may believe the master's interval to be. RFC 5798 §6.4.2 has the backup
 * set Master_Adver_Interval to whatever the accepted advert carries, up to 4095 cs, and
 * keepalived does the same: one spoofed advert with priority 255 and Max Adver Int 4095 made the
 * backups wait 3 × 40.95 s before taking over from a master that was gone (issue 12).
 *
 * <p>Tandem learns a shorter interval as it comes (it only makes the backup quicker), but a
 * longer one only up to {@value #FACTOR} × its own configured {@code advert_int}. Why that
 * multiple: routers of one VRID are meant to share one interval, and a learned value exists to
 * follow a master whose interval differs (a rolling change of {@code advert_int}). A backup
 * that assumes B while the master really sends every M takes over by mistake only when
 * 3 × B + Skew_Time &lt; M, so with B = 2 × ours a master may advertise up to about six times
 * slower than our own interval without a flap, while a hostile advert can stretch the backup's
 * wait only to 3 × 2 × ours + Skew_Time (7.2 s at a 1 s interval, instead of 123 s).
 */
public final class MasterAdverIntervalBound {
    /** The learned interval is at most this many times our own Advertisement_Interval. */
    public static final int FACTOR = 2;

    private MasterAdverIntervalBound() {}

    /** The Master_Adver_Interval to use for an advert that carries {@code advertised}, in nanoseconds. */
    public static long bound(long advertisedNanos, long configuredNanos) {
        return Math.min(advertisedNanos, FACTOR * configuredNanos);
    }
}
