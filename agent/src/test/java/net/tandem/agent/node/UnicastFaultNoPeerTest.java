package net.tandem.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import net.tandem.agent.vrrp.SimulatedLan;
import net.tandem.agent.vrrp.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code unicast_fault_no_peer}: an instance without any unicast_peer is in FAULT and sends nothing, instead of
 * falling back to multicast as keepalived did up to 2.2.4 (and still does without the keyword).
 */
class UnicastFaultNoPeerTest {

    @TempDir
    Path dir;

    final SimulatedLan lan = new SimulatedLan();

    static String config(String extra) {
        return """
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    priority 100
                    advert_int 1
                    %s
                    virtual_ipaddress {
                        198.51.100.51/24
                    }
                }
                """.formatted(extra);
    }

    @Test
    void withoutAPeerTheInstanceIsInFaultAndSendsNothing() {
        VirtualNode node = new VirtualNode(lan, "node1", "192.0.2.1", dir, config("unicast_fault_no_peer")).start();
        lan.runSeconds(5);
        assertThat(node.status("VI_1").state()).isEqualTo(State.FAULT);
        assertThat(lan.sent).isEmpty();
        assertThat(lan.holders("198.51.100.51")).isEmpty();
    }

    @Test
    void withAPeerItRunsInUnicastMode() {
        VirtualNode node = new VirtualNode(
                        lan, "node1", "192.0.2.1", dir, config("unicast_fault_no_peer\nunicast_peer {\n 192.0.2.2\n}"))
                .start();
        lan.runSeconds(5);
        assertThat(node.status("VI_1").state()).isEqualTo(State.MASTER);
    }

    @Test
    void withoutTheKeywordAnInstanceWithoutPeersMulticasts() {
        VirtualNode node = new VirtualNode(lan, "node1", "192.0.2.1", dir, config("")).start();
        lan.runSeconds(5);
        assertThat(node.status("VI_1").state()).isEqualTo(State.MASTER);
        assertThat(lan.sent).isNotEmpty();
    }
}
