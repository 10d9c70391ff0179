package net.tandem.agent.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.tandem.agent.track.InstanceHealth;
import net.tandem.agent.track.SyncGroup;
import net.tandem.agent.track.TrackerKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * keepalived's vrrp_sync_group on two nodes, in virtual time: VI_1 (192.0.2.8) and VI_2
 * (192.0.2.9) are grouped on both; node1 has the higher priority for both.
 */
class SyncGroupTest {
    final SimulatedLan lan = new SimulatedLan();
    final Map<String, Map<String, InstanceHealth>> health = new HashMap<>();

    void node(String name, String address, int priority) {
        SimulatedLan.Node n = lan.addNode(name, address)
                .add(InstanceSettingsBuilder.instance("VI_1")
                        .vrid(51)
                        .vip("192.0.2.8")
                        .priority(priority))
                .add(InstanceSettingsBuilder.instance("VI_2")
                        .vrid(52)
                        .vip("192.0.2.9")
                        .priority(priority))
                .start();
        Map<String, InstanceHealth> h = new HashMap<>();
        n.instances.forEach((k, i) -> h.put(k, new InstanceHealth(i)));
        health.put(name, h);
        // Reactions are deferred, as on the event loop: a zero-delay timer in virtual time.
        SyncGroup g = new SyncGroup(
                "G1",
                List.of("VI_1", "VI_2"),
                h::get,
                r -> lan.clock.newTimer("sync", r).startIn(0),
                null);
        g.attach();
        n.observers.add(g);
    }

    @BeforeEach
    void twoNodes() {
        node("node1", "192.0.2.1", 150);
        node("node2", "192.0.2.2", 100);
        lan.runSeconds(5);
        assertThat(lan.holders("192.0.2.8")).containsExactly("node1");
        assertThat(lan.holders("192.0.2.9")).containsExactly("node1");
    }

    @Test
    void oneInstanceFailingMovesTheWholeGroupToThePeer() {
        long failedAt = lan.now();
        health.get("node1").get("VI_1").tracker(TrackerKey.script("chk"), false, 0, "chk failed (exit 1)");
        lan.runSeconds(1);

        assertThat(lan.node("node1").instance("VI_1").state()).isEqualTo(State.FAULT);
        assertThat(lan.node("node1").instance("VI_2").state()).isEqualTo(State.FAULT);
        assertThat(lan.node("node1").instance("VI_2").lastReason())
                .isEqualTo("sync group G1: VI_1 is FAULT (chk failed (exit 1))");
        assertThat(lan.holders("192.0.2.8")).containsExactly("node2");
        assertThat(lan.holders("192.0.2.9")).containsExactly("node2");
        // both left with priority 0, so node2 took both over after Skew_Time, not Master_Down_Interval
        for (String vi : List.of("VI_1", "VI_2")) {
            assertThat(lan.transitionsOf("node2", vi).getLast().atNanos() - failedAt)
                    .isLessThan(VrrpTimers.skewTime(100, InstanceSettings.SECOND) + 10_000_000);
        }
    }

    @Test
    void theGroupComesBackAsOneWhenTheFailureClears() {
        health.get("node1").get("VI_1").tracker(TrackerKey.script("chk"), false, 0, "chk failed");
        lan.runSeconds(5);
        health.get("node1").get("VI_1").tracker(TrackerKey.script("chk"), true, 0, "chk ok");
        lan.runSeconds(5);

        assertThat(lan.holders("192.0.2.8")).containsExactly("node1");
        assertThat(lan.holders("192.0.2.9")).containsExactly("node1");
        assertThat(lan.masters("VI_2")).containsExactly("node1");
    }

    @Test
    void aMasterDownTimerWaitsForTheRestOfTheGroup() {
        VrrpInstance vi1 = lan.node("node2").instance("VI_1");
        // Only VI_1 leaves node1 (stopped, not FAULT: node1's group does not follow), while node2's
        // VI_2 still hears its master on node1.
        lan.node("node1").instance("VI_1").stop("test: only VI_1 stops on node1");
        lan.runSeconds(5);
        // node2's VI_1 must not take over alone: the group would be split across two nodes.
        assertThat(vi1.state()).isEqualTo(State.BACKUP);
        assertThat(vi1.awaitingGate()).isTrue();
        assertThat(vi1.lastReason()).contains("waiting for the other instances of its sync group");
        assertThat(lan.holders("192.0.2.8")).isEmpty();
        assertThat(lan.holders("192.0.2.9")).containsExactly("node1");
    }
}
