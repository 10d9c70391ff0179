package net.tandem.console.ui;

import static net.tandem.console.fake.Instances.backup;
import static net.tandem.console.fake.Instances.master;
import static net.tandem.console.fake.Instances.node;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The main view of the seed's dual-master pair, at 80×24 and after a resize. */
class MainViewLayoutTest {
    private final ConsoleHarness console = new ConsoleHarness(80, 24, "node1", "node2");

    @AfterEach
    void close() throws IOException {
        console.close();
    }

    private void dualMaster() {
        console.node("node1")
                .sendSnapshot(node("node1", master("VI_1", 100, "192.0.2.8"), backup("VI_2", 50, "192.0.2.9")));
        console.node("node2")
                .sendSnapshot(node("node2", backup("VI_1", 50, "192.0.2.8"), master("VI_2", 100, "192.0.2.9")));
    }

    @Test
    void showsOneRowPerInstanceAndNodeGroupedByInstance() throws IOException {
        dualMaster();
        String screen = console.screenText();
        Files.writeString(Path.of("target", "console-80x24.txt"), screen);

        assertThat(console.rowOf("INSTANCE")).isEqualTo(1);
        assertThat(console.lines().get(1))
                .contains("NODE", "STATE", "PRIO", "VIPS", "ADV INT", "ADV AGE", "DOWN IN", "TRANS");
        assertThat(console.lines().subList(2, 6))
                .satisfiesExactly(
                        line -> assertThat(line)
                                .matches(">VI_1 +node1 +MASTER +100->100 +192\\.0\\.2\\.8 +1s +0\\.3s +- +3"),
                        line -> assertThat(line)
                                .matches(" VI_1 +node2 +BACKUP +50->50 +192\\.0\\.2\\.8 +1s +0\\.2s +3\\.4s +2"),
                        line -> assertThat(line)
                                .matches(" VI_2 +node1 +BACKUP +50->50 +192\\.0\\.2\\.9 +1s +0\\.2s +3\\.4s +2"),
                        line -> assertThat(line)
                                .matches(" VI_2 +node2 +MASTER +100->100 +192\\.0\\.2\\.9 +1s +0\\.3s +- +3"));
    }

    @Test
    void titleShowsEveryNodeAndFooterShowsTheKeys() {
        dualMaster();
        console.screenText();

        assertThat(console.lines().get(0)).contains("tandem-console", "node1: up  node2: up", "12:00:00");
        assertThat(console.lines().get(23))
                .contains("t takeover", "r release", "p priority", "m maintenance", "? help", "q quit");
    }

    @Test
    void eventPaneListsConnectionsNewestFirst() {
        dualMaster();
        console.screenText();

        int rule = console.rowOf("-- events");
        assertThat(console.lines().get(rule + 1)).isEqualTo("12:00:00.000 node2   connected (router_id node2)");
        assertThat(console.lines().get(rule + 2)).isEqualTo("12:00:00.000 node1   connected (router_id node1)");
    }

    @Test
    void resizingTheTerminalRelaysOutTheView() {
        dualMaster();
        console.screenText();

        console.terminal.setTerminalSize(new com.googlecode.lanterna.TerminalSize(120, 30));
        console.screenText();

        assertThat(console.lines().get(29)).contains("q quit");
        assertThat(console.lines().get(0)).endsWith("12:00:00");
        assertThat(console.lines().get(0).length()).isGreaterThan(100);
    }
}
