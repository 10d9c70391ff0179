package net.tandem.console.ui;

import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.input.KeyStroke;
import java.util.List;

/** The keys and what each column means; any key closes it. */
final class HelpWindow extends BasicWindow {
    static final String TEXT = String.join(
            "\n",
            "Keys (on the selected row)",
            "  Up/Down, j/k  select a row        PgUp/PgDn, Home/End  move faster",
            "  t  takeover: this row's node becomes MASTER of the instance now",
            "  r  release: this row's node sends priority 0 and stays BACKUP",
            "  p  set or clear a priority override (1-254) for the instance",
            "  m  maintenance on/off for the row's node (gives away all its VIPs)",
            "  ?  this help                    q  quit (changes nothing)",
            "",
            "Columns",
            "  PRIO     base -> effective priority; * = operator override",
            "  ADV INT  configured advert interval",
            "  ADV AGE  MASTER: since it sent its last advert;",
            "           others: since they last heard the master",
            "  DOWN IN  a BACKUP's master-down countdown (takes over at 0)",
            "  TRANS    state transitions since the agent started",
            "",
            "Warnings: SPLIT BRAIN (two MASTERs), NO MASTER (none among",
            "connected nodes), after the condition has held for 1 s.",
            "",
            "Press any key to close.");

    HelpWindow() {
        super("tandem-console help");
        setHints(List.of(Hint.MODAL, Hint.CENTERED));
        setComponent(new Label(TEXT));
    }

    @Override
    public boolean handleInput(KeyStroke key) {
        close();
        return true;
    }
}
