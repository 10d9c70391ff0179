package net.tandem.console.ui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import net.tandem.console.model.EventLine;

/** Draws the event pane: a rule, then the newest lines first, each "time node text". */
final class EventPane {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private EventPane() {}

    static void draw(
            TextGraphics g, int y, int width, int height, List<EventLine> newestFirst, ZoneId zone, int nodeWidth) {
        if (height <= 0) {
            return;
        }
        g.setForegroundColor(Palette.GREY).setBackgroundColor(Palette.BACKGROUND);
        String rule = "-- events (newest first) ";
        g.putString(0, y, (rule + "-".repeat(Math.max(0, width - rule.length()))).substring(0, Math.max(0, width)));
        for (int i = 0; i < height - 1 && i < newestFirst.size(); i++) {
            EventLine line = newestFirst.get(i);
            String node = line.node() == null ? "console" : line.node();
            String text = TIME.withZone(zone).format(line.at()) + " " + node
                    + " ".repeat(Math.max(1, nodeWidth - node.length())) + line.text();
            g.setForegroundColor(Palette.event(line));
            g.putString(0, y + 1 + i, text.length() > width ? text.substring(0, width) : text);
        }
        g.clearModifiers();
        g.disableModifiers(SGR.BOLD);
    }
}
