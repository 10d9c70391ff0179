package net.tandem.agent.vrrp.packet;

import static net.tandem.agent.vrrp.packet.AdvertCodecGoldenTest.V2_PASS;
import static net.tandem.agent.vrrp.packet.AdvertCodecGoldenTest.V2_PASS_BYTES;
import static net.tandem.agent.vrrp.packet.AdvertCodecGoldenTest.V3;
import static net.tandem.agent.vrrp.packet.AdvertCodecGoldenTest.V3_BYTES;
import static net.tandem.agent.vrrp.packet.AdvertCodecGoldenTest.V3_MESSAGE_ONLY_BYTES;
import static net.tandem.agent.vrrp.packet.Packets.NODE_1;
import static net.tandem.agent.vrrp.packet.Packets.NODE_2;
import static net.tandem.agent.vrrp.packet.Packets.VRRP_GROUP;
import static net.tandem.agent.vrrp.packet.Packets.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The receive checks of RFC 3768 §7.1 / RFC 5798 §7.1 that are about the packet itself, one by one. */
class AdvertReceiveChecksTest {

    // -- IP_TTL --

    @Test
    void advertWithTtl64IsDiscardedAsIpTtl() {
        AdvertDecodeException e = refused(NODE_1, 64, bytes(V2_PASS_BYTES));
        assertThat(e.reason()).isEqualTo(DiscardReason.IP_TTL);
        assertThat(e.detail()).isEqualTo("TTL 64, expected 255");
        assertThat(e).hasMessage("IP_TTL: TTL 64, expected 255");
    }

    @Test
    void leftToTheInstanceAnyTtlDecodesAndIsReported() throws Exception {
        ReceivedAdvert r =
                AdvertCodec.decode(NODE_1, VRRP_GROUP, 64, Packets.buffer(V2_PASS_BYTES), TtlCheck.LEFT_TO_INSTANCE);
        assertThat(r.ttl()).isEqualTo(64);
        assertThat(r.advert()).isEqualTo(V2_PASS);
    }

    @Test
    void leftToTheInstanceTheOtherChecksStillApply() {
        AdvertDecodeException e = catchThrowableOfType(
                AdvertDecodeException.class,
                () -> AdvertCodec.decode(
                        NODE_1, VRRP_GROUP, 64, ByteBuffer.wrap(new byte[0]), TtlCheck.LEFT_TO_INSTANCE));
        assertThat(e.reason()).isEqualTo(DiscardReason.PACKET_LENGTH);
    }

    @Test
    void ttlIsCheckedBeforeAnythingElse() {
        assertThat(refused(NODE_1, 254, new byte[0]).reason()).isEqualTo(DiscardReason.IP_TTL);
    }

    // -- PACKET_LENGTH --

    @Test
    void packetShorterThanTheFixedHeaderIsDiscardedAsPacketLength() {
        AdvertDecodeException e = refused(NODE_1, 255, bytes("21 33 64 01 01 01 ea"));
        assertThat(e.reason()).isEqualTo(DiscardReason.PACKET_LENGTH);
        assertThat(e.detail()).contains("7 bytes");
    }

    @Test
    void v2AdvertCountingMoreAddressesThanItCarriesIsDiscardedAsPacketLength() {
        byte[] packet = bytes(V2_PASS_BYTES);
        packet[3] = 2; // two addresses need 8 + 8 + 8 = 24 bytes; there are 20
        AdvertDecodeException e = refused(NODE_1, 255, packet);
        assertThat(e.reason()).isEqualTo(DiscardReason.PACKET_LENGTH);
        assertThat(e.detail())
                .isEqualTo("v2 advert with 2 addresses needs 24 bytes (8 fixed + 2 x 4 + 8 auth), got 20");
    }

    @Test
    void v2AdvertWithoutItsAuthenticationDataIsDiscardedAsPacketLength() {
        byte[] packet = Arrays.copyOf(bytes(V2_PASS_BYTES), 12);
        assertThat(refused(NODE_1, 255, packet).reason()).isEqualTo(DiscardReason.PACKET_LENGTH);
    }

    @Test
    void v3AdvertCountingMoreAddressesThanItCarriesIsDiscardedAsPacketLength() {
        byte[] packet = bytes(V3_BYTES);
        packet[3] = (byte) 255;
        AdvertDecodeException e = refused(NODE_1, 255, packet);
        assertThat(e.reason()).isEqualTo(DiscardReason.PACKET_LENGTH);
        assertThat(e.detail()).isEqualTo("v3 advert with 255 addresses needs 1028 bytes (8 fixed + 255 x 4), got 12");
    }

