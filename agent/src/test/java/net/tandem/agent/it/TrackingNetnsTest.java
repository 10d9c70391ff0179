package net.tandem.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import net.tandem.agent.testlab.AgentProcess;
import net.tandem.agent.testlab.Lab;
import net.tandem.agent.testlab.TestNetwork.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * conf/master-backup with a tracker on node1 (priority 100; node2 has 90): what the tracker watches moves the VIP to
 * node2 and, once it is well again, back (preemption). Trackers are polled once a second, so each move takes at most
 * a poll plus node2's (or node1's) Master_Down_Interval.
 */
class TrackingNetnsTest {
    static final String VIP = "192.0.2.8";
    static final Duration SETTLE = Duration.ofSeconds(8);
    /** A poll (1 s), then Master_Down_Interval (3.6 s), with room for a loaded machine. */
    static final Duration MOVE = Duration.ofSeconds(8);

    static final Pattern STARTED = Pattern.compile("VI_1: INITIALIZE -> BACKUP");
    static final Duration JVM_START = Duration.ofSeconds(30);

    @RegisterExtension
    static final Lab lab = new Lab(2);

    Node node1 = lab.node(1);
    Node node2 = lab.node(2);

    Path node1With(String name, String topLevel, String inInstance) {
        return lab.config(
                "master-backup/node1.conf",
                name,
                text -> topLevel + "\n" + Lab.inInstance("VI_1", inInstance).apply(text));
    }

    /** Starts both agents and waits until node1 serves the VIP and node2 backs it up. */
    AgentProcess startBoth(Path conf1) {
        AgentProcess agent1 = lab.agent(node1, conf1);
        AgentProcess agent2 = lab.agent(node2, lab.config("master-backup/node2.conf"));
        // A JVM can take seconds to start on a loaded machine: count from the instance's start.
        agent1.awaitLog(STARTED, JVM_START);
        lab.awaitExactly(node1, SETTLE, VIP);
        agent2.awaitLog(Pattern.compile("VI_1: \\w+ -> BACKUP"), SETTLE);
        lab.awaitExactly(node2, SETTLE); // started at once, node2 may have been Master for a moment
        return agent1;
    }

    @Test
    void aTopLevelTrackFileWithAWeightMovesTheVipToThePeerAndBack() throws IOException {
        Path file = lab.dir().resolve("maintenance");
        Files.writeString(file, "0\n");
        startBoth(node1With(
                "node1-track-file.conf",
                "track_file maintenance {\n    file \"" + file + "\"\n    weight -20\n}",
                "    track_file {\n        maintenance\n    }"));

        Files.writeString(file, "1\n"); // 100 - 20 = 80, below node2's 90
        lab.awaitVip(node2, VIP, MOVE);
        lab.awaitNoVip(node1, VIP, Duration.ofSeconds(2));

        Files.writeString(file, "0\n");
        lab.awaitVip(node1, VIP, MOVE);
        lab.awaitNoVip(node2, VIP, Duration.ofSeconds(2));
        assertThat(lab.arpingFromClient(VIP)).containsExactly(lab.network().mac(node1));
    }

    @Test
    void aTrackedProcessThatEndsMovesTheVipToThePeerAndItsReturnBringsItBack() throws Exception {
        // Namespaces share the host's process table: an argument no other process has makes the match ours.
        String arg = "1000." + (System.nanoTime() % 1_000_000);
        Process sleeper = lab.network().start(node1, "sleep", arg);
        try {
            AgentProcess agent1 = startBoth(node1With(
                    "node1-track-process.conf",
                    "track_process sleeper {\n    process sleep " + arg + "\n}",
                    "    track_process {\n        sleeper\n    }"));

            sleeper.destroy();
            sleeper.waitFor();
            agent1.awaitLog(Pattern.compile("VI_1: MASTER -> FAULT .*sleeper down"), Duration.ofSeconds(3));
            lab.awaitVip(node2, VIP, MOVE);
            assertThat(lab.vipsOn(node1)).as("node1 in FAULT dropped its VIP").isEmpty();

            sleeper = lab.network().start(node1, "sleep", arg);
            lab.awaitVip(node1, VIP, MOVE);
            lab.awaitNoVip(node2, VIP, Duration.ofSeconds(2));
            assertThat(lab.arpingFromClient(VIP)).containsExactly(lab.network().mac(node1));
        } finally {
            sleeper.destroy();
            sleeper.waitFor();
        }
    }
}
