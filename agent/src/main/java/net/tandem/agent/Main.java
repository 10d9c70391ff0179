package net.tandem.agent;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import net.tandem.agent.config.ConfigCheck;
import net.tandem.agent.config.ConfigLoader;
import net.tandem.agent.config.ConfigResult;
import net.tandem.agent.config.ControlConfig;
import net.tandem.agent.control.ControlServer;
import net.tandem.agent.control.ListenProbe;
import net.tandem.agent.dump.Dumps;
import net.tandem.agent.dump.RunDirectory;
import net.tandem.agent.node.DataPlaneException;
import net.tandem.agent.track.ScriptSafetyCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code tandem-agent}: the per-node daemon's command line. Deliberately thin: what each option does lives in the
 * package that owns it. Exit codes: 0 ok, 1 configuration errors, 2 usage error, 3 cannot run.
 */
@Command(
        name = "tandem-agent",
        mixinStandardHelpOptions = true,
        version = "tandem-agent 0.1.0",
        description = "Keeps virtual IP addresses alive with VRRP, reading keepalived.conf syntax.")
public final class Main implements Callable<Integer> {

    static final int OK = 0;
    /** The configuration has errors. */
    static final int CONFIG_ERRORS = 1;
    /** The agent cannot run at all: no privileges, a missing interface, ... */
    static final int CANNOT_RUN = 3;

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-f", "--use-file"},
            paramLabel = "FILE",
            description = "Configuration file, in keepalived.conf syntax (required unless --signum).")
    Path configFile;

    @Option(
            names = "--check",
            description = "Check the configuration, print every problem, and exit"
                    + " (0 if usable, 1 if not), like keepalived -t.")
    boolean check;

    @Option(
            names = "--explain",
            description = "With --check: list each keepalived keyword the file uses, with what Tandem does with it"
                    + " (honoured, accepted with a warning, refused) and why.")
    boolean explain;

    @Option(names = "--debug", description = "Log more: every discarded packet and netlink event.")
    boolean debug;

    @Option(
            names = "--control",
            paramLabel = "ADDR:PORT",
            description = "Also serve the control API over TCP on ADDR:PORT (needs admin_token_file in"
                    + " tandem_control; off loopback TLS too). Default: no TCP, the Unix socket DIR/control.sock"
                    + " of --run-dir only.")
    String control;

    @Option(
            names = "--signum",
            paramLabel = "SIGFUNC",
            description = "Print the number of the signal for STOP, RELOAD, DATA, STATS, STATS_CLEAR or JSON"
                    + " and exit, like keepalived --signum (kill -s $(tandem-agent --signum=DATA) PID).")
    String signum;

    @Option(
            names = "--run-dir",
            paramLabel = "DIR",
            description = "Where the dumps go: tandem.data (SIGUSR1), tandem.stats (SIGUSR2), tandem.json"
                    + " (SIGRTMIN+2), the control socket control.sock and tandem.pid (locked: one agent per directory)."
                    + " Created 0700 if missing; must be ours and not writable by others"
                    + " (default /run/tandem).")
    Path runDir = RunDirectory.DEFAULT;

    @Override
    public Integer call() {
        return call(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    private Integer call(PrintWriter out, PrintWriter err) {
        if (signum != null) {
            return SignalFunction.printNumber(signum, out, err);
        }
        if (configFile == null) {
            throw UsageError.missingFile(spec);
        }
        if (check) {
            return ConfigCheck.run(configFile, explain, out, err, ScriptSafetyCheck::diagnose);
        }
        return run(out, err);
    }

    /**
     * Runs the agent in the foreground until SIGTERM or SIGINT, then stops it as keepalived does:
     * masters hand over with a priority-0 advert and remove their addresses; exit code 0.
     */
    private int run(PrintWriter out, PrintWriter err) {
        ConfigResult result = ConfigLoader.load(configFile);
        result.diagnostics().forEach(d -> err.println(d));
        if (result.hasErrors()) {
            err.println("tandem-agent: " + configFile + " has errors; not starting (tandem-agent --check -f "
                    + configFile + " lists them)");
            err.flush();
            return CONFIG_ERRORS;
        }
        err.flush();
        LogFormat.install(debug);
        ControlConfig controlConfig;
        try {
            controlConfig = result.config().controlOrDefaults().withRunDir(runDir);
            if (control != null) {
                controlConfig = controlConfig.withListen(control);
            }
            controlConfig.validate();
        } catch (IllegalArgumentException e) {
            err.println("tandem-agent: " + e.getMessage());
            err.flush();
            return CONFIG_ERRORS;
        }
        // One agent per run directory, before anything touches the interfaces: a second agent started by mistake
        // stops here (its start would remove the running one's VIPs as "leftovers"). A file lock: cheap, unlike
        // the control server, which now starts after the data plane.
        RunLock runLock;
        try {
            runLock = RunLock.take(runDir);
            ListenProbe.check(controlConfig); // a taken TCP port, too, ends the start before the interfaces
        } catch (IOException e) {
            err.println("tandem-agent: cannot start: " + e.getMessage());
            err.flush();
            return CANNOT_RUN;
        }
        Agent agent = new Agent(result.config(), configFile);
        try {
            // The data plane first: leftover VIPs of a crashed run go, the instances start (their timers run
            // on the event loop from here on).
            agent.start();
        } catch (DataPlaneException | IOException | IllegalArgumentException e) {
            err.println("tandem-agent: cannot start: " + e.getMessage());
            err.flush();
            agent.close();
            runLock.close();
            return CANNOT_RUN;
        }
        // vrrp_priority, vrrp_rt_priority, vrrp_no_swap, vrrp_cpu_affinity: after the data plane's threads exist.
        ProcessTuner.apply(result.config().globals().tuning());
        // SIGTERM and SIGINT from here on: the instances run, and a stop during the control server's start must
        // still hand over with priority 0 and remove the addresses (the JVM's own handling would just exit).
        CountDownLatch stop = new CountDownLatch(1);
        String[] stoppedBy = new String[1];
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> {
                stoppedBy[0] = "SIG" + s.getName();
                stop.countDown();
            });
        }
        Signals.installDumps(new Dumps(agent.control(), new RunDirectory(runDir), Clock.systemUTC()));
        // Then the control API, on this thread while the instances already run on theirs: it reads the tokens and
        // certificates and binds its socket and port; gRPC and Netty load only when the first client connects
        // (ControlServer). Its failure still ends the start, with its reason as the last line.
        ControlServer controlServer = new ControlServer(controlConfig, agent.control());
        // A reload applies tandem_control too (new tokens, a rotated certificate); --control still wins.
        agent.addReloadListener(next -> controlServer.reload(
                control == null
                        ? next.controlOrDefaults().withRunDir(runDir)
                        : next.controlOrDefaults().withRunDir(runDir).withListen(control)));
        try {
            controlServer.start();
        } catch (IOException | IllegalArgumentException e) {
            controlServer.close();
            agent.close();
            runLock.close();
            err.println("tandem-agent: cannot start: " + e.getMessage());
            err.flush();
            return CANNOT_RUN;
        }
        agent.notifySystemd(
                "READY=1\nSTATUS=running " + agent.config().instances().size() + " instances from " + configFile
                        + "\nMAINPID=" + ProcessHandle.current().pid());
        Signal.handle(new Signal("HUP"), s -> reload(agent));
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.getLogger(Main.class.getName())
                .log(
                        System.Logger.Level.INFO,
                        "tandem-agent: " + stoppedBy[0] + " received: stopping (masters hand over with priority 0)");
        agent.notifySystemd("STOPPING=1");
        controlServer.stop(java.time.Duration.ofSeconds(2));
        agent.close();
        runLock.close();
        System.getLogger(Main.class.getName()).log(System.Logger.Level.INFO, "tandem-agent: stopped");
        return OK;
    }

    /**
     * SIGHUP, as keepalived: reload the configuration file. A file with errors is rejected and the
     * agent runs on with the old one. Runs on the JVM's signal thread, never on the event loop.
     */
    static void reload(Agent agent) {
        System.Logger log = System.getLogger(Main.class.getName());
        log.log(System.Logger.Level.INFO, "tandem-agent: SIGHUP received: reloading " + agent.configFile());
        agent.notifySystemd("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000);
        var result = agent.reload();
        agent.notifySystemd(
                "READY=1\nSTATUS=" + (result.applied() ? "reloaded" : "reload rejected: " + result.summary()));
        if (!result.applied()) {
            log.log(System.Logger.Level.WARNING, "tandem-agent: reload rejected: " + result.summary());
        }
    }

    public static void main(String[] args) {
        Main plain = parsePlain(args);
        int code = plain != null ? plain.runPlain() : withPicocli(args);
        if (plain != null && (plain.check || plain.signum != null)) {
            // A one-shot command that has printed and flushed everything and registered no shutdown hook: halt, not
            // exit. System.exit asks the System.Logger of java.lang.Runtime whether to log the exit, and finding the
            // logging backend opens every jar of the class path (ServiceLoader): ~0.1 s of a --check that never logs.
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(code);
        }
        System.exit(code);
    }

    /**
     * picocli's usage error, made in a class of its own: a {@code throw} of a picocli type in Main would make the
     * JVM load picocli's classes (from its jar, after opening the class path's jars one by one) to check Main
     * against its AOT-cached verification, at every start, although the usual command lines never throw it.
     */
    private static final class UsageError {
        static RuntimeException missingFile(CommandSpec spec) {
            return new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--use-file=FILE'");
        }
    }

    private static int withPicocli(String[] args) {
        return new CommandLine(new Main()).execute(args);
    }

    /**
     * The command lines that systemd, scripts and the benchmarks use ({@code -f FILE} with the long options, each
     * once, as {@code --opt VALUE} or {@code --opt=VALUE}), parsed without picocli: its classes are Java 5 bytecode,
     * which the AOT cache cannot hold, so loading and verifying them cost every start ~170 classes and a good part of
     * {@code --check}'s time. Anything else (help, version, a mistake, a short option cluster) returns null and goes
     * to picocli, which stays the one place that prints the usage and the errors.
     */
    static Main parsePlain(String[] args) {
        Main m = new Main();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("--use-file")) {
                name = "-f";
            }
            if (!seen.add(name)) {
                return null; // picocli says "should be specified only once"
            }
            switch (name) {
                case "--check", "--explain", "--debug" -> {
                    if (value != null) {
                        return null;
                    }
                    switch (name) {
                        case "--check" -> m.check = true;
                        case "--explain" -> m.explain = true;
                        default -> m.debug = true;
                    }
                }
                case "-f", "--control", "--signum", "--run-dir" -> {
                    if (value == null) {
                        if (arg.contains("=") || i + 1 == args.length || args[i + 1].startsWith("-")) {
                            return null;
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "-f" -> m.configFile = Path.of(value);
                        case "--control" -> m.control = value;
                        case "--signum" -> m.signum = value;
                        default -> m.runDir = Path.of(value);
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return m.signum == null && m.configFile == null ? null : m;
    }

    private int runPlain() {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        try {
            return call(out, err);
        } catch (RuntimeException e) {
            e.printStackTrace(err); // as picocli's execute: the trace, exit code 1
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
