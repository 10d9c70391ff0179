package net.tandem.console.ui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.List;
import net.tandem.console.model.Link;
import net.tandem.console.model.Row;

/**
 * Draws the main table: a header and one line per (instance, node). The columns have fixed widths
 * except VIPS, which takes what is left, so that 80 columns show everything and wider terminals
 * show more addresses.
 */
final class InstanceTable {
    /** Column widths, each including one space that separates it from its neighbour. */
    static final int MARK = 1;

    static final int INSTANCE = 9;
    static final int NODE = 8;
    static final int STATE = 7;
    static final int PRIO = 10;
    static final int ADV_INT = 8;
    static final int ADV_AGE = 8;
    static final int DOWN_IN = 8;
    static final int TRANS = 6;
    static final int FIXED = MARK + INSTANCE + NODE + STATE + PRIO + ADV_INT + ADV_AGE + DOWN_IN + TRANS;

    /** Where the state column starts: tests read its colour there. */
    static final int STATE_COLUMN = MARK + INSTANCE + NODE;

    private InstanceTable() {}

    static void drawHeader(TextGraphics g, int y, int width) {
        Line line = new Line(width);
        line.left(" ", MARK)
                .left("INSTANCE", INSTANCE)
                .left("NODE", NODE)
                .left("STATE", STATE)
                .left("PRIO", PRIO)
                .left("VIPS", vipWidth(width))
                .right("ADV INT", ADV_INT)
                .right("ADV AGE", ADV_AGE)
                .right("DOWN IN", DOWN_IN)
                .right("TRANS", TRANS);
        g.setForegroundColor(Palette.TEXT).setBackgroundColor(Palette.BACKGROUND);
        g.putString(0, y, line.toString(), SGR.BOLD);
    }

    /** Draws rows[first...] from line y on, at most {@code height} of them. */
    static void drawRows(TextGraphics g, int y, int width, int height, List<Row> rows, int first, int selected) {
        for (int i = 0; i < height && first + i < rows.size(); i++) {
            int index = first + i;
            drawRow(g, y + i, width, rows.get(index), index == selected);
        }
    }

    private static void drawRow(TextGraphics g, int y, int width, Row row, boolean selected) {
        SGR[] style = selected ? new SGR[] {SGR.REVERSE} : new SGR[0];
        String mark = selected ? ">" : " ";
        Line head = new Line(width)
                .left(mark, MARK)
                .left(row.instance() == null ? "-" : row.instance(), INSTANCE)
                .left(row.node(), NODE);
        put(g, 0, y, head.toString(), row.link() == Link.CONNECTED ? Palette.TEXT : Palette.GREY, style);
        int x = STATE_COLUMN;
        if (row.link() != Link.CONNECTED) {
            String text = row.link() == Link.CONNECTING ? "connecting..." : "unreachable: " + row.linkReason();
            put(g, x, y, pad(text, Math.max(0, width - x)), Palette.GREY, style);
            return;
        }
        if (row.instance() == null) {
            put(g, x, y, pad("no VRRP instance on this node", Math.max(0, width - x)), Palette.GREY, style);
            return;
        }
        put(g, x, y, new Line(STATE).left(row.state().label(), STATE).toString(), Palette.state(row), style);
        x += STATE;
        String priority = row.basePriority() + "->" + row.effectivePriority()
                + (row.override().isPresent() ? "*" : "");
        Line rest = new Line(Math.max(0, width - x))
                .left(priority, PRIO)
                .left(vipsAndVmac(row, vipWidth(width) - 1), vipWidth(width))
                .right(Durations.interval(row.advertIntervalNanos()), ADV_INT)
                .right(Durations.live(row.lastAdvertAgoNanos()), ADV_AGE)
                .right(Durations.live(row.masterDownRemainingNanos()), DOWN_IN)
                .right(Long.toString(row.transitions()), TRANS);
        put(g, x, y, rest.toString(), Palette.TEXT, style);
    }

    static int vipWidth(int width) {
        return Math.max(0, width - FIXED);
    }

    /** The VIPs, and with use_vmac the interface that holds them: "192.0.2.51/24 (vrrp.51)". */
    static String vipsAndVmac(Row row, int room) {
        if (row.vmac() == null) {
            return vips(row.vips(), room);
        }
        String on = " (" + row.vmac() + ")";
        return vips(row.vips(), Math.max(0, room - on.length())) + on;
    }

    /** As many addresses as fit, then "+N" for the rest; a host's "/32" (IPv4) or "/128" (IPv6) is left out. */
    static String vips(List<String> addresses, int room) {
        List<String> vips = addresses.stream()
                .map(a -> a.contains(":")
                        ? (a.endsWith("/128") ? a.substring(0, a.length() - 4) : a)
                        : (a.endsWith("/32") ? a.substring(0, a.length() - 3) : a))
                .toList();
        if (vips.isEmpty()) {
            return "-";
        }
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < vips.size(); i++) {
            String candidate = (shown.isEmpty() ? "" : shown + ",") + vips.get(i);
            int left = vips.size() - i - 1;
            String suffix = left == 0 ? "" : " +" + left;
            if (candidate.length() + suffix.length() > room && !shown.isEmpty()) {
                return shown + " +" + (vips.size() - i);
            }
            shown = new StringBuilder(candidate);
        }
        return shown.toString();
    }

    private static void put(TextGraphics g, int x, int y, String text, TextColor colour, SGR[] style) {
        g.setForegroundColor(colour).setBackgroundColor(Palette.BACKGROUND);
        g.clearModifiers();
        g.enableModifiers(style);
        g.putString(x, y, text);
        g.clearModifiers();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text.substring(0, width) : text + " ".repeat(width - text.length());
    }

    /** A line of fixed-width cells, cut at the line's width. */
    static final class Line {
        private final int width;
        private final StringBuilder text = new StringBuilder();

        Line(int width) {
            this.width = width;
        }

        Line left(String cell, int cellWidth) {
            String body = cellWidth <= 1 ? cell : fit(cell, cellWidth - 1);
            return append(body + " ".repeat(Math.max(0, cellWidth - body.length())));
        }

        Line right(String cell, int cellWidth) {
            String body = fit(cell, cellWidth - 1);
            return append(" ".repeat(Math.max(0, cellWidth - body.length())) + body);
        }

        private Line append(String cell) {
            text.append(cell);
            return this;
        }

        private static String fit(String cell, int room) {
            return cell.length() <= room ? cell : cell.substring(0, Math.max(0, room));
        }

        @Override
        public String toString() {
            return text.length() <= width ? text + " ".repeat(width - text.length()) : text.substring(0, width);
        }
    }
}
