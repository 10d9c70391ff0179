package net.tandem.agent.vrrp;

import static net.tandem.agent.vrrp.InstanceSettingsBuilder.instance;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The reason a Backup gives for becoming Master names why its master-down timer was armed: after
 * a priority-0 advert, the leaving master and Skew_Time; after adverts from a master, that master
 * and how long ago it was last heard. The timer is re-armed often, so the reason must follow it.
 */
class MasterDownReasonTest {
    final SimulatedLan lan = new SimulatedLan();
    final SimulatedLan.Node node1 =
            lan.addNode("node1", "192.0.2.1").add(instance("VI_1").priority(150));
    final SimulatedLan.Node node2 =
            lan.addNode("node2", "192.0.2.2").add(instance("VI_1").priority(100));
    final SimulatedLan.Node node3 =
            lan.addNode("node3", "192.0.2.3").add(instance("VI_1").priority(50));

    @Test
    void afterPriorityZeroTheReasonNamesTheLeavingMasterAndSkewTime() {
        node1.start();
        node2.start();
        lan.runSeconds(5);
        node1.shutdown();
        lan.runSeconds(1);
        Transition t = lan.transitionsOf("node2", "VI_1").getLast();
        assertThat(t.to()).isEqualTo(State.MASTER);
        assertThat(t.reason()).isEqualTo("master 192.0.2.1 is leaving (priority 0), Skew_Time 0.61 s passed");
    }

    @Test
    void aMasterHeardAfterPriorityZeroReplacesTheLeavingReason() {
        node1.start();
        node2.start();
        node3.start();
        lan.runSeconds(5);
        // node1 leaves: node2 (shorter Skew_Time) takes over, node3 hears node2 and re-arms its
        // timer for Master_Down_Interval; the priority 0 it heard before is no longer why.
        node1.shutdown();
        lan.runSeconds(2);
        assertThat(lan.masters("VI_1")).containsExactly("node2");
        node2.crash();
        lan.runSeconds(5);
        assertThat(lan.masters("VI_1")).containsExactly("node3");
        Transition t = lan.transitionsOf("node3", "VI_1").getLast();
        assertThat(t.reason()).startsWith("master down timer expired, last advert from 192.0.2.2 ");
    }
}
