package net.tandem.agent.vrrp;

import static net.tandem.agent.vrrp.InstanceSettingsBuilder.instance;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A backup measures how irregularly its master's adverts arrive: the console and metrics show it. */
class AdvertJitterTest {
    final SimulatedLan lan = new SimulatedLan();
    final SimulatedLan.Node node1 =
            lan.addNode("node1", "192.0.2.1").add(instance("VI_1").priority(100));
    final SimulatedLan.Node node2 =
            lan.addNode("node2", "192.0.2.2").add(instance("VI_1").priority(99));

    @Test
    void advertsOnTimeHaveNoJitter() {
        node1.start();
        node2.start();
        lan.runSeconds(60);
        assertThat(node2.instance("VI_1").advertJitter()).isZero();
    }

    @Test
    void advertsDelayedBy0Or20MsInTurnShowAbout20MsOfJitter() {
        node1.start();
        node2.start();
        lan.runSeconds(5);
        for (int i = 0; i < 100; i++) {
            lan.latency = i % 2 == 0 ? 100_000 : 20_100_000; // every other advert 20 ms late
            lan.runSeconds(1);
        }
        // each gap is 20 ms off the 1 s interval; the estimator converges to that
        assertThat(node2.instance("VI_1").advertJitter()).isBetween(19_000_000L, 20_000_000L);
    }
}
