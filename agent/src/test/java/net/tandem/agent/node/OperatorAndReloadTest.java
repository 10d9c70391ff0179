package net.tandem.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import net.tandem.agent.control.InstanceStatus;
import net.tandem.agent.vrrp.SimulatedLan;
import net.tandem.agent.vrrp.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator commands and reloads together, on whole nodes: each {@link VirtualNode} is the
 * production node model, reload and control entry point over a simulated LAN in virtual time,
 * driven the way tandemctl and SIGHUP drive an agent. No root, no sleeps.
 */
class OperatorAndReloadTest {
    static final String VIP = "192.0.2.100";
    static final String VIP_2 = "192.0.2.102";

    @TempDir
    Path dir;

    final SimulatedLan lan = new SimulatedLan();

    static String instance(String name, int vrid, int priority, String... vips) {
        return """
                vrrp_instance %s {
                    interface eth0
                    virtual_router_id %d
                    priority %d
                    advert_int 1
                    virtual_ipaddress {
                %s    }
                }
                """.formatted(
                        name,
                        vrid,
                        priority,
                        String.join(
                                "",
                                List.of(vips).stream()
                                        .map(v -> "        " + v + "/24\n")
                                        .toList()));
    }

    VirtualNode node1;
    VirtualNode node2;

    /** node1 (priority 100) is Master of VI_1, node2 (priority 90) Backup. */
    void startPair() {
        node1 = new VirtualNode(lan, "node1", "192.0.2.1", dir, instance("VI_1", 51, 100, VIP)).start();
        node2 = new VirtualNode(lan, "node2", "192.0.2.2", dir, instance("VI_1", 51, 90, VIP)).start();
        lan.runSeconds(5);
        assertThat(lan.holders(VIP)).containsExactly("node1");
    }

    @Test
    void aTakeoverStaysThroughReloadsOfEitherNode() throws Exception {
        startPair();
        node2.control.takeover("VI_1");
        lan.runSeconds(0.01);
        assertThat(lan.holders(VIP)).containsExactly("node2");

        node2.reload(instance("VI_1", 51, 95, VIP)); // a new priority: changed in place
        node1.reload(instance("VI_1", 51, 100, VIP)); // the same file
        lan.runSeconds(10);

        assertThat(lan.holders(VIP)).containsExactly("node2");
        InstanceStatus s = node2.status("VI_1");
        assertThat(s.override()).isEqualTo(OptionalInt.of(101));
        assertThat(s.basePriority()).isEqualTo(95);
        assertThat(s.effectivePriority()).isEqualTo(101);
        assertThat(node1.status("VI_1").state()).isEqualTo(State.BACKUP);
    }

    /**
     * A takeover of one member of a sync group overrides every member (bin/tandem-lab --dual-stack pairs each instance
     * with its IPv6 twin so): with the override on the named one only, its partner lost to the old master's partner,
     * which dragged the group back there and left the named one waiting on its group.
     */
    @Test
    void aTakeoverOfOneSyncGroupMemberMovesTheWholeGroupForGood() throws Exception {
        String group = "vrrp_sync_group G {\n    group {\n        VI_1\n        VI_2\n    }\n}\n";
        node1 = new VirtualNode(
                        lan,
                        "node1",
                        "192.0.2.1",
                        dir,
                        group + instance("VI_1", 51, 100, VIP) + instance("VI_2", 52, 100, VIP_2))
                .start();
        node2 = new VirtualNode(
                        lan,
                        "node2",
                        "192.0.2.2",
                        dir,
                        group + instance("VI_1", 51, 90, VIP) + instance("VI_2", 52, 90, VIP_2))
                .start();
        lan.runSeconds(5);
        assertThat(lan.holders(VIP_2)).containsExactly("node1");

        assertThat(node2.control.takeover("VI_2")).contains("and VI_1, its sync group");
        lan.runSeconds(10);

        assertThat(lan.holders(VIP)).containsExactly("node2");
        assertThat(lan.holders(VIP_2)).containsExactly("node2");
        assertThat(node2.status("VI_1").override()).isEqualTo(OptionalInt.of(101));
        assertThat(node2.status("VI_2").override()).isEqualTo(OptionalInt.of(101));
    }

