package net.tandem.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import net.tandem.agent.linux.Netns;
import net.tandem.agent.linux.RawVrrpSocket;
import net.tandem.agent.testlab.AgentProcess;
import net.tandem.agent.testlab.Lab;
import net.tandem.agent.testlab.TestNetwork.Node;
import net.tandem.agent.vrrp.packet.Advert;
import net.tandem.agent.vrrp.packet.AdvertCodec;
import net.tandem.agent.vrrp.packet.AuthType;
import net.tandem.agent.vrrp.packet.VrrpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12: a stranger on the LAN (the lab's client, 192.0.2.100, sending as 192.0.2.99) claims both VRIDs of a
 * master/backup pair with one priority-255 advert each: VI_1 on v2 (right password), VI_2 on v3 with the longest
 * interval there is (4095 cs). With a wrong address list nothing moves; with the right list on v3, the backups learn
 * at most twice their own interval, so the VIP is back within 3 x 2 s + Skew_Time, not 3 x 40.95 s.
 */
class HostileAdvertNetnsTest {
    static final String VIP_V2 = "192.0.2.8";
    static final String VIP_V3 = "192.0.2.9";
    static final Duration SETTLE = Duration.ofSeconds(20);
    /** node1 (priority 100) after learning the bounded 2 s: 3 x 2 s + (256 - 100) x 2 s / 256 = 7.22 s. */
    static final Duration BOUNDED_MASTER_DOWN = Duration.ofMillis(7219);

    @RegisterExtension
    static final Lab lab = new Lab(2);

    final Node node1 = lab.node(1);
    final Node node2 = lab.node(2);

    Path config(String node, int priority) {
        String text = """
                global_defs {
                    router_id %s
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    priority %d
                    advert_int 1
                    authentication {
                        auth_type PASS
                        auth_pass tandem01
                    }
                    virtual_ipaddress {
                        192.0.2.8/24 dev eth0
                    }
                }
                vrrp_instance VI_2 {
                    interface eth0
                    version 3
                    virtual_router_id 52
                    priority %d
                    advert_int 1
                    virtual_ipaddress {
                        192.0.2.9/24 dev eth0
                    }
                }
                """.formatted(node, priority, priority);
        try {
            return Files.writeString(lab.dir().resolve("hostile-" + node + ".conf"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One advert from the client's namespace, with a forged source address. */
    static void strangerSends(Advert advert) throws IOException {
        Inet4Address source = ip("192.0.2.99");
        Inet4Address group = ip("224.0.0.18");
        ByteBuffer payload = ByteBuffer.allocate(AdvertCodec.length(advert));
        AdvertCodec.encode(advert, source, group, payload);
        payload.flip();
        Netns.run(lab.client().namespace(), () -> {
            try (RawVrrpSocket s = RawVrrpSocket.open("eth0")) {
                s.send(payload, source, group);
            }
            return null;
        });
    }

    /** For {@code d}, every 20 ms: node1 holds both VIPs and node2 neither. */
    static void nothingMovesFor(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < until) {
            assertThat(lab.vipsOn(lab.node(1))).containsExactlyInAnyOrder(VIP_V2, VIP_V3);
            assertThat(lab.vipsOn(lab.node(2))).isEmpty();
            LabWait.pause(Duration.ofMillis(20));
        }
    }

    @Test
    void aStrangersOwnerAdvertsMoveNothingWithAWrongListAndAreBoundedWithTheRightOne() throws IOException {
        AgentProcess agent1 = lab.agent(node1, config("node1", 100));
        AgentProcess agent2 = lab.agent(node2, config("node2", 90));
        lab.awaitExactly(node1, SETTLE, VIP_V2, VIP_V3);
        agent2.awaitLog(Pattern.compile("VI_2: \\w+ -> BACKUP"), SETTLE);
        lab.awaitExactly(node2, SETTLE);
        int mark1 = agent1.mark();
        int mark2 = agent2.mark();

        // A wrong address list: v2 with the right password, and v3 with 40.95 s.
        strangerSends(new Advert(VrrpVersion.V2, 51, 255, 1, List.of(ip("192.0.2.99")), AuthType.PASS, "tandem01"));
        strangerSends(new Advert(VrrpVersion.V3, 52, 255, 4095, List.of(ip("192.0.2.99")), AuthType.NONE, ""));
        nothingMovesFor(Duration.ofSeconds(4)); // longer than Master_Down_Interval at 1 s
        for (AgentProcess a : List.of(agent1, agent2)) {
            for (String vi : List.of("VI_1", "VI_2")) {
                a.awaitLog(
                        Pattern.compile(vi + ": discarded advert from 192\\.0\\.2\\.99: ADDRESS_LIST"),
                        Duration.ofSeconds(1));
            }
        }
        assertThat(agent1.findLog(mark1, Pattern.compile("VI_\\d: \\w+ -> "))).isEmpty();
        assertThat(agent2.findLog(mark2, Pattern.compile("VI_\\d: \\w+ -> "))).isEmpty();

        // The right list on v3: it outranks node1, which steps down, as keepalived's would; but both backups
        // bound what they learn, and node1 is back within its bounded Master_Down_Interval.
        long sentAt = System.nanoTime();
        strangerSends(new Advert(VrrpVersion.V3, 52, 255, 4095, List.of(ip(VIP_V3)), AuthType.NONE, ""));
        agent2.awaitLog(
                mark2,
                Pattern.compile("VI_2: master 192\\.0\\.2\\.99 advertises every 40\\.95 s.*-> 2\\.00 s"),
                SETTLE);
        agent1.awaitLog(mark1, Pattern.compile("VI_2: MASTER -> BACKUP"), Duration.ofSeconds(2));
        Duration back = Lab.await(() -> lab.holds(node1, VIP_V3), Duration.ofSeconds(12), VIP_V3 + " back on node1");
        Duration sinceSpoof = Duration.ofNanos(System.nanoTime() - sentAt);
        System.out.println("v3 spoof with the right list and Max Adver Int 4095 cs: " + VIP_V3 + " back on node1 "
                + sinceSpoof.toMillis() + " ms after it (bound " + BOUNDED_MASTER_DOWN.toMillis() + " ms; unbounded:"
                + " 123 s)");
        assertThat(sinceSpoof).isLessThan(BOUNDED_MASTER_DOWN.plusSeconds(2));
        assertThat(back).isPositive();
        assertThat(lab.vipsOn(node1)).contains(VIP_V2); // VI_1 untouched
    }

    static Inet4Address ip(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
