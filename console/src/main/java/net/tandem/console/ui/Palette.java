package net.tandem.console.ui;

import com.googlecode.lanterna.TextColor;
import net.tandem.console.model.EventLine;
import net.tandem.console.model.Link;
import net.tandem.console.model.Row;
import net.tandem.console.model.VrrpState;

/** The console's colours, in one place: what each state and kind of line looks like. */
final class Palette {
    static final TextColor TEXT = TextColor.ANSI.DEFAULT;
    static final TextColor BACKGROUND = TextColor.ANSI.DEFAULT;
    static final TextColor MASTER = TextColor.ANSI.GREEN_BRIGHT;
    static final TextColor FAULT = TextColor.ANSI.RED_BRIGHT;
    /** Unknown, initialising, connecting, unreachable: nothing live to show. */
    static final TextColor GREY = TextColor.ANSI.BLACK_BRIGHT;

    static final TextColor WARNING = TextColor.ANSI.RED_BRIGHT;
    static final TextColor PENDING = TextColor.ANSI.YELLOW_BRIGHT;
    static final TextColor OK = TextColor.ANSI.GREEN_BRIGHT;
    static final TextColor FAILED = TextColor.ANSI.RED_BRIGHT;

    private Palette() {}

    /** MASTER green, BACKUP the terminal's own colour, FAULT red, anything unknown grey. */
    static TextColor state(Row row) {
        if (row.link() != Link.CONNECTED || row.state() == null) {
            return GREY;
        }
        return state(row.state());
    }

    static TextColor state(VrrpState state) {
        return switch (state) {
            case MASTER -> MASTER;
            case BACKUP -> TEXT;
            case FAULT -> FAULT;
            case INITIALIZE -> GREY;
        };
    }

    static TextColor event(EventLine line) {
        return switch (line.kind()) {
            case CONSOLE_OK -> OK;
            case CONSOLE_FAILED -> FAILED;
            case LINK -> line.text().startsWith("unreachable") ? GREY : TEXT;
            case TRANSITION ->
                line.text().contains("-> MASTER") ? MASTER : line.text().contains("-> FAULT") ? FAULT : TEXT;
            case SPLIT_BRAIN -> line.text().contains("SPLIT BRAIN") ? FAILED : TEXT;
            case PRIORITY, TRACKER, COMMAND -> TEXT;
        };
    }
}
