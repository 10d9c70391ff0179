package net.tandem.agent.vrrp;

import static net.tandem.agent.vrrp.InstanceSettingsBuilder.instance;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * bin/chaos's partition-full in virtual time: the master (node1, 100) is cut off from the LAN, the
 * backup (node2, 90) takes over and its gratuitous ARPs point the clients at it; then the link heals.
 * Whichever master speaks first, the clients must be sent back to node1 within a LAN round trip, not
 * left on node2's MAC until their ARP entries expire (the 9-s black hole of the c855263 run). The
 * clients follow the last gratuitous ARP they heard ({@link SimulatedLan#clientsArpPointAt}).
 */
class PartitionHealArpTest {
    final SimulatedLan lan = new SimulatedLan();
    final SimulatedLan.Node node1 =
            lan.addNode("node1", "192.0.2.1").add(instance("VI_1").priority(100).vip("192.0.2.8"));
    final SimulatedLan.Node node2 =
            lan.addNode("node2", "192.0.2.2").add(instance("VI_1").priority(90).vip("192.0.2.8"));

    /** node1 cut off for 10 s: node2 is Master on the clients' side, and they send to it. */
    void partitionTheMaster() {
        node1.start();
        node2.start();
        lan.runSeconds(10);
        assertThat(lan.masters("VI_1")).containsExactly("node1");
        assertThat(lan.clientsArpPointAt()).isEqualTo("node1");
        node1.segment = 1;
        lan.runSeconds(10);
        assertThat(lan.masters("VI_1")).containsExactlyInAnyOrder("node1", "node2");
        assertThat(lan.clientsArpPointAt()).isEqualTo("node2");
    }

    /** Runs until {@code node} has just sent an advert, so that it is the last to speak before the heal. */
    void runUntilJustAfterAnAdvertFrom(String node) {
        long start = lan.now();
        do {
            lan.runSeconds(0.001);
        } while (!lan.sent.getLast().node().equals(node) || lan.sent.getLast().at() < start);
    }

    void healAndExpectTheClientsBackOnNode1() {
        node1.segment = 0;
        lan.runSeconds(1.001); // one advert interval: each master has spoken once
        assertThat(lan.masters("VI_1")).containsExactly("node1");
        assertThat(lan.holders("192.0.2.8")).containsExactly("node1");
        assertThat(lan.clientsArpPointAt()).isEqualTo("node1");
        assertThat(lan.sent.stream().filter(s -> s.advert().priority() == 0))
                .as("no priority-0 advert: it would make every backup take over")
                .isEmpty();
    }

    @Test
    void whenTheRemainingMasterSpeaksFirstTheOtherAdvertisesAsItStepsDownAndTheClientsFollow() {
        partitionTheMaster();
        runUntilJustAfterAnAdvertFrom("node2"); // node1's next advert comes first after the heal
        healAndExpectTheClientsBackOnNode1();
    }

    @Test
    void whenTheOtherMasterSpeaksFirstTheRemainingOneAnswersAndTheClientsFollow() {
        partitionTheMaster();
        runUntilJustAfterAnAdvertFrom("node1"); // node2's next advert comes first after the heal
        healAndExpectTheClientsBackOnNode1();
    }

    @Test
    void withAThirdNodeTheHealLeavesOneMasterAndTheThirdStaysBackup() {
        SimulatedLan.Node node3 = lan.addNode("node3", "192.0.2.3")
                .add(instance("VI_1").priority(80).vip("192.0.2.8"));
        node3.start();
        partitionTheMaster();
        runUntilJustAfterAnAdvertFrom("node2");
        healAndExpectTheClientsBackOnNode1();
        lan.runSeconds(30); // several Master_Down_Intervals: node2's step-down advert moved nobody
        assertThat(lan.masters("VI_1")).containsExactly("node1");
        assertThat(lan.transitionsOf("node3", "VI_1"))
                .extracting(Transition::to)
                .containsExactly(State.BACKUP);
    }
}
