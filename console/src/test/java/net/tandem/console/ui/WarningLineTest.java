package net.tandem.console.ui;

import static net.tandem.console.fake.Instances.backup;
import static net.tandem.console.fake.Instances.master;
import static net.tandem.console.fake.Instances.node;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The red line under the table: split brain and no master, once they have lasted a second. */
class WarningLineTest {
    private final ConsoleHarness console = new ConsoleHarness(80, 24, "node1", "node2");

    @AfterEach
    void close() throws IOException {
        console.close();
    }

    @Test
    void twoMastersOfOneInstanceIsSplitBrain() {
        console.node("node1").sendSnapshot(node("node1", master("VI_1", 100, "192.0.2.8")));
        console.node("node2").sendSnapshot(node("node2", master("VI_1", 50, "192.0.2.8")));
        console.settle();
        console.clock.advance(Duration.ofMillis(1000));

        String screen = console.screenText();
        int row = console.rowOf("SPLIT BRAIN");
        assertThat(console.lines().get(row)).isEqualTo("! SPLIT BRAIN: VI_1 is MASTER on node1 and node2");
        assertThat(row).isEqualTo(4); // right under the two rows of VI_1
        assertThat(console.at(2, row).getForegroundColor()).isEqualTo(Palette.WARNING);
        assertThat(screen).doesNotContain("NO MASTER");
    }

    @Test
    void aHandoverShorterThanASecondDoesNotWarn() {
        console.node("node1").sendSnapshot(node("node1", master("VI_1", 100, "192.0.2.8")));
        console.node("node2").sendSnapshot(node("node2", master("VI_1", 50, "192.0.2.8")));
        console.settle();
        console.clock.advance(Duration.ofMillis(900));

        assertThat(console.screenText()).doesNotContain("SPLIT BRAIN");
    }

    @Test
    void noMasterAmongConnectedNodesWarns() {
        console.node("node1").sendSnapshot(node("node1", backup("VI_1", 100, "192.0.2.8")));
        console.node("node2").sendSnapshot(node("node2", backup("VI_1", 50, "192.0.2.8")));
        console.settle();
        console.clock.advance(Duration.ofSeconds(2));

        assertThat(console.screenText()).contains("! NO MASTER: VI_1 is MASTER on none of node1, node2");
    }

    @Test
    void aMasterOnAnUnreachableNodeIsNotCounted() {
        console.node("node1").sendSnapshot(node("node1", backup("VI_1", 100, "192.0.2.8")));
        console.node("node2").sendSnapshot(node("node2", master("VI_1", 50, "192.0.2.8")));
        console.node("node2").breakLink("stream closed", 500_000_000L);
        console.settle();
        console.clock.advance(Duration.ofSeconds(2));

        assertThat(console.screenText()).contains("! NO MASTER: VI_1 is MASTER on none of node1 (unreachable: node2)");
    }

    @Test
    void oneMasterPerInstanceShowsNoWarning() {
        console.node("node1").sendSnapshot(node("node1", master("VI_1", 100, "192.0.2.8")));
        console.node("node2").sendSnapshot(node("node2", backup("VI_1", 50, "192.0.2.8")));
        console.settle();
        console.clock.advance(Duration.ofSeconds(5));

        assertThat(console.screenText()).doesNotContain("!");
    }
}
