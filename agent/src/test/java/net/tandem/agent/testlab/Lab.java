package net.tandem.agent.testlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.tandem.agent.testlab.TestNetwork.Node;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test class's netns LAN (nodes 192.0.2.1..N and the client 192.0.2.100) and the daemons its
 * tests start. Register it as a static field:
 *
 * <pre>
 * &#64;RegisterExtension static final Lab lab = new Lab(2);
 * </pre>
 *
 * The network is shared by the class; daemons are per test: when a test fails their logs are
 * printed (a failing integration test must show what the agents said), and after each test every
 * daemon is killed, links are set up again and addresses other than the nodes' own are removed,
 * so the next test starts from a clean LAN. The namespaces go after the class, and the temp dir
 * with configs and logs too unless a test failed or -Dtandem.it.keepLogs=true.
 */
public final class Lab implements BeforeAllCallback, AfterTestExecutionCallback, AfterEachCallback, AfterAllCallback {
    private static final Pattern INET = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/(\\d+)");
    private static final Pattern ARPING_REPLY = Pattern.compile("from ([0-9a-f]{2}(?::[0-9a-f]{2}){5})");

    private final int nodeCount;
    private final List<LoggedProcess> processes = new ArrayList<>();
    private final AtomicInteger starts = new AtomicInteger();
    private TestNetwork net;
    private Path dir;
    private boolean anyFailed;
    private final List<Node> nodes = new ArrayList<>();
    private Node client;

