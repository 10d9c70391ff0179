package net.tandem.console.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A terminal the test can read and type into: one tmux session on a tmux server of its own
 * ({@code tmux -S SOCKET}, the socket in the test's temporary directory), so it never sees or
 * touches a developer's tmux sessions, and {@link #close} removes everything it started.
 */
final class Tmux implements AutoCloseable {

    private final Path socket;
    private final String session;
    private volatile String lastScreen = "";

    private Tmux(Path socket, String session) {
        this.socket = socket;
        this.session = session;
    }

    /**
     * Starts {@code command} (a shell command line) in a detached session of the given size, with
     * {@code env} added to the server's environment (a fresh server inherits ours).
     */
    static Tmux start(Path socket, int columns, int lines, Map<String, String> env, String command) {
        Tmux t = new Tmux(socket, "console");
        t.run(
                env,
                "new-session",
                "-d",
                "-s",
                t.session,
                "-x",
                Integer.toString(columns),
                "-y",
                Integer.toString(lines),
                command);
        return t;
    }

    /** What the terminal shows now, one line per row (trailing blanks dropped by tmux). */
    String screen() {
        lastScreen = run(Map.of(), "capture-pane", "-p", "-t", session);
        return lastScreen;
    }

    /** The last screen read, for failure messages. */
    String lastScreen() {
        return lastScreen;
    }

    /** Keys as tmux names them: {@code Down}, {@code Up}, {@code t}, {@code y}... */
    void press(String... keys) {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
        args.addAll(List.of(keys));
        run(Map.of(), args.toArray(String[]::new));
    }

    /** Reads the screen until {@code condition} holds; returns that screen, or fails with the last one. */
    String awaitScreen(String what, Duration timeout, Predicate<String> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String s = screen();
        while (!condition.test(s)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "the console's screen did not show " + what + " within " + timeout + "; it shows:\n" + s);
            }
            sleep(150);
            s = screen();
        }
        return s;
    }

    /** Kills the server, its session and whatever still runs in it. */
    @Override
    public void close() {
        try {
            new ProcessBuilder("tmux", "-S", socket.toString(), "kill-server")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String run(Map<String, String> env, String... args) {
        // -f /dev/null: the user's ~/.tmux.conf (key bindings, status line) is not part of the test.
        List<String> argv = new ArrayList<>(List.of("tmux", "-f", "/dev/null", "-S", socket.toString()));
        argv.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", argv) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", argv), e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
