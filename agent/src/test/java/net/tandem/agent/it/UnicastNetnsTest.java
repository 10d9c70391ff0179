package net.tandem.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import net.tandem.agent.testlab.AgentProcess;
import net.tandem.agent.testlab.DebianPackages;
import net.tandem.agent.testlab.Lab;
import net.tandem.agent.testlab.TestNetwork.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * conf/master-backup in unicast mode ({@code unicast_src_ip} + {@code unicast_peer { other }}), in
 * real namespaces: the nodes elect and fail over as with multicast, and tcpdump on the bridge
 * (which sees every frame of the LAN) shows that every advert goes to the peer's address and none
 * to 224.0.0.18.
 */
class UnicastNetnsTest {
    static final String VIP = "192.0.2.8";
    /** node2, priority 90, 1 s adverts: Master_Down_Interval = 3 × 1 s + (256 − 90)/256 s = 3.648 s. */
    static final Duration NODE2_MASTER_DOWN = Duration.ofMillis(3648);

    /** An upper bound for what happens "soon", JVM start included: generous, so a loaded machine does not fail it. */
    static final Duration SETTLE = Duration.ofSeconds(20);
    /** {@code 12:00:00.000000 IP 192.0.2.1 > 192.0.2.2: VRRPv2, Advertisement, ...} as tcpdump -n prints it. */
    static final Pattern ADVERT =
            Pattern.compile("IP (\\d+\\.\\d+\\.\\d+\\.\\d+) > (\\d+\\.\\d+\\.\\d+\\.\\d+): VRRPv2");

    @RegisterExtension
    static final Lab lab = new Lab(2);

    Node node1 = lab.node(1);
    Node node2 = lab.node(2);

    static String unicast(String self, String peer) {
        return "    unicast_src_ip " + self + "\n    unicast_peer {\n        " + peer + "\n    }";
    }

    @Test
    void unicastPeersElectAndFailOverWithAdvertsAddressedToThePeerOnly() throws Exception {
        DebianPackages.require("tcpdump", "tcpdump");
        Path conf1 = lab.config(
                "master-backup/node1.conf",
                "node1-unicast.conf",
                Lab.inInstance("VI_1", unicast("192.0.2.1", "192.0.2.2")));
        Path conf2 = lab.config(
                "master-backup/node2.conf",
                "node2-unicast.conf",
                Lab.inInstance("VI_1", unicast("192.0.2.2", "192.0.2.1")));
        Path capture = lab.dir().resolve("unicast.txt");
        // On the bridge every frame of the LAN passes, multicast or not. 6 adverts: both nodes start
        // as Backup and the first ones may come from either; then node1's, every second.
        Process tcpdump = new ProcessBuilder(
                        "ip",
                        "netns",
                        "exec",
                        lab.network().bridgeNamespace(),
                        "tcpdump",
                        "-i",
                        "br0",
                        "-n",
                        "-l",
                        "-c",
                        "6",
                        "ip proto 112")
                .redirectErrorStream(false)
                .redirectOutput(capture.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            LabWait.pause(Duration.ofMillis(500)); // tcpdump attached before the first advert
            AgentProcess agent1 = lab.agent(node1, conf1);
            AgentProcess agent2 = lab.agent(node2, conf2);
            lab.awaitVip(node1, VIP, SETTLE);
            agent2.awaitLog(Pattern.compile("VI_1: \\w+ -> BACKUP"), SETTLE);
            assertThat(tcpdump.waitFor(10, TimeUnit.SECONDS))
                    .as("6 adverts captured on the bridge")
                    .isTrue();

            List<String> adverts = Files.readAllLines(capture, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("VRRP"))
                    .toList();
            assertThat(adverts).hasSize(6).allSatisfy(line -> {
                var m = ADVERT.matcher(line);
                assertThat(m.find()).as(line).isTrue();
                assertThat(m.group(2))
                        .as("destination of " + line)
                        .isEqualTo(m.group(1).equals("192.0.2.1") ? "192.0.2.2" : "192.0.2.1");
            });
            assertThat(String.join("\n", adverts)).doesNotContain("224.0.0.18").contains("192.0.2.1 > 192.0.2.2");
            assertThat(lab.vipsOn(node2)).isEmpty();
            assertThat(lab.arpingFromClient(VIP)).containsExactly(lab.network().mac(node1));
            assertThat(lab.pingFromClient(VIP)).isTrue(); // a neighbour entry for node2's gratuitous ARP to move

            // node1 dies: node2 hears no unicast advert for Master_Down_Interval and takes over.
            Takeover t = Takeover.of(
                    lab,
                    agent1::sigkill,
                    agent2,
                    Pattern.compile("VI_1: BACKUP -> MASTER \\(master down timer expired"),
                    node2,
                    VIP,
                    NODE2_MASTER_DOWN.plusMillis(100));
            System.out.println("unicast: node2 took " + VIP + " after node1's agent was killed: " + t);
            // The killed agent left its VIP in node1's kernel (DualMasterNetnsTest): the client's
            // neighbour entry, moved by node2's gratuitous ARP, is what decides where traffic goes.
            Lab.await(
                    () -> lab.clientNeighbour(VIP)
                            .equals(java.util.Optional.of(lab.network().mac(node2))),
                    Duration.ofSeconds(2),
                    "the client's neighbour entry for " + VIP + " points at node2");
            assertThat(lab.pingFromClient(VIP)).isTrue();
        } finally {
            tcpdump.destroyForcibly();
        }
    }
}
