package net.tandem.console.ui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.AbstractInteractableComponent;
import com.googlecode.lanterna.gui2.InteractableRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import java.time.format.DateTimeFormatter;
import java.util.List;
import net.tandem.console.model.ClusterModel;
import net.tandem.console.model.ConsoleClock;
import net.tandem.console.model.Link;
import net.tandem.console.model.Row;

/**
 * The whole main screen, top to bottom: a title line with each node's link, the instance table,
 * the warning line(s), the event pane, the outcome of the last action, and the footer with the
 * keys. Everything is drawn from the {@link ClusterModel} at draw time, so a redraw is all it takes
 * to move the advert ages. Lives on the GUI thread.
 */
final class MainView extends AbstractInteractableComponent<MainView> {
    static final String FOOTER = " Up/Dn select  t takeover  r release  p priority  m maintenance  ? help  q quit";
    /** Warning lines shown at most; more are summarised on the last one. */
    static final int MAX_WARNING_LINES = 3;
    /** The event pane keeps at least this many lines (with its rule) when the table is long. */
    static final int MIN_EVENT_LINES = 4;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final ClusterModel model;
    private final ConsoleClock clock;
    private final Operator operator;
    private String selectedKey;
    private int selectedIndex;
    private int firstRow;
    private Status status = Status.NONE;

    MainView(ClusterModel model, ConsoleClock clock, Operator operator) {
        this.model = model;
        this.clock = clock;
        this.operator = operator;
    }

    /** The row under the cursor, as of now; null if there are no rows. */
    Row selectedRow() {
        List<Row> rows = model.rows();
        int index = indexOfSelection(rows);
        return index < 0 ? null : rows.get(index);
    }

    void setStatus(Status status) {
        this.status = status;
        invalidate();
    }

    Status status() {
        return status;
    }

    @Override
    protected Result handleKeyStroke(KeyStroke key) {
        List<Row> rows = model.rows();
        int index = indexOfSelection(rows);
        switch (key.getKeyType()) {
            case ArrowUp -> select(rows, index - 1);
            case ArrowDown -> select(rows, index + 1);
            case PageUp -> select(rows, index - 10);
            case PageDown -> select(rows, index + 10);
            case Home -> select(rows, 0);
            case End -> select(rows, rows.size() - 1);
            case Character -> {
                return character(key.getCharacter(), index < 0 ? null : rows.get(index));
            }
            default -> {
                return Result.UNHANDLED;
            }
        }
        return Result.HANDLED;
    }

    private Result character(char c, Row row) {
        switch (c) {
            case 'k' -> select(model.rows(), indexOfSelection(model.rows()) - 1);
            case 'j' -> select(model.rows(), indexOfSelection(model.rows()) + 1);
            case 't' -> withRow(row, operator::takeover);
            case 'r' -> withRow(row, operator::release);
            case 'p' -> withRow(row, operator::priority);
            case 'm' -> withRow(row, operator::maintenance);
            case '?', 'h' -> operator.help();
            case 'q' -> operator.quit();
            default -> {
                return Result.UNHANDLED;
            }
        }
        return Result.HANDLED;
    }

    private void withRow(Row row, java.util.function.Consumer<Row> action) {
        if (row == null) {
            setStatus(new Status("nothing selected: no node has reported yet", Status.Tone.FAILED));
        } else {
            action.accept(row);
        }
    }

    private void select(List<Row> rows, int index) {
        if (rows.isEmpty()) {
            return;
        }
        selectedIndex = Math.clamp(index, 0, rows.size() - 1);
        selectedKey = rows.get(selectedIndex).key();
        invalidate();
    }

