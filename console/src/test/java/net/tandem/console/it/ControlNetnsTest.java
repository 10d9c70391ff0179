package net.tandem.console.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import net.tandem.agent.testlab.AgentProcess;
import net.tandem.agent.testlab.Lab;
import net.tandem.agent.testlab.TestNetwork.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The control plane in real namespaces: the seed's dual-master (VIPs rewritten to 192.0.2.8/.9), each
 * agent serving its control socket (its own --run-dir), and {@code tandemctl} run as root inside the
 * node's namespace as an operator on that node would. What the API says and does is checked
 * against the kernel (ip addr), the wire (arping from the client) and the agents' own logs.
 *
 * <p>This class lives in the console module because tandemctl does: the console depends on the
 * agent (and its test harness, the tests jar), so the agent's tests cannot see tandemctl.
 */
class ControlNetnsTest {
    static final String VIP1 = "192.0.2.8";
    static final String VIP2 = "192.0.2.9";
    /** An upper bound for what happens "soon", JVM start included: generous, so a loaded machine does not fail it. */
    static final Duration SETTLE = Duration.ofSeconds(20);
    /** node1's VI_1 (priority 100, 1 s): Master_Down_Interval = 3 × 1 s + (256 − 100)/256 s = 3.609 s. */
    static final Duration NODE1_VI_1_MASTER_DOWN = Duration.ofMillis(3609);
    /** node2's VI_1 (priority 99, 1 s): Skew_Time = (256 − 99)/256 s = 0.613 s (RFC 3768 §6.1). */
    static final Duration NODE2_VI_1_SKEW = Duration.ofMillis(613);
    /** node2's VI_1: Master_Down_Interval = 3 × 1 s + Skew_Time = 3.613 s. */
    static final Duration NODE2_VI_1_MASTER_DOWN = Duration.ofMillis(3613);
    /** node1's VI_1 released (priority 1): Master_Down_Interval = 3 s + (256 − 1)/256 s = 3.996 s. */
    static final Duration NODE1_VI_1_RELEASED_MASTER_DOWN = Duration.ofMillis(3996);
    /** The time an agent's log line may lag what it reports, and one ip(8) poll: a busy two-core machine. */
    static final Duration SLACK = Duration.ofMillis(300);

    @RegisterExtension
    static final Lab lab = new Lab(2);

    Node node1 = lab.node(1);
    Node node2 = lab.node(2);
    AgentProcess agent1;
    AgentProcess agent2;

    @BeforeAll
    static void tandemctlRuns() {
        TandemCtlRun.warmUp(lab.node(1));
    }

    @BeforeEach
    void seedDualMaster() {
        Path conf1 = lab.config("seed-dual-master/node1.conf", "node1.conf", t -> t);
        Path conf2 = lab.config("seed-dual-master/node2.conf", "node2.conf", t -> t);
        agent1 = lab.agent(node1, conf1);
        agent2 = lab.agent(node2, conf2);
        lab.awaitVip(node1, VIP1, SETTLE);
        lab.awaitVip(node2, VIP2, SETTLE);
        agent1.awaitLog(Pattern.compile("VI_2: \\w+ -> BACKUP"), SETTLE);
        agent2.awaitLog(Pattern.compile("VI_1: \\w+ -> BACKUP"), SETTLE);
    }

    // ------------------------------------------------------------------ 1. status

