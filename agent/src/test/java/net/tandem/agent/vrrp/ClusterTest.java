package net.tandem.agent.vrrp;

import static net.tandem.agent.vrrp.InstanceSettingsBuilder.instance;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Three nodes, one instance, ranked backups: the best live node always wins, the others wait. */
class ClusterTest {
    final SimulatedLan lan = new SimulatedLan();
    final SimulatedLan.Node node1 =
            lan.addNode("node1", "192.0.2.1").add(instance("VI_1").priority(150));
    final SimulatedLan.Node node2 =
            lan.addNode("node2", "192.0.2.2").add(instance("VI_1").priority(100));
    final SimulatedLan.Node node3 =
            lan.addNode("node3", "192.0.2.3").add(instance("VI_1").priority(50));

    @Test
    void whenTheMasterDiesTheHighestBackupWinsAndTheThirdStaysBackup() {
        node1.start();
        node2.start();
        node3.start();
        lan.runSeconds(5);
        assertThat(lan.masters("VI_1")).containsExactly("node1");
        node1.crash();
        lan.runSeconds(10);
        assertThat(lan.masters("VI_1")).containsExactly("node2");
        assertThat(lan.holders("192.0.2.8")).containsExactly("node2");
        assertThat(lan.transitionsOf("node3", "VI_1"))
                .extracting(Transition::to)
                .containsExactly(State.BACKUP);
    }

    @Test
    void whenTheFirstTwoDieTheThirdTakesOver() {
        node1.start();
        node2.start();
        node3.start();
        lan.runSeconds(5);
        node1.crash();
        node2.crash();
        lan.runSeconds(5);
        assertThat(lan.masters("VI_1")).containsExactly("node3");
    }

    @Test
    void equalPrioritiesAreBrokenByTheHigherAddress() {
        SimulatedLan tie = new SimulatedLan();
        tie.addNode("low", "192.0.2.1").add(instance("VI_1").priority(100)).start();
        tie.addNode("high", "192.0.2.2").add(instance("VI_1").priority(100)).start();
        tie.runSeconds(10);
        assertThat(tie.masters("VI_1")).containsExactly("high");
    }
}
