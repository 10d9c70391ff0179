package net.tandem.agent.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Failover overhead: (new master's first advert) - (old master's last advert) - the interval the
 * protocol prescribes (Master_Down_Interval after a crash or a dead link, Skew_Time after the old
 * master's priority-0 advert), both adverts taken from one capture on the bridge. What remains is
 * the implementation's own delay: timer slack, scheduling, work between the timer and the send.
 *
 * <p>Node 1 (priority 200) is master, node 2 (priority 100) backup, one instance, both the same
 * implementation. Faults: node 1's link down, SIGKILL, SIGTERM (graceful). After each trial node 1
 * comes back (link up, or restarted) and preempts, and the next trial waits for the LAN to settle.
 */
final class FailoverScenario implements Bench.Scenario {
    enum Fault {
        LINK("master link down"),
        KILL("master SIGKILL"),
        STOP("master graceful stop");

        final String label;

        Fault(String label) {
            this.label = label;
        }
    }

    record Variant(String label, int version, double advertMillis, int trials) {}

    private static final String N1 = "192.0.2.1";
    private static final String N2 = "192.0.2.2";

    @Override
    public Table run(Bench.Options o) {
        List<Variant> variants = o.quick()
                ? List.of(new Variant("10 ms v3", 3, 10, 1))
                : List.of(new Variant("1 s v2", 2, 1000, 5), new Variant("10 ms v3", 3, 10, 20));
        Table table = new Table();
        for (Variant v : variants) {
            for (Fault f : Fault.values()) {
                List<List<Double>> byImpl = new ArrayList<>();
                for (Impl impl : List.of(Impl.TANDEM, Impl.KEEPALIVED)) {
                    byImpl.add(o.impls().contains(impl) ? trials(o, impl, v, f) : List.of());
                }
                String what = "failover overhead, " + f.label + ", " + v.label() + " (n=" + v.trials() + ")";
                table.add(what + " median", Stats.median(byImpl.get(0)), Stats.median(byImpl.get(1)), "ms");
                if (v.trials() > 1) {
                    table.add(what + " max", Stats.max(byImpl.get(0)), Stats.max(byImpl.get(1)), "ms");
                }
            }
        }
        return table;
    }

    private static List<Double> trials(Bench.Options o, Impl impl, Variant v, Fault f) {
        String tag =
                impl.name().toLowerCase() + "-v" + v.version() + "-" + f.name().toLowerCase();
        Path dir = Bench.subdir(o.dir(), "failover-" + tag);
        Path c1 = BenchConfig.write(
                dir, "node1.conf", BenchConfig.instances(1, 51, "eth0", 200, v.advertMillis(), v.version()));
        Path c2 = BenchConfig.write(
                dir, "node2.conf", BenchConfig.instances(1, 51, "eth0", 100, v.advertMillis(), v.version()));
        double expected = f == Fault.STOP
                ? BenchConfig.skewMillis(v.advertMillis(), 100)
                : BenchConfig.masterDownMillis(v.advertMillis(), 100);
        List<Double> out = new ArrayList<>();
        try (Lan lan = new Lan(2, dir)) {
            Capture cap = lan.capture("failover");
            lan.start(impl, 2, c2, "node2");
            Daemon master = lan.start(impl, 1, c1, "node1-0");
            for (int t = 0; t < v.trials(); t++) {
                if (!settled(cap, v.advertMillis())) {
                    System.err.println("bench: failover " + tag + ": the LAN did not settle (node 1 master, node 2"
                            + " silent) within 60 s; trial " + t + " skipped");
                    continue;
                }
                long faultAt = Bench.nowMicros();
                switch (f) {
                    case LINK -> lan.net.linkDown(lan.node(1));
                    case KILL -> master.crash();
                    case STOP -> master.stop();
                }
                long wait = (long) (BenchConfig.masterDownMillis(v.advertMillis(), 100) + 5000);
                Optional<Capture.Advert> taken =
                        cap.await(a -> a.source().equals(N2) && a.priority() > 0 && a.micros() > faultAt, wait);
                if (taken.isPresent()) {
                    long newAt = taken.get().micros();
                    Optional<Capture.Advert> last = cap.adverts().stream()
                            .filter(a -> a.source().equals(N1) && a.micros() < newAt)
                            .filter(a -> f != Fault.STOP || a.priority() == 0)
                            .reduce((a, b) -> b);
                    last.ifPresent(a -> out.add((newAt - a.micros()) / 1000.0 - expected));
                }
                switch (f) {
                    case LINK -> lan.net.linkUp(lan.node(1));
                    case KILL, STOP -> {
                        master.close();
                        master = lan.start(impl, 1, c1, "node1-" + (t + 1));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Node 1 advertises at priority 200 and node 2 has been silent for 3 intervals plus 200 ms: the
     * election is over and node 2 is an ordinary backup again.
     */
    static boolean settled(Capture cap, double advertMillis) {
        long quiet = (long) (3 * advertMillis * 1000) + 200_000;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            long now = Bench.nowMicros();
            List<Capture.Advert> all = cap.adverts();
            boolean masterLive = all.stream()
                    .anyMatch(a -> a.source().equals(N1)
                            && a.priority() == 200
                            && a.micros() > now - (long) (2 * advertMillis * 1000) - 100_000);
            boolean backupQuiet = all.stream().noneMatch(a -> a.source().equals(N2) && a.micros() > now - quiet);
            if (masterLive && backupQuiet) {
                return true;
            }
            Bench.sleep(20);
        }
        return false;
    }

    static OptionalDouble none() {
        return OptionalDouble.empty();
    }
}
