package net.tandem.agent.vrrp.packet;

import java.nio.ByteBuffer;

/**
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum of
 * the data taken as big-endian 16-bit words, an odd trailing byte padded with zero.
 *
 * <p>Sums are kept unfolded in a {@code long} so that pieces (a pseudo-header, then the message)
 * can be added together before {@link #finish(long) finishing}; one's complement addition is
 * associative, so folding once at the end gives the same result as folding as you go. Nothing here
 * allocates, and no method moves a buffer's position.
 */
public final class Checksum {
    private Checksum() {}

    /**
     * Adds {@code length} bytes of {@code buffer}, starting at absolute index {@code offset}, to
     * {@code sum}. Words are paired from {@code offset} on, so it must be where a 16-bit word of the
     * checksummed data starts (the start of the VRRP message, for every caller here). Reads with
     * absolute gets, so the buffer's position and byte order do not matter.
     */
    public static long add(long sum, ByteBuffer buffer, int offset, int length) {
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            sum += ((buffer.get(i) & 0xFF) << 8) | (buffer.get(i + 1) & 0xFF);
        }
        if (i < end) {
            sum += (buffer.get(i) & 0xFF) << 8; // RFC 1071 §4.1: pad the odd byte with zero
        }
        return sum;
    }

    /** Adds a 32-bit value (an IPv4 address, say) as two 16-bit words. */
    public static long addInt(long sum, int value) {
        return sum + (value >>> 16) + (value & 0xFFFF);
    }

    /**
     * The IPv4 pseudo-header of RFC 768/RFC 793 (source, destination, zero, protocol, length) as a
     * partial sum: what VRRPv3 prepends to its message in keepalived's default form.
     */
    public static long ipv4PseudoHeader(int source, int destination, int protocol, int length) {
        long sum = addInt(0, source);
        sum = addInt(sum, destination);
        return sum + (protocol & 0xFF) + (length & 0xFFFF);
    }

    /**
     * The IPv6 pseudo-header of RFC 8200 §8.1 (source, destination, 32-bit upper-layer length, three zero bytes, next
     * header) as a partial sum: what a VRRPv3 checksum over IPv6 covers (RFC 5798 §5.2.8).
     */
    public static long ipv6PseudoHeader(byte[] source, byte[] destination, int nextHeader, int length) {
        long sum = 0;
        for (int i = 0; i < 16; i += 2) {
            sum += ((source[i] & 0xFF) << 8 | (source[i + 1] & 0xFF))
                    + ((destination[i] & 0xFF) << 8 | (destination[i + 1] & 0xFF));
        }
        return addInt(sum, length) + (nextHeader & 0xFF);
    }

    /** Folds the carries back in and complements: the value to put in a checksum field. */
    public static int finish(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    /**
     * Whether data whose sum (checksum field included) is {@code sum} verifies: the complemented
     * fold is zero (RFC 1071 §1, "the result is checked ... all ones").
     */
    public static boolean verifies(long sum) {
        return finish(sum) == 0;
    }
}
