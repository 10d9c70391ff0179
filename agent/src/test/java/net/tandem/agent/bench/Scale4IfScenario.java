package net.tandem.agent.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import net.tandem.agent.testlab.TestNetwork;
import net.tandem.agent.testlab.TestNetwork.Node;

/**
 * Many instances over 4 interfaces (issue 11 asks for 1000; 720 is near the most both implementations accept within the
 * documentation ranges, see below): each node has eth0..eth3, each on a LAN (bridge) of its own, with VRIDs 1..180
 * on each (a VRID is per interface), v3 adverts every second (720 adverts/s over the 4 LANs), node 1 master of all
 * (priority 200), node 2 backup of all. Figures, as the 255-instance scale scenario takes them: CPU of each node's
 * daemon over the window, the master's adverts/s seen on the 4 bridges, resident memory of both daemons after the
 * window, and flaps (adverts from node 2 at a priority above 0 during the window).
 *
 * <p>Why 1 s and not 100 ms: at 100 ms this would be 7,200 adverts/s, sent by keepalived's single VRRP process and
 * captured by four tcpdumps on a 2-core machine shared with builds; the figures would be the capture's and the
 * machine's, not the daemons'. 1 s is keepalived's default interval and the usual one at this many instances.
 *
 * <p>Why 720 and not 1000: keepalived 2.2 refuses an instance without a VIP ("No VIP specified; at least one is
 * required") and Tandem refuses one address as the VIP of two instances, even on two interfaces ("is already a
 * virtual address of"), so every instance needs an address of its own, and 192.0.2.0/24, 198.51.100.0/24 and
 * 203.0.113.0/24 hold 768. Addresses: LAN k (eth k, bridge br k) is 192.0.2.(8k)/29, node n at 192.0.2.(8k + n);
 * the /32 VIPs are 198.51.100.1..254, 203.0.113.1..254, then 192.0.2.32..243, eth0 taking the first 180 of them,
 * eth1 the next 180, and so on.
 */
final class Scale4IfScenario implements Bench.Scenario {
    static final int INTERFACES = 4;
    static final int PER_INTERFACE = 180;
    static final double ADVERT_MS = 1000;
    private static final String AT = ", 720 (4 x 180) x 1 s v3 over 4 interfaces";

    record Result(
            double masterCpuPercent,
            double backupCpuPercent,
            double advertsPerSecond,
            int flaps,
            double masterRssMib,
            double backupRssMib) {}

    @Override
    public Table run(Bench.Options o) throws Exception {
        Map<Impl, Result> r = new EnumMap<>(Impl.class);
        for (Impl impl : o.impls()) {
            r.put(impl, run(o, impl));
        }
        Table t = new Table();
        t.add(
                "CPU, master" + AT,
                get(r, Impl.TANDEM, Result::masterCpuPercent),
                get(r, Impl.KEEPALIVED, Result::masterCpuPercent),
                "%");
        t.add(
                "CPU, backup" + AT,
                get(r, Impl.TANDEM, Result::backupCpuPercent),
                get(r, Impl.KEEPALIVED, Result::backupCpuPercent),
                "%");
        t.add(
                "adverts/s sent by the master" + AT,
                get(r, Impl.TANDEM, Result::advertsPerSecond),
                get(r, Impl.KEEPALIVED, Result::advertsPerSecond),
                "/s");
        t.add(
                "resident memory, master" + AT,
                get(r, Impl.TANDEM, Result::masterRssMib),
                get(r, Impl.KEEPALIVED, Result::masterRssMib),
                "MiB");
        t.add(
                "resident memory, backup" + AT,
                get(r, Impl.TANDEM, Result::backupRssMib),
                get(r, Impl.KEEPALIVED, Result::backupRssMib),
                "MiB");
        t.add(
                "flaps (backup adverts)" + AT,
                get(r, Impl.TANDEM, x -> (double) x.flaps()),
                get(r, Impl.KEEPALIVED, x -> (double) x.flaps()),
                "");
        return t;
    }

    private static OptionalDouble get(Map<Impl, Result> r, Impl impl, Function<Result, Double> f) {
        Result x = r.get(impl);
        return x == null ? OptionalDouble.empty() : OptionalDouble.of(f.apply(x));
    }

    /** Node {@code n}'s address on LAN {@code k}. */
    static String address(int k, int n) {
        return "192.0.2." + (8 * k + n);
    }

    /** The {@code m}-th VIP (1-based, m <= 731): 198.51.100.1..254, 203.0.113.1..254, 192.0.2.32..254. */
    static String vip(int m) {
        if (m < 1 || m > 731) {
            throw new IllegalArgumentException("VIP number " + m);
        }
        return m <= 508 ? BenchConfig.vip(m) : "192.0.2." + (m - 508 + 31);
    }

