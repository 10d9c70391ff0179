package net.tandem.agent.vrrp.packet;

import static net.tandem.agent.vrrp.packet.AdvertCodecGoldenTest.V3;
import static net.tandem.agent.vrrp.packet.AdvertCodecGoldenTest.V3_BYTES;
import static net.tandem.agent.vrrp.packet.Packets.NODE_1;
import static net.tandem.agent.vrrp.packet.Packets.VRRP_GROUP;
import static net.tandem.agent.vrrp.packet.Packets.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Whole IPv4 packets as a raw socket for protocol 112 hands them over. */
class DecodeIpv4Test {

    /*
     * 45 = IPv4, IHL 5; c0 = DSCP CS6 (network control, as keepalived sends); total length 32;
     * id 0x1234; no fragment; TTL 255; protocol 0x70 = 112; header checksum; 192.0.2.1 -> 224.0.0.18.
     */
    static final String IP_HEADER = "45 c0 00 20 12 34 00 00 ff 70 XX XX c0 00 02 01 e0 00 00 12";

    @Test
    void advertInAPlainIpv4HeaderDecodes() throws Exception {
        ReceivedAdvert received = AdvertCodec.decodeIpv4(ByteBuffer.wrap(packet(IP_HEADER, V3_BYTES)));
        assertThat(received).isEqualTo(new ReceivedAdvert(NODE_1, VRRP_GROUP, 255, V3));
    }

    @Test
    void advertAfterIpOptionsDecodes() throws Exception {
        // IHL 6: a Router Alert option (94 04 00 00, RFC 2113) before the advert; total length 36.
        String withOption = "46 c0 00 24 12 34 00 00 ff 70 XX XX c0 00 02 01 e0 00 00 12 94 04 00 00";
        ReceivedAdvert received = AdvertCodec.decodeIpv4(ByteBuffer.wrap(packet(withOption, V3_BYTES)));
        assertThat(received.advert()).isEqualTo(V3);
        assertThat(received.source()).isEqualTo(NODE_1);
    }

    @Test
    void ttlFromTheIpHeaderReachesTheTtlCheck() {
        byte[] packet = packet(IP_HEADER, V3_BYTES);
        packet[8] = 64;
        assertThat(refused(packet).reason()).isEqualTo(DiscardReason.IP_TTL);
    }

    @Test
    void bytesBeyondTheTotalLengthAreNotPartOfTheAdvert() throws Exception {
        byte[] padded = Arrays.copyOf(packet(IP_HEADER, V3_BYTES), 46); // Ethernet minimum payload
        ByteBuffer buffer = ByteBuffer.wrap(padded);
        assertThat(AdvertCodec.decodeIpv4(buffer).advert()).isEqualTo(V3);
        assertThat(buffer.position()).isZero();
    }

    @Test
    void packetOfAnotherProtocolIsDiscardedAsIpHeader() {
        byte[] packet = packet(IP_HEADER, V3_BYTES);
        packet[9] = 51;
        AdvertDecodeException e = refused(packet);
        assertThat(e.reason()).isEqualTo(DiscardReason.IP_HEADER);
        assertThat(e.detail()).isEqualTo("protocol 51 (AH, not supported), expected 112 (VRRP)");
    }

    @Test
    void ipv6PacketIsDiscardedAsIpHeader() {
        byte[] packet = packet(IP_HEADER, V3_BYTES);
        packet[0] = 0x65;
        assertThat(refused(packet).detail()).isEqualTo("IP version 6, expected 4");
    }

    @Test
    void ihlBelowFiveIsDiscardedAsIpHeader() {
        byte[] packet = packet(IP_HEADER, V3_BYTES);
        packet[0] = 0x44;
        assertThat(refused(packet).reason()).isEqualTo(DiscardReason.IP_HEADER);
    }

    @Test
    void ihlBeyondTheTotalLengthIsDiscardedAsIpHeader() {
        byte[] packet = packet(IP_HEADER, V3_BYTES);
        packet[0] = 0x4F; // 60-byte header in a 32-byte packet
        assertThat(refused(packet).reason()).isEqualTo(DiscardReason.IP_HEADER);
    }

    @Test
    void totalLengthBeyondWhatWasReceivedIsDiscardedAsIpHeader() {
        byte[] packet = packet(IP_HEADER, V3_BYTES);
        packet[3] = 0x40;
        assertThat(refused(packet).detail()).isEqualTo("total length 64 but only 32 bytes were received");
    }

    @Test
    void fragmentIsDiscardedAsIpHeader() {
        byte[] packet = packet(IP_HEADER, V3_BYTES);
        packet[6] = 0x20; // More Fragments
        assertThat(refused(packet).reason()).isEqualTo(DiscardReason.IP_HEADER);
    }

    @Test
    void packetShorterThanAnIpv4HeaderIsDiscardedAsIpHeader() {
        assertThat(refused(bytes("45 c0 00 20 12 34")).reason()).isEqualTo(DiscardReason.IP_HEADER);
    }

    @Test
    void ipHeaderWithNoRoomForTheAdvertIsDiscardedAsPacketLength() {
        byte[] packet = packet(IP_HEADER.replace("00 20", "00 18"), "31 34 63 01");
        assertThat(refused(packet).reason()).isEqualTo(DiscardReason.PACKET_LENGTH);
    }

    /** The header with its checksum computed in place of XX XX, then the VRRP bytes. */
    private static byte[] packet(String header, String vrrp) {
        byte[] h = bytes(header.replace("XX XX", "00 00"));
        int c = Checksum.finish(Checksum.add(0, ByteBuffer.wrap(h), 0, h.length));
        h[10] = (byte) (c >>> 8);
        h[11] = (byte) c;
        byte[] v = bytes(vrrp);
        byte[] all = Arrays.copyOf(h, h.length + v.length);
        System.arraycopy(v, 0, all, h.length, v.length);
        return all;
    }

    private static AdvertDecodeException refused(byte[] packet) {
        AdvertDecodeException e = catchThrowableOfType(
                AdvertDecodeException.class, () -> AdvertCodec.decodeIpv4(ByteBuffer.wrap(packet)));
        assertThat(e).as("expected the packet to be refused").isNotNull();
        return e;
    }
}
