package net.tandem.agent.vrrp;

import static net.tandem.agent.vrrp.InstanceSettingsBuilder.instance;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * VRRPv3 at its fastest, 10 ms: neighbouring priorities differ in Skew_Time by only 39 µs, so
 * timers must keep nanoseconds, never centiseconds, for backups to time out in priority order.
 */
class FastV3Test {
    final SimulatedLan lan = new SimulatedLan();
    final SimulatedLan.Node node1 =
            lan.addNode("node1", "192.0.2.1").add(instance("VI_1").v3(10).priority(100));
    final SimulatedLan.Node node2 =
            lan.addNode("node2", "192.0.2.2").add(instance("VI_1").v3(10).priority(99));
    final SimulatedLan.Node node3 =
            lan.addNode("node3", "192.0.2.3").add(instance("VI_1").v3(10).priority(98));

    @Test
    void backupsOfNeighbouringPrioritiesTimeOutInPriorityOrder() {
        lan.latency = 10_000; // 10 µs: less than the 39 µs between the two backups' skews
        node1.start();
        node2.start();
        node3.start();
        lan.runSeconds(0.1);
        assertThat(lan.masters("VI_1")).containsExactly("node1");
        node1.crash();
        lan.runSeconds(0.1);
        assertThat(lan.masters("VI_1")).containsExactly("node2");
        assertThat(lan.transitionsOf("node3", "VI_1"))
                .extracting(Transition::to)
                .containsExactly(State.BACKUP);
    }

    @Test
    void failoverTakesAboutThreeIntervals() {
        node1.start();
        node2.start();
        lan.runSeconds(0.1);
        long last = node2.instance("VI_1").lastAdvertReceivedAt();
        node1.crash();
        lan.runSeconds(0.1);
        Transition t = lan.transitionsOf("node2", "VI_1").getLast();
        assertThat(t.to()).isEqualTo(State.MASTER);
        assertThat(t.atNanos() - last).isEqualTo(30_000_000L + 157 * 10_000_000L / 256);
    }

    @Test
    void aBackupLearnsTheMastersAdvertIntervalFromItsAdverts() {
        SimulatedLan mixed = new SimulatedLan();
        mixed.addNode("fast", "192.0.2.1")
                .add(instance("VI_1").v3(10).priority(100))
                .start();
        SimulatedLan.Node slow = mixed.addNode("slow", "192.0.2.2")
                .add(instance("VI_1").v3(1000).priority(99))
                .start();
        mixed.runSeconds(5);
        assertThat(mixed.masters("VI_1")).containsExactly("fast");
        VrrpInstance backup = slow.instance("VI_1");
        assertThat(backup.masterAdverInterval()).isEqualTo(10_000_000L);
        assertThat(backup.masterDownInterval()).isEqualTo(30_000_000L + 157 * 10_000_000L / 256);
    }
}
