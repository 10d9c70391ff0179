package net.tandem.console.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.tandem.agent.testlab.TestNetwork.Node;

/**
 * One run of {@code tandemctl ARGS} inside a node's namespace, against that node's agent on its control socket
 * unless ARGS has a --target, and what came of it. tandemctl runs as its own JVM from this module's test classpath
 * (target/classes and the dependencies surefire resolved), as the agents do: no launcher build, and
 * the code under test is exactly what this build compiled.
 *
 * @param exitCode   tandemctl's exit code (docs/api.md: 0 ok, 1 refused, 2 usage, 3 unreachable, 4 not allowed)
 * @param out        its stdout
 * @param err        its stderr
 * @param returnedAt when the process had exited
 */
record TandemCtlRun(int exitCode, String out, String err, Instant returnedAt) {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * The first run pays for a cold start (classes read from disk): not in any timing. It also shows
     * that an agent that is not there is exit code 3.
     */
    static void warmUp(Node node) {
        TandemCtlRun r = in(node, "--target", "127.0.0.1:7199", "--timeout", "2", "status");
        if (r.exitCode != 3) {
            throw new AssertionError("tandemctl against a closed port: expected exit 3 (unreachable), got " + r.exitCode
                    + "\nstdout: " + r.out + "\nstderr: " + r.err);
        }
    }

    static TandemCtlRun in(Node node, String... args) {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> argv = new ArrayList<>(List.of(
                "ip",
                "netns",
                "exec",
                node.namespace(),
                java,
                "--sun-misc-unsafe-memory-access=allow",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "net.tandem.console.ctl.TandemCtl"));
        if (!List.of(args).contains("--target")) {
            argv.addAll(List.of("--target", "unix:" + node.controlSocket())); // the node's agent, as root
        }
        argv.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("tandemctl " + String.join(" ", args) + " on " + node + " did not exit within "
                        + TIMEOUT.toSeconds() + " s");
            }
            Instant returned = Instant.now();
            return new TandemCtlRun(p.exitValue(), out, err.join(), returned);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs it and insists on exit code 0. */
    static TandemCtlRun ok(Node node, String... args) {
        TandemCtlRun r = in(node, args);
        if (r.exitCode != 0) {
            throw new AssertionError("tandemctl " + String.join(" ", args) + " on " + node + ": exit " + r.exitCode
                    + "\nstdout: " + r.out + "\nstderr: " + r.err);
        }
        return r;
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