    @Test
    void bytesAfterTheAdvertAreIgnored() throws Exception {
        // The RFCs ask for a complete packet, not an exact one; keepalived refuses the extra bytes.
        byte[] padded = Arrays.copyOf(bytes(V3_BYTES), 20);
        Arrays.fill(padded, 12, 20, (byte) 0xAB);
        assertThat(AdvertCodec.decode(NODE_1, VRRP_GROUP, 255, ByteBuffer.wrap(padded))
                        .advert())
                .isEqualTo(V3);
    }

    // -- VERSION --

    @Test
    void advertWithVersion4IsDiscardedAsVersion() {
        byte[] packet = bytes(V3_BYTES);
        packet[0] = 0x41;
        AdvertDecodeException e = refused(NODE_1, 255, packet);
        assertThat(e.reason()).isEqualTo(DiscardReason.VERSION);
        assertThat(e.detail()).isEqualTo("version 4, expected 2 or 3");
    }

    @Test
    void packetOfAnUnknownVersionNeedsOnlyTheFixedHeaderToBeReportedAsVersion() {
        assertThat(refused(NODE_1, 255, bytes("11 01 64 ff 00 00 00 00")).reason())
                .isEqualTo(DiscardReason.VERSION);
    }

    // -- INVALID_TYPE --

    @Test
    void packetOfType2IsDiscardedAsInvalidType() {
        byte[] packet = Packets.withPseudoHeaderChecksum(bytes(V3_BYTES), NODE_1, VRRP_GROUP);
        packet[0] = 0x32;
        Packets.withPseudoHeaderChecksum(packet, NODE_1, VRRP_GROUP);
        AdvertDecodeException e = refused(NODE_1, 255, packet);
        assertThat(e.reason()).isEqualTo(DiscardReason.INVALID_TYPE);
        assertThat(e.detail()).isEqualTo("type 2, expected 1 (ADVERTISEMENT)");
    }

    // -- CHECKSUM --

    @Test
    void v2AdvertWithACorruptedChecksumIsDiscardedAsChecksum() {
        byte[] packet = bytes(V2_PASS_BYTES);
        packet[7] ^= 0x01;
        AdvertDecodeException e = refused(NODE_1, 255, packet);
        assertThat(e.reason()).isEqualTo(DiscardReason.CHECKSUM);
        assertThat(e.detail()).isEqualTo("v2 checksum 0xea19 is wrong over the 20-byte message (expected 0xea18)");
    }

    @Test
    void v2AdvertWithACorruptedPasswordIsDiscardedAsChecksum() {
        byte[] packet = bytes(V2_PASS_BYTES);
        packet[19] = 'D'; // the checksum covers the Authentication Data too (RFC 3768 §5.3.8)
        assertThat(refused(NODE_1, 255, packet).reason()).isEqualTo(DiscardReason.CHECKSUM);
    }

    @Test
    void v3AdvertWithPseudoHeaderChecksumIsAccepted() throws Exception {
        assertThat(AdvertCodec.decode(NODE_1, VRRP_GROUP, 255, Packets.buffer(V3_BYTES))
                        .advert())
                .isEqualTo(V3);
    }

    @Test
    void v3AdvertWithChecksumWithoutPseudoHeaderIsAccepted() throws Exception {
        assertThat(AdvertCodec.decode(NODE_1, VRRP_GROUP, 255, Packets.buffer(V3_MESSAGE_ONLY_BYTES))
                        .advert())
                .isEqualTo(V3);
    }

    @Test
    void v3AdvertWithACorruptedPseudoHeaderChecksumIsDiscardedAsChecksum() {
        byte[] packet = bytes(V3_BYTES);
        packet[6] ^= 0x40;
        AdvertDecodeException e = refused(NODE_1, 255, packet);
        assertThat(e.reason()).isEqualTo(DiscardReason.CHECKSUM);
        assertThat(e.detail())
                .isEqualTo(
                        "v3 checksum 0x46cc matches neither the pseudo-header form (0x06cc) nor the message-only form (0xa95c)");
    }

    @Test
    void v3AdvertWithACorruptedMessageOnlyChecksumIsDiscardedAsChecksum() {
        byte[] packet = bytes(V3_MESSAGE_ONLY_BYTES);
        packet[7] ^= 0x01;
        assertThat(refused(NODE_1, 255, packet).reason()).isEqualTo(DiscardReason.CHECKSUM);
    }

    @Test
    void v3PseudoHeaderChecksumFromAnotherSenderIsDiscardedAsChecksum() {
        // The pseudo-header binds the checksum to the IP addresses: the same bytes from node 2 fail.
        assertThat(refused(NODE_2, 255, bytes(V3_BYTES)).reason()).isEqualTo(DiscardReason.CHECKSUM);
    }

    // -- INVALID_AUTH_TYPE --

