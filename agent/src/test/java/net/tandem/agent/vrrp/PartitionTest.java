package net.tandem.agent.vrrp;

import static net.tandem.agent.vrrp.InstanceSettingsBuilder.instance;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A network split makes two masters; when it heals, exactly one must remain, quickly. */
class PartitionTest {
    final SimulatedLan lan = new SimulatedLan();
    final SimulatedLan.Node node1 =
            lan.addNode("node1", "192.0.2.1").add(instance("VI_1").priority(100));
    final SimulatedLan.Node node2 =
            lan.addNode("node2", "192.0.2.2").add(instance("VI_1").priority(99));

    @Test
    void afterAPartitionHealsExactlyOneMasterRemainsWithinOneAdvertInterval() {
        node1.start();
        node2.start();
        lan.runSeconds(5);
        node2.segment = 1; // the switch between them fails
        lan.runSeconds(5);
        assertThat(lan.masters("VI_1")).containsExactlyInAnyOrder("node1", "node2");
        node2.segment = 0; // healed
        lan.runSeconds(1.0); // Advertisement_Interval
        assertThat(lan.masters("VI_1")).containsExactly("node1");
        assertThat(lan.holders("192.0.2.8")).containsExactly("node1");
        lan.runSeconds(30);
        assertThat(lan.masters("VI_1")).containsExactly("node1");
    }

    @Test
    void afterAPartitionOfAFastV3GroupHealsOneMasterRemainsWithinOneInterval() {
        SimulatedLan fast = new SimulatedLan();
        SimulatedLan.Node a = fast.addNode("a", "192.0.2.1")
                .add(instance("VI_1").v3(10).priority(100))
                .start();
        SimulatedLan.Node b = fast.addNode("b", "192.0.2.2")
                .add(instance("VI_1").v3(10).priority(99))
                .start();
        fast.runSeconds(1);
        b.segment = 1;
        fast.runSeconds(1);
        assertThat(fast.masters("VI_1")).hasSize(2);
        b.segment = 0;
        fast.runSeconds(0.010);
        assertThat(fast.masters("VI_1")).containsExactly("a");
        assertThat(a.instance("VI_1").state()).isEqualTo(State.MASTER);
    }
}
