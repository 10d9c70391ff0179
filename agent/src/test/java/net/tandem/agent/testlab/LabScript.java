package net.tandem.agent.testlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code bin/tandem-lab} as a test runs it: with namespace names of its own
 * ({@code TANDEM_LAB_PREFIX}) and a state directory of its own ({@code TANDEM_LAB_DIR}), so it
 * never touches a developer's lab or another test's.
 */
public final class LabScript {

    public static final Path RUN_NETNS = Path.of("/run/netns");
    private static final long TIMEOUT_SECONDS = 300; // the first `up` may build the agent

    public record Result(int exitCode, String output) {
        public Result ok() {
            if (exitCode != 0) {
                throw new AssertionError("exit code " + exitCode + "; output:\n" + output);
            }
            return this;
        }
    }

    public final Path top;
    public final String prefix;
    public final Path dir;

    public LabScript(String prefix, Path dir) {
        this.top = projectRoot();
        this.prefix = prefix;
        this.dir = dir;
    }

    /** What the lab's commands need to find this lab, for processes started some other way (tmux). */
    public Map<String, String> env() {
        return Map.of("TANDEM_LAB_PREFIX", prefix, "TANDEM_LAB_DIR", dir.toString());
    }

    public Result lab(String... args) {
        List<String> argv =
                new ArrayList<>(List.of(top.resolve("bin/tandem-lab").toString()));
        argv.addAll(List.of(args));
        return run(argv);
    }

    public Result run(List<String> argv) {
        try {
            ProcessBuilder pb =
                    new ProcessBuilder(argv).redirectErrorStream(true).directory(top.toFile());
            pb.environment().putAll(env());
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes(); // ends when the script exits (agents write to their logs)
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", argv));
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", argv), e);
        }
    }

    public String namespace(String name) {
        return prefix + "-" + name;
    }

    /** This lab's namespaces that exist now. */
    public List<String> namespaces() {
        if (!Files.isDirectory(RUN_NETNS)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(RUN_NETNS)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix + "-"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Which of {@code candidates} {@code node}'s eth0 holds, as the kernel says. */
    public Set<String> addresses(String node, Set<String> candidates) {
        String out = run(List.of("ip", "-n", namespace(node), "-4", "-o", "addr", "show", "dev", "eth0"))
                .ok()
                .output();
        return out.lines()
                .map(l -> l.split("\\s+")[3].replaceAll("/.*", ""))
                .filter(candidates::contains)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Waits until {@code node}'s eth0 holds exactly {@code expected} among {@code candidates}. */
    public void awaitAddresses(String node, Set<String> candidates, Duration timeout, String... expected) {
        Set<String> want = new TreeSet<>(Arrays.asList(expected));
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> seen = addresses(node, candidates);
        while (!seen.equals(want) && System.nanoTime() < deadline) {
            pause(100);
            seen = addresses(node, candidates);
        }
        if (!seen.equals(want)) {
            throw new AssertionError(node + "'s eth0 holds " + seen + " after " + timeout + ", expected " + want
                    + "; bin/tandem-lab status:\n" + lab("status").output());
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The directory holding bin/tandem-lab: surefire runs in a module's folder, a developer may run from the top. */
    private static Path projectRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isExecutable(d.resolve("bin/tandem-lab"))) {
                return d;
            }
        }
        throw new IllegalStateException(
                "bin/tandem-lab not found above " + Path.of("").toAbsolutePath());
    }
}
