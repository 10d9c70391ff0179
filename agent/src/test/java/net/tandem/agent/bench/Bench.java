package net.tandem.agent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code bin/bench SCENARIO... [--against keepalived|--tandem-only] [--quick] [--keep-logs]}: Tandem and keepalived
 * on the same work in the same run, each scenario on a network-namespace LAN of its own, and a table
 * of both with the ratio. What each figure means: docs/benchmarks.md.
 *
 * <p>{@code --quick} runs every scenario briefly (one trial, short windows) so that bin/test proves
 * the harness still works: it fails when a scenario produced no figure for an implementation,
 * never on a figure's value.
 */
public final class Bench {
    static final Map<String, Supplier<Scenario>> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("startup", StartupScenario::new);
        SCENARIOS.put("cli", CliScenario::new);
        SCENARIOS.put("failover", FailoverScenario::new);
        SCENARIOS.put("takeover", TakeoverScenario::new);
        SCENARIOS.put("memory", MemoryScenario::new);
        SCENARIOS.put("scale", ScaleScenario::new);
        SCENARIOS.put("jitter", JitterScenario::new);
        SCENARIOS.put("scale4if", Scale4IfScenario::new);
    }

    /** A scenario: runs both implementations (or only Tandem) and returns its rows. */
    interface Scenario {
        Table run(Options options) throws Exception;
    }

    /** @param impls Tandem, and keepalived unless --tandem-only */
    record Options(boolean quick, List<Impl> impls, Path dir) {
        boolean withKeepalived() {
            return impls.contains(Impl.KEEPALIVED);
        }
    }

    private Bench() {}

    public static void main(String[] args) throws Exception {
        List<String> chosen = new ArrayList<>();
        boolean quick = false;
        boolean keepLogs = Boolean.getBoolean("tandem.bench.keepLogs");
        Boolean against = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--keep-logs" -> keepLogs = true;
                case "--against" -> {
                    if (i + 1 >= args.length || !args[i + 1].equals("keepalived")) {
                        usage("--against takes 'keepalived'");
                    }
                    against = true;
                    i++;
                }
                case "--tandem-only" -> against = false;
                case "all" -> chosen.addAll(SCENARIOS.keySet());
                default -> {
                    if (!SCENARIOS.containsKey(args[i])) {
                        usage("unknown scenario or option '" + args[i] + "'");
                    }
                    chosen.add(args[i]);
                }
            }
        }
        if (chosen.isEmpty()) {
            chosen.addAll(SCENARIOS.keySet());
        }
        boolean keepalivedThere = Files.isExecutable(Path.of("/usr/sbin/keepalived"));
        if (against == null) {
            against = keepalivedThere;
            if (!keepalivedThere) {
                System.err.println("bench: keepalived is not installed (apt-get install keepalived): Tandem only");
            }
        }
        List<Impl> impls = against ? List.of(Impl.TANDEM, Impl.KEEPALIVED) : List.of(Impl.TANDEM);
        Path dir = Files.createTempDirectory("tandem-bench-");
        Options options = new Options(quick, impls, dir);
        System.out.println("bench: " + String.join(" ", chosen) + (quick ? " (quick)" : "") + ", "
                + impls.stream().map(x -> x.label).toList() + ", started " + Instant.now() + ", logs in " + dir);
        Table all = new Table();
        List<String> failures = new ArrayList<>();
        for (String name : chosen) {
            long t0 = System.nanoTime();
            Table t;
            try {
                t = SCENARIOS.get(name).get().run(options);
            } catch (Exception | AssertionError e) {
                failures.add(name + ": " + e);
                e.printStackTrace();
                continue;
            }
            System.out.printf("%n## %s (%d s)%n%n%s", name, (System.nanoTime() - t0) / 1_000_000_000L, t.markdown());
            System.out.flush();
            t.missing(options.withKeepalived()).forEach(m -> failures.add(name + ": no figure for " + m));
            all.addAll(t);
        }
        System.out.println("\nbench: finished " + Instant.now());
        if (!failures.isEmpty()) {
            System.err.println("bench: the harness FAILED for:");
            failures.forEach(f -> System.err.println("  " + f));
            System.exit(1);
        }
        if (!keepLogs) {
            deleteTree(dir);
        }
    }

    private static void usage(String why) {
        System.err.println("bench: " + why);
        System.err.println("usage: bin/bench [micro | " + String.join(" | ", SCENARIOS.keySet())
                + " | all]... [--against keepalived | --tandem-only] [--quick] [--keep-logs]");
        System.exit(2);
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The repository's top directory (bin/bench passes it; else found from the working directory). */
    static Path top() {
        String p = System.getProperty("tandem.top");
        return p != null ? Path.of(p) : net.tandem.agent.testlab.Lab.repoRoot();
    }

    static Path subdir(Path dir, String name) {
        try {
            return Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("bench: cannot remove " + root + ": " + e);
        }
    }
}
