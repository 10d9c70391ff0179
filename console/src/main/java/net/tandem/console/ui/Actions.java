package net.tandem.console.ui;

import com.googlecode.lanterna.gui2.WindowBasedTextGUI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import net.tandem.console.model.ClusterModel;
import net.tandem.console.model.CommandResult;
import net.tandem.console.model.Link;
import net.tandem.console.model.NodeConnection;
import net.tandem.console.model.Row;

/**
 * The operator's commands: each asks for confirmation in a dialog, sends the command to the
 * row's node without blocking the GUI thread, and shows the outcome in the status line and the
 * event pane once the node answers.
 */
final class Actions implements Operator {
    private final WindowBasedTextGUI gui;
    private final ClusterModel model;
    private final Map<String, NodeConnection> connections;
    private final Runnable quit;
    private MainView view;

    Actions(WindowBasedTextGUI gui, ClusterModel model, Map<String, NodeConnection> connections, Runnable quit) {
        this.gui = gui;
        this.model = model;
        this.connections = connections;
        this.quit = quit;
    }

    void attach(MainView mainView) {
        this.view = mainView;
    }

    @Override
    public void takeover(Row row) {
        if (!commandable(row, "take over")) {
            return;
        }
        String what = "takeover " + row.instance() + " on " + row.node();
        confirm(
                "Takeover",
                "Make " + row.node() + " MASTER of " + row.instance() + " now?\n\n"
                        + row.node() + " advertises a priority above the current master's,\n"
                        + "which steps down at once; " + String.join(", ", row.vips()) + " move to " + row.node()
                        + ".\n"
                        + "The override lasts until release (r) or clear (p, c).",
                () -> send(row.node(), what, () -> connection(row).takeover(row.instance())));
    }

    @Override
    public void release(Row row) {
        if (!commandable(row, "release")) {
            return;
        }
        String what = "release " + row.instance() + " on " + row.node();
        confirm(
                "Release",
                "Release " + row.instance() + " on " + row.node() + "?\n\n"
                        + row.node() + " sends priority 0 and stays BACKUP; the best backup\n"
                        + "takes over after Skew_Time. Clear the override (p, c) to undo.",
                () -> send(row.node(), what, () -> connection(row).release(row.instance())));
    }

    @Override
    public void priority(Row row) {
        if (!commandable(row, "change the priority of")) {
            return;
        }
        String description = row.instance() + " on " + row.node() + ": base " + row.basePriority() + ", effective "
                + row.effectivePriority() + (row.override().isPresent() ? " (operator override)" : "");
        gui.addWindow(new PriorityDialog(
                "Priority override",
                description,
                row.override(),
                priority -> send(
                        row.node(),
                        "priority " + row.instance() + " " + priority + " on " + row.node(),
                        () -> connection(row).setPriority(row.instance(), priority)),
                () -> send(
                        row.node(),
                        "clear priority override of " + row.instance() + " on " + row.node(),
                        () -> connection(row).clearPriority(row.instance()))));
    }

    @Override
    public void maintenance(Row row) {
        if (row.link() != Link.CONNECTED) {
            refuse(notConnected(row) + ": cannot switch its maintenance mode");
            return;
        }
        boolean on = !model.maintenance(row.node());
        String what = "maintenance " + (on ? "on" : "off") + " for " + row.node();
        String question = on
                ? "Put " + row.node() + " in maintenance?\n\nEvery instance on " + row.node()
                        + " gives its VIPs away and stays BACKUP\nuntil maintenance is switched off (m again)."
                : "Take " + row.node() + " out of maintenance?\n\nIts instances take part in elections again"
                        + "\n(and may take their VIPs back, with preemption).";
        confirm(
                "Maintenance",
                question,
                () -> send(row.node(), what, () -> connection(row).setMaintenance(on)));
    }

    @Override
    public void help() {
        gui.addWindow(new HelpWindow());
    }

    @Override
    public void quit() {
        quit.run();
    }

    private boolean commandable(Row row, String verb) {
        if (row.link() != Link.CONNECTED) {
            refuse(notConnected(row) + ": cannot " + verb + " " + (row.instance() == null ? "it" : row.instance()));
            return false;
        }
        if (row.instance() == null) {
            refuse(row.node() + " has no VRRP instance to " + verb);
            return false;
        }
        return true;
    }

    private static String notConnected(Row row) {
        return row.node() + (row.link() == Link.CONNECTING ? " is not connected yet" : " is unreachable");
    }

    private void refuse(String text) {
        view.setStatus(new Status(text, Status.Tone.FAILED));
    }

    private void confirm(String title, String question, Runnable onYes) {
        gui.addWindow(new ConfirmDialog(title, question, onYes));
    }

    /** Sends a command; its outcome comes back to the GUI thread, to the status line and the event pane. */
    private void send(String node, String what, Supplier<CompletableFuture<CommandResult>> command) {
        view.setStatus(new Status(what + ": waiting for " + node + "...", Status.Tone.PENDING));
        command.get().whenComplete((result, error) -> {
            CommandResult outcome = error != null ? CommandResult.failed(String.valueOf(error.getMessage())) : result;
            gui.getGUIThread().invokeLater(() -> done(node, what, outcome));
        });
    }

    private void done(String node, String what, CommandResult result) {
        if (result.ok() && what.startsWith("maintenance ")) {
            model.maintenanceSet(node, what.startsWith("maintenance on"));
        }
        model.commandOutcome(node, what, result);
        view.setStatus(new Status(
                what + (result.ok() ? ": ok: " : ": FAILED: ") + result.message(),
                result.ok() ? Status.Tone.OK : Status.Tone.FAILED));
    }

    private NodeConnection connection(Row row) {
        return connections.get(row.node());
    }
}
