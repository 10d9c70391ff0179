package net.tandem.console.ui;

import static net.tandem.console.fake.Instances.backup;
import static net.tandem.console.fake.Instances.master;
import static net.tandem.console.fake.Instances.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyType;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** p (priority override), m (maintenance) and ? (help) on the selected row. */
class PriorityAndMaintenanceKeysTest {
    private final ConsoleHarness console = new ConsoleHarness(80, 24, "node1", "node2");

    @BeforeEach
    void pair() {
        console.node("node1").sendSnapshot(node("node1", master("VI_1", 100, "192.0.2.8")));
        console.node("node2").sendSnapshot(node("node2", backup("VI_1", 50, "192.0.2.8")));
        console.settle();
        console.press(KeyType.ArrowDown); // VI_1 on node2
    }

    @AfterEach
    void close() throws IOException {
        console.close();
    }

    @Test
    void enteringAPrioritySetsTheOverrideOnTheRowsNode() {
        console.press('p');
        assertThat(console.screenText()).contains("VI_1 on node2: base 50, effective 50");
        console.type("150");
        console.press(KeyType.Enter);

        assertThat(console.node("node2").commands()).containsExactly("priority VI_1 150");
        assertThat(console.screenText()).contains("priority VI_1 150 on node2: ok: done");
    }

    @Test
    void aPriorityOutOfRangeIsRefusedInTheDialog() {
        console.press('p');
        console.type("255");
        console.press(KeyType.Enter);

        assertThat(console.screenText()).contains("255 is out of range 1-254");
        assertThat(console.node("node2").commands()).isEmpty();
        console.press(KeyType.Escape);
        assertThat(console.screenText()).doesNotContain("Priority override");
        assertThat(console.node("node2").commands()).isEmpty();
    }

    @Test
    void cClearsTheOverride() {
        console.press('p');
        console.press('c');

        assertThat(console.node("node2").commands()).containsExactly("clear VI_1");
    }

    @Test
    void maintenanceAsksThenSwitchesTheNodeAndShowsIt() {
        console.press('m');
        assertThat(console.screenText()).contains("Put node2 in maintenance?");
        console.press('y');

        assertThat(console.node("node2").commands()).containsExactly("maintenance on");
        assertThat(console.lines().get(0)).contains("node2: MAINTENANCE");

        console.press('m');
        assertThat(console.screenText()).contains("Take node2 out of maintenance?");
        console.press('y');
        assertThat(console.node("node2").commands()).containsExactly("maintenance on", "maintenance off");
        assertThat(console.lines().get(0)).contains("node2: up");
    }

    @Test
    void questionMarkShowsHelpAndAnyKeyClosesIt() {
        console.press('?');
        assertThat(console.screenText()).contains("t  takeover: this row's node becomes MASTER");
        console.press('x');

        assertThat(console.screenText()).doesNotContain("takeover: this row's node");
        assertThat(console.node("node2").commands()).isEmpty();
    }

    @Test
    void commandsOnAnUnreachableNodeAreRefusedWithoutADialog() {
        console.node("node2").breakLink("connection refused", 500_000_000L);
        console.settle();
        console.press('t');

        assertThat(console.screenText())
                .doesNotContain("MASTER of VI_1 now?")
                .contains("node2 is unreachable: cannot take over VI_1");
    }
}
