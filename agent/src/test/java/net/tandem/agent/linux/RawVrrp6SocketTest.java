package net.tandem.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.tandem.agent.testlab.TestNetwork;
import net.tandem.agent.testlab.TestNetwork.Node;
import net.tandem.agent.vrrp.packet.Advert;
import net.tandem.agent.vrrp.packet.AdvertCodec;
import net.tandem.agent.vrrp.packet.AdvertDecodeException;
import net.tandem.agent.vrrp.packet.AuthType;
import net.tandem.agent.vrrp.packet.DiscardReason;
import net.tandem.agent.vrrp.packet.ReceivedAdvert;
import net.tandem.agent.vrrp.packet.TtlCheck;
import net.tandem.agent.vrrp.packet.V3ChecksumForm;
import net.tandem.agent.vrrp.packet.VrrpVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The raw IPv6 VRRP socket between two network namespaces: what it sends (from the given link-local address, hop
 * limit 255, to ff02::12) arrives as a whole IPv6 packet rebuilt from the control messages, with the hop limit the
 * kernel saw; a wrong hop limit and a wrong checksum reach the codec (the kernel does not check the checksum: no
 * IPV6_CHECKSUM) and are refused there, counted, not dropped unseen.
 */
class RawVrrp6SocketTest {
    private static final Advert ADVERT =
            new Advert(VrrpVersion.V3, 51, 100, 100, List.of(ip("2001:db8::8")), AuthType.NONE, "");

    private static TestNetwork net;
    private static Node node1;
    private static Node node2;

    @BeforeAll
    static void lan() {
        net = TestNetwork.create();
        node1 = net.addNode();
        node2 = net.addNode();
        for (Node n : List.of(node1, node2)) {
            for (String key : List.of("accept_dad=0", "disable_ipv6=0")) {
                net.exec(n, "sysctl", "-q", "-w", "net.ipv6.conf.eth0." + key);
            }
        }
    }

    @AfterAll
    static void removeLan() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    void anAdvertToTheGroupArrivesFromTheLinkLocalAddressWithHopLimit255AndAGoodChecksum() throws Exception {
        try (RawVrrp6Socket sender = open(node1);
                RawVrrp6Socket receiver = open(node2)) {
            CompletableFuture<ByteBuffer> got = receiveOn(receiver);
            var network = new LinuxInstanceNetwork(
                    "V6",
                    sender,
                    linkLocal(node1),
                    List.of(Ipv6.VRRP_GROUP),
                    List.of(),
                    Ipv6Vips.NONE,
                    AdvertCodec.TTL,
                    V3ChecksumForm.PSEUDO_HEADER,
                    null,
                    Runnable::run);

            network.sendAdvert(ADVERT);

            ReceivedAdvert r = AdvertCodec.decodeIp(got.get(5, TimeUnit.SECONDS), TtlCheck.EXACTLY_255);
            assertThat(r.advert()).isEqualTo(ADVERT);
            assertThat(r.source()).isEqualTo(linkLocal(node1));
            assertThat(r.destination()).isEqualTo(Ipv6.VRRP_GROUP);
            assertThat(r.ttl()).isEqualTo(255);
        }
    }

    @Test
    void theHopLimitTheKernelSawIsReportedAndAWrongOneIsTheTtlDiscard() throws Exception {
        try (RawVrrp6Socket sender = open(node1);
                RawVrrp6Socket receiver = open(node2)) {
            CompletableFuture<ByteBuffer> got = receiveOn(receiver);

            sender.send(encode(linkLocal(node1)), linkLocal(node1), Ipv6.VRRP_GROUP, 64);

            ByteBuffer packet = got.get(5, TimeUnit.SECONDS);
            assertThat(AdvertCodec.decodeIp(packet, TtlCheck.LEFT_TO_INSTANCE).ttl())
                    .isEqualTo(64);
            assertThatThrownBy(() -> AdvertCodec.decodeIp(packet, TtlCheck.EXACTLY_255))
                    .isInstanceOfSatisfying(
                            AdvertDecodeException.class,
                            e -> assertThat(e.reason()).isEqualTo(DiscardReason.IP_TTL));
        }
    }

    @Test
    void aBadChecksumReachesTheCodecToBeCounted() throws Exception {
        try (RawVrrp6Socket sender = open(node1);
                RawVrrp6Socket receiver = open(node2)) {
            CompletableFuture<ByteBuffer> got = receiveOn(receiver);
            ByteBuffer advert = encode(linkLocal(node1));
            advert.put(7, (byte) (advert.get(7) ^ 1));

            sender.send(advert, linkLocal(node1), Ipv6.VRRP_GROUP, 255);

            assertThatThrownBy(() -> AdvertCodec.decodeIp(got.get(5, TimeUnit.SECONDS), TtlCheck.EXACTLY_255))
                    .isInstanceOfSatisfying(
                            AdvertDecodeException.class,
                            e -> assertThat(e.reason()).isEqualTo(DiscardReason.CHECKSUM));
        }
    }

    @Test
    void aNodeDoesNotHearItsOwnAdverts() throws Exception {
        try (RawVrrp6Socket socket1 = open(node1);
                RawVrrp6Socket socket2 = open(node2)) {
            CompletableFuture<ByteBuffer> heardBy1 = receiveOn(socket1);

            socket1.send(encode(linkLocal(node1)), linkLocal(node1), Ipv6.VRRP_GROUP, 255);
            socket2.send(encode(linkLocal(node2)), linkLocal(node2), Ipv6.VRRP_GROUP, 255);

            assertThat(AdvertCodec.decodeIp(heardBy1.get(5, TimeUnit.SECONDS), TtlCheck.EXACTLY_255)
                            .source())
                    .isEqualTo(linkLocal(node2));
        }
    }

    private static ByteBuffer encode(InetAddress source) {
        ByteBuffer out = ByteBuffer.allocate(AdvertCodec.length(ADVERT));
        AdvertCodec.encode(ADVERT, source, Ipv6.VRRP_GROUP, out);
        return out.flip();
    }

    private static RawVrrp6Socket open(Node node) throws Exception {
        return Netns.call(node.namespace(), () -> RawVrrp6Socket.open("eth0"));
    }

    /** Receives one packet on a platform thread of its own; checks it arrived on the socket's interface. */
    private static CompletableFuture<ByteBuffer> receiveOn(RawVrrp6Socket socket) {
        CompletableFuture<ByteBuffer> result = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
                ReceivedPacket packet = socket.receive(buffer);
                assertThat(packet.ifindex()).isEqualTo(socket.ifindex());
                result.complete(buffer.flip());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    private static InetAddress linkLocal(Node node) {
        Matcher m = Pattern.compile("inet6 (fe80::[0-9a-f:]+)/")
                .matcher(net.exec(node, "ip", "-6", "-o", "addr", "show", "dev", "eth0", "scope", "link"));
        if (!m.find()) {
            throw new IllegalStateException("no link-local address on " + node);
        }
        return ip(m.group(1));
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