    @Test
    void aReloadDoesNotRestartTheMasterDownTimerOfAWaitingBackup() {
        startPair();
        lan.node("node1").crash(); // silent: node2 waits out Master_Down_Interval
        lan.runSeconds(1.5);
        InstanceStatus before = node2.status("VI_1");
        assertThat(before.state()).isEqualTo(State.BACKUP);
        long remaining = before.masterDownRemainingNanos();
        assertThat(remaining).isPositive().isLessThan(before.masterDownIntervalNanos());

        node2.reload(instance("VI_1", 51, 90, VIP) + instance("VI_2", 52, 90, VIP_2)); // adds VI_2

        assertThat(node2.status("VI_1").masterDownRemainingNanos()).isEqualTo(remaining);
        lan.clock.advanceNanos(remaining - 1);
        assertThat(node2.status("VI_1").state()).isEqualTo(State.BACKUP);
        lan.clock.advanceNanos(1);
        assertThat(node2.status("VI_1").state()).isEqualTo(State.MASTER);
        assertThat(lan.holders(VIP)).containsExactly("node2");
    }

    @Test
    void maintenanceHoldsAnInstanceThatAReloadAdds() throws Exception {
        startPair();
        node1.control.setMaintenance(true);
        lan.runSeconds(1);
        assertThat(lan.holders(VIP)).containsExactly("node2");

        node1.reload(instance("VI_1", 51, 100, VIP) + instance("VI_2", 52, 100, VIP_2)); // no one else has VI_2
        lan.runSeconds(30);
        assertThat(node1.status("VI_2").state()).isEqualTo(State.BACKUP);
        assertThat(lan.holders(VIP_2)).isEmpty();
        assertThat(lan.holders(VIP)).containsExactly("node2");

        node1.control.setMaintenance(false);
        lan.runSeconds(5);
        assertThat(lan.holders(VIP_2)).containsExactly("node1");
        assertThat(lan.holders(VIP)).containsExactly("node1"); // preempts back: 100 > 90
    }

    @Test
    void anOverrideSurvivesAReloadThatRestartsItsInstance() throws Exception {
        startPair();
        node2.control.takeover("VI_1");
        lan.runSeconds(0.01);
        assertThat(lan.holders(VIP)).containsExactly("node2");

        // A setting that cannot change under a running instance: it restarts (stops, priority 0).
        node2.reload(instance("VI_1", 51, 90, VIP).replace("advert_int 1", "advert_int 1\n    mcast_src_ip 192.0.2.2"));
        InstanceStatus restarted = node2.status("VI_1");
        assertThat(restarted.override()).isEqualTo(OptionalInt.of(101));
        assertThat(restarted.overrideReason()).contains("takeover by operator").contains("kept across a reload");
        lan.runSeconds(10);

        assertThat(lan.holders(VIP)).containsExactly("node2");
        assertThat(node2.status("VI_1").effectivePriority()).isEqualTo(101);
        assertThat(node1.status("VI_1").state()).isEqualTo(State.BACKUP);
    }

    @Test
    void aReleaseSendsPriorityZeroBeforeAnyLowerPriority() throws Exception {
        startPair();
        int sentBefore = lan.sent.size();
        long at = lan.now();

        node1.control.release("VI_1");

        List<SimulatedLan.Sent> fromNode1 = lan.sent.subList(sentBefore, lan.sent.size()).stream()
                .filter(s -> s.node().equals("node1"))
                .toList();
        assertThat(fromNode1).isNotEmpty();
        assertThat(fromNode1.getFirst().advert().priority()).isZero();
        assertThat(fromNode1).noneMatch(s -> s.advert().priority() == 1);
        assertThat(lan.holders(VIP)).isEmpty();

        lan.runSeconds(10);
        assertThat(lan.holders(VIP)).containsExactly("node2");
        assertThat(node2.status("VI_1").state()).isEqualTo(State.MASTER);
        InstanceStatus released = node1.status("VI_1");
        assertThat(released.state()).isEqualTo(State.BACKUP);
        assertThat(released.effectivePriority()).isEqualTo(1);
        assertThat(released.override()).isEqualTo(OptionalInt.of(1));
        assertThat(lan.sent.stream().filter(s -> s.at() >= at && s.node().equals("node1")))
                .allMatch(s -> s.advert().priority() == 0);
    }
}
