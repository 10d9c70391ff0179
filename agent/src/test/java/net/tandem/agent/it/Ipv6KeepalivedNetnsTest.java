package net.tandem.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.tandem.agent.SignalFunction;
import net.tandem.agent.testlab.AgentProcess;
import net.tandem.agent.testlab.DebianPackages;
import net.tandem.agent.testlab.Lab;
import net.tandem.agent.testlab.TestNetwork;
import net.tandem.agent.testlab.TestNetwork.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * VRRPv3 over IPv6 with the real keepalived (Debian's 2.2.x) as the peer, in both placements: one node runs
 * keepalived, the other Tandem, each with an IPv4 instance (192.0.2.8) and an IPv6 instance (2001:db8::8, the same
 * VRID) in one sync group. The priority-150 node is master of both; its link goes down and both addresses move to
 * the other node together (the sync group spans the families); the link comes back and both move back.
 *
 * <p>The client captures everything: the IPv6 adverts go to ff02::12 with hop limit 255 from each node's link-local
 * address and tshark finds their checksums (over the IPv6 pseudo-header) good, whoever sent them; and when the backup
 * became master it sent an unsolicited Neighbour Advertisement for 2001:db8::8, Override set, from its MAC.
 *
 * <p>The lab disables IPv6 in its namespaces; this test turns it on for eth0 (without DAD, so that the link-local
 * address is usable at once) and gives the nodes 2001:db8::N/64.
 */
class Ipv6KeepalivedNetnsTest {
    static final Duration SETTLE = Duration.ofSeconds(25);
    static final String VIP4 = "192.0.2.8";
    static final String VIP6 = "2001:db8::8";

    @RegisterExtension
    static final Lab lab = new Lab(2);

    @BeforeAll
    static void toolsAreThere() {
        DebianPackages.require("keepalived", "keepalived");
        DebianPackages.require("tcpdump", "tcpdump");
        DebianPackages.require("tshark", "tshark");
        DebianPackages.stopKeepalivedService();
    }

    static String config(int priority) {
        return """
                vrrp_sync_group G {
                    group {
                        V4
                        V6
                    }
                }
                vrrp_instance V4 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 51
                    version 3
                    priority %1$d
                    advert_int 1
                    virtual_ipaddress {
                        192.0.2.8/24
                    }
                }
                vrrp_instance V6 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 51
                    priority %1$d
                    advert_int 1
                    virtual_ipaddress {
                        2001:db8::8/64
                    }
                }
                """.formatted(priority);
    }

    @ParameterizedTest(name = "keepalived on node{0} (priority {1})")
    @CsvSource({"1, 150", "2, 100"})
    void anIpv6VipMovesWithItsIpv4SyncPartnerOnLinkDownAndBack(int keepalivedNode, int keepalivedPriority)
            throws Exception {
        TestNetwork net = lab.network();
        Node kNode = lab.node(keepalivedNode);
        Node tNode = lab.node(3 - keepalivedNode);
        Node master = keepalivedPriority == 150 ? kNode : tNode;
        Node backup = master == kNode ? tNode : kNode;
        for (Node n : List.of(lab.node(1), lab.node(2), lab.client())) {
            enableIpv6(net, n);
        }
        Path kConf = write("keepalived-" + keepalivedNode + ".conf", config(keepalivedPriority));
        Path tConf = write("tandem-" + (3 - keepalivedNode) + ".conf", config(250 - keepalivedPriority));
        Path pcap = lab.dir().resolve("ipv6-" + keepalivedNode + ".pcap");
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
        AgentProcess tandem = null;
        try {
            LabWait.pause(Duration.ofMillis(500)); // tcpdump attached
            lab.keepalived(kNode, kConf);
            tandem = lab.agent(tNode, tConf);

            // The priority-150 node holds both addresses, the other neither.
            awaitHolds(master, SETTLE, VIP4, VIP6);
            awaitHolds(backup, SETTLE);
            LabWait.pause(Duration.ofMillis(1500)); // adverts both ways: nobody changes its mind
            assertThat(vips(backup)).isEmpty();
            assertThat(lab.pingFromClient(VIP6)).isTrue();

            // The master's link goes down: both addresses move to the backup together.
            net.linkDown(master);
            awaitHolds(backup, Duration.ofSeconds(10), VIP4, VIP6);
            assertThat(ping6FromClient(VIP6))
                    .as("the VIP answers on its new node")
                    .isTrue();
            assertThat(clientNeighbour6(VIP6)).contains(net.mac(backup));

            // It comes back: the priority-150 node preempts both back.
            net.linkUp(master);
            awaitHolds(master, SETTLE, VIP4, VIP6);
            awaitHolds(backup, Duration.ofSeconds(5));
            LabWait.pause(Duration.ofMillis(1500));

            // What the operator sees (the data dump, built from the same status as the control API): the IPv6 VIP
            // as written, and the other node's link-local address as the master, compressed (RFC 5952).
            int mark = tandem.mark();
            tandem.signal(SignalFunction.DATA.number());
            tandem.awaitLog(mark, Pattern.compile("SIGUSR1 received: wrote .*tandem\\.data"), SETTLE);
            String data = Files.readString(tNode.runDir().resolve("tandem.data"));
            assertThat(data).contains(" VRRP Instance = V6\n").contains("2001:db8::8/64 dev eth0");
            if (master == tNode) {
                assertThat(data).contains("2001:db8::8/64 dev eth0 (in the kernel)");
            } else {
                assertThat(data).containsPattern("Master router = fe80::[0-9a-f:]+\\n");
            }
        } finally {
            capture.destroy();
            capture.waitFor();
        }
        assertThat(tandem.hasLog(Pattern.compile("discarded advert")))
                .as("Tandem discarded keepalived's adverts")
                .isFalse();

        String fields = "eth.src,ipv6.src,ipv6.dst,ipv6.hlim,vrrp.version,vrrp.virt_rtr_id,vrrp.ipv6_addr,"
                + "vrrp.checksum.status";
        List<String> adverts = tshark(pcap, "vrrp", fields);
        for (Node n : List.of(kNode, tNode)) {
            String mac = net.mac(n);
            List<String> from =
                    adverts.stream().filter(a -> a.startsWith(mac + "|")).toList();
            assertThat(from).as("IPv6 adverts from " + n).isNotEmpty();
            // Checksum status 1: good (0 bad, 2 unverified).
            assertThat(from)
                    .allMatch(
                            a -> a.matches(Pattern.quote(mac) + "\\|fe80::[0-9a-f:]+\\|ff02::12\\|255\\|3\\|51\\|"
                                    + Pattern.quote(VIP6) + "\\|1"),
                            "link-local source, ff02::12, hop limit 255, v3, VRID 51, " + VIP6 + ", good checksum");
        }
        List<String> neighbourAdverts = tshark(
                pcap,
                "icmpv6.type == 136 && icmpv6.nd.na.target_address == " + VIP6,
                "eth.src,ipv6.src,ipv6.dst,ipv6.hlim,icmpv6.nd.na.flag.o,icmpv6.checksum.status");
        System.out.printf(
                "IPv6 with keepalived on node%d: %d IPv6 adverts captured, %d Neighbour Advertisements for %s%n",
                keepalivedNode, adverts.size(), neighbourAdverts.size(), VIP6);
        assertThat(neighbourAdverts)
                .as("a Neighbour Advertisement for " + VIP6 + " from the backup when it became master")
                .anyMatch(l ->
                        l.matches(Pattern.quote(net.mac(backup) + "|" + VIP6 + "|ff02::1|255|") + "(1|True|true)\\|1"));
    }

    /**
     * IPv6 unicast peers: Tandem (priority 150) and keepalived (100) send to each other's 2001:db8::N from their own,
     * no multicast. Tandem holds the VIP without discarding keepalived's adverts (which carry the kernel's default
     * hop limit, 64: keepalived sets none for IPv6 unicast, and a unicast peer's hop limit is any by default), loses
     * it to keepalived when its link goes down, and takes it back.
     */
    @org.junit.jupiter.api.Test
    void ipv6UnicastPeersWithKeepalived() throws Exception {
        TestNetwork net = lab.network();
        Node tNode = lab.node(1);
        Node kNode = lab.node(2);
        for (Node n : List.of(tNode, kNode, lab.client())) {
            enableIpv6(net, n);
        }
        String unicast = """
                vrrp_instance U6 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 61
                    priority %d
                    advert_int 1
                    unicast_src_ip %s
                    unicast_peer {
                        %s
                    }
                    virtual_ipaddress {
                        2001:db8::61/64
                    }
                }
                """;
        Path tConf = write("tandem-unicast.conf", unicast.formatted(150, "2001:db8::1", "2001:db8::2"));
        Path kConf = write("keepalived-unicast.conf", unicast.formatted(100, "2001:db8::2", "2001:db8::1"));
        Path pcap = lab.dir().resolve("ipv6-unicast.pcap");
        Process capture =
                net.start(lab.node(2), "tcpdump", "-i", "eth0", "-n", "-U", "-w", pcap.toString(), "ip6 proto 112");
        AgentProcess tandem;
        try {
            LabWait.pause(Duration.ofMillis(500));
            lab.keepalived(kNode, kConf);
            tandem = lab.agent(tNode, tConf);
            awaitHolds(tNode, SETTLE, "2001:db8::61");
            awaitHolds(kNode, SETTLE);
            LabWait.pause(Duration.ofMillis(2500));
            assertThat(vips(kNode)).isEmpty();
            net.linkDown(tNode);
            awaitHolds(kNode, Duration.ofSeconds(10), "2001:db8::61");
            net.linkUp(tNode);
            awaitHolds(tNode, SETTLE, "2001:db8::61");
            awaitHolds(kNode, Duration.ofSeconds(5));
        } finally {
            capture.destroy();
            capture.waitFor();
        }
        assertThat(tandem.hasLog(Pattern.compile("discarded advert")))
                .as("Tandem discarded keepalived's adverts")
                .isFalse();
        List<String> fromTandem =
                tshark(pcap, "vrrp && ipv6.src == 2001:db8::1", "ipv6.dst,ipv6.hlim,vrrp.checksum.status");
        assertThat(fromTandem)
                .isNotEmpty()
                .allMatch(l -> l.equals("2001:db8::2|255|1"), "to the peer, hop limit 255, good checksum");
    }

    /**
     * Crash recovery for IPv6 as for IPv4: Tandem is killed while it holds its IPv6 VIP; the address stays in the
     * kernel; keepalived (priority 150) takes over, so both hold it; Tandem, started again, removes its leftover
     * before its instance starts, and the VIP is keepalived's alone.
     */
    @org.junit.jupiter.api.Test
    void aLeftoverIpv6VipIsRemovedAtStart() throws Exception {
        TestNetwork net = lab.network();
        Node tNode = lab.node(1);
        Node kNode = lab.node(2);
        for (Node n : List.of(tNode, kNode, lab.client())) {
            enableIpv6(net, n);
        }
        String v6Only = config(100).substring(config(100).indexOf("vrrp_instance V6"));
        Path tConf = write("tandem-crash.conf", v6Only);
        Path kConf = write("keepalived-crash.conf", v6Only.replace("priority 100", "priority 150"));
        AgentProcess tandem = lab.agent(tNode, tConf);
        awaitHolds(tNode, SETTLE, VIP6);
        tandem.sigkill();
        LabWait.pause(Duration.ofMillis(500));
        assertThat(vips(tNode)).as("a SIGKILL leaves the VIP in the kernel").containsExactly(VIP6);
        lab.keepalived(kNode, kConf);
        awaitHolds(kNode, SETTLE, VIP6);

        AgentProcess again = lab.agent(tNode, tConf);
        again.awaitLog(Pattern.compile("V6: removed 2001:db8::8/64 from eth0: left behind by an earlier run"), SETTLE);
        awaitHolds(tNode, SETTLE);
        again.awaitLog(Pattern.compile("V6: \\w+ -> BACKUP"), SETTLE);
        LabWait.pause(Duration.ofMillis(1500));
        assertThat(vips(tNode)).isEmpty();
        assertThat(vips(kNode)).containsExactly(VIP6);
    }

    /** IPv6 on the node's eth0 without DAD, and 2001:db8::N/64 (the client: 2001:db8::100), kept across link down. */
    static void enableIpv6(TestNetwork net, Node n) {
        for (String key : List.of("accept_dad=0", "dad_transmits=0", "keep_addr_on_down=1", "disable_ipv6=0")) {
            net.exec(n, "sysctl", "-q", "-w", "net.ipv6.conf.eth0." + key);
        }
        String own = n.address().getHostAddress();
        String host = own.substring(own.lastIndexOf('.') + 1);
        // The lab removes IPv4 leftovers after each test, not IPv6 ones: start clean.
        net.exec(n, "ip", "-6", "addr", "flush", "dev", "eth0", "scope", "global");
        net.exec(n, "ip", "-6", "addr", "add", "2001:db8::" + host + "/64", "dev", "eth0", "nodad");
    }

    private static Path write(String name, String text) throws IOException {
        Path p = lab.dir().resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** The VIPs of both families on the node's eth0 (its own addresses excluded). */
    static List<String> vips(Node n) {
        List<String> out = new ArrayList<>();
        out.addAll(lab.vipsOn(n));
        Matcher m = Pattern.compile("inet6 ([0-9a-f:]+)/")
                .matcher(lab.network().exec(n, "ip", "-6", "-o", "addr", "show", "dev", "eth0", "scope", "global"));
        String own = "2001:db8::"
                + n.address()
                        .getHostAddress()
                        .substring(n.address().getHostAddress().lastIndexOf('.') + 1);
        while (m.find()) {
            if (!m.group(1).equals(own)) {
                out.add(m.group(1));
            }
        }
        return out.stream().sorted().toList();
    }

    static void awaitHolds(Node n, Duration timeout, String... want) {
        List<String> sorted = List.of(want).stream().sorted().toList();
        try {
            Lab.await(() -> vips(n).equals(sorted), timeout, "exactly " + sorted + " on " + n);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; it holds " + vips(n), e);
        }
    }

    static boolean ping6FromClient(String ip) {
        return lab.execAllowFailure(lab.client(), "ping", "-6", "-n", "-c", "1", "-W", "1", ip)
                .contains(" 0% packet loss");
    }

    static List<String> clientNeighbour6(String ip) {
        Matcher m = Pattern.compile("lladdr ([0-9a-f:]{17})")
                .matcher(lab.network().exec(lab.client(), "ip", "-6", "neigh", "show", ip));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** One line per packet matching {@code filter}, fields separated by '|'. */
    static List<String> tshark(Path pcap, String filter, String fields) {
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
}