    @Test
    void statusJsonOnEachNodeSaysWhoIsMasterAndMatchesTheKernel() {
        for (Node n : new Node[] {node1, node2}) {
            // A backup knows its master from the first advert it hears (up to 1 s after it started).
            String backup = n == node1 ? "VI_2" : "VI_1";
            JsonObject[] last = new JsonObject[1];
            Lab.await(
                    () -> !""
                            .equals(Objects.toString(
                                    string(instance(last[0] = status(n), backup), "masterAddress"), "")),
                    SETTLE,
                    n.name() + "'s " + backup + " reports its master");
            JsonObject status = last[0];
            assertThat(string(status.getAsJsonObject("node"), "routerId")).isNotEmpty();
            assertThat(status.getAsJsonObject("node").get("maintenance").getAsBoolean())
                    .isFalse();
            var kernel = lab.vipsOn(n);
            for (JsonElement e : status.getAsJsonArray("instances")) {
                JsonObject i = e.getAsJsonObject();
                String name = string(i, "name");
                boolean master = name.equals(n == node1 ? "VI_1" : "VI_2");
                assertThat(string(i, "state")).as(n.name() + " " + name).isEqualTo(master ? "MASTER" : "BACKUP");
                assertThat(string(i, "masterAddress"))
                        .as(n.name() + " " + name + " masterAddress")
                        .isEqualTo(master ? n.address().getHostAddress() : (n == node1 ? "192.0.2.2" : "192.0.2.1"));
                for (JsonElement v : i.getAsJsonArray("vips")) {
                    String vip = string(v.getAsJsonObject(), "address").replaceFirst("/\\d+$", "");
                    boolean present = v.getAsJsonObject().get("presentInKernel").getAsBoolean();
                    assertThat(present)
                            .as(n.name() + " " + name + " " + vip + " presentInKernel vs ip addr " + kernel)
                            .isEqualTo(kernel.contains(vip))
                            .isEqualTo(master);
                }
            }
        }
        // The human table agrees, and marks no VIP as disagreeing with the state ('!').
        TandemCtlRun table = TandemCtlRun.ok(node1, "status");
        assertThat(table.out())
                .containsPattern("VI_1\\s+MASTER")
                .containsPattern("VI_2\\s+BACKUP")
                .doesNotContain("!");
    }

    // ------------------------------------------------------------------ 2. takeover

