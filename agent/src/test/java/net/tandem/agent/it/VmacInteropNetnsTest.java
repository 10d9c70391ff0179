package net.tandem.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.tandem.agent.testlab.AgentProcess;
import net.tandem.agent.testlab.DebianPackages;
import net.tandem.agent.testlab.KeepalivedProcess;
import net.tandem.agent.testlab.Lab;
import net.tandem.agent.testlab.LoggedProcess;
import net.tandem.agent.testlab.TestNetwork.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * use_vmac against the real keepalived (Debian's 2.2.x), both on VRID 51 with VIP 192.0.2.51 on a VMAC interface
 * called vrrp.51: the client's neighbour entry for the VIP is the virtual router MAC 00:00:5e:00:01:33, and stays
 * that across failovers from keepalived to Tandem and back (a clean stop of the master each time, so that its VMAC
 * goes with it). Both placements: keepalived first master, or Tandem first master; and both with vmac_xmit_base (adverts
 * between the base interfaces, the VIPs still on the VMACs). And the VMAC's life: up without
 * addresses on a backup, gone after a clean stop, and a leftover from a SIGKILL replaced at the next start.
 */
class VmacInteropNetnsTest {
    static final Duration SETTLE = Duration.ofSeconds(20);
    static final String VIP = "192.0.2.51";
    static final String VMAC = "vrrp.51";
    static final String VIRTUAL_ROUTER_MAC = "00:00:5e:00:01:33";

    @RegisterExtension
    static final Lab lab = new Lab(2);

    @BeforeAll
    static void keepalivedIsThere() {
        DebianPackages.require("keepalived", "keepalived");
        DebianPackages.stopKeepalivedService();
    }

    /** A SIGKILLed daemon leaves its VMAC (with the VIP) behind; the next run must not find it. */
    @AfterEach
    void removeLeftoverVmacs() {
        for (int n = 1; n <= 2; n++) {
            lab.execAllowFailure(lab.node(n), "ip", "link", "del", VMAC);
            lab.execAllowFailure(lab.node(n), "sysctl", "-q", "-w", "net.ipv4.conf.eth0.arp_announce=0");
        }
        lab.execAllowFailure(
                lab.client(), "ip", "neigh", "flush", "dev", lab.client().interfaceName());
    }

    private Path config(Node node, int priority) {
        return config(node, priority, false);
    }

    private Path config(Node node, int priority, boolean xmitBase) {
        String text = """
                global_defs {
                    router_id %s
                }
                vrrp_instance VI_1 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 51
                    priority %d
                    advert_int 1
                    use_vmac
                %s
                    virtual_ipaddress {
                        %s/24
                    }
                }
                """.formatted(node.name(), priority, xmitBase ? "    vmac_xmit_base" : "", VIP);
        try {
            Path p = lab.dir()
                    .resolve("vmac-" + node.name() + "-" + priority + (xmitBase ? "-xmit-base" : "") + ".conf");
            Files.writeString(p, text, StandardCharsets.UTF_8);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "Tandem first master: {0}, vmac_xmit_base on both: {1}")
    @CsvSource({"false, false", "true, false", "true, true"})
    void theClientsNeighbourEntryIsTheVirtualRouterMacAndSurvivesFailoversBothWays(
            boolean tandemFirst, boolean xmitBase) {
        Node kNode = lab.node(1);
        Node tNode = lab.node(2);
        // The first master has priority 100 and preempts back when it returns.
        Path kConf = config(kNode, tandemFirst ? 99 : 100, xmitBase);
        Path tConf = config(tNode, tandemFirst ? 100 : 99, xmitBase);
        Node first = tandemFirst ? tNode : kNode;
        Node second = tandemFirst ? kNode : tNode;

        // What keepalived's documentation asks of the operator (Tandem sets it on its own base interface): the
        // kernel's ARP requests out of eth0 carry eth0's address, not the VIP's, so that the client never learns
        // eth0's MAC for the VIP.
        lab.network().exec(kNode, "sysctl", "-q", "-w", "net.ipv4.conf.eth0.arp_announce=2");
        KeepalivedProcess keepalived = lab.keepalived(kNode, kConf);
        AgentProcess tandem = lab.agent(tNode, tConf);
        awaitVipOnVmac(first, SETTLE);
        tandem.awaitLog(Pattern.compile("VI_1: \\w+ -> " + (tandemFirst ? "MASTER" : "BACKUP")), SETTLE);
        keepalived.awaitLog(
                Pattern.compile("\\(VI_1\\) Entering " + (tandemFirst ? "BACKUP" : "MASTER") + " STATE"), SETTLE);
        LabWait.pause(Duration.ofMillis(1500)); // a few adverts each way: nobody changes its mind
        assertThat(vipsOnVmac(second)).isEmpty();
        assertThat(lab.vipsOn(first)).isEmpty(); // on the VMAC, not on eth0
        // The backup's VMAC is there and up, with no address.
        assertThat(linkShow(second)).contains("UP").contains(VIRTUAL_ROUTER_MAC);
        assertThat(linkShow(tNode)).contains("macvlan").contains("private");
        assertThat(tandem.hasLog(Pattern.compile(tandemFirst ? "VI_1: MASTER -> " : "VI_1: \\w+ -> MASTER")))
                .isFalse();
        assertThat(lab.pingFromClient(VIP)).isTrue();
        assertThat(lab.clientNeighbour(VIP)).contains(VIRTUAL_ROUTER_MAC);
        assertThat(lab.arpingFromClient(VIP)).containsExactly(VIRTUAL_ROUTER_MAC);

        // The first master stops cleanly (its VMAC goes): the second takes over.
        LoggedProcess firstProcess = tandemFirst ? tandem : keepalived;
        firstProcess.sigterm(Duration.ofSeconds(10));
        awaitVipOnVmac(second, SETTLE);
        assertThat(linkExists(first))
                .as("%s after a clean stop of the master", VMAC)
                .isFalse();
        assertThat(lab.clientNeighbour(VIP)).contains(VIRTUAL_ROUTER_MAC);
        assertThat(pingsFromClient(VIP)).isTrue();
        assertThat(lab.clientNeighbour(VIP)).contains(VIRTUAL_ROUTER_MAC);

        // It returns and preempts back.
        LoggedProcess again = tandemFirst ? lab.agent(tNode, tConf) : lab.keepalived(kNode, kConf);
        awaitVipOnVmac(first, SETTLE);
        Lab.await(() -> vipsOnVmac(second).isEmpty(), SETTLE, VIP + " gone from " + second.name());
        assertThat(again.isAlive()).isTrue();
        assertThat(lab.clientNeighbour(VIP)).contains(VIRTUAL_ROUTER_MAC);
        assertThat(pingsFromClient(VIP)).isTrue();
        assertThat(lab.clientNeighbour(VIP)).contains(VIRTUAL_ROUTER_MAC);
        assertThat(lab.arpingFromClient(VIP)).containsExactly(VIRTUAL_ROUTER_MAC);
    }

    @Test
    void theVmacIsGoneAfterACleanStopAndALeftoverFromASigkillIsReplacedAtTheNextStart() {
        Node tNode = lab.node(2);
        Path tConf = config(tNode, 100);
        AgentProcess tandem = lab.agent(tNode, tConf);
        awaitVipOnVmac(tNode, SETTLE);
        tandem.sigterm(Duration.ofSeconds(10));
        assertThat(linkExists(tNode)).as("%s after a clean stop", VMAC).isFalse();

        AgentProcess crashing = lab.agent(tNode, tConf);
        awaitVipOnVmac(tNode, SETTLE);
        int before = ifindex(tNode);
        crashing.sigkill();
        assertThat(linkExists(tNode))
                .as("a SIGKILL leaves %s behind (nobody to remove it)", VMAC)
                .isTrue();

        AgentProcess restarted = lab.agent(tNode, tConf);
        restarted.awaitLog(Pattern.compile("VI_1: removed VMAC interface " + Pattern.quote(VMAC)), SETTLE);
        awaitVipOnVmac(tNode, SETTLE);
        assertThat(ifindex(tNode)).as("made anew").isNotEqualTo(before);
        restarted.sigterm(Duration.ofSeconds(10));
        assertThat(linkExists(tNode))
                .as("%s after the restarted agent's clean stop", VMAC)
                .isFalse();
        assertThat(lab.execAllowFailure(tNode, "ip", "-o", "link", "show", "type", "macvlan"))
                .doesNotContain(VMAC);
    }

    @Test
    void anInterfaceOfTheNameThatIsNotOursIsLeftAloneAndTheAgentDoesNotStart() {
        Node tNode = lab.node(1);
        lab.network().exec(tNode, "ip", "link", "add", VMAC, "type", "veth", "peer", "name", "vx51");
        try {
            AgentProcess tandem = lab.agent(tNode, config(tNode, 100));
            tandem.awaitLog(Pattern.compile("interface " + Pattern.quote(VMAC) + " exists and is not a VMAC"), SETTLE);
            Lab.await(() -> !tandem.isAlive(), SETTLE, "the agent gave up");
            assertThat(linkShow(tNode)).contains("veth");
        } finally {
            lab.execAllowFailure(tNode, "ip", "link", "del", VMAC);
        }
    }

    private String linkShow(Node node) {
        return lab.execAllowFailure(node, "ip", "-d", "link", "show", VMAC);
    }

    private boolean linkExists(Node node) {
        return !lab.execAllowFailure(node, "ip", "-o", "link", "show")
                .lines()
                .filter(l -> l.matches("\\d+: " + Pattern.quote(VMAC) + "@.*"))
                .toList()
                .isEmpty();
    }

    private int ifindex(Node node) {
        Matcher m = Pattern.compile("^(\\d+): ").matcher(lab.execAllowFailure(node, "ip", "-o", "link", "show", VMAC));
        assertThat(m.find()).as("%s on %s", VMAC, node.name()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private List<String> vipsOnVmac(Node node) {
        Matcher m = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/")
                .matcher(lab.execAllowFailure(node, "ip", "-4", "-o", "addr", "show", "dev", VMAC));
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private void awaitVipOnVmac(Node node, Duration timeout) {
        Lab.await(() -> vipsOnVmac(node).contains(VIP), timeout, VIP + " on " + VMAC + " of " + node.name());
    }

    /** The VIP answers a ping within a few tries: the new master may still be sending its first ARPs. */
    private boolean pingsFromClient(String ip) {
        for (int k = 0; k < 5; k++) {
            if (lab.pingFromClient(ip)) {
                return true;
            }
        }
        return false;
    }
}
