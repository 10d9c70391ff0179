package net.tandem.agent.vrrp;

import static net.tandem.agent.vrrp.InstanceSettingsBuilder.instance;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One instance, two nodes: keepalived's classic master/backup, on the simulated LAN. */
class MasterBackupTest {
    final SimulatedLan lan = new SimulatedLan();
    final SimulatedLan.Node node1 =
            lan.addNode("node1", "192.0.2.1").add(instance("VI_1").priority(100).vip("192.0.2.8"));
    final SimulatedLan.Node node2 =
            lan.addNode("node2", "192.0.2.2").add(instance("VI_1").priority(99).vip("192.0.2.8"));

    void startBoth() {
        node1.start();
        node2.start();
        lan.runSeconds(5);
    }

    @Test
    void theHigherPriorityNodeBecomesMasterAfterItsMasterDownInterval() {
        node1.start();
        node2.start();
        // priority 100 at 1 s: 3 s + 156/256 s = 3.609375 s
        lan.runSeconds(3.609);
        assertThat(lan.masters("VI_1")).isEmpty();
        lan.runSeconds(0.001);
        assertThat(lan.masters("VI_1")).containsExactly("node1");
        lan.runSeconds(10);
        assertThat(lan.masters("VI_1")).containsExactly("node1");
        assertThat(lan.holders("192.0.2.8")).containsExactly("node1");
        assertThat(lan.transitionsOf("node2", "VI_1"))
                .extracting(Transition::to)
                .containsExactly(State.BACKUP);
    }

    @Test
    void theBackupTakesOverWithinMasterDownIntervalOfTheLastAdvertWhenTheMasterDies() {
        startBoth();
        long lastAdvert = node2.instance("VI_1").lastAdvertReceivedAt();
        node1.crash();
        lan.runSeconds(5);
        assertThat(lan.masters("VI_1")).containsExactly("node2");
        assertThat(lan.holders("192.0.2.8")).containsExactly("node2");
        Transition takeover = lan.transitionsOf("node2", "VI_1").getLast();
        assertThat(takeover.to()).isEqualTo(State.MASTER);
        // priority 99: 3 s + 157/256 s
        assertThat(takeover.atNanos() - lastAdvert).isEqualTo(3_000_000_000L + 157 * 1_000_000_000L / 256);
        assertThat(takeover.reason()).startsWith("master down timer expired, last advert from 192.0.2.1 3.61 s ago");
    }

    @Test
    void theNewMasterAnnouncesItsAddressWithGratuitousArpsNowAndAfterTheDelay() {
        startBoth();
        int before = node2.garps;
        node1.crash();
        lan.runSeconds(3.7);
        assertThat(node2.garps - before).isEqualTo(5); // vrrp_garp_master_repeat
        lan.runSeconds(5);
        assertThat(node2.garps - before).isEqualTo(10); // a second burst after vrrp_garp_master_delay
    }

    @Test
    void withPreemptionTheReturningHigherPriorityNodeTakesItsAddressBack() {
        startBoth();
        node1.crash();
        lan.runSeconds(5);
        node1.start();
        lan.runSeconds(5);
        assertThat(lan.masters("VI_1")).containsExactly("node1");
        assertThat(lan.holders("192.0.2.8")).containsExactly("node1");
        assertThat(lan.transitionsOf("node2", "VI_1").getLast().reason())
                .isEqualTo("higher priority advert from 192.0.2.1 (100 > ours 99)");
    }

    @Test
    void withNopreemptTheReturningNodeStaysBackup() {
        node1.settings.set(
                0,
                instance("VI_1")
                        .priority(100)
                        .vip("192.0.2.8")
                        .nopreempt()
                        .primaryAddress(node1.address)
                        .build());
        startBoth();
        node1.crash();
        lan.runSeconds(5);
        node1.start();
        lan.runSeconds(30);
        assertThat(lan.masters("VI_1")).containsExactly("node2");
        assertThat(node1.instance("VI_1").state()).isEqualTo(State.BACKUP);
    }

    @Test
    void withPreemptDelayTheReturningNodeWaitsBeforeTakingOver() {
        node1.settings.set(
                0,
                instance("VI_1")
                        .priority(100)
                        .vip("192.0.2.8")
                        .preemptDelaySeconds(10)
                        .primaryAddress(node1.address)
                        .build());
        startBoth();
        node1.crash();
        lan.runSeconds(5);
        node1.start();
        lan.runSeconds(10);
        assertThat(lan.masters("VI_1")).containsExactly("node2");
        lan.runSeconds(5); // delay over, then one Master_Down_Interval of ignoring node2
        assertThat(lan.masters("VI_1")).containsExactly("node1");
    }

    @Test
    void aMasterThatHearsAHigherPriorityStepsDownAtOnce() {
        startBoth();
        long before = lan.now();
        lan.inject("192.0.2.3", Adverts.v2(51, 120, "192.0.2.8"));
        lan.runSeconds(0.001);
        assertThat(node1.instance("VI_1").state()).isEqualTo(State.BACKUP);
        assertThat(lan.holders("192.0.2.8")).isEmpty();
        assertThat(lan.transitionsOf("node1", "VI_1").getLast().atNanos() - before)
                .isEqualTo(lan.latency);
    }

    @Test
    void aPriorityChangeOnTheMasterIsAdvertisedAtOnce() {
        startBoth();
        lan.runSeconds(0.3); // between two adverts
        int sentBefore = lan.sent.size();
        node1.instance("VI_1").setPriority(110, "test");
        assertThat(lan.sent.subList(sentBefore, lan.sent.size()))
                .singleElement()
                .satisfies(s -> assertThat(s.advert().priority()).isEqualTo(110));
    }

    @Test
    void aFaultOnTheMasterHandsOverAfterSkewTimeAndRecoveryReturnsToBackup() {
        startBoth();
        long faultAt = lan.now();
        node1.instance("VI_1").fault("eth0 down");
        assertThat(lan.holders("192.0.2.8")).isEmpty();
        lan.runSeconds(1);
        assertThat(lan.masters("VI_1")).containsExactly("node2");
        Transition t = lan.transitionsOf("node2", "VI_1").getLast();
        assertThat(t.atNanos() - faultAt).isEqualTo(lan.latency + 157 * 1_000_000_000L / 256);
        node1.instance("VI_1").recover("eth0 up");
        assertThat(node1.instance("VI_1").state()).isEqualTo(State.BACKUP);
        lan.runSeconds(5); // and preempts back
        assertThat(lan.masters("VI_1")).containsExactly("node1");
    }

    @Test
    void afterRecoveryAloneTheReasonSaysNoMasterWasHeardNotOurOwnOldAdvert() {
        node2.start();
        lan.runSeconds(5);
        node2.instance("VI_1").fault("eth0 down");
        lan.runSeconds(5);
        node2.instance("VI_1").recover("eth0 up");
        lan.runSeconds(5);
        assertThat(lan.transitionsOf("node2", "VI_1").getLast().reason())
                .isEqualTo("master down timer expired, no master heard for 3.61 s");
    }
}
