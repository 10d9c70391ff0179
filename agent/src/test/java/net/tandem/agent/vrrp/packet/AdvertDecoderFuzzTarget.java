package net.tandem.agent.vrrp.packet;

import static net.tandem.agent.vrrp.packet.Packets.NODE_1;
import static net.tandem.agent.vrrp.packet.Packets.VRRP_GROUP;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the advert decoder (Jazzer): whatever bytes arrive, decoding ends in
 * an advert or a counted discard ({@link AdvertDecodeException}), never another exception, and
 * never moves the caller's buffer. bin/test replays the seed corpus under
 * src/test/resources/net/tandem/agent/vrrp/packet/AdvertDecoderFuzzTargetInputs and fuzzes for a few
 * seconds; {@code bin/fuzz advert --minutes N} fuzzes longer.
 *
 * <p>The first byte steers the harness, not the decoder: bit 0 decodes a whole IPv4 or IPv6 packet
 * ({@link AdvertCodec#decodeIp}) rather than the VRRP part alone; bit 1 puts the VRRP checksum
 * right before decoding (a fuzzer rarely guesses a checksum, and every later check sits behind it);
 * bit 2 leaves the TTL to the instance; bit 3 decodes the VRRP part alone as if it came over IPv6
 * (fe80::1 to ff02::12, 16-byte addresses, the IPv6 pseudo-header). The second byte is the TTL.
 */
class AdvertDecoderFuzzTarget {
    private static final InetAddress LINK_LOCAL = AdvertCodecIpv6Test.ip("fe80::1");
    private static final InetAddress GROUP_6 = AdvertCodecIpv6Test.ip("ff02::12");

    @FuzzTest(maxDuration = "2s")
    void decodeNeverThrowsAnythingButADiscard(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int steer = input[0];
        int ttl = input[1] & 0xFF;
        byte[] bytes = Arrays.copyOfRange(input, 2, input.length);
        TtlCheck ttlCheck = (steer & 4) != 0 ? TtlCheck.LEFT_TO_INSTANCE : TtlCheck.EXACTLY_255;
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            if ((steer & 1) != 0 && bytes.length > 0 && (bytes[0] & 0xF0) == 0x60) {
                if ((steer & 2) != 0 && bytes.length >= 48) {
                    byte[] vrrp = Arrays.copyOfRange(bytes, 40, bytes.length);
                    Packets.withIpv6Checksum(vrrp, Arrays.copyOfRange(bytes, 8, 24), Arrays.copyOfRange(bytes, 24, 40));
                    System.arraycopy(vrrp, 0, bytes, 40, vrrp.length);
                }
                AdvertCodec.decodeIp(buffer, ttlCheck);
            } else if ((steer & 1) != 0) {
                if ((steer & 2) != 0 && bytes.length >= 20) {
                    int headerLength = (bytes[0] & 0x0F) * 4;
                    if (headerLength >= 20 && bytes.length >= headerLength + 8) {
                        byte[] vrrp = Arrays.copyOfRange(bytes, headerLength, bytes.length);
                        Packets.withMessageChecksum(vrrp);
                        System.arraycopy(vrrp, 0, bytes, headerLength, vrrp.length);
                    }
                }
                AdvertCodec.decodeIp(buffer, ttlCheck);
            } else if ((steer & 8) != 0) {
                if ((steer & 2) != 0 && bytes.length >= 8) {
                    Packets.withIpv6Checksum(bytes, LINK_LOCAL.getAddress(), GROUP_6.getAddress());
                }
                AdvertCodec.decode(LINK_LOCAL, GROUP_6, ttl, buffer, ttlCheck);
            } else {
                if ((steer & 2) != 0 && bytes.length >= 8) {
                    Packets.withMessageChecksum(bytes);
                }
                AdvertCodec.decode(NODE_1, VRRP_GROUP, ttl, buffer, ttlCheck);
            }
        } catch (AdvertDecodeException e) {
            assertThat(e.reason()).isNotNull(); // a counted discard: what the receive loop expects
        }
        assertThat(buffer.position()).isZero();
        assertThat(buffer.limit()).isEqualTo(bytes.length);
    }
}
