package net.tandem.console.ui;

import static net.tandem.console.fake.Instances.backup;
import static net.tandem.console.fake.Instances.master;
import static net.tandem.console.fake.Instances.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import net.tandem.console.model.CommandResult;
import net.tandem.console.model.NodeEvent;
import net.tandem.console.model.VrrpState;
import org.junit.jupiter.api.Test;

/**
 * The scene of docs/console.md: the seed's dual-master pair, after the operator moved VI_1 to
 * node2 with t. Writes target/console-screenshot.txt, which the doc quotes.
 */
class ScreenshotTest {
    @Test
    void takeoverOfVi1ByNode2AsTheDocShowsIt() throws IOException {
        try (ConsoleHarness console = new ConsoleHarness(80, 24, "node1", "node2")) {
            console.node("node1")
                    .sendSnapshot(node("node1", master("VI_1", 100, "192.0.2.8"), backup("VI_2", 50, "192.0.2.9")));
            console.node("node2")
                    .sendSnapshot(node("node2", backup("VI_1", 50, "192.0.2.8"), master("VI_2", 100, "192.0.2.9")));
            console.settle();
            console.clock.advance(Duration.ofMillis(4200));
            console.node("node2").answerWith(CommandResult.ok("node2 takes over VI_1 with priority 101"));
            console.press(KeyType.ArrowDown);
            console.press('t');
            console.press('y');
            console.node("node2")
                    .sendEvent(new NodeEvent.CommandDone(
                            Instant.parse("2025-01-01T12:00:04.201Z"), "takeover VI_1", "priority 101 until release"));
            console.node("node2")
                    .sendEvent(new NodeEvent.PriorityChange(
                            Instant.parse("2025-01-01T12:00:04.201Z"),
                            "VI_1",
                            50,
                            101,
                            "takeover by operator",
                            java.util.OptionalInt.of(101)));
            console.node("node2")
                    .sendEvent(new NodeEvent.Transition(
                            Instant.parse("2025-01-01T12:00:04.202Z"),
                            "VI_1",
                            VrrpState.BACKUP,
                            VrrpState.MASTER,
                            "takeover by operator"));
            console.node("node1")
                    .sendEvent(new NodeEvent.Transition(
                            Instant.parse("2025-01-01T12:00:04.203Z"),
                            "VI_1",
                            VrrpState.MASTER,
                            VrrpState.BACKUP,
                            "higher priority 101 from 192.0.2.2"));
            console.node("node1")
                    .sendEvent(new NodeEvent.AdvertTiming(
                            Instant.parse("2025-01-01T12:00:04.203Z"), "VI_1", 1_000_000L, -1, 3_404_000_000L));
            console.node("node2")
                    .sendEvent(new NodeEvent.AdvertTiming(
                            Instant.parse("2025-01-01T12:00:04.203Z"), "VI_2", -1, 200_000_000L, -1));
            console.node("node1")
                    .sendEvent(new NodeEvent.AdvertTiming(
                            Instant.parse("2025-01-01T12:00:04.203Z"), "VI_2", 200_000_000L, -1, 3_420_000_000L));
            console.settle();
            console.clock.advance(Duration.ofMillis(700));

            String screen = console.screenText();
            Files.writeString(Path.of("target", "console-screenshot.txt"), screen);

            assertThat(console.lines().get(2)).matches(" VI_1 +node1 +BACKUP .*");
            assertThat(console.lines().get(3)).matches(">VI_1 +node2 +MASTER +50->101\\* .*"); // * = an override
            assertThat(screen).contains("takeover VI_1 on node2: ok: node2 takes over VI_1 with priority 101");
        }
    }
}
