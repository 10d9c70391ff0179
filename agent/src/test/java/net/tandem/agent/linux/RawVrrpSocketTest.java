package net.tandem.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.tandem.agent.testlab.TestNetwork;
import net.tandem.agent.testlab.TestNetwork.Node;
import net.tandem.agent.vrrp.packet.Advert;
import net.tandem.agent.vrrp.packet.AdvertCodec;
import net.tandem.agent.vrrp.packet.AuthType;
import net.tandem.agent.vrrp.packet.TtlCheck;
import net.tandem.agent.vrrp.packet.V3ChecksumForm;
import net.tandem.agent.vrrp.packet.VrrpVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RawVrrpSocketTest {

    private static final Inet4Address VRRP_GROUP = ipv4("224.0.0.18");

    private static TestNetwork net;
    private static Node node1;
    private static Node node2;

    @BeforeAll
    static void lan() {
        net = TestNetwork.create();
        node1 = net.addNode();
        node2 = net.addNode();
    }

    @AfterAll
    static void removeLan() {
        if (net != null) {
            net.close();
        }
    }

    /** What a receiving thread got: the packet metadata and the bytes. */
    record Got(ReceivedPacket packet, byte[] bytes) {
        int ttl() {
            return bytes[8] & 0xFF;
        }

        int protocol() {
            return bytes[9] & 0xFF;
        }

        String source() {
            return address(12);
        }

        String destination() {
            return address(16);
        }

        byte[] payload() {
            return Arrays.copyOfRange(bytes, 20, bytes.length);
        }

        private String address(int offset) {
            return (bytes[offset] & 0xFF) + "." + (bytes[offset + 1] & 0xFF) + "." + (bytes[offset + 2] & 0xFF) + "."
                    + (bytes[offset + 3] & 0xFF);
        }
    }

    @Test
    void advertSentToTheGroupArrivesAtThePeerWithTtl255AndTheSendersAddress() throws Exception {
        try (RawVrrpSocket sender = open(node1);
                RawVrrpSocket receiver = open(node2)) {
            CompletableFuture<Got> got = receiveOn(receiver, false);

            sender.send(ByteBuffer.wrap(advert(51, 100)), node1.address(), VRRP_GROUP);

            Got packet = got.get(5, TimeUnit.SECONDS);
            assertThat(packet.ttl()).isEqualTo(255);
            assertThat(packet.protocol()).isEqualTo(112);
            assertThat(packet.source()).isEqualTo(node1.address().getHostAddress());
            assertThat(packet.destination()).isEqualTo("224.0.0.18");
            assertThat(packet.payload()).isEqualTo(advert(51, 100));
            assertThat(packet.packet().ifindex())
                    .isEqualTo(ifindexOfEth0(node2))
                    .isEqualTo(receiver.ifindex());
            assertThat(packet.packet().truncated()).isFalse();
        }
    }

    @Test
    void directBuffersAreFilledInPlace() throws Exception {
        try (RawVrrpSocket sender = open(node1);
                RawVrrpSocket receiver = open(node2)) {
            CompletableFuture<Got> got = receiveOn(receiver, true);

            sender.send(ByteBuffer.wrap(advert(52, 90)), node1.address(), VRRP_GROUP);

            assertThat(got.get(5, TimeUnit.SECONDS).payload()).isEqualTo(advert(52, 90));
        }
    }

    @Test
    void aNodeDoesNotHearItsOwnMulticastAdverts() throws Exception {
        try (RawVrrpSocket socket1 = open(node1);
                RawVrrpSocket socket2 = open(node2)) {
            CompletableFuture<Got> heardBy1 = receiveOn(socket1, false);

            socket1.send(ByteBuffer.wrap(advert(53, 200)), node1.address(), VRRP_GROUP);
            socket2.send(ByteBuffer.wrap(advert(53, 100)), node2.address(), VRRP_GROUP);

            // The first packet node1 hears is node2's: its own was not looped back.
            Got first = heardBy1.get(5, TimeUnit.SECONDS);
            assertThat(first.source()).isEqualTo(node2.address().getHostAddress());
            assertThat(first.payload()).isEqualTo(advert(53, 100));
        }
    }

    @Test
    void unicastAdvertReachesThePeerWithTtl255() throws Exception {
        try (RawVrrpSocket sender = open(node1);
                RawVrrpSocket receiver = open(node2)) {
            CompletableFuture<Got> got = receiveOn(receiver, false);

            sender.send(ByteBuffer.wrap(advert(54, 100)), node1.address(), node2.address());

            Got packet = got.get(5, TimeUnit.SECONDS);
            assertThat(packet.ttl()).isEqualTo(255);
            assertThat(packet.source()).isEqualTo(node1.address().getHostAddress());
            assertThat(packet.destination()).isEqualTo(node2.address().getHostAddress());
            assertThat(packet.payload()).isEqualTo(advert(54, 100));
        }
    }

    @Test
    void closeUnblocksAThreadWaitingInReceive() throws Exception {
        RawVrrpSocket socket = open(node2);
        CompletableFuture<Got> got = receiveOn(socket, false);
        // Nothing is sent: the receiver is (very likely by now) blocked in the kernel.
        assertThatThrownBy(() -> got.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

        socket.close();

        assertThatThrownBy(() -> got.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ClosedChannelException.class);
    }

    @Test
    void unicastAdvertsCarryUnicastTtlAndTheChecksumFormTheInstanceChose() throws Exception {
        try (RawVrrpSocket sender = open(node1);
                RawVrrpSocket receiver = open(node2)) {
            CompletableFuture<Got> got = receiveOn(receiver, false);
            // unicast_ttl 64, v3_checksum_as_v2: what LinuxDataPlane passes for such an instance
            var network = new LinuxInstanceNetwork(
                    "VI_1",
                    sender,
                    node1.address(),
                    List.of(node2.address()),
                    List.of(),
                    Ipv6Vips.NONE,
                    64,
                    V3ChecksumForm.MESSAGE_ONLY,
                    null,
                    Runnable::run);
            Advert v3 = new Advert(VrrpVersion.V3, 55, 100, 100, List.of(ipv4("192.0.2.8")), AuthType.NONE, "");

            network.sendAdvert(v3);

            Got packet = got.get(5, TimeUnit.SECONDS);
            assertThat(packet.ttl()).isEqualTo(64);
            ByteBuffer messageOnly = ByteBuffer.allocate(AdvertCodec.length(v3));
            AdvertCodec.encode(v3, null, null, messageOnly, V3ChecksumForm.MESSAGE_ONLY);
            assertThat(packet.payload()).isEqualTo(messageOnly.array());
            // a unicast instance hears it: the codec leaves the TTL to it
            assertThat(AdvertCodec.decodeIpv4(ByteBuffer.wrap(packet.bytes()), TtlCheck.LEFT_TO_INSTANCE)
                            .ttl())
                    .isEqualTo(64);
        }
    }

    @Test
    void openingOnAMissingInterfaceNamesTheInterface() {
        assertThatThrownBy(() -> Netns.call(node1.namespace(), () -> RawVrrpSocket.open("eth7")))
                .isInstanceOf(NativeException.class)
                .hasMessageContaining("eth7")
                .hasMessageContaining("ENODEV")
                .hasMessageContaining("no such interface eth7");
    }

    private static RawVrrpSocket open(Node node) throws Exception {
        return Netns.call(node.namespace(), () -> RawVrrpSocket.open("eth0"));
    }

    /** Receives one packet on a platform thread of its own, into a heap or direct buffer. */
    private static CompletableFuture<Got> receiveOn(RawVrrpSocket socket, boolean direct) {
        CompletableFuture<Got> result = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("receive-" + socket.interfaceName()).start(() -> {
            try {
                ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(2048) : ByteBuffer.allocate(2048);
                ReceivedPacket packet = socket.receive(buffer);
                buffer.flip();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                result.complete(new Got(packet, bytes));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /** A VRRPv2 advert for 192.0.2.8 (hand-built: the codec lives elsewhere). */
    static byte[] advert(int vrid, int priority) {
        return new byte[] {
            0x21,
            (byte) vrid,
            (byte) priority,
            1, // version 2 type 1, VRID, priority, 1 address
            0,
            1,
            0,
            0, // auth none, advert interval 1 s, checksum (unchecked here)
            (byte) 192,
            0,
            2,
            8, // 192.0.2.8
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0 // authentication data
        };
    }

    private static int ifindexOfEth0(Node node) {
        String line = net.exec(node, "ip", "-o", "link", "show", "eth0");
        return Integer.parseInt(line.substring(0, line.indexOf(':')));
    }

    private static Inet4Address ipv4(String literal) {
        try {
            return (Inet4Address) InetAddress.getByName(literal);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
