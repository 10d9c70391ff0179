package net.tandem.agent.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.tandem.agent.testlab.Lab;
import net.tandem.agent.testlab.TestNetwork;
import net.tandem.agent.testlab.TestNetwork.Node;

/**
 * Runs one scenario against one implementation on a netns LAN: node1 is the master (priority 100,
 * {@code state MASTER}), node2 the backup (priority 90), node3 a stranger that runs no VRRP daemon
 * (the flood comes from it), all from conf/master-backup; the client (192.0.2.100) pings the VIP
 * 10 times a second from the fault on. The VIP is 192.0.2.8; the backup's
 * Master_Down_Interval is 3 × 1 s + (256 − 90)/256 s = 3.648 s.
 *
 * <p>Each run starts fresh daemons, waits until node1 alone has held the VIP for 2 s, injects the
 * fault, watches the recovery for {@link #recovery()}, then stops both daemons with SIGTERM: any
 * address still on a node after that was left behind. Faults on the network are nftables rules in
 * the bridge's namespace (family bridge, on node1's port), removed after every run.
 */
public final class ChaosLab implements AutoCloseable {
    static final String VIP = "192.0.2.8";
    /** node2's Master_Down_Interval. */
    static final Duration BACKUP_MASTER_DOWN = Duration.ofMillis(3648);

    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(40);
    static final Duration SETTLED_FOR = Duration.ofSeconds(2);

    private final TestNetwork net;
    private final Node master;
    private final Node backup;
    private final Node stranger;
    private final Node client;
    private final Path dir;
    private final boolean quick;
    private final List<String> jvmOptions;
    private final List<Process> helpers = new ArrayList<>();
    private Daemon masterDaemon;
    private Daemon backupDaemon;
    private long healAt = -1;
    private Impl current = Impl.TANDEM;
    private final List<String> notes = new ArrayList<>();

    /** @param nodes node1 (master), node2 (backup), node3 (stranger) of {@code net} */
    public ChaosLab(TestNetwork net, List<Node> nodes, Path dir, boolean quick) {
        this(net, nodes, dir, quick, List.of());
    }

    ChaosLab(TestNetwork net, List<Node> nodes, Path dir, boolean quick, List<String> jvmOptions) {
        this.net = net;
        this.master = nodes.get(0);
        this.backup = nodes.get(1);
        this.stranger = nodes.get(2);
        this.client = net.nodes().stream()
                .filter(n -> n.name().equals("client"))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the network needs a client (addClient)"));
        this.dir = dir;
        this.quick = quick;
        this.jvmOptions = jvmOptions;
    }

    TestNetwork network() {
        return net;
    }

    Node masterNode() {
        return master;
    }

    Node backupNode() {
        return backup;
    }

    Node strangerNode() {
        return stranger;
    }

    Path dir() {
        return dir;
    }

    boolean quick() {
        return quick;
    }

    Daemon masterDaemon() {
        return masterDaemon;
    }

    Daemon backupDaemon() {
        return backupDaemon;
    }

    /** The bridge port of node1 (TestNetwork names it "v" + the node's name). */
    String masterPort() {
        return "v" + master.name();
    }

    /** Marks the moment the fault was undone (for "exactly one holder within two advert intervals"). */
    void healed() {
        healAt = System.nanoTime();
    }

    void note(String s) {
        notes.add(s);
    }

    /** How long to keep watching after the fault: past a Master_Down_Interval and a preemption. */
    Duration recovery() {
        return quick ? Duration.ofSeconds(6) : Duration.ofSeconds(10);
    }