    @Test
    void takeoverOnTheBackupMovesTheVipAtOnceHoldsAndPriorityClearHandsItBack() {
        assertThat(lab.pingFromClient(VIP1)).isTrue(); // the client has a neighbour entry for the GARP to update
        // A takeover outbids the master the backup has heard: make sure it has heard one.
        assertThat(string(instance(status(node2), "VI_1"), "masterAddress")).isEqualTo("192.0.2.1");
        int mark1 = agent1.mark();
        int mark2 = agent2.mark();

        // Watch the kernels from before the command: tandemctl's own JVM start and exit are not the agent's.
        CompletableFuture<Instant> moved = CompletableFuture.supplyAsync(() -> {
            Lab.await(
                    () -> lab.holds(node2, VIP1) && !lab.holds(node1, VIP1),
                    Duration.ofSeconds(30),
                    VIP1 + " on node2 only");
            return Instant.now();
        });
        TandemCtlRun run = TandemCtlRun.ok(node2, "takeover", "VI_1");
        assertThat(run.out()).contains("VI_1: taking over from 192.0.2.1 (priority 100) with priority 101");
        Instant tookOver = agent2.awaitLogTime(
                mark2, Pattern.compile("VI_1: BACKUP -> MASTER \\(takeover by operator"), Duration.ofSeconds(1));
        Instant steppedDown =
                agent1.awaitLogTime(mark1, Pattern.compile("VI_1: MASTER -> BACKUP"), Duration.ofSeconds(1));
        Duration protocol = Duration.between(tookOver, steppedDown);
        Duration kernel =
                Duration.between(tookOver, moved.orTimeout(2, TimeUnit.SECONDS).join());
        System.out.println("takeover: node1 stepped down " + protocol.toMillis() + " ms after node2 became master; "
                + VIP1 + " seen on node2 only " + kernel.toMillis() + " ms after it (tandemctl returned "
                + Duration.between(tookOver, run.returnedAt()).toMillis() + " ms after it)");
        assertThat(protocol).as("node1 steps down on node2's first advert").isLessThan(Duration.ofMillis(300));
        assertThat(kernel).as("far less than one advert interval").isLessThan(Duration.ofSeconds(1));
        assertThat(lab.arpingFromClient(VIP1)).containsExactly(lab.network().mac(node2));
        Lab.await(
                () -> lab.clientNeighbour(VIP1).equals(Optional.of(lab.network().mac(node2))),
                Duration.ofSeconds(2),
                "node2's gratuitous ARP moved the client's neighbour entry for " + VIP1);

        // The override holds: node1 (priority 100) does not preempt node2 (101).
        pause(Duration.ofSeconds(5));
        assertThat(lab.vipsOn(node1)).isEmpty();
        assertThat(lab.vipsOn(node2)).containsExactlyInAnyOrder(VIP1, VIP2);
        assertThat(agent1.findLog(mark1, Pattern.compile("VI_1: BACKUP -> MASTER")))
                .isEmpty();
        JsonObject vi1 = instance(status(node2), "VI_1");
        assertThat(string(vi1, "state")).isEqualTo("MASTER");
        assertThat(vi1.get("effectivePriority").getAsInt()).isEqualTo(101);
        assertThat(vi1.get("overridePriority").getAsInt()).isEqualTo(101);

        // priority --clear: node2 is back to 99, node1 preempts within its Master_Down_Interval.
        mark1 = agent1.mark();
        mark2 = agent2.mark();
        TandemCtlRun clear = TandemCtlRun.ok(node2, "priority", "VI_1", "--clear");
        assertThat(clear.out()).contains("override cleared; priority 99");
        Instant cleared =
                agent2.awaitLogTime(mark2, Pattern.compile("VI_1: priority 101 -> 99"), Duration.ofSeconds(1));
        Instant back = agent1.awaitLogTime(
                mark1, Pattern.compile("VI_1: BACKUP -> MASTER"), NODE1_VI_1_MASTER_DOWN.plusSeconds(2));
        lab.awaitVip(node1, VIP1, Duration.ofSeconds(1));
        lab.awaitNoVip(node2, VIP1, Duration.ofSeconds(1));
        agent2.awaitLog(mark2, Pattern.compile("VI_1: MASTER -> BACKUP"), Duration.ofSeconds(1));
        System.out.println("priority --clear: node1 preempted back "
                + Duration.between(cleared, back).toMillis()
                + " ms after node2's override was cleared (node1's Master_Down_Interval "
                + NODE1_VI_1_MASTER_DOWN.toMillis() + " ms)");
        assertThat(Duration.between(cleared, back)).isLessThanOrEqualTo(NODE1_VI_1_MASTER_DOWN.plus(SLACK));
        assertThat(lab.arpingFromClient(VIP1)).containsExactly(lab.network().mac(node1));
    }

    // ------------------------------------------------------------------ 3. release

