package net.tandem.console.ui;

import static net.tandem.console.fake.Instances.SECOND;
import static net.tandem.console.fake.Instances.backup;
import static net.tandem.console.fake.Instances.inState;
import static net.tandem.console.fake.Instances.master;
import static net.tandem.console.fake.Instances.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TextColor;
import java.io.IOException;
import net.tandem.console.model.VrrpState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The state cell's colour: MASTER green, BACKUP the terminal's own, FAULT red, unknown and unreachable grey. */
class StateColoursTest {
    private final ConsoleHarness console = new ConsoleHarness(80, 24, "node1", "node2", "node3");

    @AfterEach
    void close() throws IOException {
        console.close();
    }

    private TextColor stateColourOf(String rowText) {
        return console.at(InstanceTable.STATE_COLUMN, console.rowOf(rowText)).getForegroundColor();
    }

    @Test
    void eachStateHasItsColour() {
        console.node("node1")
                .sendSnapshot(node("node1", master("VI_1", 150), inState("VI_2", VrrpState.INITIALIZE, 100)));
        console.node("node2").sendSnapshot(node("node2", backup("VI_1", 100), inState("VI_2", VrrpState.FAULT, 100)));
        console.node("node3").sendSnapshot(node("node3", backup("VI_1", 50)));
        console.screenText();

        assertThat(stateColourOf("node1   MASTER")).isEqualTo(TextColor.ANSI.GREEN_BRIGHT);
        assertThat(stateColourOf("node2   BACKUP")).isEqualTo(TextColor.ANSI.DEFAULT);
        assertThat(stateColourOf("node2   FAULT")).isEqualTo(TextColor.ANSI.RED_BRIGHT);
        assertThat(stateColourOf("node1   INIT")).isEqualTo(TextColor.ANSI.BLACK_BRIGHT);
    }

    @Test
    void anUnreachableNodeIsGreyWithTheReason() {
        console.node("node1").sendSnapshot(node("node1", master("VI_1", 150)));
        console.node("node2").sendSnapshot(node("node2", backup("VI_1", 100)));
        console.node("node2").breakLink("connection refused", SECOND / 2);
        console.node("node3").breakLink("no route to host", 2 * SECOND);
        console.screenText();

        int row = console.rowOf("VI_1     node2");
        assertThat(console.lines().get(row)).contains("unreachable: connection refused (retry in 0.5 s)");
        assertThat(console.at(InstanceTable.STATE_COLUMN, row).getForegroundColor())
                .isEqualTo(TextColor.ANSI.BLACK_BRIGHT);
        assertThat(console.at(2, row).getForegroundColor()).isEqualTo(TextColor.ANSI.BLACK_BRIGHT);
        assertThat(console.lines().get(console.rowOf("node3   unreachable")))
                .contains("unreachable: no route to host (retry in 2.0 s)");
        assertThat(console.lines().get(0)).contains("node2: UNREACHABLE", "node3: UNREACHABLE");
    }

    @Test
    void theSelectedRowKeepsItsStateColour() {
        console.node("node1").sendSnapshot(node("node1", master("VI_1", 150)));
        console.screenText();

        assertThat(console.lines().get(2)).startsWith(">VI_1");
        assertThat(console.at(InstanceTable.STATE_COLUMN, 2).getForegroundColor())
                .isEqualTo(TextColor.ANSI.GREEN_BRIGHT);
        assertThat(console.at(InstanceTable.STATE_COLUMN, 2).getModifiers())
                .contains(com.googlecode.lanterna.SGR.REVERSE);
    }
}
