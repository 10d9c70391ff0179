package net.tandem.agent.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Start to first advert: from spawning the daemon (Tandem through bin/tandem-agent) to its first
 * advert on the wire, less Master_Down_Interval, which both must wait. The seed's configuration with
 * both instances BACKUP (keepalived makes a MASTER instance master at once, Tandem waits; the
 * comparison needs both to wait), alone on the LAN.
 */
final class StartupScenario implements Bench.Scenario {
    @Override
    public Table run(Bench.Options o) {
        int trials = o.quick() ? 1 : 5;
        // VI_1 has priority 100 and 1 s adverts: it is the first to become master.
        double mdi = BenchConfig.masterDownMillis(1000, 100);
        Map<Impl, List<Double>> beyond = new EnumMap<>(Impl.class);
        Path dir = Bench.subdir(o.dir(), "startup");
        try (Lan lan = new Lan(1, dir)) {
            Path conf = BenchConfig.write(dir, "seed-node1.conf", BenchConfig.seed(1, true));
            Capture cap = lan.capture("startup");
            for (int t = 0; t < trials; t++) {
                for (Impl impl : o.impls()) {
                    Daemon d = lan.start(impl, 1, conf, impl.name().toLowerCase() + "-" + t);
                    var first = cap.await(a -> a.micros() > d.startedMicros && a.priority() > 0, 20_000);
                    first.ifPresent(a -> beyond.computeIfAbsent(impl, k -> new ArrayList<>())
                            .add((a.micros() - d.startedMicros) / 1000.0 - mdi));
                    d.stop();
                    d.close();
                    Bench.sleep(200);
                }
            }
        }
        Table table = new Table();
        table.add(
                "start to first advert, beyond Master_Down_Interval (median, n=" + trials + ")",
                median(beyond.get(Impl.TANDEM)),
                median(beyond.get(Impl.KEEPALIVED)),
                "ms");
        return table;
    }

    static OptionalDouble median(List<Double> xs) {
        return xs == null ? OptionalDouble.empty() : Stats.median(xs);
    }
}
