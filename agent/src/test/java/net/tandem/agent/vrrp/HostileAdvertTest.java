package net.tandem.agent.vrrp;

import static net.tandem.agent.vrrp.InstanceSettingsBuilder.instance;
import static org.assertj.core.api.Assertions.assertThat;

import net.tandem.agent.vrrp.packet.DiscardReason;
import org.junit.jupiter.api.Test;

/**
 * A stranger on the LAN sends one advert that claims the VRID (issue 12): priority 255 with a
 * wrong address list is discarded whatever the version; with the right list, the interval it
 * teaches the backups is bounded. Two nodes, node1 (100) master and node2 (99) backup, VIP
 * 192.0.2.8.
 */
class HostileAdvertTest {
    static final long SECOND = InstanceSettings.SECOND;

    final SimulatedLan lan = new SimulatedLan();

    SimulatedLan.Node node1;
    SimulatedLan.Node node2;

    void pair(boolean v3) {
        node1 = lan.addNode("node1", "192.0.2.1")
                .add(
                        v3
                                ? instance("VI_1").v3(1000).priority(100)
                                : instance("VI_1").priority(100))
                .start();
        node2 = lan.addNode("node2", "192.0.2.2")
                .add(
                        v3
                                ? instance("VI_1").v3(1000).priority(99)
                                : instance("VI_1").priority(99))
                .start();
        lan.runSeconds(10);
        assertThat(lan.masters("VI_1")).containsExactly("node1");
    }

    @Test
    void aV2OwnerAdvertWithAWrongAddressListMovesNothing() {
        pair(false);
        lan.inject("192.0.2.99", Adverts.v2(51, 255, "192.0.2.99"));
        lan.runSeconds(10);
        assertThat(lan.masters("VI_1")).containsExactly("node1");
        assertThat(lan.holders("192.0.2.8")).containsExactly("node1");
        assertThat(node1.transitions).hasSize(2); // INITIALIZE -> BACKUP -> MASTER, nothing since
        assertThat(node1.instance("VI_1").counters().discarded(DiscardReason.ADDRESS_LIST))
                .isEqualTo(1);
        assertThat(node2.instance("VI_1").counters().discarded(DiscardReason.ADDRESS_LIST))
                .isEqualTo(1);
        assertThat(node2.instance("VI_1").masterAddress()).isEqualTo(SimulatedLan.ip("192.0.2.1"));
    }

    @Test
    void aV3OwnerAdvertWithAWrongAddressListAndTheLongestIntervalMovesNothing() {
        pair(true);
        lan.inject("192.0.2.99", Adverts.v3(51, 255, 4095, "192.0.2.99"));
        lan.runSeconds(10);
        assertThat(lan.masters("VI_1")).containsExactly("node1");
        assertThat(node1.transitions).hasSize(2);
        assertThat(node2.instance("VI_1").masterAdverInterval()).isEqualTo(SECOND);
        assertThat(node2.instance("VI_1").counters().discarded(DiscardReason.ADDRESS_LIST))
                .isEqualTo(1);
    }

    @Test
    void aV3OwnerAdvertWithTheRightListTeachesTheBackupsAtMostTwiceTheirInterval() {
        pair(true);
        long spoofedAt = lan.now();
        lan.inject("192.0.2.99", Adverts.v3(51, 255, 4095, "192.0.2.8"));
        lan.runSeconds(0.01);
        // It outranks everyone, so the master steps down (as for keepalived: the list is right).
        assertThat(lan.masters("VI_1")).isEmpty();
        VrrpInstance former = node1.instance("VI_1");
        assertThat(former.masterAdverInterval()).isEqualTo(2 * SECOND);
        assertThat(former.counters().masterAdverIntervalChanges()).isEqualTo(1);
        // node2 learned 2 s from it too, then 1 s again from node1's advert as it stepped down
        // (priority 100 >= 99: the master's, for node2), so node2 holds the VIP after its own
        // Master_Down_Interval at 1 s ...
        VrrpInstance backup = node2.instance("VI_1");
        assertThat(backup.masterAdverInterval()).isEqualTo(SECOND);
        assertThat(backup.counters().masterAdverIntervalChanges()).isEqualTo(2);
        lan.runSeconds(VrrpTimers.masterDownInterval(99, SECOND) / 1e9);
        assertThat(lan.masters("VI_1")).containsExactly("node2");
        // ... and node1 is Master again within 3 x 2 s + Skew_Time, not 3 x 40.95 s.
        long bound = VrrpTimers.masterDownInterval(100, 2 * SECOND);
        lan.runSeconds((bound - VrrpTimers.masterDownInterval(99, SECOND)) / 1e9);
        assertThat(lan.masters("VI_1")).containsExactly("node1");
        Transition back = lan.transitionsOf("node1", "VI_1").getLast();
        assertThat(back.atNanos() - spoofedAt).isLessThanOrEqualTo(bound + lan.latency);
    }

    @Test
    void aBackupThatDoesNotAcceptAnAdvertLearnsNoIntervalFromIt() {
        pair(true);
        // Lower than node2's 99 and node2 preempts: not the master's advert for node2.
        lan.inject("192.0.2.99", Adverts.v3(51, 50, 4095, "192.0.2.8"));
        lan.runSeconds(0.01);
        assertThat(node2.instance("VI_1").masterAdverInterval()).isEqualTo(SECOND);
        assertThat(node2.instance("VI_1").counters().masterAdverIntervalChanges())
                .isZero();
    }

    @Test
    void aMasterThatReallyAdvertisesSlowerThanTheBoundIsFollowedWithoutAFlap() {
        node1 = lan.addNode("node1", "192.0.2.1")
                .add(instance("VI_1").v3(5000).priority(100))
                .start();
        lan.runSeconds(20); // alone, it waited 3 x 5 s and took over
        node2 = lan.addNode("node2", "192.0.2.2")
                .add(instance("VI_1").v3(1000).priority(99))
                .start();
        lan.runSeconds(60);
        // 5 s against our 1 s: learned as 2 s, so node2 waits 6.4 s, longer than the master's 5 s.
        assertThat(node2.instance("VI_1").masterAdverInterval()).isEqualTo(2 * SECOND);
        assertThat(lan.masters("VI_1")).containsExactly("node1");
        assertThat(lan.transitionsOf("node2", "VI_1"))
                .extracting(Transition::to)
                .containsExactly(State.BACKUP);
    }

    @Test
    void aShorterIntervalIsLearnedAsItIsAndTheChangeIsCounted() {
        node1 = lan.addNode("node1", "192.0.2.1")
                .add(instance("VI_1").v3(500).priority(100))
                .start();
        node2 = lan.addNode("node2", "192.0.2.2")
                .add(instance("VI_1").v3(1000).priority(99))
                .start();
        lan.runSeconds(10);
        assertThat(node2.instance("VI_1").masterAdverInterval()).isEqualTo(SECOND / 2);
        assertThat(node2.instance("VI_1").counters().masterAdverIntervalChanges())
                .isEqualTo(1);
    }

    @Test
    void theBoundIsTwiceOurIntervalAndNeverLengthensAShorterOne() {
        assertThat(MasterAdverIntervalBound.bound(40_950_000_000L, SECOND)).isEqualTo(2 * SECOND);
        assertThat(MasterAdverIntervalBound.bound(2 * SECOND, SECOND)).isEqualTo(2 * SECOND);
        assertThat(MasterAdverIntervalBound.bound(SECOND / 100, SECOND)).isEqualTo(SECOND / 100);
    }
}