    @Test
    void releaseOnTheMasterHandsOverAfterSkewTimeAndTheNodeStaysBackupUntilCleared() {
        int mark1 = agent1.mark();
        int mark2 = agent2.mark();
        TandemCtlRun run = TandemCtlRun.ok(node1, "release", "VI_1");
        assertThat(run.out()).contains("VI_1: released");
        Instant released = agent1.awaitLogTime(
                mark1, Pattern.compile("VI_1: MASTER -> BACKUP \\(released by operator"), Duration.ofSeconds(1));
        Instant taken = agent2.awaitLogTime(
                mark2, Pattern.compile("VI_1: BACKUP -> MASTER .*Skew_Time"), Duration.ofSeconds(2));
        lab.awaitVip(node2, VIP1, Duration.ofSeconds(1));
        assertThat(lab.vipsOn(node1)).isEmpty();
        Duration handover = Duration.between(released, taken);
        System.out.println("release: node2 took " + VIP1 + " " + handover.toMillis() + " ms after node1 released it"
                + " (Skew_Time " + NODE2_VI_1_SKEW.toMillis() + " ms, Master_Down_Interval "
                + NODE2_VI_1_MASTER_DOWN.toMillis() + " ms)");
        assertThat(handover)
                .as("after Skew_Time, not Master_Down_Interval")
                .isLessThanOrEqualTo(NODE2_VI_1_SKEW.plus(SLACK))
                .isLessThan(NODE2_VI_1_MASTER_DOWN);
        assertThat(lab.arpingFromClient(VIP1)).containsExactly(lab.network().mac(node2));

        // The released node stays Backup at priority 1 (longer than its Master_Down_Interval: it
        // would have preempted by now at 100).
        pause(NODE1_VI_1_MASTER_DOWN.plusMillis(400));
        JsonObject vi1 = instance(status(node1), "VI_1");
        assertThat(string(vi1, "state")).isEqualTo("BACKUP");
        assertThat(vi1.get("effectivePriority").getAsInt()).isEqualTo(1);
        assertThat(vi1.get("overridePriority").getAsInt()).isEqualTo(1);
        assertThat(lab.vipsOn(node1)).isEmpty();
        assertThat(agent1.findLog(mark1, Pattern.compile("VI_1: BACKUP -> MASTER")))
                .isEmpty();

        // priority --clear: back to 100, node1 preempts node2 (99).
        mark1 = agent1.mark();
        TandemCtlRun clear = TandemCtlRun.ok(node1, "priority", "VI_1", "--clear");
        assertThat(clear.out()).contains("override cleared; priority 100");
        Instant cleared = agent1.awaitLogTime(mark1, Pattern.compile("VI_1: priority 1 -> 100"), Duration.ofSeconds(1));
        Instant back = agent1.awaitLogTime(
                mark1, Pattern.compile("VI_1: BACKUP -> MASTER"), NODE1_VI_1_MASTER_DOWN.plusSeconds(2));
        lab.awaitVip(node1, VIP1, Duration.ofSeconds(1));
        lab.awaitNoVip(node2, VIP1, Duration.ofSeconds(1));
        System.out.println("release then priority --clear: node1 preempted back "
                + Duration.between(cleared, back).toMillis() + " ms after the clear");
        // The master down timer running at the clear was set at priority 1: its Master_Down_Interval bounds it.
        assertThat(Duration.between(cleared, back)).isLessThanOrEqualTo(NODE1_VI_1_RELEASED_MASTER_DOWN.plus(SLACK));
    }

    // ------------------------------------------------------------------ 4. maintenance

    @Test
    void maintenanceDrainsTheNodeKeepsItDrainedWithoutAMasterAndOffBringsItBack() {
        int mark1 = agent1.mark();
        TandemCtlRun on = TandemCtlRun.ok(node1, "maintenance", "on");
        assertThat(on.out()).contains("maintenance on");
        Duration drained = Lab.await(
                () -> lab.holds(node2, VIP1) && !lab.holds(node1, VIP1),
                Duration.ofSeconds(2),
                VIP1 + " moved to node2");
        System.out.println(
                "maintenance on: " + VIP1 + " on node2 only " + drained.toMillis() + " ms after tandemctl returned");
        assertThat(lab.vipsOn(node2)).containsExactlyInAnyOrder(VIP1, VIP2);
        JsonObject status = status(node1);
        assertThat(status.getAsJsonObject("node").get("maintenance").getAsBoolean())
                .isTrue();
        assertThat(string(instance(status, "VI_1"), "state")).isEqualTo("BACKUP");
        assertThat(string(instance(status, "VI_2"), "state")).isEqualTo("BACKUP");
        // A takeover is refused while in maintenance, and changes nothing.
        TandemCtlRun refused = TandemCtlRun.in(node1, "takeover", "VI_1");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("maintenance");
        assertThat(lab.vipsOn(node1)).isEmpty();

        // maintenance off: node1 competes again and preempts VI_1 (100 > 99), VI_2 stays on node2.
        int mark = agent1.mark();
        TandemCtlRun off = TandemCtlRun.ok(node1, "maintenance", "off");
        assertThat(off.out()).contains("maintenance off");
        agent1.awaitLog(mark, Pattern.compile("VI_1: BACKUP -> MASTER"), NODE1_VI_1_MASTER_DOWN.plusSeconds(2));
        lab.awaitVip(node1, VIP1, Duration.ofSeconds(1));
        lab.awaitNoVip(node2, VIP1, Duration.ofSeconds(1));
        assertThat(lab.vipsOn(node1)).containsExactly(VIP1);
        assertThat(lab.vipsOn(node2)).containsExactly(VIP2);
        assertThat(agent1.findLog(mark1, Pattern.compile("VI_2: \\w+ -> MASTER")))
                .isEmpty();

        // Held even when no master is left: node1 in maintenance, node2's agent stopped.
        TandemCtlRun.ok(node1, "maintenance", "on");
        lab.awaitNoVip(node1, VIP1, Duration.ofSeconds(2));
        mark = agent1.mark();
        assertThat(agent2.sigterm(Duration.ofSeconds(10))).isZero();
        pause(NODE1_VI_1_MASTER_DOWN.plusMillis(500));
        assertThat(lab.vipsOn(node1))
                .as("node1 in maintenance with no master on the LAN")
                .isEmpty();
        assertThat(agent1.findLog(mark, Pattern.compile("-> MASTER"))).isEmpty();
        assertThat(lab.arpingFromClient(VIP1)).as("no one answers for " + VIP1).isEmpty();
    }

