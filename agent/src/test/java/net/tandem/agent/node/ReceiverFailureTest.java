package net.tandem.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import net.tandem.agent.vrrp.SimulatedLan;
import net.tandem.agent.vrrp.State;
import net.tandem.agent.vrrp.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receive thread that fails leaves its interface deaf until it restarts: the instances there go to FAULT (a deaf
 * Backup would take over from a live master; a deaf Master would not hear a better one), with the receiver as the
 * reason, and return to Backup when it receives again. Instances on other interfaces are not touched.
 */
class ReceiverFailureTest {
    @TempDir
    Path dir;

    final SimulatedLan lan = new SimulatedLan();

    static final String CONFIG = """
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority 100
                advert_int 1
                virtual_ipaddress {
                    192.0.2.51
                }
            }
            """;

    @Test
    void aFailedReceiverPutsItsInstancesInFaultUntilItReceivesAgain() {
        VirtualNode node = new VirtualNode(lan, "node1", "192.0.2.1", dir, CONFIG).start();
        lan.runSeconds(5);
        assertThat(node.status("VI_1").state()).isEqualTo(State.MASTER);

        node.model.onReceiverFailure(SimulatedLan.INTERFACE, true, "receiving adverts on eth0 failed: EFAULT");
        lan.runSeconds(1);
        assertThat(node.status("VI_1").state()).isEqualTo(State.FAULT);
        assertThat(node.transitions.getLast().reason()).contains("receiving adverts on eth0 failed");
        assertThat(lan.holders("192.0.2.51")).isEmpty();

        node.model.onReceiverFailure("eth1", false, "receiving adverts again on eth1"); // another interface
        assertThat(node.status("VI_1").state()).isEqualTo(State.FAULT);

        node.model.onReceiverFailure(SimulatedLan.INTERFACE, false, "receiving adverts again on eth0");
        assertThat(node.transitions.getLast()).extracting(Transition::to).isEqualTo(State.BACKUP);
        lan.runSeconds(5);
        assertThat(node.status("VI_1").state()).isEqualTo(State.MASTER);
    }
}
