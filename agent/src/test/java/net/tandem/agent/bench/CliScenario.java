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
        List<Double> check = new ArrayList<>();
        List<Double> ktest = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            check.add(
                    wallMillis(List.of(top.resolve("bin/tandem-agent").toString(), "--check", "-f", seed.toString())));
            if (o.withKeepalived()) {
                ktest.add(wallMillis(List.of("keepalived", "-t", "-f", seed.toString())));
            }
        }
        table.add(
                "`--check` of the seed config, wall (median, n=" + trials + "; keepalived -t)",
                Stats.median(check),
                ktest.isEmpty() ? OptionalDouble.empty() : Stats.median(ktest),
                "ms");
        table.tandemOnly(
                "`tandemctl status` over TLS with a token, wall (median, n=" + trials + ")",
                tandemctlStatus(o, dir, trials),
                "ms");
        return table;
    }

    private static OptionalDouble tandemctlStatus(Bench.Options o, Path dir, int trials) throws Exception {
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
        List<Double> walls = new ArrayList<>();
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
                walls.add(wallMillis(ctl));
            }
        }
        return Stats.median(walls);
    }

    /** Runs the command to completion; its wall time in ms. Fails on a non-zero exit. */
    static double wallMillis(List<String> argv) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        run(argv);
        return (System.nanoTime() - t0) / 1e6;
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
