package net.tandem.agent;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntSupplier;
import net.tandem.agent.linux.RealtimeSignals;

/**
 * What each signal asks of the agent, under keepalived's names, so that a runbook's
 * {@code kill -s $(keepalived --signum=DATA) ...} works with {@code tandem-agent --signum=DATA}.
 * The numbers are keepalived's (lib/signals.c, get_signum); the real-time ones are counted from
 * this C library's SIGRTMIN and SIGRTMAX, as keepalived's are.
 */
public enum SignalFunction {
    /** Hand over (priority 0) and exit. */
    STOP("TERM", () -> 15),
    /** Reload the configuration file. */
    RELOAD("HUP", () -> 1),
    /** Write the data dump (keepalived: /tmp/keepalived.data). */
    DATA("USR1", () -> 10),
    /** Write the stats dump (keepalived: /tmp/keepalived.stats). */
    STATS("USR2", () -> 12),
    /** keepalived: write the stats dump and zero the counters. Tandem writes it and keeps counting (see docs). */
    STATS_CLEAR("RTMAX-1", () -> RealtimeSignals.max() - 1),
    /** Write the JSON dump (keepalived built with --enable-json: /tmp/keepalived.json). */
    JSON("RTMIN+2", () -> RealtimeSignals.min() + 2);

    private final String signalName;
    private final IntSupplier number;

    SignalFunction(String signalName, IntSupplier number) {
        this.signalName = signalName;
        this.number = number;
    }

    /** The signal's name without "SIG", as {@code kill -s} takes it: USR1, RTMIN+2. */
    public String signalName() {
        return signalName;
    }

    /** The signal's number on this system. */
    public int number() {
        return number.getAsInt();
    }

    /** Whether the JVM knows the signal by name ({@code sun.misc.Signal}); it knows no real-time signal. */
    boolean realtime() {
        return signalName.startsWith("RT");
    }

    /** keepalived's --signum names are case-sensitive: {@code DATA}, not {@code data}. */
    public static Optional<SignalFunction> named(String name) {
        return Arrays.stream(values()).filter(f -> f.name().equals(name)).findFirst();
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(Enum::name).toList());
    }

    /**
     * {@code --signum=NAME}: prints the number alone on a line, as keepalived does, and returns 0;
     * an unknown name is a usage error (2), with the names that exist.
     */
    static int printNumber(String name, PrintWriter out, PrintWriter err) {
        Optional<SignalFunction> f = named(name);
        if (f.isEmpty()) {
            err.println("tandem-agent: unknown signal function \"" + name + "\" for --signum; one of " + names());
            err.flush();
            return 2;
        }
        out.println(f.get().number());
        out.flush();
        return 0;
    }
}
