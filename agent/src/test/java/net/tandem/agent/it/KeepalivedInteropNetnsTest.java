package net.tandem.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import net.tandem.agent.testlab.AgentProcess;
import net.tandem.agent.testlab.DebianPackages;
import net.tandem.agent.testlab.KeepalivedProcess;
import net.tandem.agent.testlab.Lab;
import net.tandem.agent.testlab.TestNetwork.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Interoperability with the real keepalived (Debian's 2.2.x): keepalived on one node and Tandem on
 * the other, both reading the same rewritten seed files (keepalived natively: that is the point).
 * In the dual-master seed each node is the priority-100 master of one instance, so every run has
 * a keepalived master and a Tandem master at once, and a keepalived backup and a Tandem backup:
 * both placements of priority 100 in every run. The two runs also swap which node runs which (so
 * each implementation runs on node1 and on node2) and speak VRRPv2 (PASS auth) or VRRPv3 (where
 * both ignore the seed's authentication block, with a warning). The other two combinations add
 * about 30 s and nothing the protocol distinguishes; add "2, 2" and "3, 1" to run them too.
 * Failover is checked both ways: keepalived dies and Tandem takes over, keepalived returns and
 * preempts back; then Tandem dies and keepalived takes over, Tandem returns and preempts back.
 */
class KeepalivedInteropNetnsTest {
    /** An upper bound for what happens "soon", JVM start included: generous, so a loaded machine does not fail it. */
    static final Duration SETTLE = Duration.ofSeconds(20);
    /** The priority-99 backup, 1 s adverts: Master_Down_Interval = 3 s + 157/256 s = 3.613 s. */
    static final Duration MASTER_DOWN_99 = Duration.ofMillis(3613);

    @RegisterExtension
    static final Lab lab = new Lab(2);

    @BeforeAll
    static void keepalivedIsThere() {
        DebianPackages.require("keepalived", "keepalived");
        DebianPackages.stopKeepalivedService();
    }

    @ParameterizedTest(name = "VRRPv{0}, keepalived on node{1}")
    @CsvSource({"2, 1", "3, 2"})
    void keepalivedAndTandemElectTheRightMasterAndFailOverBothWays(int version, int keepalivedNodeNumber) {
        int tandemNodeNumber = 3 - keepalivedNodeNumber;
        Node kNode = lab.node(keepalivedNodeNumber);
        Node tNode = lab.node(tandemNodeNumber);
        // In the seed, node1 is master of VI_1 (192.0.2.8) and node2 of VI_2 (192.0.2.9).
        String kInstance = "VI_" + keepalivedNodeNumber, kVip = "192.0.2." + (7 + keepalivedNodeNumber);
        String tInstance = "VI_" + tandemNodeNumber, tVip = "192.0.2." + (7 + tandemNodeNumber);
        UnaryOperator<String> edit = version == 3
                ? Lab.inInstance("VI_1", "    version 3").andThen(Lab.inInstance("VI_2", "    version 3"))::apply
                : UnaryOperator.identity();
        Path kConf = lab.config(
                "seed-dual-master/node" + keepalivedNodeNumber + ".conf",
                "v" + version + "-node" + keepalivedNodeNumber + ".conf",
                edit);
        Path tConf = lab.config(
                "seed-dual-master/node" + tandemNodeNumber + ".conf",
                "v" + version + "-node" + tandemNodeNumber + ".conf",
                edit);

        KeepalivedProcess keepalived = lab.keepalived(kNode, kConf);
        AgentProcess tandem = lab.agent(tNode, tConf);
        // Each implementation is master of its priority-100 instance and backup of the other.
        lab.awaitVip(kNode, kVip, SETTLE);
        lab.awaitVip(tNode, tVip, SETTLE);
        keepalived.awaitLog(Pattern.compile("\\(" + kInstance + "\\) Entering MASTER STATE"), SETTLE);
        keepalived.awaitLog(Pattern.compile("\\(" + tInstance + "\\) Entering BACKUP STATE"), SETTLE);
        tandem.awaitLog(Pattern.compile(tInstance + ": \\w+ -> MASTER"), SETTLE);
        tandem.awaitLog(Pattern.compile(kInstance + ": \\w+ -> BACKUP"), SETTLE);
        LabWait.pause(Duration.ofMillis(1500)); // a few adverts each way: nobody changes its mind
        assertThat(lab.vipsOn(kNode)).containsExactly(kVip);
        assertThat(lab.vipsOn(tNode)).containsExactly(tVip);
        assertThat(tandem.hasLog(Pattern.compile(kInstance + ": \\w+ -> MASTER")))
                .isFalse();
        assertThat(tandem.hasLog(Pattern.compile("discarded advert")))
                .as("Tandem discarded keepalived's adverts")
                .isFalse();
        assertThat(lab.arpingFromClient(kVip)).containsExactly(lab.network().mac(kNode));
        assertThat(lab.arpingFromClient(tVip)).containsExactly(lab.network().mac(tNode));

        // keepalived dies: Tandem takes its instance over.
        Takeover tandemTookOver = Takeover.of(
                lab,
                keepalived::sigkill,
                tandem,
                Pattern.compile(kInstance + ": BACKUP -> MASTER \\(master down timer expired"),
                tNode,
                kVip,
                MASTER_DOWN_99.plusMillis(100));

        // keepalived returns and preempts its instance back.
        int mark = tandem.mark();
        long restartedAt = System.nanoTime();
        KeepalivedProcess keepalivedAgain = lab.keepalived(kNode, kConf);
        lab.awaitNoVip(tNode, kVip, SETTLE);
        Duration keepalivedPreempted = Duration.ofNanos(System.nanoTime() - restartedAt);
        tandem.awaitLog(mark, Pattern.compile(kInstance + ": MASTER -> BACKUP"), Duration.ofSeconds(1));
        keepalivedAgain.awaitLog(
                Pattern.compile("\\(" + kInstance + "\\) Entering MASTER STATE"), Duration.ofSeconds(2));
        lab.awaitVip(kNode, kVip, Duration.ofSeconds(1));
        assertThat(lab.vipsOn(tNode)).containsExactly(tVip);

        // Tandem dies: keepalived takes its instance over.
        int kMark = keepalivedAgain.mark();
        // keepalived logs whole seconds only: measured in the kernel, with the same slack as Tandem's.
        long killedAt = System.nanoTime();
        tandem.sigkill();
        lab.awaitVip(kNode, tVip, Duration.ofSeconds(6));
        Duration keepalivedTookOver = Duration.ofNanos(System.nanoTime() - killedAt);
        keepalivedAgain.awaitLog(
                kMark, Pattern.compile("\\(" + tInstance + "\\) Entering MASTER STATE"), Duration.ofSeconds(1));
        assertThat(keepalivedTookOver)
                .isLessThanOrEqualTo(MASTER_DOWN_99.plusMillis(100).plus(Takeover.KERNEL_SLACK));

        // Tandem returns (its leftover VIP removed at startup) and preempts its instance back.
        kMark = keepalivedAgain.mark();
        restartedAt = System.nanoTime();
        AgentProcess tandemAgain = lab.agent(tNode, tConf);
        lab.awaitNoVip(kNode, tVip, SETTLE);
        Duration tandemPreempted = Duration.ofNanos(System.nanoTime() - restartedAt);
        tandemAgain.awaitLog(Pattern.compile(tInstance + ": \\w+ -> MASTER"), Duration.ofSeconds(1));
        keepalivedAgain.awaitLog(
                kMark, Pattern.compile("\\(" + tInstance + "\\) Entering BACKUP STATE"), Duration.ofSeconds(1));
        lab.awaitVip(tNode, tVip, Duration.ofSeconds(1));
        assertThat(lab.vipsOn(kNode)).containsExactly(kVip);
        assertThat(lab.vipsOn(tNode)).containsExactly(tVip);
        assertThat(lab.arpingFromClient(kVip)).containsExactly(lab.network().mac(kNode));
        assertThat(lab.arpingFromClient(tVip)).containsExactly(lab.network().mac(tNode));
        assertThat(lab.pingFromClient(kVip)).isTrue();
        assertThat(lab.pingFromClient(tVip)).isTrue();

        System.out.printf(
                "interop v%d keepalived@node%d: Tandem took over %s after keepalived was killed;"
                        + " keepalived preempted back %d ms after its start; keepalived took over %d ms after Tandem"
                        + " was killed; Tandem preempted back %d ms after its start%n",
                version,
                keepalivedNodeNumber,
                tandemTookOver,
                keepalivedPreempted.toMillis(),
                keepalivedTookOver.toMillis(),
                tandemPreempted.toMillis());
    }
}
