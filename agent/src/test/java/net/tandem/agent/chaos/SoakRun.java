package net.tandem.agent.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.tandem.agent.testlab.TestNetwork;
import net.tandem.agent.testlab.TestNetwork.Node;

/**
 * bin/soak's Java side: {@code SoakRun --minutes N [--dir DIR]}. Two Tandem agents with 255 VRRP
 * instances each (VRIDs 1..255, 1 s adverts; node1 master of the odd ones, node2 of the even ones;
 * VIPs 198.51.100.1..254 and 203.0.113.1, /32), and a fault every 30 s, in turn: node1's link down for
 * 4 s; node2 unable to receive for 5 s; 20 % loss on node1's link for 10 s; node1 reloaded (SIGHUP);
 * node2 unable to send for 5 s. Every minute it prints, per agent, the resident memory (VmRSS), the
 * GC pauses of the minute (from -Xlog:gc), the event loop's lateness reports (the agent logs a timer
 * that fires more than 50 ms late, and a watchdog stall) and the state transitions it logged. No fault
 * stops or kills an agent: a stopped agent's timers all fire late (and a killed one's memory starts
 * again), which would hide what the soak is for, the agents' own lateness and memory over time;
 * bin/chaos has those faults.
 */
public final class SoakRun {
    static final int INSTANCES = 255;
    private static final Pattern GC_PAUSE = Pattern.compile("Pause .* (\\d+\\.\\d+)ms$");
    private static final Pattern LATE = Pattern.compile("fired (\\d+\\.\\d+) ms late|event loop stalled (\\d+) ms");
    private static final Pattern TRANSITION = Pattern.compile("VI_\\d+: \\w+ -> (MASTER|BACKUP|FAULT)");

    private SoakRun() {}