    /** Keeps the selection on the same (instance, node) as rows come and go; else on the same line number. */
    private int indexOfSelection(List<Row> rows) {
        if (rows.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).key().equals(selectedKey)) {
                selectedIndex = i;
                return i;
            }
        }
        selectedIndex = Math.clamp(selectedIndex, 0, rows.size() - 1);
        selectedKey = rows.get(selectedIndex).key();
        return selectedIndex;
    }

    @Override
    protected InteractableRenderer<MainView> createDefaultRenderer() {
        return new Renderer();
    }

    private final class Renderer implements InteractableRenderer<MainView> {
        @Override
        public TerminalPosition getCursorLocation(MainView component) {
            return null; // no visible cursor: the selection is shown by the marked row
        }

        @Override
        public TerminalSize getPreferredSize(MainView component) {
            return new TerminalSize(80, 24);
        }

        @Override
        public void drawComponent(TextGUIGraphics g, MainView view) {
            int width = g.getSize().getColumns();
            int height = g.getSize().getRows();
            g.setForegroundColor(Palette.TEXT)
                    .setBackgroundColor(Palette.BACKGROUND)
                    .clearModifiers();
            g.fill(' ');
            List<Row> rows = model.rows();
            List<String> warnings = model.warnings();
            int selected = indexOfSelection(rows);

            int warningLines = Math.clamp(warnings.size(), 1, MAX_WARNING_LINES);
            int fixed = 1 + 1 + warningLines + 1 + 1; // title, header, warnings, status, footer
            int room = Math.max(0, height - fixed);
            int tableHeight = Math.min(rows.size(), Math.max(1, room - MIN_EVENT_LINES));
            int eventHeight = Math.max(0, room - tableHeight);

            int y = 0;
            drawTitle(g, y++, width);
            InstanceTable.drawHeader(g, y++, width);
            firstRow = scroll(firstRow, selected, tableHeight, rows.size());
            InstanceTable.drawRows(g, y, width, tableHeight, rows, firstRow, selected);
            y += tableHeight;
            drawWarnings(g, y, width, warnings, warningLines);
            y += warningLines;
            EventPane.draw(g, y, width, eventHeight, model.events(), clock.zone(), InstanceTable.NODE);
            y += eventHeight;
            g.setForegroundColor(status.colour()).setBackgroundColor(Palette.BACKGROUND);
            g.putString(0, y++, cut(" " + status.text(), width));
            g.setForegroundColor(Palette.TEXT);
            g.putString(0, y, pad(FOOTER, width), SGR.REVERSE);
        }

        private void drawTitle(TextGUIGraphics g, int y, int width) {
            StringBuilder title = new StringBuilder(" tandem-console ");
            for (String node : model.nodeNames()) {
                title.append("  ").append(node).append(": ").append(linkWord(node));
            }
            String time = CLOCK.withZone(clock.zone()).format(clock.now()) + " ";
            String line = pad(title.toString(), Math.max(0, width - time.length())) + time;
            g.setForegroundColor(Palette.TEXT).setBackgroundColor(Palette.BACKGROUND);
            g.putString(0, y, cut(line, width), SGR.REVERSE, SGR.BOLD);
        }

        private String linkWord(String node) {
            Link link = model.link(node);
            if (link == Link.CONNECTED) {
                return model.maintenance(node) ? "MAINTENANCE" : "up";
            }
            return link == Link.CONNECTING ? "connecting" : "UNREACHABLE";
        }

        private void drawWarnings(TextGUIGraphics g, int y, int width, List<String> warnings, int lines) {
            g.setForegroundColor(Palette.WARNING).setBackgroundColor(Palette.BACKGROUND);
            for (int i = 0; i < lines && i < warnings.size(); i++) {
                String text = i == lines - 1 && warnings.size() > lines
                        ? "! " + warnings.get(i) + " (and " + (warnings.size() - lines) + " more)"
                        : "! " + warnings.get(i);
                g.putString(0, y + i, cut(text, width), SGR.BOLD);
            }
        }
    }

    /** The first visible row, moved as little as possible to keep the selection in view. */
    static int scroll(int first, int selected, int height, int count) {
        if (height <= 0 || selected < 0) {
            return 0;
        }
        if (selected < first) {
            first = selected;
        } else if (selected >= first + height) {
            first = selected - height + 1;
        }
        return Math.clamp(first, 0, Math.max(0, count - height));
    }

    private static String cut(String text, int width) {
        return text.length() > width ? text.substring(0, Math.max(0, width)) : text;
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? cut(text, width) : text + " ".repeat(width - text.length());
    }
}
