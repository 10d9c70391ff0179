package net.tandem.agent.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.tandem.agent.testlab.DebianPackages;
import net.tandem.agent.testlab.LabScript;
import net.tandem.agent.testlab.LabScript.Result;
import net.tandem.agent.testlab.TestNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bin/tandem-lab} itself, as a developer would, with namespace names of its own
 * ({@code TANDEM_LAB_PREFIX=tlabtest-PID}, never a developer's {@code tandem-lab-*} nor another
 * test's) and a temporary state directory ({@code TANDEM_LAB_DIR}), so it never touches the
 * developer's lab or {@code .lab/}. Every test ends with {@code down}.
 */
class TandemLabScriptTest {

    private static final String LAB_PREFIX =
            "tlabtest-" + ProcessHandle.current().pid();
    private static final String PREFIX = LAB_PREFIX + "-";
    private static final String VIP_1 = "192.0.2.8";
    private static final String VIP_2 = "192.0.2.9";
    /** --dual-stack: the twins VI_1_v6 and VI_2_v6 of the seed's instances. */
    private static final String VIP6_1 = "2001:db8::8";

    private static final String VIP6_2 = "2001:db8::9";
    private static final Set<String> LAB_VIPS = Set.of(VIP_1, VIP_2, VIP6_1, VIP6_2);

    @TempDir
    Path tmp;

    private Path labDir;
    private LabScript script;

    @BeforeEach
    void onlyWithRoot() {
        TestNetwork.assumeUsable(); // skips loudly: "needs root and iproute2: run bin/test as root"
        DebianPackages.require("openssl", "openssl"); // `up` makes the lab's CA and certificates
        DebianPackages.require("ping", "iputils-ping"); // the client pings the nodes
        labDir = tmp.resolve("lab");
        script = new LabScript(LAB_PREFIX, labDir);
        assertThat(labNamespaces())
                .as("namespaces left over from an earlier run of this process")
                .isEmpty();
    }

    @AfterEach
    void alwaysDown() {
        if (labDir != null) {
            lab("down").ok();
            assertThat(labNamespaces()).isEmpty();
        }
    }

    @Test
    void upBuildsTwoNodesAClientAndABridge() {
        up();

        assertThat(labNamespaces())
                .containsExactlyInAnyOrder(PREFIX + "br", PREFIX + "node1", PREFIX + "node2", PREFIX + "client");
        // The links only: with other namespaces coming and going on the machine, the kernel may add a warning
        // ("Peer netns reference is invalid.") to ip's output, which says nothing about this bridge.
        assertThat(ip("-n", PREFIX + "br", "-o", "link", "show", "master", "br0")
                        .lines()
                        .filter(l -> l.matches("\\d+: .*")))
                .hasSize(3);
        assertThat(ip("-n", PREFIX + "node1", "-4", "-o", "addr", "show", "dev", "eth0"))
                .contains("inet 192.0.2.1/24");
        assertThat(ip("-n", PREFIX + "client", "-4", "-o", "addr", "show", "dev", "eth0"))
                .contains("inet 192.0.2.100/24");
        assertThat(ping("192.0.2.1")).as("client pings node1").isZero();
        assertThat(ping("192.0.2.2")).as("client pings node2").isZero();
    }

    @Test
    void upTwiceNeitherFailsNorDuplicates() {
        up();
        up();

        // The links only: with other namespaces coming and going on the machine, the kernel may add a warning
        // ("Peer netns reference is invalid.") to ip's output, which says nothing about this bridge.
        assertThat(ip("-n", PREFIX + "br", "-o", "link", "show", "master", "br0")
                        .lines()
                        .filter(l -> l.matches("\\d+: .*")))
                .hasSize(3);
        assertThat(ip("-n", PREFIX + "node2", "-4", "-o", "addr", "show", "dev", "eth0")
                        .lines()
                        .filter(l -> l.contains("inet 192.0.2.2/"))
                        .count())
                .isEqualTo(1);
        assertThat(ping("192.0.2.2")).isZero();
    }

    @Test
    void statusReportsEveryNode() {
        up();

        Result status = lab("status").ok();

        assertThat(status.output()).contains("node   agent").contains("node1").contains("node2");
    }

    @Test
    void statusJsonCarriesEachAgentsOwnStatus() throws InvalidProtocolBufferException {
        up();
        awaitVips("node1", Duration.ofSeconds(10), VIP_1);
        awaitVips("node2", Duration.ofSeconds(10), VIP_2);

        Struct status = json(lab("status", "--json").ok().output());
        assertThat(status.getFieldsOrThrow("config").getStringValue()).isEqualTo("seed");
        List<Struct> nodes = status.getFieldsOrThrow("nodes").getListValue().getValuesList().stream()
                .map(Value::getStructValue)
                .toList();
        assertThat(nodes).extracting(n -> text(n, "node")).containsExactly("node1", "node2");
        Struct node1 = nodes.get(0);
        assertThat(text(node1, "agent")).isEqualTo("running");
        assertThat(node1.getFieldsOrThrow("vipsHeld")
                        .getListValue()
                        .getValues(0)
                        .getStringValue())
                .isEqualTo(VIP_1);
        // "status" is node1's `tandemctl status --json`, as the agent answered it.
        Struct agent = node1.getFieldsOrThrow("status").getStructValue();
        assertThat(text(agent.getFieldsOrThrow("node").getStructValue(), "routerId"))
                .isEqualTo("node1");
        assertThat(agent.getFieldsOrThrow("instances").getListValue().getValuesList().stream()
                        .map(Value::getStructValue)
                        .map(i -> text(i, "name") + " " + text(i, "state")))
                .containsExactly("VI_1 MASTER", "VI_2 BACKUP");

        lab("stop", "node1").ok();
        Struct node1Stopped = json(lab("status", "--json").ok().output())
                .getFieldsOrThrow("nodes")
                .getListValue()
                .getValues(0)
                .getStructValue();
        assertThat(text(node1Stopped, "agent")).isEqualTo("stopped");
        assertThat(node1Stopped.getFieldsOrThrow("status").hasNullValue()).isTrue();
    }

    @Test
    void downRemovesEveryNamespaceAndTwiceIsFine() {
        up();

        lab("down").ok();
        assertThat(labNamespaces()).isEmpty();
        assertThat(labDir).doesNotExist();

        assertThat(lab("down").ok().output()).contains("nothing to tear down");
        assertThat(lab("status").exitCode()).isEqualTo(1);
    }

    @Test
    void eachNodeHoldsItsOwnVipThenHandsItOverOnStopAndTakesItBackOnStart() {
        up();

        awaitVips("node1", Duration.ofSeconds(10), VIP_1);
        awaitVips("node2", Duration.ofSeconds(10), VIP_2);
        String status = lab("status").ok().output();
        assertThat(status.lines())
                .anyMatch(l -> l.startsWith("node1 ") && l.contains("running") && l.endsWith(VIP_1))
                .anyMatch(l -> l.startsWith("node2 ") && l.contains("running") && l.endsWith(VIP_2))
                .as("each agent's own tandemctl status, under its node")
                .anyMatch(l -> l.matches("\\s+VI_1\\s+MASTER\\s+eth0\\s+51\\s.*"));

        assertThat(lab("stop", "node1").ok().output()).contains("node1: agent stopped");
        awaitVips("node2", Duration.ofSeconds(5), VIP_1, VIP_2);
        assertThat(vips("node1"))
                .as("a gracefully stopped node removes its VIPs")
                .isEmpty();

        lab("start", "node1").ok();
        awaitVips("node1", Duration.ofSeconds(10), VIP_1);
        awaitVips("node2", Duration.ofSeconds(10), VIP_2);
    }

    /**
     * {@code up --dual-stack}: every eth0 also has 2001:db8::I/64, each seed instance an IPv6 twin in a sync group
     * with it. The twin's VIP sits with its IPv4 partner on the master's eth0, the client reaches it by ping -6,
     * status shows it (compressed, as the kernel writes it), and a takeover of the IPv6 twin by node2 moves both
     * families there (the sync group).
     */
    @Test
    void dualStackGivesEachInstanceAnIpv6TwinThatMovesWithItOnTakeover() {
        assertThat(lab("up", "--dual-stack").ok().output())
                .contains("up: 2 nodes")
                .contains("2001:db8::100")
                .contains("--dual-stack");
        assertThat(ip("-n", PREFIX + "node2", "-6", "-o", "addr", "show", "dev", "eth0"))
                .contains("inet6 2001:db8::2/64")
                .contains("inet6 fe80::");

        awaitVips("node1", Duration.ofSeconds(15), VIP_1, VIP6_1);
        awaitVips("node2", Duration.ofSeconds(15), VIP_2, VIP6_2);
        assertThat(ping6(VIP6_1)).as("client pings %s (node1)", VIP6_1).isZero();
        assertThat(lab("status").ok().output().lines())
                .anyMatch(l -> l.startsWith("node1 ") && l.endsWith(VIP_1 + " " + VIP6_1))
                .anyMatch(l -> l.matches("\\s+VI_1_v6\\s+MASTER\\s+eth0\\s+51\\s.*2001:db8::8/128.*"));

        lab("ctl", "node2", "takeover", "VI_1_v6").ok();
        awaitVips("node2", Duration.ofSeconds(10), VIP_1, VIP_2, VIP6_1, VIP6_2);
        awaitVips("node1", Duration.ofSeconds(5));
        assertThat(ping6(VIP6_1)).as("client pings %s (node2 now)", VIP6_1).isZero();
    }

    // --- helpers ---------------------------------------------------------------------------

    private void up() {
        assertThat(lab("up").ok().output()).contains("up: 2 nodes");
    }

    private static Struct json(String text) throws InvalidProtocolBufferException {
        Struct.Builder b = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(text, b);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not JSON: " + e.getMessage() + "\n" + text, e);
        }
        return b.build();
    }

    private static String text(Struct s, String field) {
        return s.getFieldsOrThrow(field).getStringValue();
    }

    /** Waits until {@code node}'s eth0 holds exactly {@code expected} among the lab's VIPs, as the kernel says. */
    private void awaitVips(String node, Duration timeout, String... expected) {
        Set<String> want = new TreeSet<>(Arrays.asList(expected));
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> seen = vips(node);
        while (!seen.equals(want) && System.nanoTime() < deadline) {
            sleep(100);
            seen = vips(node);
        }
        assertThat(seen)
                .as(
                        "VIPs on %s's eth0 within %s; status:%n%s",
                        node, timeout, lab("status").output())
                .isEqualTo(want);
    }

    private Set<String> vips(String node) {
        return ip("-n", PREFIX + node, "-o", "addr", "show", "dev", "eth0")
                .lines()
                .map(l -> l.split("\\s+")[3].replaceAll("/.*", ""))
                .filter(LAB_VIPS::contains)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private int ping(String address) {
        return run(List.of("ip", "netns", "exec", PREFIX + "client", "ping", "-c1", "-W1", address))
                .exitCode();
    }

    private int ping6(String address) {
        return run(List.of("ip", "netns", "exec", PREFIX + "client", "ping", "-6", "-c1", "-W1", address))
                .exitCode();
    }

    private String ip(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip"));
        argv.addAll(List.of(args));
        return run(argv).ok().output();
    }

    private Result lab(String... args) {
        return script.lab(args);
    }

    private Result run(List<String> argv) {
        return script.run(argv);
    }

    private List<String> labNamespaces() {
        return script.namespaces();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
