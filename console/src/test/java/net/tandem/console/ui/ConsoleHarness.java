package net.tandem.console.ui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.gui2.DefaultWindowManager;
import com.googlecode.lanterna.gui2.EmptySpace;
import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.gui2.SameTextGUIThread;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.tandem.console.fake.FakeNodeConnection;
import net.tandem.console.fake.ManualClock;
import net.tandem.console.model.ClusterModel;
import net.tandem.console.model.NodeConnection;

/**
 * The console on a virtual terminal, driven from the test thread: the GUI runs on the test's own
 * thread ({@link SameTextGUIThread}), so {@link #settle()} processes pending input, the nodes' news
 * and a redraw deterministically, and time moves only with {@link #clock}.
 */
final class ConsoleHarness implements AutoCloseable {
    final ManualClock clock = new ManualClock();
    final DefaultVirtualTerminal terminal;
    final MultiWindowTextGUI gui;
    final ClusterModel model;
    final ConsoleUi ui;
    final Map<String, FakeNodeConnection> nodes = new LinkedHashMap<>();
    private final TerminalScreen screen;
    boolean quitRequested;

    ConsoleHarness(int columns, int rows, String... nodeNames) {
        try {
            terminal = new DefaultVirtualTerminal(new TerminalSize(columns, rows));
            screen = new TerminalScreen(terminal);
            screen.startScreen();
            gui = new MultiWindowTextGUI(
                    new SameTextGUIThread.Factory(), screen, new DefaultWindowManager(), null, new EmptySpace());
            Map<String, NodeConnection> connections = new LinkedHashMap<>();
            for (String name : nodeNames) {
                FakeNodeConnection fake = new FakeNodeConnection(name);
                nodes.put(name, fake);
                connections.put(name, fake);
            }
            model = new ClusterModel(List.of(nodeNames), clock);
            ui = new ConsoleUi(gui, model, connections, clock, () -> quitRequested = true);
            connections.forEach((name, connection) -> connection.start(ui.listenerFor(name)));
            settle();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FakeNodeConnection node(String name) {
        return nodes.get(name);
    }

    /** Lets the GUI thread handle everything pending (keys, node news, the refresh) and redraw. */
    void settle() {
        try {
            ui.refresh();
            for (int i = 0; i < 3; i++) {
                gui.getGUIThread().processEventsAndUpdate();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void press(char c) {
        press(new KeyStroke(c, false, false));
    }

    void press(KeyType type) {
        press(new KeyStroke(type));
    }

    void press(KeyStroke key) {
        terminal.addInput(key);
        settle();
    }

    void type(String text) {
        for (char c : text.toCharArray()) {
            press(c);
        }
    }

    /** The screen as text, one line per terminal row, trailing blanks removed. */
    String screenText() {
        settle();
        StringBuilder text = new StringBuilder();
        for (String line : lines()) {
            text.append(line).append('\n');
        }
        return text.toString();
    }

    List<String> lines() {
        TerminalSize size = terminal.getTerminalSize();
        List<String> lines = new java.util.ArrayList<>();
        for (int row = 0; row < size.getRows(); row++) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < size.getColumns(); column++) {
                line.append(terminal.getBufferCharacter(column, row).getCharacterString());
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /** The row of the first line that contains the text; fails the test if none does. */
    int rowOf(String text) {
        List<String> lines = lines();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line contains \"" + text + "\"; the screen is:\n" + String.join("\n", lines));
    }

    TextCharacter at(int column, int row) {
        return terminal.getBufferCharacter(new TerminalPosition(column, row));
    }

    @Override
    public void close() throws IOException {
        screen.stopScreen();
    }
}
