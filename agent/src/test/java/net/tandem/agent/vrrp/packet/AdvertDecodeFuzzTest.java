package net.tandem.agent.vrrp.packet;

import static net.tandem.agent.vrrp.packet.Packets.NODE_1;
import static net.tandem.agent.vrrp.packet.Packets.VRRP_GROUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever arrives, decoding ends in an advert or a counted discard: never a
 * BufferUnderflowException, an IndexOutOfBoundsException or anything else that would kill the
 * receive loop. Seeded, so a failure names a case that can be replayed.
 */
class AdvertDecodeFuzzTest {
    private static final long SEED = 0x7A4D3E112L;
    private static final int CASES = 5_000;

    @Test
    void randomTruncatedAndMutatedPacketsNeverThrowAnythingButADiscard() {
        Random random = new Random(SEED);
        List<byte[]> valid = validPackets(random);
        int accepted = 0;
        int[] discards = new int[DiscardReason.values().length];
        for (int i = 0; i < CASES; i++) {
            byte[] vrrp = switch (i % 4) {
                case 0 -> randomBytes(random, random.nextInt(48));
                case 1 -> truncated(random, valid.get(random.nextInt(valid.size())));
                case 2 -> mutated(random, valid.get(random.nextInt(valid.size())));
                default -> extended(random, valid.get(random.nextInt(valid.size())));
            };
            int ttl = random.nextInt(8) == 0 ? random.nextInt(256) : 255;
            try {
                decodeVrrp(random, vrrp, ttl);
                accepted++;
            } catch (AdvertDecodeException e) {
                discards[e.reason().ordinal()]++;
            } catch (RuntimeException e) {
                fail("case " + i + " (seed " + SEED + "): decode threw " + e + " for " + Packets.hex(vrrp), e);
            }
            try {
                decodeIpv4(random, ipPacket(random, vrrp, ttl));
            } catch (AdvertDecodeException e) {
                discards[e.reason().ordinal()]++;
            } catch (RuntimeException e) {
                fail("case " + i + " (seed " + SEED + "): decodeIpv4 threw " + e, e);
            }
        }
        // The fuzz is only worth something if it reaches every check and gets past all of them.
        assertThat(accepted).isPositive();
        for (DiscardReason reason : List.of(
                DiscardReason.IP_HEADER,
                DiscardReason.IP_TTL,
                DiscardReason.PACKET_LENGTH,
                DiscardReason.VERSION,
                DiscardReason.INVALID_TYPE,
                DiscardReason.CHECKSUM,
                DiscardReason.INVALID_AUTH_TYPE)) {
            assertThat(discards[reason.ordinal()])
                    .as("cases discarded as " + reason)
                    .isPositive();
        }
    }

    /** Decodes from a buffer whose content sits between other bytes, in any order, heap or direct. */
    private static void decodeVrrp(Random random, byte[] vrrp, int ttl) throws AdvertDecodeException {
        ByteBuffer buffer = framed(random, vrrp);
        int position = buffer.position();
        int limit = buffer.limit();
        try {
            AdvertCodec.decode(NODE_1, VRRP_GROUP, ttl, buffer);
        } finally {
            assertThat(buffer.position()).isEqualTo(position);
            assertThat(buffer.limit()).isEqualTo(limit);
        }
    }

    private static void decodeIpv4(Random random, byte[] packet) throws AdvertDecodeException {
        ByteBuffer buffer = framed(random, packet);
        int position = buffer.position();
        try {
            AdvertCodec.decodeIpv4(buffer);
        } finally {
            assertThat(buffer.position()).isEqualTo(position);
        }
    }

