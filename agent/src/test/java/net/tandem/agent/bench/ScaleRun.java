package net.tandem.agent.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import net.tandem.agent.testlab.DebianPackages;

/**
 * 255 instances, v3 adverts every 100 ms (2,550 adverts/s on the LAN), node 1 master of all
 * (priority 200), node 2 backup of all: CPU of each node's daemon, and the master's advert jitter
 * (|gap between two adverts of one VRID - 100 ms|, from the bridge capture), first on an idle
 * machine, then with both cores busy ({@code stress-ng --cpu 2}, at the daemons' own nice level).
 * A "flap" is an advert from node 2 at a priority above 0 during a window: the backup thought the
 * master gone. Then the same once more, both cores busy, with what docs/benchmarks.md tells an operator
 * of a loaded host to set ({@link #TUNING}, in global_defs, which both implementations honour): the
 * figure an operator who followed the advice gets. The scale and jitter scenarios share one run.
 */
final class ScaleRun {
    static final int INSTANCES = 255;
    static final double ADVERT_MS = 100;

    record Window(
            double masterCpuPercent,
            double backupCpuPercent,
            List<Double> jitterMs,
            int flaps,
            double advertsPerSecond) {}

    record Result(Window idle, Window loaded, Window loadedTuned) {}

    /**
     * docs/benchmarks.md, "On a loaded host": real-time scheduling and locked memory. keepalived also needs a
     * larger {@code vrrp_rlimit_rttime} (CPU time between blocking calls, 10 ms by default): with 255 instances its
     * real-time VRRP process exceeded it at start and the kernel killed it (SIGKILL), again and again.
     */
    static final String TUNING =
            "global_defs {\n    vrrp_rt_priority 50\n    vrrp_no_swap\n    vrrp_rlimit_rttime 1000000\n}\n";

    private static final Map<Impl, Result> DONE = new EnumMap<>(Impl.class);

    static synchronized Map<Impl, Result> of(Bench.Options o) throws Exception {
        for (Impl impl : o.impls()) {
            if (!DONE.containsKey(impl)) {
                DONE.put(impl, run(o, impl));
            }
        }
        return DONE;
    }

    private static Result run(Bench.Options o, Impl impl) throws Exception {
        long windowMillis = o.quick() ? 3_000 : 30_000;
        Path dir = Bench.subdir(o.dir(), "scale-" + impl.name().toLowerCase());
        Window[] plain = windows(o, impl, dir, "", windowMillis, true);
        Path tunedDir = Bench.subdir(o.dir(), "scale-tuned-" + impl.name().toLowerCase());
        Window[] tuned = windows(o, impl, tunedDir, TUNING, windowMillis, false);
        return new Result(plain[0], plain[1], tuned[1]);
    }

    /**
     * One LAN, the two nodes with {@code globalDefs} before their instances: an idle window (when
     * {@code idleToo}) and a window with both cores busy; [idle or null, loaded].
     */
    private static Window[] windows(
            Bench.Options o, Impl impl, Path dir, String globalDefs, long windowMillis, boolean idleToo)
            throws Exception {
        Path c1 = BenchConfig.write(
                dir, "node1.conf", globalDefs + BenchConfig.instances(INSTANCES, 1, "eth0", 200, ADVERT_MS, 3));
        Path c2 = BenchConfig.write(
                dir, "node2.conf", globalDefs + BenchConfig.instances(INSTANCES, 1, "eth0", 100, ADVERT_MS, 3));
        try (Lan lan = new Lan(2, dir)) {
            Capture cap = lan.capture("scale");
            Daemon backup = lan.start(impl, 2, c2, "node2");
            Daemon master = lan.start(impl, 1, c1, "node1");
            if (!FailoverScenario.settled(cap, ADVERT_MS)) {
                throw new IllegalStateException(impl.label + ": 255 instances did not settle within 60 s");
            }
            Bench.sleep(2_000);
            Window idle = idleToo ? window(cap, master, backup, windowMillis) : null;
            DebianPackages.require("stress-ng", "stress-ng");
            Process stress = new ProcessBuilder(
                            "stress-ng", "--cpu", "2", "--timeout", (windowMillis / 1000 + 10) + "s", "--quiet")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stress-ng.log").toFile())
                    .start();
            try {
                Bench.sleep(1_000);
                Window loaded = window(cap, master, backup, windowMillis);
                return new Window[] {idle, loaded};
            } finally {
                stress.destroy();
                stress.waitFor();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Window window(Capture cap, Daemon master, Daemon backup, long millis) {
        long m0 = master.cpuMillis();
        long b0 = backup.cpuMillis();
        long from = Bench.nowMicros();
        Bench.sleep(millis);
        long to = Bench.nowMicros();
        double masterCpu = (master.cpuMillis() - m0) * 100.0 / millis;
        double backupCpu = (backup.cpuMillis() - b0) * 100.0 / millis;
        Bench.sleep(300); // let tcpdump write the window's last lines
        Map<Integer, Long> last = new HashMap<>();
        List<Double> jitter = new ArrayList<>();
        int flaps = 0;
        int adverts = 0;
        for (Capture.Advert a : cap.adverts()) {
            if (a.micros() < from || a.micros() > to) {
                continue;
            }
            if (a.source().equals("192.0.2.2")) {
                if (a.priority() > 0) {
                    flaps++;
                }
                continue;
            }
            adverts++;
            Long prev = last.put(a.vrid(), a.micros());
            if (prev != null) {
                jitter.add(Math.abs((a.micros() - prev) / 1000.0 - ADVERT_MS));
            }
        }
        return new Window(masterCpu, backupCpu, jitter, flaps, adverts * 1000.0 / millis);
    }

    static OptionalDouble get(Map<Impl, Result> r, Impl impl, java.util.function.Function<Result, Double> f) {
        Result x = r.get(impl);
        return x == null ? OptionalDouble.empty() : OptionalDouble.of(f.apply(x));
    }

    static OptionalDouble stat(
            Map<Impl, Result> r, Impl impl, java.util.function.Function<Result, Window> w, double q) {
        Result x = r.get(impl);
        return x == null ? OptionalDouble.empty() : Stats.quantile(w.apply(x).jitterMs(), q);
    }
}
