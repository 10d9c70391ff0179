package net.tandem.agent.testlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A daemon started by a test inside a node's namespace, its stdout and stderr going to one log
 * file. Tests wait on log lines ({@link #awaitLog}) rather than sleeping; {@link #close()} always
 * kills, so a failed test never leaves a daemon behind.
 */
public abstract class LoggedProcess implements AutoCloseable {
    private static final long POLL_MILLIS = 20;

    protected final String name;
    protected final Process process;
    protected final Path log;

    protected LoggedProcess(String name, List<String> argv, Path log) {
        this.name = name;
        this.log = log;
        try {
            Files.deleteIfExists(log);
            this.process = new ProcessBuilder(argv)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", argv), e);
        }
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    /** Sends the signal {@code name} (HUP, USR1...) to the process, as {@code kill -NAME} does. */
    public void signal(String name) {
        try {
            int exit = new ProcessBuilder("kill", "-" + name, Long.toString(pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid() + " exited " + exit);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public List<String> logLines() {
        try {
            return Files.exists(log)
                    ? Files.readString(log, StandardCharsets.UTF_8).lines().toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The number of log lines so far: pass it to {@link #awaitLog(int, Pattern, Duration)} to wait for new ones only. */
    public int mark() {
        return logLines().size();
    }

    /** Waits for a log line matching {@code pattern} (anywhere in it); returns the line. */
    public String awaitLog(Pattern pattern, Duration timeout) {
        return awaitLog(0, pattern, timeout);
    }

    /** Waits for a line after the first {@code fromLine} lines to match {@code pattern}; returns the line. */
    public String awaitLog(int fromLine, Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> hit = findLog(fromLine, pattern);
            if (hit.isPresent()) {
                return hit.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": no log line matching /" + pattern + "/ within " + timeout.toMillis()
                        + " ms" + (process.isAlive() ? "" : " (the process exited with " + process.exitValue() + ")")
                        + "; log:\n" + String.join("\n", logLines()));
            }
            sleep(POLL_MILLIS);
        }
    }

    public Optional<String> findLog(int fromLine, Pattern pattern) {
        List<String> lines = logLines();
        return lines.subList(Math.min(fromLine, lines.size()), lines.size()).stream()
                .filter(l -> pattern.matcher(l).find())
                .findFirst();
    }

    public boolean hasLog(Pattern pattern) {
        return findLog(0, pattern).isPresent();
    }

    /** SIGTERM, then waits for the exit (SIGKILL after {@code timeout}); returns the exit code. */
    public int sigterm(Duration timeout) {
        process.destroy();
        return awaitExit(timeout);
    }

    /** Sends signal {@code number} (as {@code kill -NUMBER PID}: real-time signals have no portable name). */
    public void signal(int number) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + number, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) {
                throw new AssertionError("kill -" + number + " " + process.pid() + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL, as a crash; waits for the process to be gone. */
    public void sigkill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(5));
    }

    protected int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError(name + " did not exit within " + timeout.toMillis() + " ms; killed it");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The log with a header, for a failed test's report. */
    public String dump() {
        return "----- " + name + " (" + log + ", " + (process.isAlive() ? "running" : "exit " + process.exitValue())
                + ") -----\n" + String.join("\n", logLines()) + "\n----- end of " + name + " -----";
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
