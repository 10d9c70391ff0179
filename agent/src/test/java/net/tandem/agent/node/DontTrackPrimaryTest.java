package net.tandem.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import net.tandem.agent.vrrp.SimulatedLan;
import net.tandem.agent.vrrp.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dont_track_primary}: the instance's own interface going down puts it in no FAULT
 * (keepalived 2.2.7); its {@code track_interface} entries still count.
 */
class DontTrackPrimaryTest {

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
    void withoutItTheOwnInterfaceGoingDownIsAFault() {
        VirtualNode node = new VirtualNode(lan, "node1", "192.0.2.1", dir, config("")).start();
        lan.runSeconds(5);
        node.model.onLink("eth0", false);
        assertThat(node.status("VI_1").state()).isEqualTo(State.FAULT);
    }

    @Test
    void withItTheOwnInterfaceGoingDownChangesNothing() {
        VirtualNode node = new VirtualNode(lan, "node1", "192.0.2.1", dir, config("dont_track_primary")).start();
        lan.runSeconds(5);
        assertThat(node.status("VI_1").state()).isEqualTo(State.MASTER);
        node.model.onLink("eth0", false);
        lan.runSeconds(1);
        assertThat(node.status("VI_1").state()).isEqualTo(State.MASTER);
    }

    @Test
    void trackedInterfacesStillCount() {
        VirtualNode node = new VirtualNode(
                        lan, "node1", "192.0.2.1", dir, config("dont_track_primary\ntrack_interface {\n eth0\n}"))
                .start();
        lan.runSeconds(5);
        assertThat(node.status("VI_1").state()).isEqualTo(State.MASTER);
        node.model.onLink("eth0", false);
        assertThat(node.status("VI_1").state()).isEqualTo(State.FAULT);
    }

    @Test
    void turningItOnByReloadRestartsTheInstanceWithoutTheWatch() {
        VirtualNode node = new VirtualNode(lan, "node1", "192.0.2.1", dir, config("")).start();
        lan.runSeconds(5);
        node.reload(config("dont_track_primary"));
        lan.runSeconds(5);
        node.model.onLink("eth0", false);
        assertThat(node.status("VI_1").state()).isEqualTo(State.MASTER);
    }
}