    public static void main(String[] args) throws IOException {
        int minutes = 10;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> minutes = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("usage: SoakRun --minutes N [--dir DIR]");
            }
        }
        if (dir == null) {
            dir = Files.createTempDirectory("tandem-soak-");
        }
        Files.createDirectories(dir);
        try (TestNetwork net = TestNetwork.create()) {
            Node n1 = net.addNode(), n2 = net.addNode();
            net.addClient();
            List<Node> nodes = List.of(n1, n2);
            List<Daemon> agents = new ArrayList<>();
            List<Path> gcLogs = new ArrayList<>();
            // Interrupted (^C, SIGTERM): the agents go too, before the network's own hook removes the namespaces.
            Thread reaper = new Thread(() -> {
                synchronized (agents) {
                    agents.forEach(Daemon::close);
                }
            });
            Runtime.getRuntime().addShutdownHook(reaper);
            try {
                for (int i = 0; i < 2; i++) {
                    Path conf = dir.resolve("soak-node" + (i + 1) + ".conf");
                    Files.writeString(conf, config(i + 1), StandardCharsets.UTF_8);
                    Path gc = dir.resolve("gc-node" + (i + 1) + ".log");
                    gcLogs.add(gc);
                    List<String> jvm = new ArrayList<>(launcherFlags());
                    jvm.add("-Xlog:gc:file=" + gc + ":uptime");
                    Daemon d = new Daemon(Impl.TANDEM, nodes.get(i), conf, dir, jvm);
                    d.start();
                    synchronized (agents) {
                        agents.add(d);
                    }
                }
                soak(net, nodes, agents, gcLogs, minutes);
            } finally {
                clearRules(net);
                agents.forEach(Daemon::stop);
                agents.forEach(Daemon::close);
            }
        }
        System.err.println("soak: logs in " + dir);
    }

    static String config(int node) {
        StringBuilder b = new StringBuilder("global_defs {\n    router_id soak" + node + "\n}\n");
        for (int vrid = 1; vrid <= INSTANCES; vrid++) {
            boolean mine = (vrid % 2 == 1) == (node == 1);
            String vip = vrid < 255 ? "198.51.100." + vrid : "203.0.113.1";
            b.append("vrrp_instance VI_")
                    .append(vrid)
                    .append(" {\n    state BACKUP\n    interface eth0\n    virtual_router_id ")
                    .append(vrid)
                    .append("\n    priority ")
                    .append(mine ? 100 : 90)
                    .append("\n    advert_int 1\n    virtual_ipaddress {\n        ")
                    .append(vip)
                    .append("/32 dev eth0\n    }\n}\n");
        }
        return b.toString();
    }

    private static void soak(TestNetwork net, List<Node> nodes, List<Daemon> agents, List<Path> gcLogs, int minutes) {
        long start = System.nanoTime();
        int[] gcSeen = new int[2], logSeen = new int[2];
        int fault = 0;
        System.out.println("| minute | RSS node1 MiB | RSS node2 MiB | GC pauses | longest GC ms | GC total ms |"
                + " late-loop reports | worst lateness ms | transitions | agents alive | fault in this minute |");
        System.out.println("|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|");
        List<String> faults = new ArrayList<>();
        for (int minute = 1; minute <= minutes; minute++) {
            for (int half = 0; half < 2; half++) {
                long at = start + ((minute - 1) * 60L + half * 30L) * 1_000_000_000L;
                sleepUntil(at);
                faults.add(inject(net, nodes, agents, fault++));
            }
            sleepUntil(start + minute * 60L * 1_000_000_000L);
            long[] rss = new long[2];
            int pauses = 0, late = 0, transitions = 0;
            double longest = 0, total = 0, worstLate = 0;
            StringBuilder alive = new StringBuilder();
            for (int i = 0; i < 2; i++) {
                Daemon d = agents.get(i);
                rss[i] = rssKib(d.process().pid()) / 1024;
                alive.append(d.died() ? "node" + (i + 1) + " DEAD " : "");
                List<String> gc = lines(gcLogs.get(i));
                for (String l : gc.subList(Math.min(gcSeen[i], gc.size()), gc.size())) {
                    Matcher m = GC_PAUSE.matcher(l);
                    if (m.find()) {
                        double ms = Double.parseDouble(m.group(1));
                        pauses++;
                        total += ms;
                        longest = Math.max(longest, ms);
                    }
                }
                gcSeen[i] = gc.size();
                List<String> log = d.process().logLines();
                for (String l : log.subList(Math.min(logSeen[i], log.size()), log.size())) {
                    Matcher m = LATE.matcher(l);
                    if (m.find()) {
                        late++;
                        worstLate =
                                Math.max(worstLate, Double.parseDouble(m.group(1) != null ? m.group(1) : m.group(2)));
                    }
                    if (TRANSITION.matcher(l).find()) {
                        transitions++;
                    }
                }
                logSeen[i] = log.size();
            }
            System.out.printf(
                    "| %d | %d | %d | %d | %.1f | %.1f | %d | %.1f | %d | %s | %s |%n",
                    minute,
                    rss[0],
                    rss[1],
                    pauses,
                    longest,
                    total,
                    late,
                    worstLate,
                    transitions,
                    alive.isEmpty() ? "both" : alive.toString().strip(),
                    String.join(", ", faults));
            faults.clear();
        }
    }

    /** The fault of turn {@code n}; returns what it was. Each is over before it returns (at most 10 s). */
    private static String inject(TestNetwork net, List<Node> nodes, List<Daemon> agents, int n) {
        switch (n % 5) {
            case 0 -> {
                net.linkDown(nodes.get(0));
                ChaosLab.sleep(Duration.ofSeconds(4));
                net.linkUp(nodes.get(0));
                return "node1 link down 4 s";
            }
            case 1 -> {
                rules(net, "oifname \"vnode2\" drop");
                ChaosLab.sleep(Duration.ofSeconds(5));
                clearRules(net);
                return "node2 cannot receive 5 s";
            }
            case 2 -> {
                rules(
                        net,
                        "iifname \"vnode1\" numgen random mod 100 < 20 drop",
                        "oifname \"vnode1\" numgen random mod 100 < 20 drop");
                ChaosLab.sleep(Duration.ofSeconds(10));
                clearRules(net);
                return "node1 20 % loss 10 s";
            }
            case 3 -> {
                agents.get(0).signal("HUP");
                return "node1 reload";
            }
            default -> {
                rules(net, "iifname \"vnode2\" drop");
                ChaosLab.sleep(Duration.ofSeconds(5));
                clearRules(net);
                return "node2 cannot send 5 s";
            }
        }
    }

    private static void rules(TestNetwork net, String... rules) {
        String ns = net.bridgeNamespace();
        net.exec(ns, "nft", "add", "table", "bridge", "soak");
        net.exec(ns, "nft", "add chain bridge soak faults { type filter hook forward priority 0 ; policy accept ; }");
        for (String r : rules) {
            net.exec(ns, "nft", "add rule bridge soak faults " + r);
        }
    }

    private static void clearRules(TestNetwork net) {
        try {
            new ProcessBuilder("ip", "netns", "exec", net.bridgeNamespace(), "nft", "delete", "table", "bridge", "soak")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long rssKib(long pid) {
        for (String l : lines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("\\D", ""));
            }
        }
        return 0;
    }

    private static List<String> lines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void sleepUntil(long nanos) {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            ChaosLab.sleep(Duration.ofNanos(wait));
        }
    }

    /**
     * The agent's JVM flags as bin/tandem-agent sets them (bin/soak passes AGENT_JVM_FLAGS from
     * bin/lib/common.sh as {@code tandem.soak.jvmFlags}): the soak's memory is what a user gets.
     */
    private static List<String> launcherFlags() {
        String flags = System.getProperty("tandem.soak.jvmFlags", "").strip();
        return flags.isEmpty() ? List.of() : List.of(flags.split("\\s+"));
    }
}
