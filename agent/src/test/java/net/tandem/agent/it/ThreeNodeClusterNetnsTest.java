package net.tandem.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Pattern;
import net.tandem.agent.testlab.AgentProcess;
import net.tandem.agent.testlab.Lab;
import net.tandem.agent.testlab.TestNetwork.Node;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * conf/cluster-3node: each instance has two ranked backups, and when its master dies the higher
 * one wins while the lower one stays backup (the winner's first advert reaches it before its own,
 * longer, Master_Down_Interval runs out: RFC 3768 §6.1's skew at work).
 * VI_1 (192.0.2.8, v2, 1 s): node1 150 > node2 100 > node3 50.
 * VI_2 (192.0.2.9, v3, 100 ms): node2 150 > node3 100 > node1 50.
 */
class ThreeNodeClusterNetnsTest {
    static final String VIP1 = "192.0.2.8";
    static final String VIP2 = "192.0.2.9";
    /** node2 for VI_1 (priority 100, 1 s): 3 s + 156/256 s = 3.609 s; node3 (50) would wait 3.805 s. */
    static final Duration NODE2_VI_1_MASTER_DOWN = Duration.ofMillis(3609);
    /** node3 for VI_2 (priority 100, 100 ms): 3 × 100 ms + 156/256 × 100 ms = 361 ms. */
    static final Duration NODE3_VI_2_MASTER_DOWN = Duration.ofMillis(361);

    /** An upper bound for what happens "soon", JVM start included: generous, so a loaded machine does not fail it. */
    static final Duration SETTLE = Duration.ofSeconds(20);

    @RegisterExtension
    static final Lab lab = new Lab(3);

    Node node1 = lab.node(1);
    Node node2 = lab.node(2);
    Node node3 = lab.node(3);
    AgentProcess agent1;
    AgentProcess agent2;
    AgentProcess agent3;

    @BeforeEach
    void clusterUp() {
        agent1 = lab.agent(node1, lab.config("cluster-3node/node1.conf"));
        agent2 = lab.agent(node2, lab.config("cluster-3node/node2.conf"));
        agent3 = lab.agent(node3, lab.config("cluster-3node/node3.conf"));
        // Started at once, two nodes may both be Master for a moment: wait for the settled state.
        lab.awaitExactly(node1, SETTLE, VIP1);
        lab.awaitExactly(node2, SETTLE, VIP2);
        lab.awaitExactly(node3, SETTLE);
    }

    @Test
    void whenVi1sMasterDiesTheHigherBackupWinsAndTheThirdStaysBackup() {
        int mark3 = agent3.mark();
        Takeover t = Takeover.of(
                lab,
                agent1::sigkill,
                agent2,
                Pattern.compile("VI_1: BACKUP -> MASTER"),
                node2,
                VIP1,
                NODE2_VI_1_MASTER_DOWN.plusMillis(100));
        System.out.println("3-node: node2 took VI_1 after node1's agent was killed: " + t);

        LabWait.pause(Duration.ofMillis(1500)); // past node3's own Master_Down_Interval, measured from the kill
        assertThat(agent3.findLog(mark3, Pattern.compile("-> MASTER")))
                .as("node3 became master of something")
                .isEmpty();
        assertThat(lab.vipsOn(node3)).isEmpty();
        assertThat(lab.vipsOn(node2)).containsExactlyInAnyOrder(VIP1, VIP2);
        assertThat(lab.arpingFromClient(VIP1)).contains(lab.network().mac(node2));
    }

    @Test
    void whenVi2sMasterDiesTheHigherBackupWinsAndTheThirdStaysBackup() {
        int mark1 = agent1.mark();
        Takeover t = Takeover.of(
                lab,
                agent2::sigkill,
                agent3,
                Pattern.compile("VI_2: BACKUP -> MASTER"),
                node3,
                VIP2,
                NODE3_VI_2_MASTER_DOWN.plusMillis(100));
        System.out.println("3-node: node3 took VI_2 (v3, 100 ms) after node2's agent was killed: " + t);

        LabWait.pause(Duration.ofMillis(1000)); // ten of node3's adverts; node1's VI_2 would have expired long ago
        assertThat(agent1.findLog(mark1, Pattern.compile("VI_2: \\w+ -> MASTER")))
                .as("node1 took VI_2")
                .isEmpty();
        assertThat(lab.vipsOn(node1)).containsExactly(VIP1);
        assertThat(lab.vipsOn(node3)).containsExactly(VIP2);
        assertThat(lab.arpingFromClient(VIP2)).contains(lab.network().mac(node3));
        assertThat(lab.pingFromClient(VIP2)).isTrue();
    }
}
