package net.tandem.agent;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.function.Consumer;
import net.tandem.agent.dump.Dumps;
import net.tandem.agent.linux.IgnoredSignals;
import net.tandem.agent.linux.RealtimeSignals;
import sun.misc.Signal;

/**
 * Installs the agent's handlers for the signals keepalived's runbooks send ({@link SignalFunction}),
 * so that none of them ends the agent without its priority-0 hand-over: the JVM's default for
 * SIGUSR1, SIGUSR2 and every real-time signal is to terminate at once, leaving the VIPs in the
 * kernel. SIGQUIT is left to the JVM (a thread dump on stderr; the agent runs on).
 *
 * <p>Handlers run as {@code sun.misc.Signal} runs them: on a new thread per signal, never in
 * signal context and never on the event loop. The JVM knows signals by name only, and no
 * real-time signal by name; those are registered by number through the JDK's internal signal
 * class, which needs {@code --add-opens java.base/jdk.internal.misc=ALL-UNNAMED} (bin/tandem-agent
 * passes it). Without it the signal is set to "ignore" instead (it cannot kill, but does nothing)
 * and the agent says so at startup.
 */
final class Signals {
    private static final System.Logger LOG = System.getLogger(Signals.class.getName());

    private Signals() {}

    /**
     * DATA (SIGUSR1), STATS (SIGUSR2), JSON (SIGRTMIN+2) write their dump; STATS_CLEAR (SIGRTMAX-1)
     * writes the stats dump but clears nothing: our counters are Prometheus counters, which only grow.
     * A dump that fails is logged; it never stops the agent.
     */
    static void installDumps(Dumps dumps) {
        on(SignalFunction.DATA, f -> dump(dumps, f, Dumps.Kind.DATA));
        on(SignalFunction.STATS, f -> dump(dumps, f, Dumps.Kind.STATS));
        on(SignalFunction.STATS_CLEAR, f -> dump(dumps, f, Dumps.Kind.STATS));
        on(SignalFunction.JSON, f -> dump(dumps, f, Dumps.Kind.JSON));
    }

    private static void dump(Dumps dumps, SignalFunction function, Dumps.Kind kind) {
        String signal = "SIG" + function.signalName();
        try {
            Path file = dumps.write(kind);
            LOG.log(
                    System.Logger.Level.INFO,
                    "tandem-agent: " + signal + " received: wrote " + file
                            + (function == SignalFunction.STATS_CLEAR
                                    ? " (counters are not cleared: they only grow)"
                                    : ""));
        } catch (IOException | RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "tandem-agent: " + signal + " received: no " + kind.fileName() + " written: " + e.getMessage());
        }
    }

    /** Calls {@code handler} on each {@code function} signal; warns and ignores it when that cannot be done. */
    static void on(SignalFunction function, Consumer<SignalFunction> handler) {
        Signal signal = function.realtime() ? byNumber(function) : new Signal(function.signalName());
        if (signal == null) {
            boolean ignored = RealtimeSignals.ignore(function.number());
            LOG.log(
                    System.Logger.Level.WARNING,
                    "tandem-agent: SIG" + function.signalName() + " (" + function + " dump) "
                            + (ignored ? "is ignored" : "cannot be ignored either: it would end the agent")
                            + ": the JVM needs --add-opens java.base/jdk.internal.misc=ALL-UNNAMED"
                            + " to handle it (bin/tandem-agent passes it)");
            return;
        }
        if (!function.realtime() && IgnoredSignals.resetIfIgnored(function.number())) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "tandem-agent: SIG" + function.signalName() + " was ignored when the agent started (nohup?);"
                            + " handling it all the same, as keepalived does");
        }
        Signal.handle(signal, s -> handler.accept(function));
    }

    /**
     * A {@code sun.misc.Signal} for a signal the JVM has no name for: one made for a named signal,
     * renumbered. The JVM itself accepts any number (it is how it registers every signal); only the
     * name lookup stands in the way. Returns null when the JDK's internals are closed to us.
     */
    private static Signal byNumber(SignalFunction function) {
        try {
            Signal signal = new Signal("USR1");
            Field delegate = Signal.class.getDeclaredField("iSignal");
            delegate.setAccessible(true);
            Object internal = delegate.get(signal);
            Field number = internal.getClass().getDeclaredField("number");
            Field name = internal.getClass().getDeclaredField("name");
            number.setAccessible(true);
            name.setAccessible(true);
            number.setInt(internal, function.number());
            name.set(internal, function.signalName());
            return signal;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
