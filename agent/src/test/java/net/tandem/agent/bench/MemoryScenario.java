package net.tandem.agent.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Resident memory after a minute of normal work: the seed's two-node dual-master configuration, and
 * 255 instances (1 s v2 adverts) with node 1 master of all and node 2 backup of all. Each set-up
 * runs on a LAN of its own, all at once (memory does not depend on a neighbour's CPU, and the
 * minute is spent once). VmRSS counts the shared pages too (libjvm, the AOT cache, libc); RssAnon is
 * memory the process alone holds. keepalived's figures are its parent and VRRP child together.
 */
final class MemoryScenario implements Bench.Scenario {
    @Override
    public Table run(Bench.Options o) {
        long settleMillis = o.quick() ? 8_000 : 60_000;
        Map<Impl, long[][]> seed = new EnumMap<>(Impl.class); // [node][rss, anon]
        Map<Impl, long[][]> scale = new EnumMap<>(Impl.class);
        List<Lan> lans = new ArrayList<>();
        try {
            Map<Impl, List<Daemon>> seedDaemons = new EnumMap<>(Impl.class);
            Map<Impl, List<Daemon>> scaleDaemons = new EnumMap<>(Impl.class);
            for (Impl impl : o.impls()) {
                String tag = impl.name().toLowerCase();
                Path dir = Bench.subdir(o.dir(), "memory-" + tag);
                Lan a = new Lan(2, Bench.subdir(dir, "seed"));
                lans.add(a);
                List<Daemon> s = new ArrayList<>();
                for (int n = 1; n <= 2; n++) {
                    s.add(a.start(
                            impl,
                            n,
                            BenchConfig.write(a.dir, "node" + n + ".conf", BenchConfig.seed(n, false)),
                            "seed-node" + n));
                }
                seedDaemons.put(impl, s);
                Lan b = new Lan(2, Bench.subdir(dir, "scale"));
                lans.add(b);
                List<Daemon> c = new ArrayList<>();
                c.add(b.start(
                        impl,
                        1,
                        BenchConfig.write(b.dir, "node1.conf", BenchConfig.instances(255, 1, "eth0", 200, 1000, 2)),
                        "scale-node1"));
                c.add(b.start(
                        impl,
                        2,
                        BenchConfig.write(b.dir, "node2.conf", BenchConfig.instances(255, 1, "eth0", 100, 1000, 2)),
                        "scale-node2"));
                scaleDaemons.put(impl, c);
            }
            // The minute counts from when every daemon runs (Tandem: its launcher has exec'd the JVM), not from
            // the spawn: on a busy machine the launcher alone can take seconds.
            List<Daemon> all = new ArrayList<>();
            seedDaemons.values().forEach(all::addAll);
            scaleDaemons.values().forEach(all::addAll);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!all.stream().allMatch(Daemon::running) && System.nanoTime() < deadline) {
                Bench.sleep(50);
            }
            Bench.sleep(settleMillis);
            for (Impl impl : o.impls()) {
                seed.put(impl, measure(seedDaemons.get(impl)));
                scale.put(impl, measure(scaleDaemons.get(impl)));
            }
        } finally {
            lans.forEach(Lan::close);
        }
        String after = " after " + settleMillis / 1000 + " s";
        Table t = new Table();
        t.add("RSS, seed config, node 1" + after, mib(seed, 0, 0), mib(seed.get(Impl.KEEPALIVED), 0, 0), "MiB");
        t.add("RSS, seed config, node 2" + after, mib(seed, 1, 0), mib(seed.get(Impl.KEEPALIVED), 1, 0), "MiB");
        t.add(
                "private (RssAnon), seed config, node 1" + after,
                mib(seed, 0, 1),
                mib(seed.get(Impl.KEEPALIVED), 0, 1),
                "MiB");
        t.add("RSS, 255 instances, master" + after, mib(scale, 0, 0), mib(scale.get(Impl.KEEPALIVED), 0, 0), "MiB");
        t.add("RSS, 255 instances, backup" + after, mib(scale, 1, 0), mib(scale.get(Impl.KEEPALIVED), 1, 0), "MiB");
        t.add(
                "private (RssAnon), 255 instances, backup" + after,
                mib(scale, 1, 1),
                mib(scale.get(Impl.KEEPALIVED), 1, 1),
                "MiB");
        return t;
    }

    private static long[][] measure(List<Daemon> daemons) {
        long[][] out = new long[daemons.size()][];
        for (int i = 0; i < daemons.size(); i++) {
            Daemon d = daemons.get(i);
            out[i] = d.running() ? new long[] {d.rssKib(), d.anonKib()} : null;
        }
        return out;
    }

    private static OptionalDouble mib(Map<Impl, long[][]> m, int node, int field) {
        return mib(m.get(Impl.TANDEM), node, field);
    }

    private static OptionalDouble mib(long[][] values, int node, int field) {
        if (values == null || values[node] == null || values[node][field] == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(values[node][field] / 1024.0);
    }
}
