package net.tandem.agent.vrrp.packet;

import static net.tandem.agent.vrrp.packet.Packets.NODE_1;
import static net.tandem.agent.vrrp.packet.Packets.VIP_1;
import static net.tandem.agent.vrrp.packet.Packets.VIP_2;
import static net.tandem.agent.vrrp.packet.Packets.VRRP_GROUP;
import static net.tandem.agent.vrrp.packet.Packets.hex;
import static net.tandem.agent.vrrp.packet.Packets.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every byte of known adverts, checksums included, both ways. */
class AdvertCodecGoldenTest {

    /** VI_1 of the seed, v2 with auth_type PASS, auth_pass "password". */
    static final Advert V2_PASS = new Advert(VrrpVersion.V2, 51, 100, 1, List.of(VIP_1), AuthType.PASS, "password");

    /*
     * Checksum by hand (RFC 1071), 16-bit words with the checksum field zero:
     *   2133 + 6401 + 0101 + 0000 + c000 + 0208 + 7061 + 7373 + 776f + 7264 = 0x315e4
     *   fold: 0x15e4 + 0x3 = 0x15e7; complement: 0xea18
     */
    static final String V2_PASS_BYTES = "21 33 64 01 01 01 ea 18 c0 00 02 08 70 61 73 73 77 6f 72 64";

    static final Advert V2_NONE = new Advert(VrrpVersion.V2, 51, 100, 1, List.of(VIP_1), AuthType.NONE, "");
    /** Auth Data all zero, as keepalived sends it without authentication (its send buffer is zeroed). */
    static final String V2_NONE_BYTES = "21 33 64 01 00 01 b8 c1 c0 00 02 08 00 00 00 00 00 00 00 00";

    /** v3, 100 cs = 1 s, from node 1 to the VRRP group. */
    static final Advert V3 = new Advert(VrrpVersion.V3, 52, 99, 100, List.of(VIP_2), AuthType.NONE, "");

    /*
     * Pseudo-header c000 0201 e000 0012 0070 000c sums to 0x1a28f (the zero byte and protocol 112
     * make the word 0x0070; 0x000c is the 12-byte VRRP length); the message
     * 3134 6301 0064 0000 c000 0209 sums to 0x156a2. Total 0x2f931, fold 0xf933, complement 0x06cc.
     */
    static final String V3_BYTES = "31 34 63 01 00 64 06 cc c0 00 02 09";
    /** The same advert, checksummed over the message alone (RFC 9568 §5.2.8; keepalived v3_checksum_as_v2). */
    static final String V3_MESSAGE_ONLY_BYTES = "31 34 63 01 00 64 a9 5c c0 00 02 09";

    @Test
    void v2PassAdvertEncodesToKnownBytes() {
        assertThat(encode(V2_PASS, V3ChecksumForm.PSEUDO_HEADER)).isEqualTo(V2_PASS_BYTES);
    }

    @Test
    void v2PassAdvertDecodesFromKnownBytes() throws Exception {
        assertThat(AdvertCodec.decode(NODE_1, VRRP_GROUP, 255, Packets.buffer(V2_PASS_BYTES))
                        .advert())
                .isEqualTo(V2_PASS);
    }

    @Test
    void v2AdvertWithoutAuthenticationCarriesEightZeroBytes() throws Exception {
        assertThat(encode(V2_NONE, V3ChecksumForm.PSEUDO_HEADER)).isEqualTo(V2_NONE_BYTES);
        assertThat(AdvertCodec.decode(NODE_1, VRRP_GROUP, 255, Packets.buffer(V2_NONE_BYTES))
                        .advert())
                .isEqualTo(V2_NONE);
    }

    @Test
    void v3AdvertEncodesWithPseudoHeaderChecksumLikeKeepalived() {
        assertThat(encode(V3, V3ChecksumForm.PSEUDO_HEADER)).isEqualTo(V3_BYTES);
    }

    @Test
    void v3AdvertEncodesWithMessageOnlyChecksumWhenAsked() {
        assertThat(encode(V3, V3ChecksumForm.MESSAGE_ONLY)).isEqualTo(V3_MESSAGE_ONLY_BYTES);
    }

