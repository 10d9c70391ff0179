package net.tandem.agent.vrrp;

import static net.tandem.agent.vrrp.InstanceSettingsBuilder.instance;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A Master that hears another router claim the VRID with a lower priority (a partition healed, a
 * stalled peer resumed): as keepalived 2.2.7's vrrp_state_master_rx, it answers with an advert at
 * once and announces its addresses again with gratuitous ARPs (garp_lower_prio_repeat now, again
 * after garp_lower_prio_delay), because the other router's gratuitous ARPs may have pointed the
 * clients' ARP caches at it. And the master that loses sends one advert before stepping down
 * (keepalived's higher_prio_send_advert, always on in Tandem), so that the winner hears it and does
 * the above whichever of the two speaks first after the heal.
 */
class LowerPriorityAdvertTest {
    final SimulatedLan lan = new SimulatedLan();
    final SimulatedLan.Node node1 =
            lan.addNode("node1", "192.0.2.1").add(instance("VI_1").priority(100).vip("192.0.2.8"));

    /** A master on its own, its first gratuitous ARP bursts long over. */
    void node1IsSettledMaster() {
        node1.start();
        lan.runSeconds(20);
        assertThat(lan.masters("VI_1")).containsExactly("node1");
    }

    long advertsFrom(String node, long sinceNanos) {
        return lan.sent.stream()
                .filter(s -> s.node().equals(node) && s.at() >= sinceNanos)
                .count();
    }

    @Test
    void aLowerPriorityAdvertIsAnsweredAtOnceWithAnAdvertAndAGratuitousArpBurstNowAndAfterTheDelay() {
        node1IsSettledMaster();
        int before = node1.garps();
        long injected = lan.now();
        lan.inject("192.0.2.9", Adverts.v2(51, 50, "192.0.2.8"));
        lan.runSeconds(0.001); // the LAN latency (100 µs), well under an advert interval
        assertThat(advertsFrom("node1", injected)).isEqualTo(1);
        assertThat(node1.garps() - before).isEqualTo(5); // garp_lower_prio_repeat: vrrp_garp_master_repeat's 5
        lan.runSeconds(4.9);
        assertThat(node1.garps() - before).isEqualTo(5);
        lan.runSeconds(0.2); // garp_lower_prio_delay: vrrp_garp_master_delay's 5 s after the advert
        assertThat(node1.garps() - before).isEqualTo(10);
        lan.runSeconds(30);
        assertThat(node1.garps() - before).isEqualTo(10); // nothing more: no refresh configured
        assertThat(lan.masters("VI_1")).containsExactly("node1");
    }

    @Test
    void aFloodOfLowerPriorityAdvertsIsAnsweredOncePerIntervalAndAnnouncedOncePerSecond() {
        node1IsSettledMaster();
        int before = node1.garps();
        long injected = lan.now();
        for (int i = 0; i < 100; i++) { // 100 adverts in half a second
            lan.inject("192.0.2.9", Adverts.v2(51, 50, "192.0.2.8"));
            lan.runSeconds(0.005);
        }
        assertThat(advertsFrom("node1", injected)).isEqualTo(1);
        assertThat(node1.garps() - before).isEqualTo(5);
        assertThat(node1.instance("VI_1").counters().lowerPriorityAnswersLimited())
                .isEqualTo(2 * 99);
        assertThat(lan.masters("VI_1")).containsExactly("node1");
        // The 99 left out are not dropped: one re-announcement when the second is over (the last
        // advert heard may be the other master's last, and the first burst may have reached nobody).
        lan.runSeconds(0.49);
        assertThat(node1.garps() - before).isEqualTo(5);
        lan.runSeconds(0.02);
        assertThat(node1.garps() - before).isEqualTo(10);
        lan.runSeconds(30); // then garp_lower_prio_delay after it, and nothing more
        assertThat(node1.garps() - before).isEqualTo(15);
    }

    @Test
    void aLowerPriorityAdvertAfterTheSpacingIsAnsweredAndAnnouncedAgain() {
        node1IsSettledMaster();
        lan.inject("192.0.2.9", Adverts.v2(51, 50, "192.0.2.8"));
        lan.runSeconds(1.0005); // one interval and the LAN latency later
        int before = node1.garps();
        long again = lan.now();
        lan.inject("192.0.2.9", Adverts.v2(51, 50, "192.0.2.8"));
        lan.runSeconds(0.001);
        assertThat(advertsFrom("node1", again)).isEqualTo(1);
        assertThat(node1.garps() - before).isEqualTo(5);
    }

    @Test
    void withGarpLowerPrioRepeatZeroTheMasterStillAdvertisesButSendsNoGratuitousArp() {
        node1.settings.set(
                0,
                instance("VI_1")
                        .priority(100)
                        .vip("192.0.2.8")
                        .garp(new InstanceSettings.GarpSettings(5 * InstanceSettings.SECOND, 5, 0, 1, 0, 0))
                        .primaryAddress(node1.address)
                        .build());
        node1IsSettledMaster();
        int before = node1.garps();
        long injected = lan.now();
        lan.inject("192.0.2.9", Adverts.v2(51, 50, "192.0.2.8"));
        lan.runSeconds(0.001);
        assertThat(advertsFrom("node1", injected)).isEqualTo(1);
        lan.runSeconds(30);
        assertThat(node1.garps() - before).isZero();
    }

    @Test
    void withGarpLowerPrioDelayZeroThereIsOneBurstOnly() {
        node1.settings.set(
                0,
                instance("VI_1")
                        .priority(100)
                        .vip("192.0.2.8")
                        .garp(new InstanceSettings.GarpSettings(5 * InstanceSettings.SECOND, 5, 0, 1, 0, 2))
                        .primaryAddress(node1.address)
                        .build());
        node1IsSettledMaster();
        int before = node1.garps();
        lan.inject("192.0.2.9", Adverts.v2(51, 50, "192.0.2.8"));
        lan.runSeconds(30);
        assertThat(node1.garps() - before).isEqualTo(2);
    }

    @Test
    void aMasterThatStepsDownStopsItsDelayedLowerPriorityBurst() {
        node1IsSettledMaster();
        lan.inject("192.0.2.9", Adverts.v2(51, 50, "192.0.2.8"));
        lan.runSeconds(1);
        int before = node1.garps();
        for (int i = 0; i < 10; i++) { // a better master, heard every second
            lan.inject("192.0.2.3", Adverts.v2(51, 120, "192.0.2.8"));
            lan.runSeconds(1);
        }
        assertThat(node1.instance("VI_1").state()).isEqualTo(State.BACKUP);
        assertThat(node1.garps() - before).isZero();
    }

    // ------------------------------------------------------------ a partition heals

    final SimulatedLan.Node node2 = lan.addNode("node2", "192.0.2.2");

    /** node1 (100) and node2 (99) each master on its own side of a failed switch. */
    void twoMastersAcrossAPartition() {
        node1.start();
        node2.start();
        lan.runSeconds(5);
        node2.segment = 1; // the switch between them fails
        lan.runSeconds(20); // node2 takes over on its side; its own bursts are over
        assertThat(lan.masters("VI_1")).containsExactlyInAnyOrder("node1", "node2");
    }

    /** Runs until {@code node} has just sent an advert: the other master speaks first after a heal. */
    void runUntilJustAfterAnAdvertFrom(String node) {
        long start = lan.now();
        do {
            lan.runSeconds(0.001);
        } while (!lan.sent.getLast().node().equals(node) || lan.sent.getLast().at() < start);
    }

    @Test
    void whenAPartitionHealsAndTheLowerMasterSpeaksFirstTheHigherAnswersAndAnnouncesItsAddress() {
        node2.add(instance("VI_1").priority(99).vip("192.0.2.8"));
        twoMastersAcrossAPartition();
        runUntilJustAfterAnAdvertFrom("node1");
        int before = node1.garps();
        node2.segment = 0; // healed
        lan.runSeconds(1.0); // Advertisement_Interval: node2 advertises before node1 does again
        assertThat(lan.masters("VI_1")).containsExactly("node1");
        assertThat(lan.holders("192.0.2.8")).containsExactly("node1");
        assertThat(node1.garps() - before).isEqualTo(5);
    }

    @Test
    void whenAPartitionHealsAndTheHigherMasterSpeaksFirstTheLoserAdvertisesOnceAsItStepsDownAndTheWinnerAnnounces() {
        // keepalived's higher_prio_send_advert, always on in Tandem (without it, node2 would step
        // down in silence and clients whose last gratuitous ARP came from node2 would keep sending
        // to it: bin/chaos partition-full). The advert is at node2's own priority, never 0.
        node2.add(instance("VI_1").priority(99).vip("192.0.2.8"));
        twoMastersAcrossAPartition();
        runUntilJustAfterAnAdvertFrom("node2");
        int before = node1.garps();
        long healed = lan.now();
        node2.segment = 0;
        lan.runSeconds(1.0);
        assertThat(lan.masters("VI_1")).containsExactly("node1");
        assertThat(lan.holders("192.0.2.8")).containsExactly("node1");
        Transition stepDown = lan.transitionsOf("node2", "VI_1").getLast();
        assertThat(stepDown.to()).isEqualTo(State.BACKUP);
        assertThat(lan.sent.stream().filter(s -> s.node().equals("node2") && s.at() >= healed))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.advert().priority()).isEqualTo(99);
                    assertThat(s.at()).isEqualTo(stepDown.atNanos());
                });
        assertThat(node1.garps() - before).isEqualTo(5); // node1 heard it: a lower priority
    }

    @Test
    void aNewMasterDoesNotAnnounceTwiceWhenTheOldOneAdvertisesAsItStepsDown() {
        // A preemption: node1 returns, waits Master_Down_Interval, becomes Master with its own burst;
        // node2's step-down advert follows within the LAN latency and needs no second burst or notify.
        node2.add(instance("VI_1").priority(99).vip("192.0.2.8"));
        node2.start();
        lan.runSeconds(10);
        assertThat(lan.masters("VI_1")).containsExactly("node2");
        node1.start();
        lan.runSeconds(3.7); // node1's Master_Down_Interval (3.609 s) and the LAN latency
        assertThat(lan.masters("VI_1")).containsExactly("node1");
        assertThat(node1.garps()).isEqualTo(5); // garp_master_repeat, once
        assertThat(node1.instance("VI_1").counters().lowerPriorityAnswersLimited())
                .isEqualTo(1); // the re-announcement left out
        lan.runSeconds(5); // garp_master_delay (5 s) after becoming Master
        assertThat(node1.garps()).isEqualTo(10);
    }
}
