package net.tandem.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Pattern;
import net.tandem.agent.SignalFunction;
import net.tandem.agent.testlab.AgentProcess;
import net.tandem.agent.testlab.Lab;
import net.tandem.agent.testlab.TestNetwork.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The signals a keepalived runbook sends to a running master (SIGUSR1 data dump, SIGUSR2 stats
 * dump, SIGRTMIN+2 JSON dump, SIGRTMAX-1 stats-and-clear, SIGQUIT thread dump) must not end the
 * agent: before, SIGUSR1 killed the JVM and left the VIP in the kernel while the peer waited out
 * Master_Down_Interval. conf/master-backup: node1 (priority 100) is master of 192.0.2.8.
 */
class SignalsNetnsTest {
    static final String VIP = "192.0.2.8";
    /** An upper bound for what happens "soon", JVM start included: generous, so a loaded machine does not fail it. */
    static final Duration SETTLE = Duration.ofSeconds(20);
    /** node2's Master_Down_Interval (3.648 s) and a margin: had node1 stopped advertising, node2 would be master. */
    static final Duration LONGER_THAN_MASTER_DOWN = Duration.ofMillis(4500);

    @RegisterExtension
    static final Lab lab = new Lab(2);

    Node node1 = lab.node(1);
    Node node2 = lab.node(2);

    @Test
    void dumpSignalsToTheMasterWriteDumpsAndNothingMoves() throws IOException {
        Path run1 = lab.dir().resolve("run-node1");
        AgentProcess agent1 = lab.agent(node1, lab.config("master-backup/node1.conf"), "--run-dir", run1.toString());
        AgentProcess agent2 = lab.agent(
                node2,
                lab.config("master-backup/node2.conf"),
                "--run-dir",
                lab.dir().resolve("run-node2").toString());
        lab.awaitVip(node1, VIP, SETTLE);
        agent2.awaitLog(Pattern.compile("VI_1: \\w+ -> BACKUP"), SETTLE);

        // Both agents start at once: node2 may be Master for a moment before node1's first advert. What
        // matters is what happens from here on.
        int mark = agent1.mark();
        int mark2 = agent2.mark();
        agent1.signal(SignalFunction.DATA.number());
        agent1.awaitLog(mark, Pattern.compile("SIGUSR1 received: wrote .*tandem\\.data"), SETTLE);
        agent1.signal(SignalFunction.STATS.number());
        agent1.awaitLog(mark, Pattern.compile("SIGUSR2 received: wrote .*tandem\\.stats"), SETTLE);
        agent1.signal(SignalFunction.JSON.number());
        agent1.awaitLog(mark, Pattern.compile("SIGRTMIN\\+2 received: wrote .*tandem\\.json"), SETTLE);
        agent1.signal(SignalFunction.STATS_CLEAR.number());
        agent1.awaitLog(mark, Pattern.compile("SIGRTMAX-1 received: wrote .*tandem\\.stats"), SETTLE);
        agent1.signal(3); // SIGQUIT: the JVM's thread dump, on stdout
        agent1.awaitLog(mark, Pattern.compile("Full thread dump"), SETTLE);

        LabWait.pause(LONGER_THAN_MASTER_DOWN);
        assertThat(agent1.isAlive()).as("node1's agent still runs").isTrue();
        assertThat(lab.holds(node1, VIP)).as("node1 still holds " + VIP).isTrue();
        assertThat(lab.holds(node2, VIP)).as("node2 never took " + VIP).isFalse();
        assertThat(agent1.findLog(mark, Pattern.compile("VI_1: MASTER -> "))).isEmpty();
        assertThat(agent2.findLog(mark2, Pattern.compile("VI_1: \\w+ -> MASTER")))
                .isEmpty();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run1, LinkOption.NOFOLLOW_LINKS)))
                .as("the run directory, created by the agent")
                .isEqualTo("rwx------");
        for (String name : new String[] {"tandem.data", "tandem.stats", "tandem.json"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run1.resolve(name))))
                    .as(name)
                    .isEqualTo("rw-------");
        }
        assertThat(Files.readString(run1.resolve("tandem.data")))
                .contains(" VRRP Instance = VI_1\n")
                .contains("   State = MASTER for ")
                .containsPattern("\\n     192\\.0\\.2\\.8/\\d+ dev eth0 \\(in the kernel\\)\\n");
        assertThat(Files.readString(run1.resolve("tandem.stats")))
                .startsWith("VRRP Instance: VI_1\n")
                .contains("  Became master: 1\n");
        assertThat(Files.readString(run1.resolve("tandem.json")))
                .startsWith("[{\"data\":{\"iname\":\"VI_1\"")
                .contains("\"state\":2,");
        assertThat(lab.arpingFromClient(VIP)).containsExactly(lab.network().mac(node1));
    }
}
