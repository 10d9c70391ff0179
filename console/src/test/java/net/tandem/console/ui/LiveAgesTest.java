package net.tandem.console.ui;

import static net.tandem.console.fake.Instances.backup;
import static net.tandem.console.fake.Instances.master;
import static net.tandem.console.fake.Instances.node;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import net.tandem.console.model.NodeEvent;
import net.tandem.console.model.VrrpState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Advert ages climb and countdowns fall on every refresh, from the local clock, between updates. */
class LiveAgesTest {
    private final ConsoleHarness console = new ConsoleHarness(80, 24, "node1", "node2");

    @BeforeEach
    void pair() {
        console.node("node1").sendSnapshot(node("node1", master("VI_1", 100, "192.0.2.8")));
        console.node("node2").sendSnapshot(node("node2", backup("VI_1", 50, "192.0.2.8")));
        console.settle();
    }

    @AfterEach
    void close() throws IOException {
        console.close();
    }

    private String row(String node) {
        return console.lines().get(console.rowOf("VI_1     " + node));
    }

    @Test
    void aSilentMastersAgeClimbsAndTheBackupCountsDown() {
        console.clock.advance(Duration.ofMillis(100));
        console.screenText();
        assertThat(row("node2")).matches(".*BACKUP .* 0\\.3s +3\\.3s +2");

        console.clock.advance(Duration.ofMillis(2500));
        console.screenText();
        assertThat(row("node2")).matches(".*BACKUP .* 2\\.8s +0\\.8s +2");
        assertThat(row("node1")).matches(".*MASTER .* 2\\.9s +- +3");
    }

    @Test
    void theCountdownStopsAtZero() {
        console.clock.advance(Duration.ofSeconds(10));
        console.screenText();

        assertThat(row("node2")).matches(".*BACKUP .* 10\\.2s +0\\.0s +2");
    }

    @Test
    void advertTimingResetsTheAges() {
        console.clock.advance(Duration.ofSeconds(1));
        console.node("node2")
                .sendEvent(new NodeEvent.AdvertTiming(Instant.EPOCH, "VI_1", 50_000_000L, -1, 3_500_000_000L));
        console.screenText();

        assertThat(row("node2")).matches(".*BACKUP .* 0\\.0s +3\\.5s +2");
    }

    @Test
    void aTransitionChangesTheRowAndIsListedWithItsReason() {
        console.node("node2")
                .sendEvent(new NodeEvent.Transition(
                        Instant.parse("2025-01-01T12:00:01.250Z"),
                        "VI_1",
                        VrrpState.BACKUP,
                        VrrpState.MASTER,
                        "takeover by operator"));
        console.node("node1")
                .sendEvent(new NodeEvent.Transition(
                        Instant.parse("2025-01-01T12:00:01.251Z"),
                        "VI_1",
                        VrrpState.MASTER,
                        VrrpState.BACKUP,
                        "higher priority 254 from 192.0.2.2"));
        console.screenText();

        assertThat(row("node2")).matches(".*node2 +MASTER .* 0\\.0s +- +3");
        assertThat(row("node1")).matches(".*node1 +BACKUP .* 3\\.6s +4");
        int rule = console.rowOf("-- events");
        assertThat(console.lines().get(rule + 1))
                .isEqualTo("12:00:01.251 node1   VI_1 MASTER -> BACKUP (higher priority 254 from 192.0.2.2)");
        assertThat(console.lines().get(rule + 2))
                .isEqualTo("12:00:01.250 node2   VI_1 BACKUP -> MASTER (takeover by operator)");
    }
}
