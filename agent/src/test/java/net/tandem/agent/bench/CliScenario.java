package net.tandem.agent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Command-line wall time: {@code tandem-agent --check} of the seed configuration against
 * {@code keepalived -t}, and {@code tandemctl status} over TLS with a token from the client's
 * namespace to an agent (keepalived has no equivalent: its state is read from dump files after a
 * signal).
 */
final class CliScenario implements Bench.Scenario {
    @Override
    public Table run(Bench.Options o) throws Exception {
        int trials = o.quick() ? 1 : 7;
        Path dir = Bench.subdir(o.dir(), "cli");
        Path seed = BenchConfig.write(dir, "seed-node1.conf", BenchConfig.seed(1, false));
        Path top = Bench.top();
        Table table = new Table();
        List<Timing> check = new ArrayList<>();
        List<Timing> ktest = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            check.add(timed(List.of(top.resolve("bin/tandem-agent").toString(), "--check", "-f", seed.toString())));
            if (o.withKeepalived()) {
                ktest.add(timed(List.of("keepalived", "-t", "-f", seed.toString())));
            }
        }
        table.add(
                "`--check` of the seed config, wall (median, n=" + trials + "; keepalived -t)",
                wall(check),
                ktest.isEmpty() ? OptionalDouble.empty() : wall(ktest),
                "ms");
        table.add(
                "`--check` of the seed config, CPU user+sys (median, n=" + trials + "; keepalived -t)",
                cpu(check),
                ktest.isEmpty() ? OptionalDouble.empty() : cpu(ktest),
                "ms");
        List<Timing> status = tandemctlStatus(o, dir, trials);
        table.tandemOnly(
                "`tandemctl status` over TLS with a token, wall (median, n=" + trials + ")", wall(status), "ms");
        table.tandemOnly(
                "`tandemctl status` over TLS with a token, CPU user+sys (median, n=" + trials + ")", cpu(status), "ms");
        return table;
    }

    private static List<Timing> tandemctlStatus(Bench.Options o, Path dir, int trials) throws Exception {
        Path pki = Bench.subdir(dir, "pki");
        run(List.of(Bench.top().resolve("bin/lib/throwaway-pki").toString(), pki.toString()));
        run(List.of(
                Bench.top().resolve("bin/lib/throwaway-pki").toString(),
                pki.toString(),
                "node1",
                "server",
                "/CN=node1",
                "IP:192.0.2.1"));
        Path token = pki.resolve("admin.token");
        Files.writeString(token, "bench-" + Long.toHexString(System.nanoTime()) + "-admin-token-0123456789\n");
        Files.setPosixFilePermissions(token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String control = "tandem_control {\n    listen 192.0.2.1:7112\n    tls_cert " + pki.resolve("node1.crt")
                + "\n    tls_key " + pki.resolve("node1.key") + "\n    admin_token_file " + token + "\n}\n";
        Path conf = BenchConfig.write(dir, "tls-node1.conf", BenchConfig.seed(1, false) + "\n" + control);
        List<Timing> walls = new ArrayList<>();
        try (Lan lan = new Lan(1, dir)) {
            var client = lan.net.addClient();
            Daemon agent = lan.start(Impl.TANDEM, 1, conf, "tls-agent");
            agent.process()
                    .awaitLog(java.util.regex.Pattern.compile("control: listening"), java.time.Duration.ofSeconds(30));
            List<String> ctl = List.of(
                    "ip",
                    "netns",
                    "exec",
                    client.namespace(),
                    Bench.top().resolve("bin/tandemctl").toString(),
                    "--target",
                    "192.0.2.1:7112",
                    "--ca",
                    pki.resolve("ca.crt").toString(),
                    "--token-file",
                    token.toString(),
                    "status");
            run(ctl); // the first call may build the console's AOT cache: not timed
            for (int i = 0; i < trials; i++) {
                walls.add(timed(ctl));
            }
        }
        return walls;
    }

    /** One timed run: wall and CPU (user + system, the command and its children) time, in ms. */
    record Timing(double wallMillis, double cpuMillis) {}

    /**
     * Runs the command to completion under bash's {@code time} (which reports the CPU its children used);
     * fails on a non-zero exit. CPU time is what a loaded machine does not inflate; wall time is what a user waits.
     */
    static Timing timed(List<String> argv) throws IOException, InterruptedException {
        List<String> bash = new ArrayList<>(
                List.of("bash", "-c", "TIMEFORMAT='cpu %3U %3S'; time \"$@\" >/dev/null 2>&1 || exit 1", "bash"));
        bash.addAll(argv);
        long t0 = System.nanoTime();
        String out = run(bash);
        double wall = (System.nanoTime() - t0) / 1e6;
        String[] f = out.lines()
                .filter(l -> l.startsWith("cpu "))
                .reduce((a, b) -> b)
                .orElseThrow()
                .split(" ");
        return new Timing(wall, (Double.parseDouble(f[1]) + Double.parseDouble(f[2])) * 1000);
    }

    static OptionalDouble wall(List<Timing> ts) {
        return Stats.median(ts.stream().map(Timing::wallMillis).toList());
    }

    static OptionalDouble cpu(List<Timing> ts) {
        return Stats.median(ts.stream().map(Timing::cpuMillis).toList());
    }

    static String run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("exit " + p.exitValue() + ": " + String.join(" ", argv) + "\n" + out);
        }
        return out;
    }
}
