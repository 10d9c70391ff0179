package net.tandem.console.ui;

import net.tandem.console.model.Row;

/** What the operator's keys do to the selected row. {@link MainView} calls these on the GUI thread. */
interface Operator {
    void takeover(Row row);

    void release(Row row);

    void priority(Row row);

    void maintenance(Row row);

    void help();

    void quit();
}
