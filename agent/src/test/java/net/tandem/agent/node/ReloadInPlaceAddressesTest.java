package net.tandem.agent.node;

import static net.tandem.agent.node.OperatorAndReloadTest.instance;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.tandem.agent.control.InstanceStatus;
import net.tandem.agent.vrrp.SimulatedLan;
import net.tandem.agent.vrrp.State;
import net.tandem.agent.vrrp.packet.DiscardReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload that changes an instance's addresses, peers, preemption or gratuitous ARP settings
 * updates the running instance, as keepalived does: no transition, no priority 0, no gap in the
 * adverts; a Master changes its addresses and announces the new ones at once.
 */
class ReloadInPlaceAddressesTest {
    static final String VIP = "192.0.2.100";
    static final String VIP_B = "192.0.2.101";

    @TempDir
    Path dir;

    final SimulatedLan lan = new SimulatedLan();
    VirtualNode node1;
    VirtualNode node2;

    void startPair(String... vips) {
        node1 = new VirtualNode(lan, "node1", "192.0.2.1", dir, instance("VI_1", 51, 100, vips)).start();
        node2 = new VirtualNode(lan, "node2", "192.0.2.2", dir, instance("VI_1", 51, 90, vips)).start();
        lan.runSeconds(5);
        assertThat(node1.status("VI_1").state()).isEqualTo(State.MASTER);
    }

    @Test
    void aVipAddedOnBothNodesAppearsOnTheMasterWithoutATransition() {
        startPair(VIP);
        int transitions1 = node1.transitions.size();
        int transitions2 = node2.transitions.size();
        int garps = lan.node("node1").garps();
        long reloadAt = lan.now();

        node1.reload(instance("VI_1", 51, 100, VIP, VIP_B));

        assertThat(lan.holders(VIP_B)).containsExactly("node1");
        assertThat(lan.holders(VIP)).containsExactly("node1");
        assertThat(lan.node("node1").garps()).isGreaterThan(garps);
        SimulatedLan.Sent announced = lastFrom("node1");
        assertThat(announced.at()).isEqualTo(reloadAt);
        assertThat(announced.advert().addresses()).containsExactly(ip(VIP), ip(VIP_B));
        assertThat(announced.advert().priority()).isEqualTo(100);

        lan.runSeconds(0.5); // the operator reloads the other node too, within an interval
        node2.reload(instance("VI_1", 51, 90, VIP, VIP_B));
        lan.runSeconds(10);

        assertThat(node1.transitions).hasSize(transitions1);
        assertThat(node2.transitions).hasSize(transitions2);
        assertThat(lan.holders(VIP)).containsExactly("node1");
        assertThat(lan.holders(VIP_B)).containsExactly("node1");
        assertThat(largestGapFrom("node1", reloadAt - 2 * SECOND)).isLessThanOrEqualTo(SECOND);
        // Only the advert that announced the new list reached node2 before its own reload.
        assertThat(node2.status("VI_1").counters().discards()).isEqualTo(Map.of(DiscardReason.ADDRESS_LIST, 1L));
    }

    @Test
    void aVipRemovedFromTheMasterLeavesAndTheOthersStay() {
        startPair(VIP, VIP_B);
        int transitions = node1.transitions.size();

        node1.reload(instance("VI_1", 51, 100, VIP));
        node2.reload(instance("VI_1", 51, 90, VIP));
        lan.runSeconds(5);

        assertThat(lan.holders(VIP)).containsExactly("node1");
        assertThat(lan.holders(VIP_B)).isEmpty();
        assertThat(node1.transitions).hasSize(transitions);
        assertThat(lastFrom("node1").advert().addresses()).containsExactly(ip(VIP));
    }

    @Test
    void aBackupTakesTheNewListAndServesItWhenTheMasterDies() {
        startPair(VIP);
        node2.reload(instance("VI_1", 51, 90, VIP, VIP_B));
        node1.reload(instance("VI_1", 51, 100, VIP, VIP_B));
        lan.runSeconds(2);
        assertThat(node2.status("VI_1").state()).isEqualTo(State.BACKUP);
        assertThat(lan.holders(VIP_B)).containsExactly("node1");

        lan.node("node1").crash();
        lan.runSeconds(5);

        assertThat(lan.holders(VIP)).containsExactly("node2");
        assertThat(lan.holders(VIP_B)).containsExactly("node2");
    }

    @Test
    void preemptionTurnedOffByAReloadKeepsTheReturningMasterBackup() throws Exception {
        startPair(VIP);
        String nopreempt = instance("VI_1", 51, 100, VIP).replace("advert_int 1", "advert_int 1\n    nopreempt");
        node1.reload(nopreempt);
        assertThat(node1.status("VI_1").state()).isEqualTo(State.MASTER); // no restart
        node1.control.release("VI_1");
        node1.control.clearPriority("VI_1"); // back to 100, above node2's 90
        lan.runSeconds(10);

        InstanceStatus s = node1.status("VI_1");
        assertThat(s.effectivePriority()).isEqualTo(100);
        assertThat(s.state()).isEqualTo(State.BACKUP); // nopreempt: it does not take the VIP back
        assertThat(lan.holders(VIP)).containsExactly("node2");
    }

    static final long SECOND = 1_000_000_000L;

    private SimulatedLan.Sent lastFrom(String node) {
        return lan.sent.stream()
                .filter(s -> s.node().equals(node))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    private long largestGapFrom(String node, long since) {
        List<Long> at = lan.sent.stream()
                .filter(s -> s.node().equals(node) && s.at() >= since)
                .map(SimulatedLan.Sent::at)
                .toList();
        long gap = 0;
        for (int i = 1; i < at.size(); i++) {
            gap = Math.max(gap, at.get(i) - at.get(i - 1));
        }
        return gap;
    }

    private static InetAddress ip(String s) {
        return SimulatedLan.ip(s);
    }
}
