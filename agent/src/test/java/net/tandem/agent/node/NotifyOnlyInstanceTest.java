package net.tandem.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import net.tandem.agent.vrrp.SimulatedLan;
import net.tandem.agent.vrrp.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance without {@code virtual_ipaddress} (keepalived accepts it with a warning; operators use it to run
 * notify scripts on the elected node): it elects a master and fails over like any other, holding no address, and
 * its notify scripts run on each transition.
 */
class NotifyOnlyInstanceTest {

    @TempDir
    Path dir;

    final SimulatedLan lan = new SimulatedLan();

    static String notifyOnly(int priority) {
        return """
                vrrp_instance VI_NOTIFY {
                    interface eth0
                    virtual_router_id 61
                    priority %d
                    advert_int 1
                    no_virtual_ipaddress
                    notify_master "/usr/local/bin/lb-role master"
                    notify_backup "/usr/local/bin/lb-role backup"
                }
                """.formatted(priority);
    }

    @Test
    void aNotifyOnlyInstanceElectsAMasterFailsOverAndNotifiesEachTransition() {
        VirtualNode node1 = new VirtualNode(lan, "node1", "192.0.2.1", dir, notifyOnly(100)).start();
        VirtualNode node2 = new VirtualNode(lan, "node2", "192.0.2.2", dir, notifyOnly(90)).start();

        lan.runSeconds(5);
        assertThat(node1.status("VI_NOTIFY").state()).isEqualTo(State.MASTER);
        assertThat(node2.status("VI_NOTIFY").state()).isEqualTo(State.BACKUP);
        assertThat(node1.awaitNotified(2)) // INITIALIZE -> BACKUP at start, then BACKUP -> MASTER
                .containsExactly(
                        List.of("/usr/local/bin/lb-role", "backup"), List.of("/usr/local/bin/lb-role", "master"));
        assertThat(node2.awaitNotified(1)).containsExactly(List.of("/usr/local/bin/lb-role", "backup"));

        lan.node("node1").crash();
        lan.runSeconds(4); // Master_Down_Interval: 3 x 1 s + skew
        assertThat(node2.status("VI_NOTIFY").state()).isEqualTo(State.MASTER);
        assertThat(node2.awaitNotified(2).getLast()).isEqualTo(List.of("/usr/local/bin/lb-role", "master"));
    }
}