    private static Result run(Bench.Options o, Impl impl) {
        long windowMillis = o.quick() ? 3_000 : 30_000;
        Path dir = Bench.subdir(o.dir(), "scale4if-" + impl.name().toLowerCase());
        Path c1 = BenchConfig.write(dir, "node1.conf", config(200));
        Path c2 = BenchConfig.write(dir, "node2.conf", config(100));
        try (Lan lan = new Lan(2, dir)) {
            addInterfaces(lan);
            List<Capture> caps = new ArrayList<>();
            for (int k = 0; k < INTERFACES; k++) {
                caps.add(lan.own(Capture.start(lan.net, "br" + k, dir, "scale4if-br" + k)));
            }
            Daemon backup = lan.start(impl, 2, c2, "node2");
            Daemon master = lan.start(impl, 1, c1, "node1");
            if (!settled(caps)) {
                throw new IllegalStateException(impl.label + ": 720 instances over 4 interfaces did not settle"
                        + " (node 1 master of all, node 2 silent) within 120 s");
            }
            Bench.sleep(2_000);
            long m0 = master.cpuMillis();
            long b0 = backup.cpuMillis();
            long from = Bench.nowMicros();
            Bench.sleep(windowMillis);
            long to = Bench.nowMicros();
            double masterCpu = (master.cpuMillis() - m0) * 100.0 / windowMillis;
            double backupCpu = (backup.cpuMillis() - b0) * 100.0 / windowMillis;
            double masterRss = master.rssKib() / 1024.0;
            double backupRss = backup.rssKib() / 1024.0;
            Bench.sleep(300); // let tcpdump write the window's last lines
            int adverts = 0;
            int flaps = 0;
            for (int k = 0; k < INTERFACES; k++) {
                for (Capture.Advert a : caps.get(k).adverts()) {
                    if (a.micros() < from || a.micros() > to) {
                        continue;
                    }
                    if (a.source().equals(address(k, 1))) {
                        adverts++;
                    } else if (a.source().equals(address(k, 2)) && a.priority() > 0) {
                        flaps++;
                    }
                }
            }
            return new Result(masterCpu, backupCpu, adverts * 1000.0 / windowMillis, flaps, masterRss, backupRss);
        }
    }

    private static java.util.function.IntFunction<String> vipOf(int k) {
        return i -> vip(1 + PER_INTERFACE * k + i);
    }

    /** Both nodes' keepalived.conf: VRIDs 1..180 on each of eth0..eth3, all BACKUP at {@code priority}. */
    static String config(int priority) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < INTERFACES; k++) {
            sb.append(BenchConfig.instances(PER_INTERFACE, 1, "eth" + k, priority, ADVERT_MS, 3, vipOf(k)));
        }
        return sb.toString();
    }

    /**
     * Gives both nodes eth1..eth3, each on a bridge of its own (br1..br3 in the LAN's bridge namespace), and moves
     * eth0 from the test network's 192.0.2.n/24 into LAN 0's /29, so that the four LANs' subnets do not overlap.
     */
    static void addInterfaces(Lan lan) {
        TestNetwork net = lan.net;
        String bridges = net.bridgeNamespace();
        for (int n = 1; n <= 2; n++) {
            Node node = lan.node(n);
            net.exec(node, "ip", "addr", "del", "192.0.2." + n + "/24", "dev", "eth0");
            net.exec(node, "ip", "addr", "add", address(0, n) + "/29", "dev", "eth0");
        }
        for (int k = 1; k < INTERFACES; k++) {
            net.exec(bridges, "ip", "link", "add", "br" + k, "type", "bridge", "mcast_snooping", "0");
            net.exec(bridges, "ip", "link", "set", "br" + k, "up");
            for (int n = 1; n <= 2; n++) {
                Node node = lan.node(n);
                String port = "vnode" + n + "e" + k;
                net.exec(
                        bridges,
                        "ip",
                        "link",
                        "add",
                        port,
                        "type",
                        "veth",
                        "peer",
                        "name",
                        "eth" + k,
                        "netns",
                        node.namespace());
                net.exec(bridges, "ip", "link", "set", port, "master", "br" + k, "up");
                net.exec(node, "ip", "addr", "add", address(k, n) + "/29", "dev", "eth" + k);
                net.exec(node, "ip", "link", "set", "eth" + k, "up");
            }
        }
    }

    /**
     * Whether every one of the 720 instances has had an advert from node 1 at priority 200 in the last 2.2
     * intervals while node 2 has been silent for 3.2, polled until 120 s have passed.
     */
    private static boolean settled(List<Capture> caps) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        long live = (long) (2.2 * ADVERT_MS * 1000);
        long quiet = (long) (3.2 * ADVERT_MS * 1000);
        while (System.nanoTime() < deadline) {
            long now = Bench.nowMicros();
            Set<Integer> masters = new HashSet<>();
            boolean backupQuiet = true;
            for (int k = 0; k < INTERFACES; k++) {
                for (Capture.Advert a : caps.get(k).adverts()) {
                    if (a.source().equals(address(k, 1)) && a.priority() == 200 && a.micros() > now - live) {
                        masters.add(k * 1000 + a.vrid());
                    } else if (a.source().equals(address(k, 2)) && a.micros() > now - quiet) {
                        backupQuiet = false;
                    }
                }
            }
            if (masters.size() == INTERFACES * PER_INTERFACE && backupQuiet) {
                return true;
            }
            Bench.sleep(200);
        }
        return false;
    }
}
