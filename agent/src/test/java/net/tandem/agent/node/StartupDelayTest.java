package net.tandem.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import net.tandem.agent.vrrp.SimulatedLan;
import net.tandem.agent.vrrp.State;
import net.tandem.agent.vrrp.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vrrp_startup_delay}: after the agent starts, its instances wait in INITIALIZE, sending
 * nothing, so that a peer's adverts arrive before their master-down timers run. Reloads and
 * maintenance during the delay apply; what a reload adds starts with the rest.
 */
class StartupDelayTest {

    @TempDir
    Path dir;

    final SimulatedLan lan = new SimulatedLan();

    static String config(String globals, int priority, String... instances) {
        StringBuilder b = new StringBuilder("global_defs {\n" + globals + "}\n");
        int vrid = 51;
        for (String name : instances) {
            b.append("""
                    vrrp_instance %s {
                        interface eth0
                        virtual_router_id %d
                        priority %d
                        advert_int 1
                        virtual_ipaddress {
                            198.51.100.%d/24
                        }
                    }
                    """.formatted(name, vrid, priority, vrid));
            vrid++;
        }
        return b.toString();
    }

    static final String DELAY_5 = "    vrrp_startup_delay 5\n";

    private long advertsSentBy(String node) {
        return lan.sent.stream().filter(s -> s.node().equals(node)).count();
    }

    @Test
    void instancesStayInInitializeAndSilentForTheDelayThenComeUpBackupUnderTheRunningMaster() {
        VirtualNode node1 = new VirtualNode(lan, "node1", "192.0.2.1", dir, config("", 100, "VI_1")).start();
        lan.runSeconds(5);
        assertThat(node1.status("VI_1").state()).isEqualTo(State.MASTER);

        // A higher priority without the delay would preempt after Skew_Time; here it first waits, silent.
        VirtualNode node2 = new VirtualNode(lan, "node2", "192.0.2.2", dir, config(DELAY_5, 100, "VI_1")).start();
        lan.runSeconds(4.9);
        assertThat(node2.status("VI_1").state()).isEqualTo(State.INITIALIZE);
        assertThat(node2.transitions).isEmpty();
        assertThat(advertsSentBy("node2")).isZero();

        lan.runSeconds(0.2);
        assertThat(node2.status("VI_1").state()).isEqualTo(State.BACKUP);
        lan.runSeconds(10);
        assertThat(node2.transitions).extracting(Transition::to).containsExactly(State.BACKUP);
        assertThat(node1.status("VI_1").state()).isEqualTo(State.MASTER);
        assertThat(advertsSentBy("node2")).isZero();
    }

    @Test
    void aLoneNodeBecomesMasterOnlyAfterTheDelayAndMasterDownInterval() {
        VirtualNode node = new VirtualNode(lan, "node1", "192.0.2.1", dir, config(DELAY_5, 100, "VI_1")).start();
        lan.runSeconds(5 + 3.5); // delay + 3 x advert_int: Skew_Time (0.61 s) not over yet
        assertThat(node.status("VI_1").state()).isEqualTo(State.BACKUP);
        lan.runSeconds(0.2);
        assertThat(node.status("VI_1").state()).isEqualTo(State.MASTER);
    }

    @Test
    void anInstanceAReloadAddsDuringTheDelayStartsWithTheOthers() {
        VirtualNode node = new VirtualNode(lan, "node1", "192.0.2.1", dir, config(DELAY_5, 100, "VI_1")).start();
        lan.runSeconds(2);
        node.reload(config(DELAY_5, 100, "VI_1", "VI_2"));
        lan.runSeconds(2.9);
        assertThat(node.status("VI_1").state()).isEqualTo(State.INITIALIZE);
        assertThat(node.status("VI_2").state()).isEqualTo(State.INITIALIZE);
        assertThat(node.transitions).isEmpty();

        lan.runSeconds(0.2); // 5.1 s after the start, not after the reload
        assertThat(node.status("VI_1").state()).isEqualTo(State.BACKUP);
        assertThat(node.status("VI_2").state()).isEqualTo(State.BACKUP);
    }

    @Test
    void aReloadAfterTheDelayStartsWhatItAddsAtOnce() {
        VirtualNode node = new VirtualNode(lan, "node1", "192.0.2.1", dir, config(DELAY_5, 100, "VI_1")).start();
        lan.runSeconds(6);
        node.reload(config(DELAY_5, 100, "VI_1", "VI_2"));
        assertThat(node.status("VI_2").state()).isEqualTo(State.BACKUP);
    }

    @Test
    void maintenanceTurnedOnDuringTheDelayHoldsTheInstancesOnceStarted() throws Exception {
        VirtualNode node = new VirtualNode(lan, "node1", "192.0.2.1", dir, config(DELAY_5, 100, "VI_1")).start();
        lan.runSeconds(1);
        node.control.setMaintenance(true);
        lan.runSeconds(20);
        assertThat(node.status("VI_1").state()).isEqualTo(State.BACKUP);
        assertThat(advertsSentBy("node1")).isZero();
    }

    @Test
    void aLinkThatGoesDownAndUpDuringTheDelayDoesNotStartTheInstanceEarly() {
        VirtualNode node = new VirtualNode(lan, "node1", "192.0.2.1", dir, config(DELAY_5, 100, "VI_1")).start();
        node.model.onLink("eth0", false);
        lan.runSeconds(1);
        assertThat(node.status("VI_1").state()).isEqualTo(State.INITIALIZE);
        assertThat(node.status("VI_1").lastReason()).contains("eth0 is down");
        node.model.onLink("eth0", true);
        lan.runSeconds(3.9);
        assertThat(node.status("VI_1").state()).isEqualTo(State.INITIALIZE);
        assertThat(node.transitions).isEmpty();
        lan.runSeconds(0.2);
        assertThat(node.status("VI_1").state()).isEqualTo(State.BACKUP);
    }

    @Test
    void aLinkStillDownWhenTheDelayEndsStartsTheInstanceInFault() {
        VirtualNode node = new VirtualNode(lan, "node1", "192.0.2.1", dir, config(DELAY_5, 100, "VI_1")).start();
        node.model.onLink("eth0", false);
        lan.runSeconds(Duration.ofMillis(5100).toMillis() / 1000.0);
        assertThat(node.transitions).extracting(Transition::to).containsExactly(State.FAULT);
    }
}
