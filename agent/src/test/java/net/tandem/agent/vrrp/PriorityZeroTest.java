package net.tandem.agent.vrrp;

import static net.tandem.agent.vrrp.InstanceSettingsBuilder.instance;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A master that leaves says so with priority 0, and the backup takes over after Skew_Time only. */
class PriorityZeroTest {
    final SimulatedLan lan = new SimulatedLan();
    final SimulatedLan.Node node1 =
            lan.addNode("node1", "192.0.2.1").add(instance("VI_1").priority(100));
    final SimulatedLan.Node node2 =
            lan.addNode("node2", "192.0.2.2").add(instance("VI_1").priority(99));

    @Test
    void aCleanShutdownHandsOverAfterSkewTime() {
        node1.start();
        node2.start();
        lan.runSeconds(5);
        long stoppedAt = lan.now();
        node1.shutdown();
        assertThat(lan.sent.getLast().advert().priority()).isZero();
        lan.runSeconds(1);
        assertThat(lan.masters("VI_1")).containsExactly("node2");
        Transition t = lan.transitionsOf("node2", "VI_1").getLast();
        assertThat(t.atNanos() - stoppedAt).isEqualTo(lan.latency + VrrpTimers.skewTime(99, 1_000_000_000L));
        assertThat(t.reason()).isEqualTo("master 192.0.2.1 is leaving (priority 0), Skew_Time 0.61 s passed");
        assertThat(node2.instance("VI_1").counters().priorityZeroReceived()).isEqualTo(1);
        assertThat(lan.holders("192.0.2.8")).containsExactly("node2");
    }
}