    /** Runs {@code scenario} against {@code impl}; every daemon and rule it made is gone afterwards. */
    public Tally run(Scenario scenario, Impl impl) {
        if (!scenario.appliesTo(impl)) {
            return new Tally(
                    scenario.label(),
                    impl,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    -1,
                    true,
                    0,
                    0,
                    List.of(),
                    List.of(),
                    "not applicable: " + scenario.description());
        }
        current = impl;
        cleanNetwork();
        healAt = -1;
        notes.clear();
        // -Dtandem.chaos.backupImpl=keepalived|tandem: a mixed pair, node2 running the other one (by hand:
        // the table's impl column names node1's).
        String mixed = System.getProperty("tandem.chaos.backupImpl");
        Impl backupImpl = mixed == null ? impl : Impl.of(mixed);
        if (backupImpl != impl) {
            note("node2 ran " + backupImpl.label());
        }
        Path conf1 = writeConfig(scenario, impl, 1);
        Path conf2 = writeConfig(scenario, backupImpl, 2);
        masterDaemon = new Daemon(impl, master, conf1, dir, jvmOptions);
        backupDaemon = new Daemon(backupImpl, backup, conf2, dir, jvmOptions);
        try (VipWatch watch = new VipWatch(List.of(master, backup), VIP)) {
            masterDaemon.start();
            backupDaemon.start();
            if (!awaitSettled(watch)) {
                return new Tally(
                        scenario.label(),
                        impl,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        -1,
                        false,
                        0,
                        0,
                        died(),
                        List.of(),
                        "did not settle on node1 alone within " + SETTLE_TIMEOUT.toSeconds() + " s");
            }
            if (Boolean.getBoolean("tandem.chaos.capture")) {
                startCapture(scenario);
            }
            long pingStart = System.nanoTime();
            Process ping = startIn(client, "ping.log", "ping", "-n", "-i", "0.1", "-W", "0.5", VIP);
            long faultAt = System.nanoTime();
            scenario.inject(this, impl);
            sleep(recovery().plus(scenario.extraRecovery()));
            List<String> died = died();
            List<VipWatch.Sample> samples = watch.samples();
            int[] pings = pingSummary(ping);
            if (healAt >= 0) {
                note("pings lost after the heal: " + pingsLostAfter(healAt - pingStart, pings[0]));
            }
            cleanNetwork();
            masterDaemon.stop();
            backupDaemon.stop();
            List<String> left = new ArrayList<>();
            for (Node n : List.of(master, backup)) {
                for (String a : vipsOn(n)) {
                    left.add(a + "@" + n.name());
                }
            }
            return Tally.of(
                    scenario.label(),
                    impl,
                    samples,
                    faultAt,
                    healAt,
                    pings[0],
                    pings[0] - pings[1],
                    died,
                    left,
                    String.join("; ", notes));
        } finally {
            stopHelpers();
            masterDaemon.close();
            backupDaemon.close();
            cleanNetwork();
            for (Node n : List.of(master, backup)) {
                for (String a : vipsOn(n)) {
                    net.exec(n, "ip", "addr", "del", a + "/24", "dev", n.interfaceName());
                }
            }
        }
    }

    /**
     * With {@code -Dtandem.chaos.capture=true}: what the client sees (ARP, its pings, the adverts;
     * not the stranger's flood), with link-layer headers, in IMPL-SCENARIO.pcap, so that a black hole
     * can be told apart from a missing gratuitous ARP (tcpdump -e -r). Stopped with the other helpers.
     */
    private void startCapture(Scenario scenario) {
        Path pcap = dir.resolve(current.label() + "-" + scenario.label() + ".pcap");
        startIn(
                client,
                scenario.label() + "-tcpdump.log",
                "tcpdump",
                "-i",
                client.interfaceName(),
                "-U",
                "-n",
                "-w",
                pcap.toString(),
                "arp or icmp or (ip proto 112 and not src host "
                        + stranger.address().getHostAddress() + ")");
        sleep(Duration.ofMillis(300)); // tcpdump opens its socket before the fault
    }

    /** The note a run with a heal carries: "pings lost after the heal: N of M". */
    static final java.util.regex.Pattern LOST_AFTER_HEAL =
            java.util.regex.Pattern.compile("pings lost after the heal: (\\d+) of (\\d+)");

    /**
     * How many of the pings sent after {@code sinceStartNanos} (from ping's start) got no answer, as
     * "N of M": ping sends icmp_seq 1, 2, ... every 100 ms, so the sequence number says when it went.
     * The black hole after a heal (the client still sending to the MAC of a node that gave the VIP
     * up) shows here, apart from the losses before the takeover.
     */
    private String pingsLostAfter(long sinceStartNanos, int transmitted) {
        try {
            java.util.Set<Integer> answered = new java.util.HashSet<>();
            var m = java.util.regex.Pattern.compile("icmp_seq=(\\d+) ")
                    .matcher(Files.readString(helperLog("ping.log")));
            while (m.find()) {
                answered.add(Integer.parseInt(m.group(1)));
            }
            int first = (int) (sinceStartNanos / 100_000_000L) + 2; // the first sent after the heal
            int sent = 0, lost = 0;
            for (int seq = first; seq <= transmitted; seq++) {
                sent++;
                lost += answered.contains(seq) ? 0 : 1;
            }
            return lost + " of " + sent;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops ping with SIGINT (its summary) and returns {transmitted, received}. */
    private int[] pingSummary(Process ping) {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(ping.pid()))
                    .start()
                    .waitFor();
            ping.waitFor(5, TimeUnit.SECONDS);
            String out = Files.readString(helperLog("ping.log"));
            var m = java.util.regex.Pattern.compile("(\\d+) packets transmitted, (\\d+) received")
                    .matcher(out);
            return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : new int[] {0, 0};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new int[] {0, 0};
        }
    }

