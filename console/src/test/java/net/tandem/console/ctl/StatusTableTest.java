package net.tandem.console.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import net.tandem.proto.v1.Event;
import net.tandem.proto.v1.GetStatusResponse;
import net.tandem.proto.v1.Node;
import net.tandem.proto.v1.Transition;
import org.junit.jupiter.api.Test;

/** Times as a person reads them: the status to the second, events to the millisecond, never nanoseconds. */
class StatusTableTest {

    private static final Timestamp AT = Timestamp.newBuilder()
            .setSeconds(1_777_629_601L)
            .setNanos(123_456_789)
            .build(); // 2026-05-01T10:00:01

    @Test
    void theStatusGivesTheLoadTimeInSeconds() {
        String table = StatusTable.render(GetStatusResponse.newBuilder()
                .setNode(Node.newBuilder().setRouterId("node1").setConfigLoadedAt(AT))
                .build());

        assertThat(table.lines().findFirst().orElseThrow()).endsWith("(loaded 2026-05-01T10:00:01Z)");
    }

    @Test
    void watchGivesEventTimesInMilliseconds() {
        String line = WatchCommand.human(Event.newBuilder()
                .setAt(AT)
                .setTransition(Transition.newBuilder().setInstance("VI_1").setReason("master down timer expired"))
                .build());

        assertThat(line).startsWith("2026-05-01T10:00:01.123Z VI_1: ");
    }
}
