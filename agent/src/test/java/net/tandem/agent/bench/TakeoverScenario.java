package net.tandem.agent.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.tandem.agent.testlab.TestNetwork.Node;

/**
 * Planned takeover: the backup (node 2) is told to become master, and we time from the command to
 * the VIP in node 2's kernel and to its removal from node 1's, polling {@code ip addr} every 5 ms.
 * Tandem: {@code tandemctl takeover INSTANCE} on node 2 (its wall time, a JVM start, included).
 * keepalived has no takeover command: the nearest is a higher priority in node 2's file and a
 * SIGHUP (reload), timed from the signal.
 */
final class TakeoverScenario implements Bench.Scenario {
    private static final String INSTANCE = "VI_eth0_51";

    @Override
    public Table run(Bench.Options o) throws Exception {
        int trials = o.quick() ? 1 : 5;
        List<List<Double>> toNew = new ArrayList<>();
        List<List<Double>> fromOld = new ArrayList<>();
        for (Impl impl : List.of(Impl.TANDEM, Impl.KEEPALIVED)) {
            List<Double> a = new ArrayList<>();
            List<Double> b = new ArrayList<>();
            if (o.impls().contains(impl)) {
                trials(o, impl, trials, a, b);
            }
            toNew.add(a);
            fromOld.add(b);
        }
        Table table = new Table();
        String how = " (median, n=" + trials + "; keepalived: priority raised + SIGHUP)";
        table.add(
                "planned takeover: command to VIP on the new master" + how,
                Stats.median(toNew.get(0)),
                Stats.median(toNew.get(1)),
                "ms");
        table.add(
                "planned takeover: command to VIP gone from the old master" + how,
                Stats.median(fromOld.get(0)),
                Stats.median(fromOld.get(1)),
                "ms");
        return table;
    }

    private static void trials(Bench.Options o, Impl impl, int trials, List<Double> toNew, List<Double> fromOld)
            throws Exception {
        Path dir = Bench.subdir(o.dir(), "takeover-" + impl.name().toLowerCase());
        String vip = BenchConfig.vip(51);
        Path c1 = BenchConfig.write(dir, "node1.conf", BenchConfig.instances(1, 51, "eth0", 200, 1000, 2));
        String backup = BenchConfig.instances(1, 51, "eth0", 100, 1000, 2);
        Path c2 = BenchConfig.write(dir, "node2.conf", backup);
        try (Lan lan = new Lan(2, dir)) {
            Capture cap = lan.capture("takeover");
            Daemon d2 = lan.start(impl, 2, c2, "node2");
            lan.start(impl, 1, c1, "node1");
            for (int t = 0; t < trials; t++) {
                if (!FailoverScenario.settled(cap, 1000) || !has(lan, lan.node(1), vip)) {
                    System.err.println(
                            "bench: takeover " + impl.label + ": node 1 did not settle as master; trial skipped");
                    continue;
                }
                long t0 = System.nanoTime();
                Thread command;
                if (impl == Impl.TANDEM) {
                    command = Thread.ofPlatform()
                            .start(() -> ctl(lan.node(2), Daemon.controlTarget(dir, "node2"), "takeover", INSTANCE));
                } else {
                    Files.writeString(c2, backup.replace("priority 100", "priority 250"));
                    t0 = System.nanoTime();
                    d2.process().signal("HUP");
                    command = Thread.ofPlatform().start(() -> {});
                }
                double gained = -1;
                double lost = -1;
                long deadline = t0 + 15_000_000_000L;
                while ((gained < 0 || lost < 0) && System.nanoTime() < deadline) {
                    if (gained < 0 && has(lan, lan.node(2), vip)) {
                        gained = (System.nanoTime() - t0) / 1e6;
                    }
                    if (lost < 0 && !has(lan, lan.node(1), vip)) {
                        lost = (System.nanoTime() - t0) / 1e6;
                    }
                    Bench.sleep(5);
                }
                command.join();
                if (gained >= 0 && lost >= 0) {
                    toNew.add(gained);
                    fromOld.add(lost);
                }
                // Back to node 1 as master for the next trial.
                if (impl == Impl.TANDEM) {
                    ctl(lan.node(2), Daemon.controlTarget(dir, "node2"), "release", INSTANCE);
                } else {
                    Files.writeString(c2, backup);
                    d2.process().signal("HUP");
                }
            }
        }
    }

    /** Whether the VIP is on the node's eth0 ({@code ip -n}: one process, no namespace switch of our own). */
    static boolean has(Lan lan, Node node, String vip) {
        try {
            return CliScenario.run(List.of("ip", "-n", node.namespace(), "-4", "-o", "addr", "show", "dev", "eth0"))
                    .contains(" " + vip + "/");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** tandemctl in the node's namespace, to the agent's control socket (the default socket is another path). */
    private static void ctl(Node node, String target, String... args) {
        List<String> argv = new ArrayList<>(List.of(
                "ip",
                "netns",
                "exec",
                node.namespace(),
                Bench.top().resolve("bin/tandemctl").toString(),
                "--target",
                target));
        argv.addAll(List.of(args));
        try {
            CliScenario.run(argv);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
