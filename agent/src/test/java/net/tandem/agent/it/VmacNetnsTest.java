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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.tandem.agent.testlab.AgentProcess;
import net.tandem.agent.testlab.DebianPackages;
import net.tandem.agent.testlab.Lab;
import net.tandem.agent.testlab.TestNetwork.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * use_vmac between two Tandem nodes, as the wire and the kernel show it: adverts and gratuitous ARPs from the
 * virtual router MAC (adverts from the base interface's MAC with vmac_xmit_base), one master only either way, the
 * backup's VMAC up without addresses; the VMAC's sysctls; and a reload that drops use_vmac removes the VMAC.
 */
class VmacNetnsTest {
    static final Duration SETTLE = Duration.ofSeconds(20);
    static final String VIP = "192.0.2.51";
    static final String VMAC = "vrrp.51";
    static final String VIRTUAL_ROUTER_MAC = "00:00:5e:00:01:33";

    @RegisterExtension
    static final Lab lab = new Lab(2);

    @AfterEach
    void removeLeftoverVmacs() {
        for (int n = 1; n <= 2; n++) {
            lab.execAllowFailure(lab.node(n), "ip", "link", "del", VMAC);
        }
        lab.execAllowFailure(
                lab.client(), "ip", "neigh", "flush", "dev", lab.client().interfaceName());
    }

    private Path config(Node node, int priority, String vmacLines) {
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
                %s
                    virtual_ipaddress {
                        %s/24
                    }
                }
                """.formatted(node.name(), priority, vmacLines, VIP);
        try {
            Path p = lab.dir().resolve("vmac-" + node.name() + ".conf");
            Files.writeString(p, text, StandardCharsets.UTF_8);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "vmac_xmit_base: {0}")
    @ValueSource(booleans = {false, true})
    void advertsAndArpsComeFromTheVirtualRouterMacOrWithXmitBaseAdvertsFromTheBase(boolean xmitBase) throws Exception {
        DebianPackages.require("tcpdump", "tcpdump");
        Node node1 = lab.node(1);
        Node node2 = lab.node(2);
        String lines = "    use_vmac\n" + (xmitBase ? "    vmac_xmit_base\n" : "");
        Path capture = lab.dir().resolve("vmac-capture-" + xmitBase + ".txt");
        Process tcpdump = new ProcessBuilder(
                        "ip",
                        "netns",
                        "exec",
                        lab.client().namespace(),
                        "tcpdump",
                        "-i",
                        "eth0",
                        "-e",
                        "-n",
                        "-l",
                        "ip proto 112 or arp")
                .redirectOutput(capture.toFile())
                .redirectError(
                        lab.dir().resolve("vmac-tcpdump-" + xmitBase + ".err").toFile())
                .start();
        try {
            LabWait.pause(Duration.ofMillis(500)); // tcpdump attached before the first frame
            // One after the other: two JVMs started together may start in either order.
            AgentProcess master = lab.agent(node1, config(node1, 100, lines));
            awaitVipOnVmac(node1);
            master.awaitLog(Pattern.compile("VI_1: BACKUP -> MASTER"), SETTLE);
            AgentProcess backup = lab.agent(node2, config(node2, 99, lines));
            backup.awaitLog(Pattern.compile("VI_1: \\w+ -> BACKUP"), SETTLE);
            LabWait.pause(Duration.ofMillis(3500)); // longer than Master_Down_Interval: one master only
            assertThat(backup.hasLog(Pattern.compile("VI_1: \\w+ -> MASTER"))).isFalse();
            assertThat(vipsOnVmac(node2)).isEmpty();
            assertThat(lab.execAllowFailure(node2, "ip", "-o", "link", "show", VMAC))
                    .contains("UP");
            assertThat(lab.pingFromClient(VIP)).isTrue();
            assertThat(lab.clientNeighbour(VIP)).contains(VIRTUAL_ROUTER_MAC);
        } finally {
            tcpdump.destroy();
            tcpdump.waitFor(5, TimeUnit.SECONDS);
            tcpdump.destroyForcibly();
        }
        List<String> frames = Files.readAllLines(capture);
        String all = String.join("\n", frames);
        String base1 = lab.network().mac(node1);
        String advertSource = xmitBase ? base1 : VIRTUAL_ROUTER_MAC;
        assertThat(sources(frames, "VRRP"))
                .as("the sources of the adverts in:\n%s", all)
                .isNotEmpty();
        // The backup's adverts before it learnt of the master may come from node2: only node1's are counted.
        assertThat(frames.stream()
                        .filter(l -> l.contains("VRRP") && l.contains("192.0.2.1 > 224.0.0.18"))
                        .map(VmacNetnsTest::source)
                        .distinct()
                        .toList())
                .as("the source MACs of node1's adverts in:\n%s", all)
                .containsExactly(advertSource);
        assertThat(frames)
                .as("a gratuitous ARP for %s from %s in:\n%s", VIP, VIRTUAL_ROUTER_MAC, all)
                .anyMatch(l -> source(l).equals(VIRTUAL_ROUTER_MAC) && l.contains("ARP") && l.contains(VIP));
        assertThat(frames)
                .as("no ARP from a base MAC claims %s in:\n%s", VIP, all)
                .noneMatch(l -> l.contains("ARP")
                        && (l.contains("Reply " + VIP) || l.contains("tell " + VIP))
                        && !source(l).equals(VIRTUAL_ROUTER_MAC));
    }

    @Test
    void theVmacCarriesKeepalivedsSysctlsAndTheBaseGetsItsOwnBackAtStop() {
        Node node1 = lab.node(1);
        String before = sysctls(node1, "eth0");
        lab.network().exec(node1, "ip", "link", "set", "eth0", "group", "7");
        AgentProcess tandem;
        try {
            tandem = lab.agent(node1, config(node1, 100, "    use_vmac"));
            awaitVipOnVmac(node1);
            assertThat(lab.execAllowFailure(node1, "ip", "-o", "link", "show", VMAC))
                    .as("the VMAC in eth0's interface group, as keepalived makes it")
                    .contains("group 7");
        } finally {
            lab.network().exec(node1, "ip", "link", "set", "eth0", "group", "default");
        }
        assertThat(sysctls(node1, VMAC))
                .contains("arp_ignore = 1")
                .contains("accept_local = 1")
                .contains("rp_filter = 0")
                .contains("promote_secondaries = 1");
        assertThat(lab.execAllowFailure(node1, "cat", "/proc/sys/net/ipv6/conf/" + VMAC + "/disable_ipv6"))
                .isEqualTo("1\n");
        assertThat(sysctls(node1, "eth0"))
                .contains("arp_ignore = 1")
                .contains("arp_filter = 1")
                .contains("arp_announce = 2");
        assertThat(lab.execAllowFailure(node1, "ip", "-d", "link", "show", VMAC))
                .contains("macvlan mode private")
                .contains("link/ether " + VIRTUAL_ROUTER_MAC);
        tandem.sigterm(Duration.ofSeconds(10));
        assertThat(sysctls(node1, "eth0")).isEqualTo(before);
    }

    @Test
    void theBaseInterfaceGoingDownPutsTheInstanceInFaultAndBackUpBringsItBack() {
        Node node1 = lab.node(1);
        AgentProcess tandem = lab.agent(node1, config(node1, 100, "    use_vmac"));
        awaitVipOnVmac(node1);
        tandem.awaitLog(Pattern.compile("VI_1: BACKUP -> MASTER"), SETTLE);
        int mark = tandem.mark();
        lab.network().linkDown(node1);
        tandem.awaitLog(mark, Pattern.compile("VI_1: MASTER -> FAULT"), SETTLE);
        Lab.await(() -> vipsOnVmac(node1).isEmpty(), SETTLE, VIP + " gone from " + VMAC + " in FAULT");
        lab.network().linkUp(node1);
        tandem.awaitLog(mark, Pattern.compile("VI_1: FAULT -> \\w+"), SETTLE);
        awaitVipOnVmac(node1);
    }

    @Test
    void aReloadThatDropsUseVmacRemovesTheVmacAndPutsTheVipOnTheInterface() throws Exception {
        Node node1 = lab.node(1);
        Path conf = config(node1, 100, "    use_vmac");
        String announce = lab.network().exec(node1, "sysctl", "-n", "net.ipv4.conf.eth0.arp_announce");
        AgentProcess tandem = lab.agent(node1, conf);
        awaitVipOnVmac(node1);
        int mark = tandem.mark();
        Files.writeString(conf, Files.readString(conf).replace("    use_vmac\n", ""));
        tandem.signal("HUP");
        tandem.awaitLog(mark, Pattern.compile("VI_1 restarted \\(use_vmac changed\\)"), SETTLE);
        lab.awaitVip(node1, VIP, SETTLE);
        Lab.await(
                () -> lab.execAllowFailure(node1, "ip", "-o", "link", "show", VMAC)
                        .contains("does not exist"),
                SETTLE,
                VMAC + " gone after the reload");
        assertThat(lab.network().exec(node1, "sysctl", "-n", "net.ipv4.conf.eth0.arp_announce"))
                .as("eth0's arp_announce put back once its last VMAC went")
                .isEqualTo(announce);
    }

    private String sysctls(Node node, String ifname) {
        StringBuilder b = new StringBuilder();
        for (String key : List.of(
                "arp_ignore", "arp_filter", "arp_announce", "accept_local", "rp_filter", "promote_secondaries")) {
            b.append(key)
                    .append(" = ")
                    .append(lab.execAllowFailure(node, "cat", "/proc/sys/net/ipv4/conf/" + ifname + "/" + key)
                            .strip())
                    .append('\n');
        }
        return b.toString();
    }

    /** tcpdump -e: "12:00:00.000000 aa:bb:cc:dd:ee:ff > 01:00:5e:00:00:12, ethertype ...". */
    private static String source(String frame) {
        Matcher m = Pattern.compile("([0-9a-f]{2}(?::[0-9a-f]{2}){5}) > ").matcher(frame);
        return m.find() ? m.group(1) : "";
    }

    private static List<String> sources(List<String> frames, String what) {
        List<String> out = new ArrayList<>();
        for (String f : frames) {
            if (f.contains(what)) {
                out.add(source(f));
            }
        }
        return out;
    }

    private List<String> vipsOnVmac(Node node) {
        Matcher m = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/")
                .matcher(lab.execAllowFailure(node, "ip", "-4", "-o", "addr", "show", "dev", VMAC));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private void awaitVipOnVmac(Node node) {
        Lab.await(() -> vipsOnVmac(node).contains(VIP), SETTLE, VIP + " on " + VMAC + " of " + node.name());
    }
}
