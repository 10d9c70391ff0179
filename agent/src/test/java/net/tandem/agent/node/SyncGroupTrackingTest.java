package net.tandem.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import net.tandem.agent.vrrp.SimulatedLan;
import net.tandem.agent.vrrp.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code vrrp_sync_group}'s own {@code track_*} lines apply to every member, as in keepalived
 * 2.2.7: unweighted, a failure puts each member in FAULT; weighted, each member's priority moves.
 * The simulated data plane has only {@code eth0} up, so a tracked {@code eth1} starts down.
 */
class SyncGroupTrackingTest {

    @TempDir
    Path dir;

    final SimulatedLan lan = new SimulatedLan();

    static String config(String groupExtra) {
        return """
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    priority 100
                    advert_int 1
                    virtual_ipaddress {
                        198.51.100.51/24
                    }
                }
                vrrp_instance VI_2 {
                    interface eth0
                    virtual_router_id 52
                    priority 100
                    advert_int 1
                    virtual_ipaddress {
                        198.51.100.52/24
                    }
                }
                vrrp_sync_group G1 {
                    group {
                        VI_1
                        VI_2
                    }
                    %s
                }
                """.formatted(groupExtra);
    }

    @Test
    void anUnweightedGroupInterfaceDownPutsEveryMemberInFault() {
        VirtualNode node =
                new VirtualNode(lan, "node1", "192.0.2.1", dir, config("track_interface {\n eth1\n}")).start();
        lan.runSeconds(5);
        assertThat(node.status("VI_1").state()).isEqualTo(State.FAULT);
        assertThat(node.status("VI_2").state()).isEqualTo(State.FAULT);

        node.model.onLink("eth1", true);
        lan.runSeconds(5);
        assertThat(node.status("VI_1").state()).isEqualTo(State.MASTER);
        assertThat(node.status("VI_2").state()).isEqualTo(State.MASTER);

        node.model.onLink("eth1", false);
        assertThat(node.status("VI_1").state()).isEqualTo(State.FAULT);
        assertThat(node.status("VI_2").state()).isEqualTo(State.FAULT);
    }

    @Test
    void aWeightedGroupInterfaceLowersEveryMembersPriorityWithTheGroupsWeight() {
        VirtualNode node = new VirtualNode(
                        lan, "node1", "192.0.2.1", dir, config("track_interface {\n eth1 weight -30\n}"))
                .start();
        lan.runSeconds(5);
        for (String i : new String[] {"VI_1", "VI_2"}) {
            assertThat(node.status(i).state()).as(i).isEqualTo(State.MASTER);
            assertThat(node.status(i).effectivePriority()).as(i).isEqualTo(70);
        }
        node.model.onLink("eth1", true);
        assertThat(node.status("VI_1").effectivePriority()).isEqualTo(100);
        assertThat(node.status("VI_2").effectivePriority()).isEqualTo(100);
    }

    @Test
    void aReloadAddingAGroupTrackerAppliesItToTheRunningMembers() {
        VirtualNode node = new VirtualNode(lan, "node1", "192.0.2.1", dir, config("")).start();
        lan.runSeconds(5);
        assertThat(node.status("VI_1").state()).isEqualTo(State.MASTER);

        node.reload(config("track_interface {\n eth1\n}"));
        lan.runSeconds(1);
        assertThat(node.status("VI_1").state()).isEqualTo(State.FAULT);
        assertThat(node.status("VI_2").state()).isEqualTo(State.FAULT);

        node.reload(config(""));
        lan.runSeconds(5);
        assertThat(node.status("VI_1").state()).isEqualTo(State.MASTER);
        assertThat(node.status("VI_2").state()).isEqualTo(State.MASTER);
    }
}
