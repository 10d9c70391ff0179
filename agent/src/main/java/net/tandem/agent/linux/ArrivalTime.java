package net.tandem.agent.linux;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.time.Instant;

/**
 * When a packet arrived, on the {@link System#nanoTime} clock, from the kernel's receive timestamp (SO_TIMESTAMPNS,
 * a wall-clock timespec in the control messages of recvmsg): the receive thread's wake-up after the packet is not
 * counted, so that a backup's master-down timer runs from the packet's arrival, as a capture on the wire sees it.
 */
final class ArrivalTime {
    /** A kernel timestamp older than this is not believed (the wall clock stepped): the read time is used. */
    static final long MAX_AGE_NANOS = 1_000_000_000L;

    private ArrivalTime() {}

    /**
     * {@code readAt} (System.nanoTime() when recvmsg returned) less the packet's age by its SCM_TIMESTAMPNS;
     * {@code readAt} itself when there is none or its age is outside 0..{@link #MAX_AGE_NANOS}.
     */
    static long of(MemorySegment control, long controlLength, long readAt) {
        long stamp = timestampNanos(control, controlLength);
        if (stamp <= 0) {
            return readAt;
        }
        Instant wall = Instant.now();
        long age = wall.getEpochSecond() * 1_000_000_000L + wall.getNano() - stamp;
        return age >= 0 && age < MAX_AGE_NANOS ? readAt - age : readAt;
    }

    /** The SCM_TIMESTAMPNS control message, in nanoseconds since the epoch; 0 if absent. */
    static long timestampNanos(MemorySegment control, long controlLength) {
        long data = Structs.cmsgData(control, controlLength, Libc.SOL_SOCKET, Libc.SCM_TIMESTAMPNS, 16);
        if (data < 0) {
            return 0;
        }
        return control.get(JAVA_LONG, data) * 1_000_000_000L + control.get(JAVA_LONG, data + 8);
    }
}
