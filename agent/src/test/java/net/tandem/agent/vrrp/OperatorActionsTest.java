package net.tandem.agent.vrrp;

import static net.tandem.agent.vrrp.InstanceSettingsBuilder.instance;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What an operator can make an instance do: take over now, release, hold for maintenance. */
class OperatorActionsTest {
    final SimulatedLan lan = new SimulatedLan();
    final SimulatedLan.Node node1 =
            lan.addNode("node1", "192.0.2.1").add(instance("VI_1").priority(100));
    final SimulatedLan.Node node2 =
            lan.addNode("node2", "192.0.2.2").add(instance("VI_1").priority(99));

    void startBoth() {
        node1.start();
        node2.start();
        lan.runSeconds(5);
    }

    @Test
    void aTakeoverMovesTheVipWithinOneLanLatencyNotThreeIntervals() {
        startBoth();
        long at = lan.now();
        VrrpInstance backup = node2.instance("VI_1");
        backup.setPriority(101, "takeover by operator");
        backup.takeover("takeover by operator");
        assertThat(lan.holders("192.0.2.8")).containsExactly("node1", "node2"); // for one LAN latency
        lan.runSeconds(0.001);
        assertThat(lan.masters("VI_1")).containsExactly("node2");
        assertThat(lan.holders("192.0.2.8")).containsExactly("node2");
        assertThat(lan.transitionsOf("node1", "VI_1").getLast().atNanos() - at).isEqualTo(lan.latency);
        lan.runSeconds(30);
        assertThat(lan.masters("VI_1")).containsExactly("node2"); // the override holds
    }

    @Test
    void aReleaseHandsOverAfterSkewTimeAndTheReleasedNodeStaysBackup() {
        startBoth();
        long at = lan.now();
        VrrpInstance master = node1.instance("VI_1");
        // As the agent does (NodeModel.release): priority 0 first, then hold at priority 1.
        master.release("released by operator");
        master.setPriority(1, "released by operator");
        assertThat(lan.holders("192.0.2.8")).isEmpty();
        lan.runSeconds(1);
        assertThat(lan.masters("VI_1")).containsExactly("node2");
        assertThat(lan.transitionsOf("node2", "VI_1").getLast().atNanos() - at)
                .isEqualTo(lan.latency + VrrpTimers.skewTime(99, 1_000_000_000L));
        lan.runSeconds(30);
        assertThat(lan.masters("VI_1")).containsExactly("node2");
    }

    @Test
    void maintenanceGivesTheVipAwayAndStaysBackupEvenAlone() {
        startBoth();
        node1.instance("VI_1").hold(true, "maintenance on");
        lan.runSeconds(1);
        assertThat(lan.masters("VI_1")).containsExactly("node2");
        node2.crash();
        lan.runSeconds(30);
        assertThat(lan.masters("VI_1")).isEmpty();
        assertThat(node1.instance("VI_1").state()).isEqualTo(State.BACKUP);
        node1.instance("VI_1").hold(false, "maintenance off");
        lan.runSeconds(4);
        assertThat(lan.masters("VI_1")).containsExactly("node1");
    }

    @Test
    void aHeldInstanceCannotBeTakenOver() {
        startBoth();
        node2.instance("VI_1").hold(true, "maintenance on");
        node2.instance("VI_1").takeover("takeover by operator");
        assertThat(node2.instance("VI_1").state()).isEqualTo(State.BACKUP);
    }
}
