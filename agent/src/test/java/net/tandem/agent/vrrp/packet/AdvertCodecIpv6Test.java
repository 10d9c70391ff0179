package net.tandem.agent.vrrp.packet;

import static net.tandem.agent.vrrp.packet.Packets.bytes;
import static net.tandem.agent.vrrp.packet.Packets.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * VRRPv3 over IPv6 (RFC 5798 §5.1.2): 16-byte addresses and the IPv6 pseudo-header checksum, against an advert
 * keepalived 2.2.7 (Debian) sent in a network namespace, captured with tcpdump; tshark said "Checksum: 0x0e52
 * [correct]". keepalived's configuration: VRID 51, priority 150, advert_int 1, VIPs fe80::51/64 and
 * 2001:db8::51/64, interface MAC 02:00:00:00:00:0a.
 */
class AdvertCodecIpv6Test {

    static final InetAddress SOURCE = ip("fe80::ff:fe00:a");
    static final InetAddress GROUP = ip("ff02::12");

    /** The VRRP part of keepalived's packet. */
    static final String KEEPALIVED_ADVERT = "31 33 96 02 00 64 0e 52"
            + " fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 51"
            + " 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 51";

    /** The whole IPv6 packet as captured (after the Ethernet header): traffic class 0xc0, hop limit 255. */
    static final String KEEPALIVED_PACKET = "6c 04 0d 03 00 28 70 ff"
            + " fe 80 00 00 00 00 00 00 00 00 00 ff fe 00 00 0a"
            + " ff 02 00 00 00 00 00 00 00 00 00 00 00 00 00 12 "
            + KEEPALIVED_ADVERT;

    static final Advert ADVERT =
            new Advert(VrrpVersion.V3, 51, 150, 100, List.of(ip("fe80::51"), ip("2001:db8::51")), AuthType.NONE, "");

    @Test
    void encodesKeepalivedsBytesWithTheIpv6PseudoHeaderChecksum() {
        ByteBuffer out = ByteBuffer.allocate(AdvertCodec.length(ADVERT));
        assertThat(AdvertCodec.length(ADVERT)).isEqualTo(8 + 2 * 16);
        // The form is for IPv4 only: IPv6 has one checksum, with its pseudo-header.
        AdvertCodec.encode(ADVERT, SOURCE, GROUP, out, V3ChecksumForm.MESSAGE_ONLY);
        assertThat(hex(out.array())).isEqualTo(KEEPALIVED_ADVERT);
    }

    @Test
    void decodesKeepalivedsWholePacket() throws Exception {
        ReceivedAdvert r = AdvertCodec.decodeIp(ByteBuffer.wrap(bytes(KEEPALIVED_PACKET)), TtlCheck.EXACTLY_255);
        assertThat(r.advert()).isEqualTo(ADVERT);
        assertThat(r.source()).isEqualTo(SOURCE);
        assertThat(r.destination()).isEqualTo(GROUP);
        assertThat(r.ttl()).isEqualTo(255);
    }

    @Test
    void aWrongHopLimitIsTheTtlDiscard() {
        byte[] packet = bytes(KEEPALIVED_PACKET);
        packet[7] = 64;
        assertThatThrownBy(() -> AdvertCodec.decodeIpv6(ByteBuffer.wrap(packet), TtlCheck.EXACTLY_255))
                .isInstanceOfSatisfying(
                        AdvertDecodeException.class, e -> assertThat(e.reason()).isEqualTo(DiscardReason.IP_TTL))
                .hasMessageContaining("hop limit 64");
    }

    @Test
    void aChangedSourceBreaksTheChecksum() {
        // The checksum covers the source: the same message from another address is refused.
        assertThatThrownBy(() -> AdvertCodec.decode(
                        ip("fe80::1"), GROUP, 255, ByteBuffer.wrap(bytes(KEEPALIVED_ADVERT)), TtlCheck.EXACTLY_255))
                .isInstanceOfSatisfying(
                        AdvertDecodeException.class, e -> assertThat(e.reason()).isEqualTo(DiscardReason.CHECKSUM));
    }

    @Test
    void theMessageOnlyChecksumIsRefusedOverIpv6() {
        byte[] message = Packets.withMessageChecksum(bytes(KEEPALIVED_ADVERT));
        assertThatThrownBy(() -> AdvertCodec.decode(SOURCE, GROUP, 255, ByteBuffer.wrap(message), TtlCheck.EXACTLY_255))
                .isInstanceOfSatisfying(
                        AdvertDecodeException.class, e -> assertThat(e.reason()).isEqualTo(DiscardReason.CHECKSUM));
    }

    @Test
    void addressesCountSixteenBytesEach() {
        byte[] message = bytes(KEEPALIVED_ADVERT);
        message[3] = 3; // says three addresses; two are there
        assertThatThrownBy(() -> AdvertCodec.decode(SOURCE, GROUP, 255, ByteBuffer.wrap(message), TtlCheck.EXACTLY_255))
                .isInstanceOfSatisfying(
                        AdvertDecodeException.class, e -> assertThat(e.reason()).isEqualTo(DiscardReason.PACKET_LENGTH))
                .hasMessageContaining("x 16");
    }

    @Test
    void vrrpVersion2OverIpv6IsAVersionDiscard() {
        byte[] message = bytes("21 33 96 00 00 01 00 00 00 00 00 00 00 00 00 00");
        assertThatThrownBy(() -> AdvertCodec.decode(SOURCE, GROUP, 255, ByteBuffer.wrap(message), TtlCheck.EXACTLY_255))
                .isInstanceOfSatisfying(
                        AdvertDecodeException.class, e -> assertThat(e.reason()).isEqualTo(DiscardReason.VERSION));
    }

    @Test
    void malformedIpv6HeadersAreIpHeaderDiscards() {
        for (String bad : List.of(
                "60 00 00",
                // payload length 0x28 but nothing follows
                "60 00 00 00 00 28 70 ff" + " 00".repeat(32),
                // next header 58 (ICMPv6)
                "60 00 00 00 00 00 3a ff" + " 00".repeat(32))) {
            assertThatThrownBy(() -> AdvertCodec.decodeIpv6(ByteBuffer.wrap(bytes(bad)), TtlCheck.EXACTLY_255))
                    .isInstanceOfSatisfying(
                            AdvertDecodeException.class,
                            e -> assertThat(e.reason()).isEqualTo(DiscardReason.IP_HEADER));
        }
    }

    @Test
    void anIpv6AdvertIsVersion3WithIpv6AddressesOnly() {
        ByteBuffer out = ByteBuffer.allocate(64);
        Advert v2 = new Advert(VrrpVersion.V2, 51, 150, 1, List.of(ip("2001:db8::51")), AuthType.NONE, "");
        assertThatThrownBy(() -> AdvertCodec.encode(v2, SOURCE, GROUP, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IPv6 needs VRRPv3");
        Advert mixed = new Advert(VrrpVersion.V3, 51, 150, 100, List.of(ip("192.0.2.8")), AuthType.NONE, "");
        assertThatThrownBy(() -> AdvertCodec.encode(mixed, SOURCE, GROUP, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("of its own family");
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
