package net.tandem.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import net.tandem.agent.testlab.AgentProcess;
import net.tandem.agent.testlab.Lab;
import net.tandem.agent.testlab.TestNetwork.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * conf/master-backup in real namespaces: node1 (priority 100) serves 192.0.2.8, node2 (priority
 * 90) backs it up. How the master goes away decides how fast the backup takes over: a clean stop
 * hands over in Skew_Time, a dead link or a dead process costs Master_Down_Interval.
 */
class MasterBackupNetnsTest {
    static final String VIP = "192.0.2.8";
    /** node2, priority 90, 1 s adverts: Skew_Time = (256 − 90)/256 s = 0.648 s (RFC 3768 §6.1). */
    static final Duration NODE2_SKEW_TIME = Duration.ofMillis(648);
    /** node2: Master_Down_Interval = 3 × 1 s + Skew_Time = 3.648 s. */
    static final Duration NODE2_MASTER_DOWN = Duration.ofMillis(3648);

    /** An upper bound for what happens "soon", JVM start included: generous, so a loaded machine does not fail it. */
    static final Duration SETTLE = Duration.ofSeconds(20);

    @RegisterExtension
    static final Lab lab = new Lab(2);

    Node node1 = lab.node(1);
    Node node2 = lab.node(2);
    Path conf1 = lab.config("master-backup/node1.conf");
    Path conf2 = lab.config("master-backup/node2.conf");

    @Test
    void sigtermOnTheMasterHandsOverInSkewTimeNotMasterDownInterval() {
        AgentProcess agent1 = lab.agent(node1, conf1);
        AgentProcess agent2 = lab.agent(node2, conf2);
        lab.awaitVip(node1, VIP, SETTLE);
        agent2.awaitLog(Pattern.compile("VI_1: \\w+ -> BACKUP"), SETTLE);

        int[] exit = new int[1];
        // Skew_Time plus the time node1 takes to stop (signal, priority-0 advert): a margin of 350 ms,
        // still far below node2's Master_Down_Interval.
        Takeover t = Takeover.of(
                lab,
                () -> exit[0] = agent1.sigterm(Duration.ofSeconds(10)),
                agent2,
                Pattern.compile("VI_1: BACKUP -> MASTER .*Skew_Time"),
                node2,
                VIP,
                NODE2_SKEW_TIME.plusMillis(350));

        System.out.println("graceful: node2 took " + VIP + " after SIGTERM to node1's agent: " + t
                + " (Skew_Time " + NODE2_SKEW_TIME.toMillis() + " ms, Master_Down_Interval "
                + NODE2_MASTER_DOWN.toMillis() + " ms)");
        assertThat(exit[0]).as("exit code after SIGTERM").isZero();
        assertThat(lab.vipsOn(node1)).as("node1 removed its VIP on the way out").isEmpty();
        assertThat(agent1.hasLog(Pattern.compile("VI_1: removed 192\\.0\\.2\\.8/")))
                .isTrue();
        assertThat(lab.arpingFromClient(VIP)).containsExactly(lab.network().mac(node2));
        assertThat(lab.pingFromClient(VIP)).isTrue();
    }

    @Test
    void linkDownPutsTheMasterInFaultAndLinkUpBringsItBack() {
        AgentProcess agent1 = lab.agent(node1, conf1);
        AgentProcess agent2 = lab.agent(node2, conf2);
        lab.awaitVip(node1, VIP, SETTLE);
        agent2.awaitLog(Pattern.compile("VI_1: \\w+ -> BACKUP"), SETTLE);

        Takeover t = Takeover.of(
                lab,
                () -> lab.network().linkDown(node1),
                agent2,
                Pattern.compile("VI_1: BACKUP -> MASTER \\(master down timer expired"),
                node2,
                VIP,
                NODE2_MASTER_DOWN.plusMillis(100));
        System.out.println("link down: node2 took " + VIP + " after node1's eth0 went down: " + t);
        agent1.awaitLog(Pattern.compile("VI_1: MASTER -> FAULT \\(eth0 is down\\)"), Duration.ofSeconds(1));
        assertThat(lab.vipsOn(node1)).as("node1 in FAULT dropped its VIP").isEmpty();
        assertThat(lab.arpingFromClient(VIP)).containsExactly(lab.network().mac(node2));

        int mark = agent1.mark();
        long upAt = System.nanoTime();
        lab.network().linkUp(node1);
        agent1.awaitLog(mark, Pattern.compile("VI_1: FAULT -> BACKUP"), Duration.ofSeconds(2));
        agent1.awaitLog(mark, Pattern.compile("VI_1: BACKUP -> MASTER"), SETTLE);
        lab.awaitVip(node1, VIP, Duration.ofSeconds(2));
        lab.awaitNoVip(node2, VIP, Duration.ofSeconds(2));
        System.out.println("link up: node1 preempted back "
                + Duration.ofNanos(System.nanoTime() - upAt).toMillis() + " ms after its eth0 came up");
        assertThat(lab.arpingFromClient(VIP)).containsExactly(lab.network().mac(node1));
        assertThat(lab.pingFromClient(VIP)).isTrue();
    }

    @Test
    void aVipLeftByACrashIsRemovedAtStartupAndTheElectionDecides() {
        // node2 alone becomes master, then crashes: its VIP stays in the kernel.
        AgentProcess crashed = lab.agent(node2, conf2);
        lab.awaitVip(node2, VIP, SETTLE);
        crashed.sigkill();
        LabWait.pause(Duration.ofMillis(200));
        assertThat(lab.vipsOn(node2)).as("a SIGKILLed agent cannot clean up").containsExactly(VIP);

        // node1 (priority 100) comes up and serves the VIP; node2's stale copy is still there.
        AgentProcess agent1 = lab.agent(node1, conf1);
        lab.awaitVip(node1, VIP, SETTLE);

        // node2's agent restarts: it removes the leftover before its instance starts, and stays backup.
        AgentProcess restarted = lab.agent(node2, conf2);
        restarted.awaitLog(
                Pattern.compile("VI_1: removed 192\\.0\\.2\\.8/\\d+ from eth0: left behind by an earlier run"), SETTLE);
        restarted.awaitLog(Pattern.compile("VI_1: \\w+ -> BACKUP"), SETTLE);
        // The data plane comes before the control API: the leftover was gone before the control socket existed.
        restarted.awaitLog(Pattern.compile("control: socket "), SETTLE);
        List<String> lines = restarted.logLines();
        assertThat(indexOf(lines, "left behind by an earlier run"))
                .as("leftover removed before the control server started")
                .isLessThan(indexOf(lines, "control: socket "));
        lab.awaitNoVip(node2, VIP, Duration.ofSeconds(1));
        // Settled: the VIP is on node1 only, sampled every 20 ms for 1.5 s.
        long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (System.nanoTime() < until) {
            assertThat(lab.holds(node1, VIP)).as("node1 holds " + VIP).isTrue();
            assertThat(lab.holds(node2, VIP)).as("node2 holds " + VIP).isFalse();
            LabWait.pause(Duration.ofMillis(20));
        }
        assertThat(restarted.hasLog(Pattern.compile("VI_1: \\w+ -> MASTER"))).isFalse();
        assertThat(agent1.hasLog(Pattern.compile("VI_1: MASTER -> "))).isFalse();
        assertThat(lab.arpingFromClient(VIP)).containsExactly(lab.network().mac(node1));
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no log line with '" + text + "' in " + lines);
    }
}
