package net.tandem.console.ui;

import static net.tandem.console.fake.Instances.backup;
import static net.tandem.console.fake.Instances.master;
import static net.tandem.console.fake.Instances.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyType;
import java.io.IOException;
import net.tandem.console.model.CommandResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Selecting a row with the arrow keys and moving VI_1 with t, confirmed or not. */
class TakeoverKeysTest {
    private final ConsoleHarness console = new ConsoleHarness(80, 24, "node1", "node2");

    @BeforeEach
    void dualMaster() {
        console.node("node1")
                .sendSnapshot(node("node1", master("VI_1", 100, "192.0.2.8"), backup("VI_2", 50, "192.0.2.9")));
        console.node("node2")
                .sendSnapshot(node("node2", backup("VI_1", 50, "192.0.2.8"), master("VI_2", 100, "192.0.2.9")));
        console.settle();
    }

    @AfterEach
    void close() throws IOException {
        console.close();
    }

    @Test
    void arrowKeysMoveTheSelectionMarker() {
        assertThat(console.lines().get(2)).startsWith(">VI_1     node1");

        console.press(KeyType.ArrowDown);
        console.screenText();
        assertThat(console.lines().get(2)).startsWith(" VI_1     node1");
        assertThat(console.lines().get(3)).startsWith(">VI_1     node2");

        console.press(KeyType.ArrowDown);
        console.press(KeyType.ArrowDown);
        console.press(KeyType.ArrowDown);
        console.screenText();
        assertThat(console.lines().get(5)).startsWith(">VI_2     node2");

        console.press(KeyType.ArrowUp);
        console.screenText();
        assertThat(console.lines().get(4)).startsWith(">VI_2     node1");
    }

    @Test
    void takeoverAsksFirstAndSendsNothingYet() {
        console.press(KeyType.ArrowDown);
        console.press('t');

        assertThat(console.screenText()).contains("Make node2 MASTER of VI_1 now?");
        assertThat(console.node("node1").commands()).isEmpty();
        assertThat(console.node("node2").commands()).isEmpty();
    }

    @Test
    void confirmingTakeoverSendsItToTheSelectedRowsNode() {
        console.press(KeyType.ArrowDown);
        console.press('t');
        console.press('y');

        assertThat(console.node("node2").commands()).containsExactly("takeover VI_1");
        assertThat(console.node("node1").commands()).isEmpty();
        String screen = console.screenText();
        assertThat(screen).doesNotContain("Make node2 MASTER");
        assertThat(screen).contains("takeover VI_1 on node2: ok: done");
    }

    @Test
    void confirmingWithTheYesButtonWorksToo() {
        console.press(KeyType.ArrowDown);
        console.press('t');
        console.press(KeyType.ArrowLeft); // focus starts on No
        console.press(KeyType.Enter);

        assertThat(console.node("node2").commands()).containsExactly("takeover VI_1");
    }

    @Test
    void enterOnTheDefaultButtonCancels() {
        console.press('t');
        console.press(KeyType.Enter);

        assertThat(console.node("node1").commands()).isEmpty();
        assertThat(console.screenText()).doesNotContain("MASTER of VI_1 now?");
    }

    @Test
    void cancellingTakeoverSendsNothing() {
        console.press(KeyType.ArrowDown);
        console.press('t');
        console.press('n');
        console.press('t');
        console.press(KeyType.Escape);

        assertThat(console.node("node1").commands()).isEmpty();
        assertThat(console.node("node2").commands()).isEmpty();
        assertThat(console.screenText()).doesNotContain("MASTER of VI_1 now?");
    }

    @Test
    void aRefusedCommandShowsTheAgentsReason() {
        console.node("node2").answerWith(CommandResult.failed("VI_1 is in FAULT: cannot take over"));
        console.press(KeyType.ArrowDown);
        console.press('t');
        console.press('y');

        String screen = console.screenText();
        assertThat(console.lines().get(22))
                .contains("takeover VI_1 on node2: FAILED: VI_1 is in FAULT: cannot take over");
        assertThat(console.at(2, 22).getForegroundColor()).isEqualTo(Palette.FAILED);
        assertThat(screen).contains("node2   takeover VI_1 on node2: FAILED");
    }

    @Test
    void releaseAsksAndSendsReleaseToTheRowsNode() {
        console.press('r');
        assertThat(console.screenText()).contains("Release VI_1 on node1?");
        console.press('y');

        assertThat(console.node("node1").commands()).containsExactly("release VI_1");
    }

    @Test
    void qAsksTheConsoleToQuit() {
        console.press('q');

        assertThat(console.quitRequested).isTrue();
    }
}
