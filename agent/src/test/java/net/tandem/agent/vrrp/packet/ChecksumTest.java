package net.tandem.agent.vrrp.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ChecksumTest {

    @Test
    void rfc1071NumericalExampleSumsTo0xddf2() {
        // RFC 1071 §3: bytes 00 01 f2 03 f4 f5 f6 f7 have the one's complement sum ddf2.
        ByteBuffer data = Packets.buffer("00 01 f2 03 f4 f5 f6 f7");
        assertThat(Checksum.finish(Checksum.add(0, data, 0, 8))).isEqualTo(~0xddf2 & 0xFFFF);
    }

    @Test
    void oddTrailingByteIsPaddedWithZero() {
        ByteBuffer odd = Packets.buffer("12 34 56");
        ByteBuffer padded = Packets.buffer("12 34 56 00");
        assertThat(Checksum.add(0, odd, 0, 3)).isEqualTo(Checksum.add(0, padded, 0, 4));
    }

    @Test
    void dataWithItsChecksumInPlaceVerifies() {
        byte[] message = Packets.withMessageChecksum(Packets.bytes("21 33 64 01 01 01 00 00 c0 00 02 08"));
        assertThat(Checksum.verifies(Checksum.add(0, ByteBuffer.wrap(message), 0, message.length)))
                .isTrue();
        message[2] ^= 1;
        assertThat(Checksum.verifies(Checksum.add(0, ByteBuffer.wrap(message), 0, message.length)))
                .isFalse();
    }

    @Test
    void summingDoesNotMoveTheBuffer() {
        ByteBuffer data = Packets.buffer("00 01 f2 03 f4 f5 f6 f7").position(2);
        Checksum.add(0, data, 2, 6);
        assertThat(data.position()).isEqualTo(2);
    }
}