    // ------------------------------------------------------------------ 5. refusals

    @Test
    void refusedCommandsExitOneWithTheReasonAndChangeNothing() {
        JsonObject before = status(node2);
        TandemCtlRun unknown = TandemCtlRun.in(node2, "takeover", "VI_9");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err())
                .contains("no instance VI_9 on this node (instances: ")
                .contains("VI_1")
                .contains("VI_2");
        TandemCtlRun notMaster = TandemCtlRun.in(node2, "release", "VI_1");
        assertThat(notMaster.exitCode()).isEqualTo(1);
        assertThat(notMaster.err()).contains("VI_1 is BACKUP on this node: nothing to release");
        TandemCtlRun outOfRange = TandemCtlRun.in(node2, "priority", "VI_1", "255");
        assertThat(outOfRange.exitCode()).isEqualTo(1);
        assertThat(outOfRange.err()).contains("priority 255 is outside 1..254");

        JsonObject after = status(node2);
        for (String name : new String[] {"VI_1", "VI_2"}) {
            for (String field : new String[] {"state", "effectivePriority", "basePriority", "masterAddress"}) {
                assertThat(instance(after, name).get(field))
                        .as(name + " " + field)
                        .isEqualTo(instance(before, name).get(field));
            }
            assertThat(instance(after, name).has("overridePriority")
                            && instance(after, name).get("overridePriority").getAsInt() != 0)
                    .as(name + " has no override")
                    .isFalse();
        }
        assertThat(lab.vipsOn(node1)).containsExactly(VIP1);
        assertThat(lab.vipsOn(node2)).containsExactly(VIP2);
        assertThat(agent1.hasLog(Pattern.compile("VI_1: MASTER -> "))).isFalse();
        assertThat(agent2.hasLog(Pattern.compile("audit: .*method=Takeover .*result=INVALID_ARGUMENT")))
                .isTrue();
    }

    // ------------------------------------------------------------------ helpers

    static JsonObject status(Node n) {
        return JsonParser.parseString(TandemCtlRun.ok(n, "status", "--json").out())
                .getAsJsonObject();
    }

    static JsonObject instance(JsonObject status, String name) {
        for (JsonElement e : status.getAsJsonArray("instances")) {
            if (name.equals(string(e.getAsJsonObject(), "name"))) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("no instance " + name + " in " + status);
    }

    static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    /** Only to show that something does NOT happen in that time. */
    static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
