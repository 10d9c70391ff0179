package net.tandem.agent.track;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import net.tandem.agent.linux.Libc;

/**
 * Runs scripts as keepalived does, but never on the event loop: each run waits on a virtual
 * thread. Every run starts in a session and process group of its own ({@code setsid}, which
 * execs in place because a freshly spawned child is not a group leader, so the group id is the
 * child's pid); at the timeout the whole group gets SIGKILL, so that a script's children (a
 * {@code sleep}, a hung {@code curl}) die with it. stdin is /dev/null and output is discarded:
 * the exit code is the answer. The script gets a fresh, minimal environment and no capability
 * ({@link ScriptEnvironment}).
 */
public final class ProcessScriptRunner implements ScriptRunner, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ProcessScriptRunner.class.getName());
    private static final File DEV_NULL = new File("/dev/null");

    private final ExecutorService waiters = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("tandem-script-", 0).factory());

    @Override
    public void run(String name, List<String> argv, Duration timeout, Consumer<Outcome> done) {
        waiters.execute(() -> done.accept(runNow(name, argv, timeout)));
    }

    /** Runs {@code argv} and waits for it (at most {@code timeout}); for callers already off the loop. */
    public static Outcome runNow(String name, List<String> argv, Duration timeout) {
        List<String> command = command(argv, ScriptEnvironment.capabilityPrefix());
        Process p;
        try {
            p = ScriptEnvironment.apply(new ProcessBuilder(command))
                    .redirectInput(DEV_NULL)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return Outcome.failed("cannot start " + argv.getFirst() + ": " + e.getMessage());
        }
        try {
            if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                int code = p.exitValue();
                if (code == 127) {
                    // setsid's (or the exec's) "command not found": say so, not just "exit 127".
                    return new Outcome(127, false, "exit 127 (command not found? " + argv.getFirst() + ")");
                }
                return Outcome.exited(code);
            }
            killGroup(name, p);
            return Outcome.timedOut(timeout);
        } catch (InterruptedException e) {
            killGroup(name, p);
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted (agent stopping); its process group was killed");
        }
    }

    /** setsid, then (when the agent would pass capabilities on) setpriv dropping them, then the script. */
    static List<String> command(List<String> argv, List<String> capabilityPrefix) {
        List<String> command = new ArrayList<>(List.of("setsid"));
        command.addAll(capabilityPrefix);
        command.addAll(argv);
        return command;
    }

    /** SIGKILL to the whole process group, then reap the leader. */
    static void killGroup(String name, Process p) {
        int pgid = (int) p.pid();
        if (Libc.kill(-pgid, Libc.SIGKILL) != 0 && Libc.errno() != Libc.ESRCH) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "{0}: cannot kill process group {1} (errno {2}); killing the script only",
                    name,
                    pgid,
                    Libc.errno());
            p.destroyForcibly();
        }
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        waiters.shutdownNow();
    }
}
