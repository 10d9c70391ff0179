package net.tandem.agent.vrrp.packet;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/** Test helpers: packets written as hex, addresses as text, checksums put right by hand. */
final class Packets {
    private Packets() {}

    static final Inet4Address NODE_1 = ip("192.0.2.1");
    static final Inet4Address NODE_2 = ip("192.0.2.2");
    static final Inet4Address VIP_1 = ip("192.0.2.8");
    static final Inet4Address VIP_2 = ip("192.0.2.9");
    static final Inet4Address VRRP_GROUP = ip("224.0.0.18");

    static Inet4Address ip(String text) {
        try {
            return (Inet4Address) InetAddress.getByName(text); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** Bytes from hex, spaces allowed: "21 33 64 01". */
    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    static ByteBuffer buffer(String hex) {
        return ByteBuffer.wrap(bytes(hex));
    }

    /** Recomputes the checksum of a VRRP message (bytes 6-7) over the message alone: v2, or v3 message-only. */
    static byte[] withMessageChecksum(byte[] message) {
        message[6] = 0;
        message[7] = 0;
        int c = Checksum.finish(Checksum.add(0, ByteBuffer.wrap(message), 0, message.length));
        message[6] = (byte) (c >>> 8);
        message[7] = (byte) c;
        return message;
    }

    /** Recomputes a v3 checksum with the IPv6 pseudo-header (RFC 5798 §5.2.8), from 16-byte addresses. */
    static byte[] withIpv6Checksum(byte[] message, byte[] source, byte[] destination) {
        message[6] = 0;
        message[7] = 0;
        long sum = Checksum.add(0, ByteBuffer.wrap(message), 0, message.length)
                + Checksum.ipv6PseudoHeader(source, destination, 112, message.length);
        int c = Checksum.finish(sum);
        message[6] = (byte) (c >>> 8);
        message[7] = (byte) c;
        return message;
    }

    /** Recomputes a v3 checksum with the IPv4 pseudo-header, keepalived's form. */
    static byte[] withPseudoHeaderChecksum(byte[] message, Inet4Address source, Inet4Address destination) {
        message[6] = 0;
        message[7] = 0;
        long sum = Checksum.add(0, ByteBuffer.wrap(message), 0, message.length)
                + Checksum.ipv4PseudoHeader(bits(source), bits(destination), 112, message.length);
        int c = Checksum.finish(sum);
        message[6] = (byte) (c >>> 8);
        message[7] = (byte) c;
        return message;
    }

    static int bits(Inet4Address address) {
        return ByteBuffer.wrap(address.getAddress()).getInt();
    }
}