    private List<String> died() {
        List<String> out = new ArrayList<>();
        for (Daemon d : List.of(masterDaemon, backupDaemon)) {
            if (d.died()) {
                out.add(d.node().name());
            }
        }
        return out;
    }

    private static boolean awaitSettled(VipWatch watch) {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        long goodSince = -1;
        while (System.nanoTime() < deadline) {
            VipWatch.Sample s = watch.latest();
            if (s != null && s.holds()[0] && !s.holds()[1]) {
                if (goodSince < 0) {
                    goodSince = s.nanos();
                } else if (s.nanos() - goodSince >= SETTLED_FOR.toNanos()) {
                    return true;
                }
            } else {
                goodSince = -1;
            }
            sleep(Duration.ofMillis(20));
        }
        return false;
    }

    private Path writeConfig(Scenario scenario, Impl impl, int node) {
        try {
            String text = Files.readString(
                            Lab.repoRoot().resolve("conf/master-backup/node" + node + ".conf"), StandardCharsets.UTF_8)
                    .replace("192.168.1.", "192.0.2.");
            text = scenario.configure(this, impl, node, text);
            if (text.matches("(?s).*\\b(10|172|192\\.168)\\.\\d+\\.\\d+.*")) {
                throw new IllegalStateException("a chaos config must use 192.0.2.0/24 only");
            }
            Path out = dir.resolve(impl.label() + "-node" + node + ".conf");
            Files.writeString(out, text, StandardCharsets.UTF_8);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ----- the network's faults

    /** nft commands in the bridge namespace, in table {@code bridge chaos}. */
    void bridgeRules(String... rules) {
        String ns = net.bridgeNamespace();
        net.exec(ns, "nft", "add", "table", "bridge", "chaos");
        net.exec(ns, "nft", "add chain bridge chaos faults { type filter hook forward priority 0 ; policy accept ; }");
        for (String r : rules) {
            net.exec(ns, "nft", "add rule bridge chaos faults " + r);
        }
    }

    void clearBridgeRules() {
        try {
            new ProcessBuilder(
                            "ip", "netns", "exec", net.bridgeNamespace(), "nft", "delete", "table", "bridge", "chaos")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void cleanNetwork() {
        clearBridgeRules();
        for (Node n : List.of(master, backup, stranger)) {
            net.linkUp(n);
        }
    }

    List<String> vipsOn(Node n) {
        String own = n.address().getHostAddress();
        List<String> out = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/")
                .matcher(net.exec(n, "ip", "-4", "-o", "addr", "show", "dev", n.interfaceName()));
        while (m.find()) {
            if (!m.group(1).equals(own)) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    // ----- helper processes (stress-ng, floods)

    /** Starts {@code cmd} in {@code node}'s namespace; it is killed at the end of the run if still there. */
    Process startIn(Node node, String logName, String... cmd) {
        Path logFile = helperLog(logName);
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", node.namespace()));
        argv.addAll(List.of(cmd));
        try {
            Process p = new ProcessBuilder(argv)
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
            helpers.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Java main class of the test classpath in {@code node}'s namespace (the floods). */
    Process startJava(Node node, String logName, Class<?> main, String... args) {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> argv = new ArrayList<>(List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
        argv.addAll(List.of(args));
        return startIn(node, logName, argv.toArray(String[]::new));
    }

    /** Waits for a helper (bounded), then reads the last line of its log into the notes. */
    void awaitHelper(Process p, String logName, Duration timeout) {
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                note(logName + " did not finish in " + timeout.toSeconds() + " s");
            }
            List<String> lines = Files.readAllLines(helperLog(logName));
            if (!lines.isEmpty()) {
                note(lines.getLast());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A helper's log, named after the implementation under test too: both runs of a scenario keep theirs. */
    private Path helperLog(String logName) {
        return dir.resolve(current.label() + "-" + logName);
    }

    private void stopHelpers() {
        for (Process p : helpers) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        helpers.clear();
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stopHelpers();
        cleanNetwork();
    }
}
