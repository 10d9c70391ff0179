package net.tandem.console.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import net.tandem.proto.v1.Event;
import net.tandem.proto.v1.GetStatusResponse;
import net.tandem.proto.v1.Instance;
import net.tandem.proto.v1.Node;
import net.tandem.proto.v1.Transition;
import net.tandem.proto.v1.Vmac;
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
    void anInstanceWithUseVmacSaysWhereItsVipsAndAdvertsAre() {
        String table = StatusTable.render(GetStatusResponse.newBuilder()
                .setNode(Node.newBuilder().setRouterId("node1"))
                .addInstances(Instance.newBuilder()
                        .setName("VI_1")
                        .setInterface("eth0")
                        .setVmac(Vmac.newBuilder().setInterface("vrrp.51").setMac("00:00:5e:00:01:33")))
                .addInstances(Instance.newBuilder()
                        .setName("VI_2")
                        .setInterface("eth0")
                        .setVmac(Vmac.newBuilder()
                                .setInterface("vmac52")
                                .setMac("00:00:5e:00:01:34")
                                .setXmitBase(true)))
                .addInstances(Instance.newBuilder().setName("VI_3").setInterface("eth0"))
                .build());

        assertThat(table)
                .contains("VI_1: VIPs on VMAC vrrp.51 (00:00:5e:00:01:33), adverts via vrrp.51\n")
                .contains("VI_2: VIPs on VMAC vmac52 (00:00:5e:00:01:34), adverts via eth0 (vmac_xmit_base)\n")
                .doesNotContain("VI_3: VIPs");
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
