package net.tandem.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.tandem.agent.testlab.AgentProcess;
import net.tandem.agent.testlab.DebianPackages;
import net.tandem.agent.testlab.KeepalivedProcess;
import net.tandem.agent.testlab.Lab;
import net.tandem.agent.testlab.TestNetwork.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reload that adds a VIP to a running pair, Tandem the master and keepalived the backup, each
 * reloaded with SIGHUP (Tandem first, keepalived right after, as an operator rolls a change):
 * no transition on either node, the new address appears on the master with a gratuitous ARP,
 * and the master's adverts never pause longer than one interval. Checked from the kernel, both
 * daemons' logs and a capture on the backup's interface.
 */
class ReloadAddsVipNetnsTest {
    static final Duration SETTLE = Duration.ofSeconds(20);
    static final String VIP = "192.0.2.8";
    static final String NEW_VIP = "192.0.2.10";
    static final Pattern ADVERT =
            Pattern.compile("^(\\d+)\\.(\\d+) IP 192\\.0\\.2\\.1 > 224\\.0\\.0\\.18: VRRPv2.*prio (\\d+)");

    @RegisterExtension
    static final Lab lab = new Lab(2);

    @BeforeAll
    static void keepalivedIsThere() {
        DebianPackages.require("keepalived", "keepalived");
        DebianPackages.stopKeepalivedService();
    }

    static UnaryOperator<String> withNewVip() {
        return text -> text.replace(
                "        " + VIP + "/24 dev eth0\n",
                "        " + VIP + "/24 dev eth0\n        " + NEW_VIP + "/24 dev eth0\n");
    }

    @Test
    void aVipAddedByReloadAppearsOnTheMasterWithoutATransitionAndKeepalivedStaysBackup() throws Exception {
        Node node1 = lab.node(1);
        Node node2 = lab.node(2);
        Path tConf = lab.config("master-backup/node1.conf");
        Path kConf = lab.config("master-backup/node2.conf");
        AgentProcess tandem = lab.agent(node1, tConf);
        KeepalivedProcess keepalived = lab.keepalived(node2, kConf);
        lab.awaitVip(node1, VIP, SETTLE);
        keepalived.awaitLog(Pattern.compile("\\(VI_1\\) Entering BACKUP STATE"), SETTLE);

        Path capture = lab.dir().resolve("reload-capture.txt");
        Process tcpdump = new ProcessBuilder(
                        "ip",
                        "netns",
                        "exec",
                        node2.namespace(),
                        "tcpdump",
                        "-i",
                        "eth0",
                        "-n",
                        "-l",
                        "-tt",
                        "(ip proto 112 and src 192.0.2.1) or arp")
                .redirectOutput(capture.toFile())
                .redirectError(lab.dir().resolve("reload-tcpdump.err").toFile())
                .start();
        try {
            LabWait.pause(Duration.ofMillis(2500)); // adverts before the reload
            int tMark = tandem.mark();
            int kMark = keepalived.mark();

            Files.writeString(tConf, withNewVip().apply(Files.readString(tConf)));
            Files.writeString(kConf, withNewVip().apply(Files.readString(kConf)));
            tandem.signal("HUP");
            tandem.awaitLog(tMark, Pattern.compile("VI_1: updated in place"), Duration.ofSeconds(10));
            keepalived.signal("HUP");
            Duration appeared = lab.awaitVip(node1, NEW_VIP, Duration.ofSeconds(2));

            LabWait.pause(Duration.ofSeconds(5)); // longer than keepalived's Master_Down_Interval
            tcpdump.destroy();
            tcpdump.waitFor(5, TimeUnit.SECONDS);

            String log = String.join(
                    "\n", tandem.logLines().subList(tMark, tandem.logLines().size()));
            assertThat(log).as("Tandem's log after the reload").doesNotContainPattern("VI_1: \\w+ -> ");
            assertThat(keepalived.findLog(kMark, Pattern.compile("Entering MASTER STATE")))
                    .as("keepalived became master")
                    .isEmpty();
            assertThat(lab.vipsOn(node1)).containsExactlyInAnyOrder(VIP, NEW_VIP);
            assertThat(lab.vipsOn(node2)).isEmpty();

            List<String> lines = Files.readAllLines(capture);
            assertThat(lines)
                    .as("a gratuitous ARP for %s in:\n%s", NEW_VIP, String.join("\n", lines))
                    .anyMatch(l -> l.contains("ARP") && l.contains(NEW_VIP));
            List<Double> adverts = new ArrayList<>();
            for (String l : lines) {
                Matcher m = ADVERT.matcher(l);
                if (m.find()) {
                    adverts.add(Double.parseDouble(m.group(1) + "." + m.group(2)));
                }
            }
            assertThat(adverts)
                    .as("node1's adverts in:\n%s", String.join("\n", lines))
                    .hasSizeGreaterThan(6);
            double largestGap = 0;
            for (int i = 1; i < adverts.size(); i++) {
                largestGap = Math.max(largestGap, adverts.get(i) - adverts.get(i - 1));
            }
            assertThat(largestGap).as("largest gap between node1's adverts (s)").isLessThan(1.2);
            System.out.printf(
                    "reload adding a VIP: %s in the kernel %d ms after the SIGHUP was logged%n",
                    NEW_VIP, appeared.toMillis());
        } finally {
            tcpdump.destroyForcibly();
        }
    }
}
