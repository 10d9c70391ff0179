package net.tandem.console.ui;

import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowBasedTextGUI;
import java.util.List;
import java.util.Map;
import net.tandem.console.model.ClusterModel;
import net.tandem.console.model.ConsoleClock;
import net.tandem.console.model.NodeConnection;
import net.tandem.console.model.NodeEvent;
import net.tandem.console.model.NodeListener;
import net.tandem.console.model.NodeSnapshot;
import net.tandem.console.model.Row;

/**
 * The console's screen on a given text GUI: the full-screen main window, the listeners that carry
 * each node's news onto the GUI thread, and the refresh that moves the live ages. Who runs the GUI
 * thread (a real terminal, or a test with a virtual one) is the caller's business.
 */
public final class ConsoleUi {
    private final WindowBasedTextGUI gui;
    private final ClusterModel model;
    private final MainView view;
    private final BasicWindow window;

    public ConsoleUi(
            WindowBasedTextGUI gui,
            ClusterModel model,
            Map<String, NodeConnection> connections,
            ConsoleClock clock,
            Runnable quit) {
        this.gui = gui;
        this.model = model;
        Actions actions = new Actions(gui, model, connections, quit);
        this.view = new MainView(model, clock, actions);
        actions.attach(view);
        this.window = new BasicWindow("tandem-console");
        window.setHints(List.of(Window.Hint.FULL_SCREEN, Window.Hint.NO_DECORATIONS, Window.Hint.FIT_TERMINAL_WINDOW));
        window.setComponent(view);
        window.setFocusedInteractable(view);
        gui.addWindow(window);
    }

    /**
     * What a connection calls, from any thread: each call is handed to the GUI thread, where the
     * model is updated and the view redrawn.
     */
    public NodeListener listenerFor(String node) {
        return new NodeListener() {
            @Override
            public void connecting() {
                later(() -> model.connecting(node));
            }

            @Override
            public void snapshot(NodeSnapshot snapshot) {
                later(() -> model.snapshot(node, snapshot));
            }

            @Override
            public void event(NodeEvent event) {
                later(() -> model.event(node, event));
            }

            @Override
            public void unreachable(String reason, long retryInNanos) {
                later(() -> model.unreachable(node, reason, retryInNanos));
            }
        };
    }

    /** Redraws with the ages as of now; call it from any thread (the console does, every 100 ms). */
    public void refresh() {
        later(() -> {});
    }

    public Window window() {
        return window;
    }

    /** The row under the cursor (GUI thread only). */
    public Row selectedRow() {
        return view.selectedRow();
    }

    private void later(Runnable change) {
        try {
            gui.getGUIThread().invokeLater(() -> {
                change.run();
                view.invalidate();
            });
        } catch (IllegalStateException e) {
            // The GUI thread has stopped (the console is quitting): there is no screen left to update.
        }
    }
}