    public Lab(int nodeCount) {
        this.nodeCount = nodeCount;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        net = TestNetwork.create();
        dir = Files.createTempDirectory(
                "tandem-it-" + context.getRequiredTestClass().getSimpleName() + "-");
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(net.addNode());
        }
        client = net.addClient();
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            anyFailed = true;
            System.err.println(
                    "===== " + context.getDisplayName() + " failed; daemon logs follow (also in " + dir + ")");
            synchronized (processes) {
                processes.forEach(p -> System.err.println(p.dump()));
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        synchronized (processes) {
            processes.forEach(LoggedProcess::close);
            processes.clear();
        }
        if (net != null) {
            for (Node n : nodes) {
                net.linkUp(n);
                for (String a : addressesOn(n)) {
                    if (!a.startsWith(n.address().getHostAddress() + "/")) {
                        net.exec(n, "ip", "addr", "del", a, "dev", n.interfaceName());
                    }
                }
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        afterEach(context);
        if (net != null) {
            net.close();
        }
        if (dir != null && !anyFailed && !Boolean.getBoolean("tandem.it.keepLogs")) {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("cannot remove " + root + ": " + e);
        }
    }

    public TestNetwork network() {
        return net;
    }

    /** Node {@code n} (1-based): 192.0.2.n. */
    public Node node(int n) {
        return nodes.get(n - 1);
    }

    public Node client() {
        return client;
    }

    /** A temp directory for this class's configs, logs and captures. */
    public Path dir() {
        return dir;
    }

    // ----- daemons

    public AgentProcess agent(Node node, Path config) {
        return track(AgentProcess.start(
                node, config, dir.resolve("agent-" + node.name() + "-" + starts.incrementAndGet() + ".log")));
    }

    /** An agent with more command-line options after {@code -f CONF}. */
    public AgentProcess agent(Node node, Path config, String... options) {
        return track(AgentProcess.start(
                node,
                config,
                dir.resolve("agent-" + node.name() + "-" + starts.incrementAndGet() + ".log"),
                List.of(options)));
    }

    public KeepalivedProcess keepalived(Node node, Path config) {
        return track(KeepalivedProcess.start(
                node, config, dir, "keepalived-" + node.name() + "-" + starts.incrementAndGet()));
    }

    private <P extends LoggedProcess> P track(P p) {
        synchronized (processes) {
            processes.add(p);
        }
        return p;
    }

    // ----- configs

    /** The repository's top directory (surefire runs in agent/). */
    public static Path repoRoot() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("conf/seed-dual-master"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException(
                    "cannot find conf/seed-dual-master above " + System.getProperty("user.dir"));
        }
        return p;
    }

    /**
     * Writes {@code conf/<example>} to this class's temp dir as {@code name}, edited. The seed's
     * 192.168.1.x VIPs always become 192.0.2.x: tests use the documentation range only.
     */
    public Path config(String example, String name, UnaryOperator<String> edit) {
        try {
            String text = Files.readString(repoRoot().resolve("conf").resolve(example), StandardCharsets.UTF_8)
                    .replace("192.168.1.", "192.0.2.");
            text = edit.apply(text);
            if (text.contains("192.168.")) {
                throw new IllegalStateException("a test config must use 192.0.2.0/24 only: " + example);
            }
            Path out = dir.resolve(name);
            Files.writeString(out, text, StandardCharsets.UTF_8);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path config(String example) {
        return config(example, example.replace('/', '-'), UnaryOperator.identity());
    }

    /** Inserts {@code lines} right after {@code vrrp_instance NAME {}. */
    public static UnaryOperator<String> inInstance(String instance, String lines) {
        return text -> {
            Matcher m = Pattern.compile("vrrp_instance " + Pattern.quote(instance) + " \\{[^\\n]*\\n")
                    .matcher(text);
            if (!m.find()) {
                throw new IllegalArgumentException("no vrrp_instance " + instance);
            }
            return text.substring(0, m.end()) + lines + "\n" + text.substring(m.end());
        };
    }

    // ----- what the kernel and the client see

    /** The IPv4 addresses on the node's eth0, as "a.b.c.d/len". */
    public List<String> addressesOn(Node node) {
        List<String> out = new ArrayList<>();
        Matcher m = INET.matcher(net.exec(node, "ip", "-4", "-o", "addr", "show", "dev", node.interfaceName()));
        while (m.find()) {
            out.add(m.group(1) + "/" + m.group(2));
        }
        return out;
    }

    /** The addresses on the node's eth0 other than its own. */
    public List<String> vipsOn(Node node) {
        String own = node.address().getHostAddress();
        return addressesOn(node).stream()
                .map(a -> a.substring(0, a.indexOf('/')))
                .filter(a -> !a.equals(own))
                .toList();
    }

    public boolean holds(Node node, String vip) {
        return vipsOn(node).contains(vip);
    }

    /** Polls every 20 ms until {@code vip} is on the node; returns how long it took. */
    /**
     * Waits until {@code node} holds exactly {@code vips}: the settled state. Two agents started at once may both
     * be Master for a moment (their master-down timers expire in the same interval), so "holds its VIP" is not yet
     * "holds only its VIP".
     */
    public Duration awaitExactly(Node node, Duration timeout, String... vips) {
        List<String> want = List.of(vips).stream().sorted().toList();
        return await(
                () -> vipsOn(node).stream().sorted().toList().equals(want),
                timeout,
                "exactly " + want + " on " + node.name());
    }

    public Duration awaitVip(Node node, String vip, Duration timeout) {
        return await(() -> holds(node, vip), timeout, vip + " on " + node);
    }

    /** Polls every 20 ms until {@code vip} is gone from the node; returns how long it took. */
    public Duration awaitNoVip(Node node, String vip, Duration timeout) {
        return await(() -> !holds(node, vip), timeout, vip + " gone from " + node);
    }

    public static Duration await(java.util.function.BooleanSupplier condition, Duration timeout, String what) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
            }
            LoggedProcess.sleep(20);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * The MAC addresses that answer an ARP request for {@code ip} from the client, in order of
     * arrival, to one broadcast request (all replies within 0.5 s count): more than one means two
     * nodes claim the address.
     */
    public List<String> arpingFromClient(String ip) {
        DebianPackages.require("arping", "arping");
        List<String> macs = new ArrayList<>();
        String out = execAllowFailure(client, "arping", "-i", client.interfaceName(), "-c", "1", "-W", "0.5", ip);
        Matcher m = ARPING_REPLY.matcher(out);
        while (m.find()) {
            if (!macs.contains(m.group(1))) {
                macs.add(m.group(1));
            }
        }
        return macs;
    }

    /** True if {@code ip} answers one ping from the client within a second. */
    public boolean pingFromClient(String ip) {
        try {
            net.exec(client, "ping", "-n", "-c", "1", "-W", "1", ip);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** The MAC the client's neighbour table holds for {@code ip}, if any (what its traffic goes to). */
    public Optional<String> clientNeighbour(String ip) {
        Matcher m = Pattern.compile("lladdr ([0-9a-f:]{17})").matcher(net.exec(client, "ip", "neigh", "show", ip));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public String execAllowFailure(Node node, String... cmd) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", node.namespace()));
        argv.addAll(List.of(cmd));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
