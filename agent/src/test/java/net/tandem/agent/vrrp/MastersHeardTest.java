package net.tandem.agent.vrrp;

import static net.tandem.agent.vrrp.InstanceSettingsBuilder.instance;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Split brain that every node can see ({@link MastersHeard}), in virtual time: each node keeps the
 * masters it hears on a VRID, reports two masters at once (itself and another, or two others), and
 * forgets them as they go quiet; a failover or a preemption, where the old master sends at most one
 * advert after the new one's first, is not a split brain.
 */
class MastersHeardTest {
    final SimulatedLan lan = new SimulatedLan();

    /** What one node's observer heard: "+" or "-", the other masters, and whether the node was one. */
    record Seen(boolean active, List<String> masters, boolean self) {}

    static List<Seen> watch(SimulatedLan.Node node) {
        List<Seen> seen = new ArrayList<>();
        node.observers.add(new InstanceObserver() {
            @Override
            public void onTransition(VrrpInstance instance, Transition transition) {}

            @Override
            public void onSplitBrain(
                    VrrpInstance instance, boolean active, List<MastersHeard.Master> masters, boolean self) {
                seen.add(new Seen(
                        active,
                        masters.stream()
                                .map(m -> m.address().getHostAddress() + "/" + m.priority())
                                .toList(),
                        self));
            }
        });
        return seen;
    }

    /** A stranger that believes it is Master and never hears us: an advert from it every second. */
    void strangerMaster(String address, int priority, int seconds) {
        for (int i = 0; i < seconds; i++) {
            lan.inject(address, Adverts.v2(51, priority, "192.0.2.8"));
            lan.runSeconds(1);
        }
    }

    @Test
    void aMasterThatHearsAnotherMasterReportsASplitBrainAndItsEnd() {
        SimulatedLan.Node node1 =
                lan.addNode("node1", "192.0.2.1").add(instance("VI_1").priority(100));
        List<Seen> seen = watch(node1);
        node1.start();
        lan.runSeconds(5);
        assertThat(lan.masters("VI_1")).containsExactly("node1");
        MastersHeard heard = node1.instance("VI_1").mastersHeard();

        strangerMaster("192.0.2.9", 50, 1); // one advert: could be a master stepping down
        assertThat(heard.splitBrain()).isFalse();
        strangerMaster("192.0.2.9", 50, 4); // it goes on: two masters at once

        assertThat(heard.splitBrain()).isTrue();
        assertThat(seen).containsExactly(new Seen(true, List.of("192.0.2.9/50"), true));
        assertThat(heard.masters()).singleElement().satisfies(m -> {
            assertThat(m.address().getHostAddress()).isEqualTo("192.0.2.9");
            assertThat(m.priority()).isEqualTo(50);
        });

        lan.runSeconds(3.01); // three intervals without it
        assertThat(heard.splitBrain()).isFalse();
        assertThat(seen).hasSize(2).last().isEqualTo(new Seen(false, List.of(), true));
        assertThat(heard.masters()).as("remembered for a while").hasSize(1);

        lan.runSeconds(3 * node1.instance("VI_1").masterDownInterval() / 1e9);
        assertThat(heard.masters())
                .as("forgotten after three Master_Down_Intervals")
                .isEmpty();
    }

    @Test
    void aBackupThatHearsTwoMastersReportsASplitBrain() {
        SimulatedLan.Node node1 =
                lan.addNode("node1", "192.0.2.1").add(instance("VI_1").priority(100));
        SimulatedLan.Node node3 =
                lan.addNode("node3", "192.0.2.3").add(instance("VI_1").priority(50));
        List<Seen> seen = watch(node3);
        node1.start();
        node3.start();
        lan.runSeconds(5);
        assertThat(lan.masters("VI_1")).containsExactly("node1");

        strangerMaster("192.0.2.9", 90, 4); // node1 answers it, but it never hears node1

        MastersHeard heard = node3.instance("VI_1").mastersHeard();
        assertThat(node3.instance("VI_1").state()).isEqualTo(State.BACKUP);
        assertThat(heard.splitBrain()).isTrue();
        assertThat(seen).hasSize(1).first().satisfies(s -> {
            assertThat(s.active()).isTrue();
            assertThat(s.self()).isFalse();
            assertThat(s.masters()).containsExactlyInAnyOrder("192.0.2.1/100", "192.0.2.9/90");
        });
        assertThat(heard.masters()).hasSize(2);
    }

    @Test
    void aPriorityZeroAdvertForgetsTheMasterAtOnce() {
        SimulatedLan.Node node1 =
                lan.addNode("node1", "192.0.2.1").add(instance("VI_1").priority(100));
        node1.start();
        lan.runSeconds(5);
        strangerMaster("192.0.2.9", 50, 4);
        MastersHeard heard = node1.instance("VI_1").mastersHeard();
        assertThat(heard.splitBrain()).isTrue();

        lan.inject("192.0.2.9", Adverts.v2(51, 0, "192.0.2.8")); // it is leaving
        lan.runSeconds(0.01);

        assertThat(heard.splitBrain()).isFalse();
        assertThat(heard.masters()).isEmpty();
    }

    @Test
    void failoverAndPreemptionAreNotASplitBrainOnAnyNode() {
        SimulatedLan.Node node1 =
                lan.addNode("node1", "192.0.2.1").add(instance("VI_1").priority(100));
        SimulatedLan.Node node2 =
                lan.addNode("node2", "192.0.2.2").add(instance("VI_1").priority(99));
        SimulatedLan.Node node3 =
                lan.addNode("node3", "192.0.2.3").add(instance("VI_1").priority(50));
        List<List<Seen>> each = List.of(watch(node1), watch(node2), watch(node3));
        node2.start();
        node3.start();
        lan.runSeconds(5);
        assertThat(lan.masters("VI_1")).containsExactly("node2");

        node1.start(); // higher priority: preempts node2
        lan.runSeconds(10);
        assertThat(lan.masters("VI_1")).containsExactly("node1");

        node1.crash(); // node2 takes over
        lan.runSeconds(10);
        assertThat(lan.masters("VI_1")).containsExactly("node2");

        assertThat(each).allSatisfy(s -> assertThat(s).isEmpty());
        assertThat(node3.instance("VI_1").mastersHeard().splitBrain()).isFalse();
    }

    @Test
    void aPartitionThatHealsQuicklyIsNotReportedButOneThatPersistsIsSeenByTheMaster() {
        SimulatedLan.Node node1 =
                lan.addNode("node1", "192.0.2.1").add(instance("VI_1").priority(100));
        SimulatedLan.Node node2 =
                lan.addNode("node2", "192.0.2.2").add(instance("VI_1").priority(99));
        List<Seen> seen1 = watch(node1);
        node1.start();
        node2.start();
        lan.runSeconds(5);
        node2.segment = 1; // the switch between them fails: neither hears the other
        lan.runSeconds(5);
        assertThat(lan.masters("VI_1")).containsExactlyInAnyOrder("node1", "node2");
        assertThat(seen1)
                .as("two masters that cannot hear each other cannot see it")
                .isEmpty();

        node2.segment = 0; // healed: node1 answers node2's first advert and node2 steps down
        lan.runSeconds(5);
        assertThat(lan.masters("VI_1")).containsExactly("node1");
        assertThat(seen1).isEmpty();
    }
}