    @Test
    void v2IgnoresTheChecksumFormAndTheAddresses() {
        ByteBuffer out = ByteBuffer.allocate(64);
        AdvertCodec.encode(V2_PASS, null, null, out, V3ChecksumForm.MESSAGE_ONLY);
        assertThat(hex(Arrays.copyOf(out.array(), out.position()))).isEqualTo(V2_PASS_BYTES);
    }

    @Test
    void v3AdvertDecodesFromKnownBytes() throws Exception {
        ReceivedAdvert received = AdvertCodec.decode(NODE_1, VRRP_GROUP, 255, Packets.buffer(V3_BYTES));
        assertThat(received).isEqualTo(new ReceivedAdvert(NODE_1, VRRP_GROUP, 255, V3));
        assertThat(received.advert().advertIntervalNanos()).isEqualTo(1_000_000_000L);
    }

    @Test
    void decodingWhatWasEncodedGivesTheSameAdvert() throws Exception {
        Advert many = new Advert(
                VrrpVersion.V3,
                255,
                0,
                4095,
                List.of(ip("192.0.2.8"), ip("192.0.2.9"), ip("198.51.100.1"), ip("203.0.113.255")),
                AuthType.NONE,
                "");
        Advert shortPassword = new Advert(VrrpVersion.V2, 1, 255, 255, List.of(VIP_1, VIP_2), AuthType.PASS, "é1");
        for (Advert advert : List.of(V2_PASS, V2_NONE, V3, many, shortPassword)) {
            ByteBuffer out = ByteBuffer.allocate(AdvertCodec.length(advert));
            AdvertCodec.encode(advert, NODE_1, VRRP_GROUP, out);
            assertThat(AdvertCodec.decode(NODE_1, VRRP_GROUP, 255, out.flip()).advert())
                    .isEqualTo(advert);
        }
    }

    /**
     * A VRRPv3 advert keepalived 2.0.12 sent (unicast, VRID 88, priority 198, 1 s, VIP
     * 10.195.76.227, from 10.1.0.3 to 10.1.0.1), as logged byte by byte in keepalived issue #1175.
     * Its IP header checksum reads 0 because keepalived logged the packet before the kernel filled
     * it in; decodeIpv4 leaves that check to the kernel.
     */
    static final String KEEPALIVED_V3_CAPTURE =
            "45 c0 00 20 00 01 00 00 ff 70 00 00 0a 01 00 03 0a 01 00 01 31 58 c6 01 00 64 9c 19 0a c3 4c e3";

    @Test
    void keepalivedV3AdvertFromTheWildDecodes() throws Exception {
        ReceivedAdvert received = AdvertCodec.decodeIpv4(Packets.buffer(KEEPALIVED_V3_CAPTURE));
        Advert expected = new Advert(VrrpVersion.V3, 88, 198, 100, List.of(ip("10.195.76.227")), AuthType.NONE, "");
        assertThat(received).isEqualTo(new ReceivedAdvert(ip("10.1.0.3"), ip("10.1.0.1"), 255, expected));
    }

    @Test
    void encodingTheCapturedAdvertReproducesKeepalivedsChecksum() {
        Advert advert = new Advert(VrrpVersion.V3, 88, 198, 100, List.of(ip("10.195.76.227")), AuthType.NONE, "");
        ByteBuffer out = ByteBuffer.allocate(12);
        AdvertCodec.encode(advert, ip("10.1.0.3"), ip("10.1.0.1"), out);
        assertThat(hex(out.array())).isEqualTo(KEEPALIVED_V3_CAPTURE.substring(20 * 3));
    }

    @Test
    void encodeWritesAtThePositionAndAdvancesPastTheAdvert() {
        ByteBuffer out = ByteBuffer.allocate(40).position(5);
        int written = AdvertCodec.encode(V3, NODE_1, VRRP_GROUP, out);
        assertThat(written).isEqualTo(12).isEqualTo(AdvertCodec.length(V3));
        assertThat(out.position()).isEqualTo(17);
        assertThat(hex(Arrays.copyOfRange(out.array(), 5, 17))).isEqualTo(V3_BYTES);
        assertThat(out.array()[4]).isZero();
    }

    private static String encode(Advert advert, V3ChecksumForm form) {
        ByteBuffer out = ByteBuffer.allocate(64);
        int written = AdvertCodec.encode(advert, NODE_1, VRRP_GROUP, out, form);
        assertThat(out.position()).isEqualTo(written);
        return hex(Arrays.copyOf(out.array(), written));
    }
}
