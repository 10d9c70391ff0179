package net.tandem.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.tandem.agent.testlab.AgentProcess;
import net.tandem.agent.testlab.DebianPackages;
import net.tandem.agent.testlab.KeepalivedProcess;
import net.tandem.agent.testlab.Lab;
import net.tandem.agent.testlab.LoggedProcess;
import net.tandem.agent.testlab.TestNetwork;
import net.tandem.agent.testlab.TestNetwork.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * use_vmac on an IPv6 instance against the real keepalived (Debian's 2.2.x): both on VRID 51 with VIP 2001:db8::51 on
 * a VMAC interface vrrp.51 whose MAC is the IPv6 virtual router MAC 00:00:5e:00:02:33 (RFC 5798 §7.3). The client's
 * neighbour entry for the VIP ({@code ip -6 neigh}) is that MAC and stays it across a failover from one daemon to the
 * other and back (a clean stop of the master, whose VMAC goes with it), with either daemon first master.
 *
 * <p>The client captures the traffic: Tandem's adverts leave its VMAC (source MAC the virtual router MAC) from the
 * link-local address keepalived would give the VMAC, the base interface's own, and its unsolicited Neighbour
 * Advertisement for the VIP carries the virtual router MAC too.
 *
 * <p>The lab disables IPv6 in its namespaces; the test turns it on for eth0 (without DAD) on every node.
 */
class Vmac6InteropNetnsTest {
    static final Duration SETTLE = Duration.ofSeconds(25);
    static final String VIP = "2001:db8::51";
    static final String VMAC = "vrrp.51";
    static final String VIRTUAL_ROUTER_MAC = "00:00:5e:00:02:33";

    @RegisterExtension
    static final Lab lab = new Lab(2);

    @BeforeAll
    static void toolsAreThere() {
        DebianPackages.require("keepalived", "keepalived");
        DebianPackages.require("tcpdump", "tcpdump");
        DebianPackages.require("tshark", "tshark");
        DebianPackages.stopKeepalivedService();
    }

    /** A SIGKILLed daemon leaves its VMAC (with the VIP) behind; the next test must not find it. */
    @AfterEach
    void removeLeftoverVmacs() {
        for (int n = 1; n <= 2; n++) {
            lab.execAllowFailure(lab.node(n), "ip", "link", "del", VMAC);
        }
        lab.execAllowFailure(
                lab.client(), "ip", "-6", "neigh", "flush", "dev", lab.client().interfaceName());
    }

    private static Path config(Node node, int priority) {
        String text = """
                global_defs {
                    router_id %s
                }
                vrrp_instance VI_6 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 51
                    priority %d
                    advert_int 1
                    use_vmac
                    virtual_ipaddress {
                        %s/64
                    }
                }
                """.formatted(node.name(), priority, VIP);
        try {
            Path p = lab.dir().resolve("vmac6-" + node.name() + "-" + priority + ".conf");
            Files.writeString(p, text, StandardCharsets.UTF_8);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "Tandem first master: {0}")
    @ValueSource(booleans = {false, true})
    void theClientsNeighbourEntryIsTheIpv6VirtualRouterMacAndSurvivesFailoversBothWays(boolean tandemFirst)
            throws Exception {
        TestNetwork net = lab.network();
        Node kNode = lab.node(1);
        Node tNode = lab.node(2);
        for (Node n : List.of(kNode, tNode, lab.client())) {
            enableIpv6(net, n);
        }
        // The first master has priority 100 and preempts back when it returns.
        Path kConf = config(kNode, tandemFirst ? 99 : 100);
        Path tConf = config(tNode, tandemFirst ? 100 : 99);
        Node first = tandemFirst ? tNode : kNode;
        Node second = tandemFirst ? kNode : tNode;
        String tandemLinkLocal = linkLocal(tNode, "eth0");
        Path pcap = lab.dir().resolve("vmac6-" + tandemFirst + ".pcap");
        Process capture = net.start(
                lab.client(),
                "tcpdump",
                "-i",
                "eth0",
                "-n",
                "-U",
                "-w",
                pcap.toString(),
                "ip6 and (ip6 proto 112 or icmp6)");
        AgentProcess tandem;
        try {
            LabWait.pause(Duration.ofMillis(500)); // tcpdump attached
            KeepalivedProcess keepalived = lab.keepalived(kNode, kConf);
            tandem = lab.agent(tNode, tConf);
            awaitVipOnVmac(first, SETTLE);
            tandem.awaitLog(Pattern.compile("VI_6: \\w+ -> " + (tandemFirst ? "MASTER" : "BACKUP")), SETTLE);
            keepalived.awaitLog(
                    Pattern.compile("\\(VI_6\\) Entering " + (tandemFirst ? "BACKUP" : "MASTER") + " STATE"), SETTLE);
            LabWait.pause(Duration.ofMillis(1500)); // a few adverts each way: nobody changes its mind
            assertThat(vipsOn(second, VMAC)).isEmpty();
            assertThat(vipsOn(first, "eth0")).isEmpty(); // on the VMAC, not on eth0
            // The backup's VMAC is there and up with the IPv6 virtual router MAC, and no VIP.
            assertThat(linkShow(second)).contains("UP").contains(VIRTUAL_ROUTER_MAC);
            assertThat(linkShow(tNode)).contains("macvlan").contains("private");
            // Tandem's VMAC has the base's link-local address (keepalived's choice), and none from its own MAC.
            assertThat(linkLocals(tNode, VMAC)).containsExactly(tandemLinkLocal);
            assertThat(tandem.hasLog(Pattern.compile(tandemFirst ? "VI_6: MASTER -> " : "VI_6: \\w+ -> MASTER")))
                    .isFalse();
            assertThat(ping6sFromClient(VIP)).isTrue();
            assertThat(clientNeighbour6(VIP)).containsExactly(VIRTUAL_ROUTER_MAC);

            // The first master stops cleanly (its VMAC goes): the second takes over.
            LoggedProcess firstProcess = tandemFirst ? tandem : keepalived;
            firstProcess.sigterm(Duration.ofSeconds(10));
            awaitVipOnVmac(second, SETTLE);
            assertThat(linkExists(first))
                    .as("%s after a clean stop of the master", VMAC)
                    .isFalse();
            assertThat(clientNeighbour6(VIP)).containsExactly(VIRTUAL_ROUTER_MAC);
            assertThat(ping6sFromClient(VIP)).isTrue();
            assertThat(clientNeighbour6(VIP)).containsExactly(VIRTUAL_ROUTER_MAC);

            // It returns and preempts back.
            LoggedProcess again = tandemFirst ? lab.agent(tNode, tConf) : lab.keepalived(kNode, kConf);
            awaitVipOnVmac(first, SETTLE);
            Lab.await(() -> vipsOn(second, VMAC).isEmpty(), SETTLE, VIP + " gone from " + second.name());
            assertThat(again.isAlive()).isTrue();
            assertThat(clientNeighbour6(VIP)).containsExactly(VIRTUAL_ROUTER_MAC);
            assertThat(ping6sFromClient(VIP)).isTrue();
            assertThat(clientNeighbour6(VIP)).containsExactly(VIRTUAL_ROUTER_MAC);
            if (tandemFirst) {
                tandem = (AgentProcess) again;
            }
            // A clean stop of Tandem takes its VMAC along, whatever its state.
            tandem.sigterm(Duration.ofSeconds(10));
            assertThat(linkExists(tNode))
                    .as("%s after Tandem's clean stop", VMAC)
                    .isFalse();
        } finally {
            capture.destroy();
            capture.waitFor();
        }
        assertThat(tandem.hasLog(Pattern.compile("discarded advert")))
                .as("Tandem discarded keepalived's adverts")
                .isFalse();

        List<String> adverts =
                tshark(pcap, "vrrp && ipv6.src == " + tandemLinkLocal, "eth.src,ipv6.dst,ipv6.hlim,vrrp.ipv6_addr");
        System.out.printf(
                "IPv6 VMAC, Tandem first: %s: %d adverts from Tandem's %s%n",
                tandemFirst, adverts.size(), tandemLinkLocal);
        assertThat(adverts)
                .as("Tandem's adverts: out of its VMAC, from the base's link-local address")
                .isNotEmpty()
                .allMatch(a -> a.equals(VIRTUAL_ROUTER_MAC + "|ff02::12|255|" + VIP));
        List<String> neighbourAdverts = tshark(
                pcap,
                "icmpv6.type == 136 && icmpv6.nd.na.target_address == " + VIP + " && ipv6.dst == ff02::1",
                "eth.src,icmpv6.opt.linkaddr");
        assertThat(neighbourAdverts)
                .as("unsolicited Neighbour Advertisements for %s, from both daemons", VIP)
                .isNotEmpty()
                .allMatch(l -> l.equals(VIRTUAL_ROUTER_MAC + "|" + VIRTUAL_ROUTER_MAC));
    }

    @Test
    void aLeftoverIpv6VmacFromASigkillIsReplacedAtTheNextStartAndGoesAtACleanStop() {
        TestNetwork net = lab.network();
        Node tNode = lab.node(2);
        enableIpv6(net, tNode);
        Path tConf = config(tNode, 100);
        AgentProcess crashing = lab.agent(tNode, tConf);
        awaitVipOnVmac(tNode, SETTLE);
        int before = ifindex(tNode);
        crashing.sigkill();
        assertThat(linkExists(tNode))
                .as("a SIGKILL leaves %s behind (nobody to remove it)", VMAC)
                .isTrue();

        AgentProcess restarted = lab.agent(tNode, tConf);
        restarted.awaitLog(Pattern.compile("VI_6: removed VMAC interface " + Pattern.quote(VMAC)), SETTLE);
        awaitVipOnVmac(tNode, SETTLE);
        assertThat(ifindex(tNode)).as("made anew").isNotEqualTo(before);
        assertThat(linkShow(tNode)).contains(VIRTUAL_ROUTER_MAC);
        assertThat(linkLocals(tNode, VMAC)).containsExactly(linkLocal(tNode, "eth0"));
        restarted.sigterm(Duration.ofSeconds(10));
        assertThat(linkExists(tNode))
                .as("%s after the restarted agent's clean stop", VMAC)
                .isFalse();
    }

    /** IPv6 on eth0 without DAD (the lab turns it off everywhere), and the node's 2001:db8::N/64. */
    static void enableIpv6(TestNetwork net, Node n) {
        for (String key : List.of("accept_dad=0", "dad_transmits=0", "keep_addr_on_down=1", "disable_ipv6=0")) {
            net.exec(n, "sysctl", "-q", "-w", "net.ipv6.conf.eth0." + key);
        }
        String own = n.address().getHostAddress();
        String host = own.substring(own.lastIndexOf('.') + 1);
        net.exec(n, "ip", "-6", "addr", "flush", "dev", "eth0", "scope", "global");
        net.exec(n, "ip", "-6", "addr", "add", "2001:db8::" + host + "/64", "dev", "eth0", "nodad");
    }

    private static List<String> linkLocals(Node node, String dev) {
        Matcher m = Pattern.compile("inet6 (fe80::[0-9a-f:]+)/")
                .matcher(lab.execAllowFailure(node, "ip", "-6", "-o", "addr", "show", "dev", dev, "scope", "link"));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String linkLocal(Node node, String dev) {
        Duration waited = Lab.await(() -> !linkLocals(node, dev).isEmpty(), SETTLE, "a link-local address on " + dev);
        assertThat(waited).isNotNull();
        return linkLocals(node, dev).getFirst();
    }

    private static List<String> vipsOn(Node node, String dev) {
        Matcher m = Pattern.compile("inet6 (2001:db8::[0-9a-f:]*)/")
                .matcher(lab.execAllowFailure(node, "ip", "-6", "-o", "addr", "show", "dev", dev, "scope", "global"));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        out.removeIf(a -> !a.equals(VIP));
        return out;
    }

    private static void awaitVipOnVmac(Node node, Duration timeout) {
        Lab.await(() -> vipsOn(node, VMAC).contains(VIP), timeout, VIP + " on " + VMAC + " of " + node.name());
    }

    private static String linkShow(Node node) {
        return lab.execAllowFailure(node, "ip", "-d", "link", "show", VMAC);
    }

    private static boolean linkExists(Node node) {
        return lab.execAllowFailure(node, "ip", "-o", "link", "show")
                .lines()
                .anyMatch(l -> l.matches("\\d+: " + Pattern.quote(VMAC) + "@.*"));
    }

    private static int ifindex(Node node) {
        Matcher m = Pattern.compile("^(\\d+): ").matcher(lab.execAllowFailure(node, "ip", "-o", "link", "show", VMAC));
        assertThat(m.find()).as("%s on %s", VMAC, node.name()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static List<String> clientNeighbour6(String ip) {
        Matcher m = Pattern.compile("lladdr ([0-9a-f:]{17})")
                .matcher(lab.execAllowFailure(lab.client(), "ip", "-6", "neigh", "show", ip));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** One line per packet matching {@code filter}, fields separated by '|' (read on the client). */
    private static List<String> tshark(Path pcap, String filter, String fields) {
        List<String> argv = new ArrayList<>(
                List.of("tshark", "-n", "-r", pcap.toString(), "-Y", filter, "-T", "fields", "-E", "separator=|"));
        for (String f : fields.split(",")) {
            argv.add("-e");
            argv.add(f);
        }
        return lab.execAllowFailure(lab.client(), argv.toArray(String[]::new))
                .lines()
                .filter(l -> !l.startsWith("Running as user"))
                .toList();
    }

    /** The VIP answers a ping within a few tries: the new master may still be sending its first advertisements. */
    private static boolean ping6sFromClient(String ip) {
        for (int k = 0; k < 5; k++) {
            if (lab.execAllowFailure(lab.client(), "ping", "-6", "-n", "-c", "1", "-W", "1", ip)
                    .contains(" 0% packet loss")) {
                return true;
            }
        }
        return false;
    }
}