    @Test
    void v2AdvertWithAuthType3IsDiscardedAsInvalidAuthType() {
        byte[] packet = bytes(V2_PASS_BYTES);
        packet[4] = 3;
        Packets.withMessageChecksum(packet);
        AdvertDecodeException e = refused(NODE_1, 255, packet);
        assertThat(e.reason()).isEqualTo(DiscardReason.INVALID_AUTH_TYPE);
        assertThat(e.detail()).isEqualTo("auth type 3, expected 0 (none), 1 (simple password) or 2 (IP AH)");
    }

    @Test
    void v2AdvertWithAuthTypeAhIsDecodedSoThatTheInstanceCanRefuseItByName() throws Exception {
        byte[] packet = bytes(V2_PASS_BYTES);
        packet[4] = 2;
        Packets.withMessageChecksum(packet);
        Advert advert = AdvertCodec.decode(NODE_1, VRRP_GROUP, 255, ByteBuffer.wrap(packet))
                .advert();
        assertThat(advert.authType()).isEqualTo(AuthType.AH);
        assertThat(advert.password()).isEmpty();
    }

    @Test
    void v2AdvertWithoutAuthenticationIgnoresWhateverIsInTheAuthenticationData() throws Exception {
        byte[] packet = bytes(V2_PASS_BYTES);
        packet[4] = 0; // auth type NONE, but "password" still in the Auth Data: ignored (RFC 3768 §5.3.10)
        Packets.withMessageChecksum(packet);
        Advert advert = AdvertCodec.decode(NODE_1, VRRP_GROUP, 255, ByteBuffer.wrap(packet))
                .advert();
        assertThat(advert.authType()).isEqualTo(AuthType.NONE);
        assertThat(advert.password()).isEmpty();
    }

    // -- what is left to the instance, and buffer handling --

    @Test
    void v3ReservedBitsAreIgnored() throws Exception {
        byte[] packet = bytes(V3_BYTES);
        packet[4] = (byte) 0xF0; // RFC 5798 §5.2.6: ignored on reception
        Packets.withPseudoHeaderChecksum(packet, NODE_1, VRRP_GROUP);
        assertThat(AdvertCodec.decode(NODE_1, VRRP_GROUP, 255, ByteBuffer.wrap(packet))
                        .advert()
                        .advertInterval())
                .isEqualTo(100);
    }

    @Test
    void vridZeroAndNoAddressesAreLeftToTheInstanceToJudge() throws Exception {
        byte[] packet = Packets.withMessageChecksum(bytes("21 00 64 00 00 01 00 00 00 00 00 00 00 00 00 00"));
        Advert advert = AdvertCodec.decode(NODE_1, VRRP_GROUP, 255, ByteBuffer.wrap(packet))
                .advert();
        assertThat(advert.vrid()).isZero();
        assertThat(advert.addresses()).isEmpty();
    }

    @Test
    void decodeReadsFromPositionToLimitAndLeavesThemWhereTheyWere() throws Exception {
        byte[] framed = new byte[4 + 12 + 4];
        System.arraycopy(bytes(V3_BYTES), 0, framed, 4, 12);
        ByteBuffer buffer = ByteBuffer.wrap(framed).position(4).limit(16).order(ByteOrder.LITTLE_ENDIAN);
        buffer.mark();
        assertThat(AdvertCodec.decode(NODE_1, VRRP_GROUP, 255, buffer).advert()).isEqualTo(V3);
        assertThat(buffer.position()).isEqualTo(4);
        assertThat(buffer.limit()).isEqualTo(16);
        assertThat(buffer.reset().position()).isEqualTo(4); // the mark survives
    }

    @Test
    void decodeLeavesTheBufferAloneWhenItRefuses() {
        ByteBuffer buffer = Packets.buffer(V2_PASS_BYTES).position(2);
        catchThrowableOfType(AdvertDecodeException.class, () -> AdvertCodec.decode(NODE_1, VRRP_GROUP, 255, buffer));
        assertThat(buffer.position()).isEqualTo(2);
        assertThat(buffer.limit()).isEqualTo(20);
    }

    @Test
    void decodedAddressListIsImmutable() throws Exception {
        Advert advert = AdvertCodec.decode(NODE_1, VRRP_GROUP, 255, Packets.buffer(V2_PASS_BYTES))
                .advert();
        assertThat(advert).isEqualTo(V2_PASS);
        assertThat(advert.addresses()).isUnmodifiable();
    }

    private static AdvertDecodeException refused(java.net.Inet4Address source, int ttl, byte[] packet) {
        AdvertDecodeException e = catchThrowableOfType(
                AdvertDecodeException.class,
                () -> AdvertCodec.decode(source, VRRP_GROUP, ttl, ByteBuffer.wrap(packet)));
        assertThat(e).as("expected the packet to be refused").isNotNull();
        return e;
    }
}
