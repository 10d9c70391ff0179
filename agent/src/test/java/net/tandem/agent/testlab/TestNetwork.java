package net.tandem.agent.testlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A LAN made of network namespaces, for tests that need a real kernel: a
 * bridge in a namespace of its own and one namespace per node, each node
 * connected by a veth pair whose node end is called {@code eth0}. Addresses
 * come only from 192.0.2.0/24 (RFC 5737): nodes 192.0.2.1.., the client 192.0.2.100.
 *
 * <p>Namespace names are {@code tdm-<pid>-<n>-<role>}: unique to this JVM and to
 * this instance, so several networks and several test runs never collide. At
 * creation, namespaces with the {@code tdm-} prefix left by a JVM that is no
 * longer running are removed. {@link #close()} removes everything this
 * instance created; a shutdown hook does it too if the JVM exits first.
 *
 * <pre>
 * try (TestNetwork net = TestNetwork.create()) {
 *     Node n1 = net.addNode(), n2 = net.addNode();
 *     net.exec(n1, "ping", "-c1", n2.address().getHostAddress());
 * }
 * </pre>
 *
 * Uses the {@code ip} command (tests may; the agent may not). Needs root:
 * without it, or without iproute2, {@link #create()} skips the test.
 */
public final class TestNetwork implements AutoCloseable {

    public static final String PREFIX = "tdm-";
    public static final String SKIP_REASON = "needs root and iproute2: run bin/test as root";
    private static final Pattern OWNED = Pattern.compile("tdm-(\\d+)-.*");
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Path RUN_NETNS = Path.of("/run/netns");
    private static final long EXEC_TIMEOUT_SECONDS = 30;

    /** A namespace on the LAN: {@code namespace} holds {@code eth0} with {@code address}/24. */
    public record Node(String name, String namespace, Inet4Address address, String interfaceName) {
        /**
         * The agent's --run-dir on this node (its dumps and its control socket). Network namespaces do not separate
         * file paths, so each node needs its own, or two agents of a test would share /run/tandem/control.sock.
         */
        public java.nio.file.Path runDir() {
            return java.nio.file.Path.of("/run/tandem-test", namespace);
        }

        /** The agent's control socket on this node, where tandemctl goes by default in tests. */
        public java.nio.file.Path controlSocket() {
            return runDir().resolve("control.sock");
        }

        @Override
        public String toString() {
            return name + " (" + namespace + ", " + address.getHostAddress() + ")";
        }
    }

    private final String base;
    private final String bridgeNamespace;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Thread shutdownHook;
    private int nextNodeNumber = 1;
    private boolean closed;

    private TestNetwork(String base) {
        this.base = base;
        this.bridgeNamespace = base + "-br";
        this.shutdownHook = new Thread(this::removeAll, base + "-cleanup");
    }

    /**
     * Creates the bridge namespace. Skips the calling test (JUnit assumption)
     * when not root or when iproute2 is missing.
     */
    public static TestNetwork create() {
        assumeUsable();
        removeStale();
        String base = PREFIX + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet();
        TestNetwork net = new TestNetwork(base);
        Runtime.getRuntime().addShutdownHook(net.shutdownHook);
        try {
            net.addNamespace(net.bridgeNamespace);
            net.ip(net.bridgeNamespace, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
            net.ip(net.bridgeNamespace, "link", "set", "br0", "up");
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
        return net;
    }

    /** Skips the calling test unless we are root and {@code ip} exists. */
    public static void assumeUsable() {
        boolean usable = isRoot() && hasIp();
        if (!usable) {
            System.err.println("*** SKIPPING kernel tests: " + SKIP_REASON + " ***");
        }
        Assumptions.assumeTrue(usable, SKIP_REASON);
    }

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    static boolean hasIp() {
        return Stream.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip")
                .anyMatch(p -> Files.isExecutable(Path.of(p)));
    }

    /** Removes {@code tdm-<pid>-...} namespaces whose JVM is gone (a crashed earlier run). */
    static void removeStale() {
        if (!Files.isDirectory(RUN_NETNS)) {
            return;
        }
        try (Stream<Path> entries = Files.list(RUN_NETNS)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                Matcher m = OWNED.matcher(name);
                if (m.matches()) {
                    long pid = Long.parseLong(m.group(1));
                    boolean alive =
                            ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                    if (!alive) {
                        run(List.of("ip", "netns", "delete", name), false);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds node{@code n} with address 192.0.2.{@code n}. */
    public Node addNode() {
        int n = nextNodeNumber++;
        if (n >= 100) {
            throw new IllegalStateException("at most 99 nodes (192.0.2.100 is the client)");
        }
        return addNode("node" + n, "192.0.2." + n);
    }

    /** Adds the client at 192.0.2.100. */
    public Node addClient() {
        return addNode("client", "192.0.2.100");
    }

    private Node addNode(String name, String address) {
        if (!address.startsWith("192.0.2.")) {
            throw new IllegalArgumentException("test addresses come from 192.0.2.0/24 only: " + address);
        }
        String ns = base + "-" + name;
        String bridgePort = "v" + name.replaceAll("[^a-z0-9]", "");
        addNamespace(ns);
        ip(bridgeNamespace, "link", "add", bridgePort, "type", "veth", "peer", "name", "eth0", "netns", ns);
        ip(bridgeNamespace, "link", "set", bridgePort, "master", "br0", "up");
        ip(ns, "addr", "add", address + "/24", "dev", "eth0");
        ip(ns, "link", "set", "eth0", "up");
        Node node = new Node(name, ns, ipv4(address), "eth0");
        nodes.add(node);
        return node;
    }

    private void addNamespace(String ns) {
        run(List.of("ip", "netns", "add", ns), true);
        namespaces.add(ns);
        // Quiet namespaces: no IPv6 router solicitations or DAD traffic in captures.
        ip(ns, "link", "set", "lo", "up");
        exec(ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1");
        exec(ns, "sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1");
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public String bridgeNamespace() {
        return bridgeNamespace;
    }

    /** Runs {@code cmd} inside {@code node}'s namespace; returns stdout; fails on a non-zero exit. */
    public String exec(Node node, String... cmd) {
        return exec(node.namespace(), cmd);
    }

    /** Runs {@code cmd} inside namespace {@code ns}; returns stdout; fails on a non-zero exit. */
    public String exec(String ns, String... cmd) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        argv.addAll(List.of(cmd));
        return run(argv, true);
    }

    /** Starts {@code cmd} inside {@code node}'s namespace (e.g. an agent); the caller owns the process. */
    public Process start(Node node, String... cmd) throws IOException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", node.namespace()));
        argv.addAll(List.of(cmd));
        return new ProcessBuilder(argv).start();
    }

    /** {@code ip link set eth0 down} in the node. */
    public void linkDown(Node node) {
        ip(node.namespace(), "link", "set", node.interfaceName(), "down");
    }

    /** {@code ip link set eth0 up} in the node. */
    public void linkUp(Node node) {
        ip(node.namespace(), "link", "set", node.interfaceName(), "up");
    }

    /** The MAC address of the node's eth0, as "aa:bb:cc:dd:ee:ff". */
    public String mac(Node node) {
        String out = ip(node.namespace(), "-o", "link", "show", node.interfaceName());
        Matcher m = Pattern.compile("link/ether ([0-9a-f:]{17})").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no MAC address in: " + out);
        }
        return m.group(1);
    }

    private String ip(String ns, String... args) {
        List<String> argv = new ArrayList<>(List.of("ip", "-n", ns));
        argv.addAll(List.of(args));
        return run(argv, true);
    }

    /** Removes every namespace this network created (the veths and bridge go with them). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or ran: nothing to do
        }
    }

    private synchronized void removeAll() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            run(List.of("ip", "netns", "delete", namespaces.get(i)), false);
        }
        namespaces.clear();
    }

    private static String run(List<String> argv, boolean failOnError) {
        try {
            Process p = new ProcessBuilder(argv).start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            String out = readAll(p.getInputStream());
            if (!p.waitFor(EXEC_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        "timed out after " + EXEC_TIMEOUT_SECONDS + " s: " + String.join(" ", argv));
            }
            if (p.exitValue() != 0 && failOnError) {
                throw new IllegalStateException("exit " + p.exitValue() + ": " + String.join(" ", argv) + "\n"
                        + err.join().strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", argv), e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Inet4Address ipv4(String literal) {
        try {
            return (Inet4Address) InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