    private static ByteBuffer framed(Random random, byte[] content) {
        int before = random.nextInt(5);
        int after = random.nextInt(5);
        ByteBuffer buffer = random.nextBoolean()
                ? ByteBuffer.allocate(before + content.length + after)
                : ByteBuffer.allocateDirect(before + content.length + after);
        for (int i = 0; i < buffer.capacity(); i++) {
            buffer.put(i, (byte) random.nextInt(256)); // garbage outside the window must not be read
        }
        buffer.put(before, content);
        buffer.order(random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        ByteBuffer window = buffer.limit(before + content.length).position(before);
        return random.nextBoolean() ? window : window.asReadOnlyBuffer();
    }

    private static List<byte[]> validPackets(Random random) {
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            boolean v3 = random.nextBoolean();
            List<InetAddress> addresses = new ArrayList<>();
            for (int n = 1 + random.nextInt(4); n > 0; n--) {
                addresses.add(Packets.ip("192.0.2." + random.nextInt(256)));
            }
            AuthType auth = v3 ? AuthType.NONE : (random.nextBoolean() ? AuthType.PASS : AuthType.NONE);
            Advert advert = new Advert(
                    v3 ? VrrpVersion.V3 : VrrpVersion.V2,
                    1 + random.nextInt(255),
                    random.nextInt(256),
                    v3 ? 1 + random.nextInt(4095) : 1 + random.nextInt(255),
                    addresses,
                    auth,
                    auth == AuthType.PASS ? "pw" + random.nextInt(1000) : "");
            ByteBuffer out = ByteBuffer.allocate(AdvertCodec.length(advert));
            AdvertCodec.encode(
                    advert,
                    NODE_1,
                    VRRP_GROUP,
                    out,
                    random.nextBoolean() ? V3ChecksumForm.PSEUDO_HEADER : V3ChecksumForm.MESSAGE_ONLY);
            packets.add(out.array());
        }
        return packets;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        if (length > 0 && random.nextBoolean()) {
            bytes[0] = (byte) (random.nextBoolean() ? 0x21 : 0x31); // get past the version check now and then
        }
        return bytes;
    }

    private static byte[] truncated(Random random, byte[] packet) {
        return Arrays.copyOf(packet, random.nextInt(packet.length + 1));
    }

    private static byte[] mutated(Random random, byte[] packet) {
        byte[] copy = packet.clone();
        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
            int at = random.nextInt(copy.length);
            copy[at] = switch (random.nextInt(3)) {
                case 0 -> (byte) (copy[at] ^ (1 << random.nextInt(8)));
                case 1 -> (byte) random.nextInt(256);
                default -> at == 3 ? (byte) 0xFF : copy[at]; // an address count far beyond the data
            };
        }
        if (random.nextInt(4) == 0) { // a mutation that keeps the checksum right reaches the later checks
            Packets.withMessageChecksum(copy);
        }
        return copy;
    }

    private static byte[] extended(Random random, byte[] packet) {
        byte[] longer = Arrays.copyOf(packet, packet.length + 1 + random.nextInt(16));
        for (int i = packet.length; i < longer.length; i++) {
            longer[i] = (byte) random.nextInt(256);
        }
        return longer;
    }

    /** An IPv4 header around the VRRP bytes, sometimes right, sometimes with one field wrong. */
    private static byte[] ipPacket(Random random, byte[] vrrp, int ttl) {
        int options = random.nextInt(4) == 0 ? 4 * random.nextInt(11) : 0;
        int headerLength = 20 + options;
        byte[] packet = new byte[headerLength + vrrp.length];
        packet[0] = (byte) (0x40 | headerLength / 4);
        packet[1] = (byte) 0xC0;
        int total = packet.length;
        packet[2] = (byte) (total >>> 8);
        packet[3] = (byte) total;
        packet[8] = (byte) ttl;
        packet[9] = 112;
        System.arraycopy(new byte[] {(byte) 192, 0, 2, 1, (byte) 224, 0, 0, 18}, 0, packet, 12, 8);
        System.arraycopy(vrrp, 0, packet, headerLength, vrrp.length);
        if (random.nextInt(3) == 0) {
            int field = random.nextInt(headerLength);
            packet[field] = (byte) random.nextInt(256);
        }
        if (random.nextInt(8) == 0) {
            return Arrays.copyOf(packet, random.nextInt(packet.length + 1));
        }
        return packet;
    }
}
