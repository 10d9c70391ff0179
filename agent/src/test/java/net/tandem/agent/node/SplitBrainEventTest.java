package net.tandem.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.tandem.agent.control.AgentEvent;
import net.tandem.agent.control.InstanceStatus;
import net.tandem.agent.vrrp.Adverts;
import net.tandem.agent.vrrp.SimulatedLan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production control plane (NodeControl over NodeModel) on the simulated LAN: a node that hears
 * a second master publishes a split-brain event on WatchEvents, shows it in its status, and
 * publishes its end when the other master goes quiet.
 */
class SplitBrainEventTest {

    @TempDir
    Path dir;

    final SimulatedLan lan = new SimulatedLan();

    @Test
    void aSecondMasterIsAnEventAndAStatusLineUntilItGoesQuiet() throws Exception {
        VirtualNode node1 = new VirtualNode(
                        lan,
                        "node1",
                        "192.0.2.1",
                        dir,
                        OperatorAndReloadTest.instance("VI_1", 51, 100, OperatorAndReloadTest.VIP))
                .start();
        List<AgentEvent.SplitBrainEvent> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable subscription = node1.control.subscribe(e -> {
            if (e instanceof AgentEvent.SplitBrainEvent sb) {
                events.add(sb);
            }
        })) {
            lan.runSeconds(5);
            assertThat(node1.status("VI_1").splitBrain()).isFalse();

            for (int i = 0; i < 4; i++) { // a master on the other side of a one-way partition
                lan.inject("192.0.2.9", Adverts.v2(51, 50, OperatorAndReloadTest.VIP));
                lan.runSeconds(1);
            }

            InstanceStatus vi1 = node1.status("VI_1");
            assertThat(vi1.splitBrain()).isTrue();
            assertThat(vi1.mastersHeard()).singleElement().satisfies(m -> {
                assertThat(m.address().getHostAddress()).isEqualTo("192.0.2.9");
                assertThat(m.priority()).isEqualTo(50);
            });
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.instance()).isEqualTo("VI_1");
                assertThat(e.active()).isTrue();
                assertThat(e.selfMaster()).isTrue();
                assertThat(e.detail()).isEqualTo("two masters at once: 192.0.2.9 (priority 50), this node");
            });

            lan.runSeconds(5);
            assertThat(node1.status("VI_1").splitBrain()).isFalse();
            assertThat(events)
                    .hasSize(2)
                    .last()
                    .satisfies(e -> assertThat(e.active()).isFalse());
        }
    }
}
