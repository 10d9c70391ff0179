package net.tandem.agent.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The arrival time from SO_TIMESTAMPNS's control message, and when it is not believed. */
class ArrivalTimeTest {
    static final long MS = 1_000_000;

    @Test
    void aPacketStampedTwoMillisecondsAgoArrivedTwoMillisecondsBeforeTheRead() {
        try (Arena arena = Arena.ofConfined()) {
            long readAt = System.nanoTime();
            long arrived = ArrivalTime.of(stamped(arena, wallNanos() - 2 * MS), 32, readAt);
            // The wall clock is read again inside: allow for the time this test takes.
            assertThat(readAt - arrived).isBetween(2 * MS, 2 * MS + 500 * MS);
        }
    }

    @Test
    void withoutAStampOrWithAnUnbelievableOneItIsTheReadTime() {
        try (Arena arena = Arena.ofConfined()) {
            long readAt = System.nanoTime();
            assertThat(ArrivalTime.of(stamped(arena, wallNanos()), 0, readAt)).isEqualTo(readAt); // no control
            assertThat(ArrivalTime.of(stamped(arena, wallNanos() + 60_000 * MS), 32, readAt))
                    .isEqualTo(readAt); // from the future: the clock stepped back
            assertThat(ArrivalTime.of(stamped(arena, wallNanos() - 5_000 * MS), 32, readAt))
                    .isEqualTo(readAt); // too old: the clock stepped forward
        }
    }

    @Test
    void theStampIsFoundAfterAnotherControlMessage() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment control = arena.allocate(64, 8);
            // IP_PKTINFO first: 16-byte header + 12 bytes, aligned to 32.
            control.set(JAVA_LONG, Structs.CMSG_LEN, Structs.CMSG_DATA + 12);
            control.set(JAVA_INT, Structs.CMSG_LEVEL, Libc.IPPROTO_IP);
            control.set(JAVA_INT, Structs.CMSG_TYPE, Libc.IP_PKTINFO);
            MemorySegment.copy(stamped(arena, 1_234_000_000_567L), 0, control, 32, 32);
            assertThat(ArrivalTime.timestampNanos(control, 64)).isEqualTo(1_234_000_000_567L);
        }
    }

    static MemorySegment stamped(Arena arena, long wallNanos) {
        MemorySegment control = arena.allocate(32, 8);
        control.set(JAVA_LONG, Structs.CMSG_LEN, Structs.CMSG_DATA + 16);
        control.set(JAVA_INT, Structs.CMSG_LEVEL, Libc.SOL_SOCKET);
        control.set(JAVA_INT, Structs.CMSG_TYPE, Libc.SCM_TIMESTAMPNS);
        control.set(JAVA_LONG, Structs.CMSG_DATA, wallNanos / 1_000_000_000L);
        control.set(JAVA_LONG, Structs.CMSG_DATA + 8, wallNanos % 1_000_000_000L);
        return control;
    }

    static long wallNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
