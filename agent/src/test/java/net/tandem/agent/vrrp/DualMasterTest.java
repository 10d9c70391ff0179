package net.tandem.agent.vrrp;

import static net.tandem.agent.vrrp.InstanceSettingsBuilder.instance;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The seed's dual-master (conf/seed-dual-master): VI_1 (VRID 51) prefers node1, VI_2 (VRID 52)
 * prefers node2, both with PASS auth at 1 s, so both VIPs serve at once and each node backs up
 * the other. Addresses are the lab's: .8 and .9 of 192.0.2.0/24.
 */
class DualMasterTest {
    final SimulatedLan lan = new SimulatedLan();
    final SimulatedLan.Node node1 = lan.addNode("node1", "192.0.2.1")
            .add(instance("VI_1").vrid(51).priority(100).pass("password").vip("192.0.2.8"))
            .add(instance("VI_2").vrid(52).priority(99).pass("password").vip("192.0.2.9"));
    final SimulatedLan.Node node2 = lan.addNode("node2", "192.0.2.2")
            .add(instance("VI_1").vrid(51).priority(99).pass("password").vip("192.0.2.8"))
            .add(instance("VI_2").vrid(52).priority(100).pass("password").vip("192.0.2.9"));

    void startBoth() {
        node1.start();
        node2.start();
        lan.runSeconds(5);
    }

    void assertEachNodeHoldsItsOwn() {
        assertThat(lan.masters("VI_1")).containsExactly("node1");
        assertThat(lan.masters("VI_2")).containsExactly("node2");
        assertThat(lan.holders("192.0.2.8")).containsExactly("node1");
        assertThat(lan.holders("192.0.2.9")).containsExactly("node2");
    }

    @Test
    void eachNodeIsMasterOfOneVip() {
        startBoth();
        assertEachNodeHoldsItsOwn();
    }

    @Test
    void whenNode1DiesNode2HoldsBothAndWhenItReturnsEachGetsItsOwnBack() {
        startBoth();
        node1.crash();
        lan.runSeconds(5);
        assertThat(lan.holders("192.0.2.8")).containsExactly("node2");
        assertThat(lan.holders("192.0.2.9")).containsExactly("node2");
        node1.start();
        lan.runSeconds(5);
        assertEachNodeHoldsItsOwn();
    }

    @Test
    void whenNode2DiesNode1HoldsBothAndWhenItReturnsEachGetsItsOwnBack() {
        startBoth();
        node2.crash();
        lan.runSeconds(5);
        assertThat(lan.holders("192.0.2.8")).containsExactly("node1");
        assertThat(lan.holders("192.0.2.9")).containsExactly("node1");
        node2.start();
        lan.runSeconds(5);
        assertEachNodeHoldsItsOwn();
    }

    @Test
    void theSurvivorNeverLosesItsOwnVipWhileThePeerIsAway() {
        startBoth();
        node1.crash();
        lan.runSeconds(60);
        node1.start();
        lan.runSeconds(5);
        assertThat(lan.transitionsOf("node2", "VI_2"))
                .extracting(Transition::to)
                .containsExactly(State.BACKUP, State.MASTER);
    }
}
