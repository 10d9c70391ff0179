package net.tandem.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The unsolicited Neighbour Advertisement, byte for byte against the one keepalived 2.2.7 (Debian) sent for its VIP
 * 2001:db8::51 from an interface with MAC 02:00:00:00:00:0a, captured with tcpdump in a network namespace (tshark:
 * "Checksum: 0xf881 [correct]", "Flags: 0x20000000, Override").
 */
class NeighbourAdvertFrameTest {

    private static final String KEEPALIVED = "33 33 00 00 00 01 02 00 00 00 00 0a 86 dd"
            + " 60 00 00 00 00 20 3a ff"
            + " 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 51"
            + " ff 02 00 00 00 00 00 00 00 00 00 00 00 00 00 01"
            + " 88 00 f8 81 20 00 00 00"
            + " 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 51"
            + " 02 01 02 00 00 00 00 0a";

    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:0a");

    @Test
    void isWhatKeepalivedSends() throws Exception {
        assertThat(hex(NeighbourAdvertSender.frame(MAC, vip(), false))).isEqualTo(KEEPALIVED);
    }

    @Test
    void aForwardingInterfaceSetsTheRouterFlag() throws Exception {
        ByteBuffer frame = NeighbourAdvertSender.frame(MAC, vip(), true);
        assertThat(frame.get(14 + 40 + 4) & 0xff)
                .isEqualTo(NeighbourAdvertSender.FLAG_ROUTER | NeighbourAdvertSender.FLAG_OVERRIDE);
        // The checksum still verifies: the sum over pseudo-header and message is all ones.
        long sum = net.tandem.agent.vrrp.packet.Checksum.add(0, frame, 54, 32)
                + net.tandem.agent.vrrp.packet.Checksum.ipv6PseudoHeader(
                        vip().getAddress(), InetAddress.getByName("ff02::1").getAddress(), 58, 32);
        assertThat(net.tandem.agent.vrrp.packet.Checksum.verifies(sum)).isTrue();
    }

    private static Inet6Address vip() throws Exception {
        return (Inet6Address) InetAddress.getByName("2001:db8::51");
    }

    private static String hex(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
