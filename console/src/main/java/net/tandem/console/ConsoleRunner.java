package net.tandem.console;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.gui2.AsynchronousTextGUIThread;
import com.googlecode.lanterna.gui2.DefaultWindowManager;
import com.googlecode.lanterna.gui2.EmptySpace;
import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.gui2.SeparateTextGUIThread;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import net.tandem.console.config.ConsoleConfig;
import net.tandem.console.config.NodeAddress;
import net.tandem.console.model.ClusterModel;
import net.tandem.console.model.ConsoleClock;
import net.tandem.console.model.NodeConnection;
import net.tandem.console.ui.ConsoleUi;

/**
 * Runs the console on the process's terminal until the operator quits: the GUI on a thread of its
 * own, one connection per node delivering news to it, and a ticker that redraws ten times a second
 * so the advert ages move. Always a text terminal (never Lanterna's Swing emulator), so it works
 * the same over SSH.
 */
final class ConsoleRunner {
    /** How often the view is redrawn to move the live ages. */
    static final long REFRESH_MILLIS = 100;

    private ConsoleRunner() {}

    static void run(ConsoleConfig config, Function<NodeAddress, NodeConnection> connect)
            throws IOException, InterruptedException {
        // Connections first: a bad CA file is reported on a normal terminal, before the screen takes it over.
        Map<String, NodeConnection> connections = new LinkedHashMap<>();
        for (NodeAddress node : config.nodes()) {
            connections.put(node.name(), connect.apply(node));
        }
        Terminal terminal =
                new DefaultTerminalFactory().setForceTextTerminal(true).createTerminal();
        TerminalScreen screen = new TerminalScreen(terminal);
        screen.startScreen();
        screen.setCursorPosition(null);
        MultiWindowTextGUI gui = new MultiWindowTextGUI(
                new SeparateTextGUIThread.Factory(),
                screen,
                new DefaultWindowManager(),
                null,
                new EmptySpace(TextColor.ANSI.DEFAULT));
        CountDownLatch quit = new CountDownLatch(1);
        AtomicReference<Exception> failure = new AtomicReference<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("console-refresh").factory());
        try {
            ClusterModel model = new ClusterModel(
                    config.nodes().stream().map(NodeAddress::name).toList(), ConsoleClock.SYSTEM);
            ConsoleUi ui = new ConsoleUi(gui, model, connections, ConsoleClock.SYSTEM, quit::countDown);
            AsynchronousTextGUIThread guiThread = (AsynchronousTextGUIThread) gui.getGUIThread();
            guiThread.setExceptionHandler(new com.googlecode.lanterna.gui2.TextGUIThread.ExceptionHandler() {
                @Override
                public boolean onIOException(IOException e) {
                    return fail(e);
                }

                @Override
                public boolean onRuntimeException(RuntimeException e) {
                    return fail(e);
                }

                private boolean fail(Exception e) {
                    failure.set(e);
                    quit.countDown();
                    return true;
                }
            });
            guiThread.start();
            connections.forEach((name, connection) -> connection.start(ui.listenerFor(name)));
            ticker.scheduleAtFixedRate(ui::refresh, REFRESH_MILLIS, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
            quit.await();
            // Silence the news first, then stop the screen, so that nothing is handed to a stopped GUI thread.
            ticker.shutdownNow();
            connections.values().forEach(NodeConnection::close);
            guiThread.stop();
            guiThread.waitForStop(2, TimeUnit.SECONDS);
        } finally {
            ticker.shutdownNow();
            connections.values().forEach(NodeConnection::close);
            screen.stopScreen();
        }
        if (failure.get() != null) {
            throw new IOException("the console's screen failed: " + failure.get(), failure.get());
        }
    }
}
