package net.tandem.agent.vrrp.packet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Builds and parses VRRP adverts, and nothing else: no sockets, no policy. "Is this a valid
 * packet" is answered here; "is it for me, and what does it mean" is the state machine's job.
 *
 * <h2>Receive checks</h2>
 * {@link #decode} checks, in this order, and refuses with the first that fails:
 * <ol>
 *   <li>{@link DiscardReason#IP_TTL}: the TTL is 255 (RFC 3768 §7.1, RFC 5798 §7.1), unless the
 *       caller passes {@link TtlCheck#LEFT_TO_INSTANCE}: unicast adverts may have crossed routers,
 *       so the instance applies its own rule (see {@link TtlRange});
 *   <li>{@link DiscardReason#PACKET_LENGTH}: the 8-byte fixed header is there, and so are the
 *       Count IP Addrs addresses (and, for v2, the 8 bytes of Authentication Data). Bytes after the
 *       message are ignored (keepalived refuses them; the RFCs only ask for a complete packet);
 *   <li>{@link DiscardReason#VERSION}: the Version is 2 or 3;
 *   <li>{@link DiscardReason#INVALID_TYPE}: the Type is 1 (ADVERTISEMENT);
 *   <li>{@link DiscardReason#CHECKSUM}: v2, over the VRRP message; v3, either with the IPv4
 *       pseudo-header (keepalived's default) or without it (RFC 9568 §5.2.8): see {@link V3ChecksumForm};
 *   <li>{@link DiscardReason#INVALID_AUTH_TYPE}: v2 Auth Type is 0, 1 or 2.
 * </ol>
 * Whatever the bytes, decoding ends in a {@link ReceivedAdvert} or an {@link AdvertDecodeException},
 * never in another exception.
 *
 * <h2>Buffers</h2>
 * Decoding reads the bytes between the buffer's position and limit with absolute gets: it leaves
 * position, limit, mark and byte order as they were, and never writes. Encoding writes at the
 * position and advances it past what it wrote, like a relative {@code put}. Neither depends on the
 * buffer's byte order: the wire is big-endian whatever {@code order()} says.
 */
public final class AdvertCodec {
    /** IP protocol number of VRRP (RFC 3768 §5.2.4, RFC 5798 §5.1.1.4). */
    public static final int IP_PROTOCOL = 112;
    /** The TTL adverts are sent with, and must arrive with (RFC 3768 §5.2.3, RFC 5798 §5.1.1.3). */
    public static final int TTL = 255;
    /** Version/Type, VRID, Priority, Count IP Addrs, Auth Type + Adver Int (v3: Rsvd + Max Adver Int), Checksum. */
    public static final int FIXED_HEADER_LENGTH = 8;
    /** v2 Authentication Data, after the addresses (RFC 3768 §5.3.10). v3 has none. */
    public static final int V2_AUTH_DATA_LENGTH = 8;
    /** Count IP Addrs is 8 bits. */
    public static final int MAX_ADDRESSES = 255;
    /** v3 Max Adver Int is 12 bits of centiseconds (RFC 5798 §5.2.7). */
    public static final int V3_MAX_ADVERT_INTERVAL = 0x0FFF;

    private static final int TYPE_ADVERTISEMENT = 1;
    private static final int IPV4_MIN_HEADER_LENGTH = 20;
    /** The IPv6 fixed header (RFC 8200 §3). */
    public static final int IPV6_HEADER_LENGTH = 40;

    private static final int IP_PROTOCOL_AH = 51;

    private AdvertCodec() {}

    /** How many bytes {@link #encode} writes for this advert: 8 + 4 per IPv4 or 16 per IPv6 address (+ 8 for v2). */
    public static int length(Advert advert) {
        int length = FIXED_HEADER_LENGTH + (advert.version() == VrrpVersion.V2 ? V2_AUTH_DATA_LENGTH : 0);
        for (InetAddress a : advert.addresses()) {
            length += a.getAddress().length;
        }
        return length;
    }

    /**
     * Writes the VRRP part of an advert (no IP header) into {@code out} at its position, with the
     * checksum filled in, and advances the position past it. A v3 checksum covers the IPv4
     * pseudo-header, keepalived's default ({@link V3ChecksumForm#PSEUDO_HEADER}), hence source and
     * destination; v2 ignores them, and they may be null there.
     *
     * @return the number of bytes written, {@link #length(Advert)}
     * @throws IllegalArgumentException if the advert cannot be sent as it is (see {@link #validate})
     * @throws BufferOverflowException  if {@code out} has fewer than {@link #length(Advert)} bytes
     *                                  remaining; nothing is written then
     */
    public static int encode(Advert advert, InetAddress source, InetAddress destination, ByteBuffer out) {
        return encode(advert, source, destination, out, V3ChecksumForm.PSEUDO_HEADER);
    }

    /**
     * As {@link #encode(Advert, InetAddress, InetAddress, ByteBuffer)}, choosing what a v3
     * checksum covers; {@code form} is ignored for v2, whose checksum never has a pseudo-header.
     *
     * <p>IPv6 (RFC 5798 §5.1.2): when {@code source} or {@code destination} is an IPv6 address, the advert must be
     * v3 with IPv6 addresses only, and its checksum always covers the IPv6 pseudo-header of RFC 8200 §8.1 (there is
     * only one form for IPv6), so {@code form} is ignored too.
     */
    public static int encode(
            Advert advert, InetAddress source, InetAddress destination, ByteBuffer out, V3ChecksumForm form) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(form, "form");
        validate(advert);
        boolean ipv6 = source instanceof Inet6Address || destination instanceof Inet6Address;
        validateFamily(advert, ipv6);
        boolean v3 = advert.version() == VrrpVersion.V3;
        boolean pseudoHeader = v3 && (ipv6 || form == V3ChecksumForm.PSEUDO_HEADER);
        if (pseudoHeader) {
            Objects.requireNonNull(source, "source (the VRRPv3 checksum covers it)");
            Objects.requireNonNull(destination, "destination (the VRRPv3 checksum covers it)");
        }
        int count = advert.addresses().size();
        int length = length(advert);
        if (out.remaining() < length) {
            throw new BufferOverflowException();
        }

        int p = out.position();
        out.put(p, (byte) (advert.version().number() << 4 | TYPE_ADVERTISEMENT));
        out.put(p + 1, (byte) advert.vrid());
        out.put(p + 2, (byte) advert.priority());
        out.put(p + 3, (byte) count);
        if (v3) {
            // RFC 5798 §5.2.6: the 4 reserved bits MUST be zero on transmission.
            out.put(p + 4, (byte) (advert.advertInterval() >>> 8 & 0x0F));
        } else {
            out.put(p + 4, (byte) advert.authType().code());
        }
        out.put(p + 5, (byte) advert.advertInterval());
        out.put(p + 6, (byte) 0); // checksum: zero while summing (RFC 3768 §5.3.8, RFC 5798 §5.2.8)
        out.put(p + 7, (byte) 0);
        int q = p + FIXED_HEADER_LENGTH;
        for (InetAddress address : advert.addresses()) {
            byte[] bytes = address.getAddress();
            out.put(q, bytes);
            q += bytes.length;
        }
        if (!v3) {
            // RFC 3768 §5.3.10: Authentication Data is zero unless PASS (RFC 2338 §5.3.6.2), where it
            // is the password, zero padded to 8 bytes; keepalived does the same.
            String password = advert.authType() == AuthType.PASS ? advert.password() : "";
            for (int i = 0; i < V2_AUTH_DATA_LENGTH; i++) {
                out.put(q + i, i < password.length() ? (byte) password.charAt(i) : 0);
            }
        }

        long sum = Checksum.add(0, out, p, length);
        if (pseudoHeader) {
            sum += ipv6
                    ? Checksum.ipv6PseudoHeader(source.getAddress(), destination.getAddress(), IP_PROTOCOL, length)
                    : Checksum.ipv4PseudoHeader(
                            bits((Inet4Address) source), bits((Inet4Address) destination), IP_PROTOCOL, length);
        }
        int checksum = Checksum.finish(sum);
        out.put(p + 6, (byte) (checksum >>> 8));
        out.put(p + 7, (byte) checksum);
        out.position(p + length);
        return length;
    }

    /**
     * Checks that an advert can be sent as it is.
     *
     * @throws IllegalArgumentException naming the field, its value and the allowed range
     */
    public static void validate(Advert advert) {
        Objects.requireNonNull(advert, "advert");
        boolean v3 = advert.version() == VrrpVersion.V3;
        String v = v3 ? "VRRPv3" : "VRRPv2";
        if (advert.vrid() < 1 || advert.vrid() > 255) {
            throw new IllegalArgumentException("VRID " + advert.vrid() + " is out of range: it must be 1..255");
        }
        if (advert.priority() < 0 || advert.priority() > 255) {
            throw new IllegalArgumentException(
                    "priority " + advert.priority() + " is out of range: it must be 0..255 (255 = address owner)");
        }
        if (v3 && (advert.advertInterval() < 1 || advert.advertInterval() > V3_MAX_ADVERT_INTERVAL)) {
            throw new IllegalArgumentException("VRRPv3 Max Adver Int " + advert.advertInterval()
                    + " cs is out of range: it must be 1..4095 centiseconds (10 ms to 40.95 s)");
        }
        if (!v3 && (advert.advertInterval() < 1 || advert.advertInterval() > 255)) {
            throw new IllegalArgumentException("VRRPv2 Adver Int " + advert.advertInterval()
                    + " s is out of range: it must be 1..255 whole seconds (sub-second intervals need VRRPv3)");
        }
        int count = advert.addresses().size();
        // No address at all is allowed: keepalived's instances without virtual_ipaddress (notify only) send such
        // adverts, and a peer compares the list it gets with its own.
        if (count > MAX_ADDRESSES) {
            throw new IllegalArgumentException(
                    v + " advert with " + count + " addresses: it must carry 0..255 virtual addresses");
        }
        if (v3 && advert.authType() != AuthType.NONE) {
            throw new IllegalArgumentException(
                    "VRRPv3 has no authentication (RFC 5798 §9): auth type must be NONE, not " + advert.authType());
        }
        if (advert.authType() == AuthType.AH) {
            throw new IllegalArgumentException("auth type AH is not supported: RFC 3768 removed it; use NONE or PASS");
        }
        String password = advert.password();
        if (advert.authType() != AuthType.PASS && !password.isEmpty()) {
            throw new IllegalArgumentException(v + " advert with auth type " + advert.authType()
                    + " carries a password; a password needs auth type PASS (v2 only)");
        }
        if (password.length() > V2_AUTH_DATA_LENGTH) {
            throw new IllegalArgumentException("password is " + password.length()
                    + " characters long: PASS carries at most 8 (keepalived truncates longer ones)");
        }
        for (int i = 0; i < password.length(); i++) {
            if (password.charAt(i) > 0xFF) {
                throw new IllegalArgumentException(
                        "password character " + (i + 1) + " is not ISO-8859-1: PASS carries 8 single bytes");
            }
        }
        if (!password.isEmpty() && password.charAt(password.length() - 1) == 0) {
            throw new IllegalArgumentException(
                    "password ends with a NUL character, which the zero padding would swallow");
        }
    }

    /** An advert's addresses are all of the packet's family; VRRP over IPv6 is v3 only (RFC 5798). */
    private static void validateFamily(Advert advert, boolean ipv6) {
        if (ipv6 && advert.version() != VrrpVersion.V3) {
            throw new IllegalArgumentException("VRRPv2 over IPv6 is not supported: IPv6 needs VRRPv3 (RFC 5798)");
        }
        for (InetAddress a : advert.addresses()) {
            if ((a instanceof Inet6Address) != ipv6) {
                throw new IllegalArgumentException("advert over " + (ipv6 ? "IPv6" : "IPv4") + " carries "
                        + a.getHostAddress() + ": an advert carries addresses of its own family only");
            }
        }
    }

    /**
     * Decodes the VRRP part of a packet whose IPv4 header said source, destination and ttl. Reads
     * the bytes from {@code vrrp}'s position to its limit without moving either (see the class
     * comment for the checks and their order).
     *
     * @throws AdvertDecodeException with the reason to count and a detail to log, for any packet
     *                               that fails a check
     */
    public static ReceivedAdvert decode(InetAddress source, InetAddress destination, int ttl, ByteBuffer vrrp)
            throws AdvertDecodeException {
        return decode(source, destination, ttl, vrrp, TtlCheck.EXACTLY_255);
    }

    /**
     * As {@link #decode(InetAddress, InetAddress, int, ByteBuffer)}, saying who checks the TTL. Source and
     * destination are both IPv4 or both IPv6 (then {@code ttl} is the Hop Limit).
     */
    public static ReceivedAdvert decode(
            InetAddress source, InetAddress destination, int ttl, ByteBuffer vrrp, TtlCheck ttlCheck)
            throws AdvertDecodeException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(ttlCheck, "ttlCheck");
        if ((source instanceof Inet6Address) != (destination instanceof Inet6Address)) {
            throw new IllegalArgumentException("source and destination are of different families");
        }
        return decode(source, destination, ttl, ttlCheck, vrrp, vrrp.position(), vrrp.remaining());
    }

    /**
     * Decodes a whole IPv4 packet as a Linux raw socket ({@code socket(AF_INET, SOCK_RAW, 112)})
     * delivers it: the IPv4 header, options included, then the VRRP part. Reads the bytes from the
     * position to the limit without moving either. Bytes past the header's Total Length (link-layer
     * padding, when fed from a packet socket) are ignored. The header checksum is not checked: the
     * kernel has dropped packets whose header checksum is wrong before a raw socket sees them.
     *
     * @throws AdvertDecodeException {@link DiscardReason#IP_HEADER} if the header is malformed,
     *                               describes a fragment, or the protocol is not 112; otherwise
     *                               as {@link #decode}
     */
    public static ReceivedAdvert decodeIpv4(ByteBuffer ipPacket) throws AdvertDecodeException {
        return decodeIpv4(ipPacket, TtlCheck.EXACTLY_255);
    }

    /** As {@link #decodeIpv4(ByteBuffer)}, saying who checks the TTL. */
    public static ReceivedAdvert decodeIpv4(ByteBuffer ipPacket, TtlCheck ttlCheck) throws AdvertDecodeException {
        Objects.requireNonNull(ttlCheck, "ttlCheck");
        int off = ipPacket.position();
        int len = ipPacket.remaining();
        if (len < IPV4_MIN_HEADER_LENGTH) {
            throw discard(DiscardReason.IP_HEADER, "packet of " + len + " bytes is shorter than an IPv4 header (20)");
        }
        int versionIhl = u8(ipPacket, off);
        int ipVersion = versionIhl >>> 4;
        int headerLength = (versionIhl & 0x0F) * 4;
        if (ipVersion != 4) {
            throw discard(DiscardReason.IP_HEADER, "IP version " + ipVersion + ", expected 4");
        }
        if (headerLength < IPV4_MIN_HEADER_LENGTH) {
            throw discard(
                    DiscardReason.IP_HEADER,
                    "IHL " + (headerLength / 4) + " (" + headerLength + " bytes) is below the minimum of 5 (20 bytes)");
        }
        int totalLength = u16(ipPacket, off + 2);
        if (totalLength < headerLength) {
            throw discard(
                    DiscardReason.IP_HEADER,
                    "total length " + totalLength + " is shorter than the " + headerLength + "-byte header");
        }
        if (totalLength > len) {
            throw discard(
                    DiscardReason.IP_HEADER,
                    "total length " + totalLength + " but only " + len + " bytes were received");
        }
        int fragment = u16(ipPacket, off + 6);
        if ((fragment & 0x3FFF) != 0) { // MF set, or a non-zero offset: the kernel reassembles before raw delivery
            throw discard(
                    DiscardReason.IP_HEADER,
                    "a fragment (flags/offset 0x" + Integer.toHexString(fragment) + "): adverts are never fragmented");
        }
        int ttl = u8(ipPacket, off + 8);
        int protocol = u8(ipPacket, off + 9);
        if (protocol != IP_PROTOCOL) {
            throw discard(
                    DiscardReason.IP_HEADER,
                    "protocol " + protocol + (protocol == IP_PROTOCOL_AH ? " (AH, not supported)" : "")
                            + ", expected 112 (VRRP)");
        }
        int sourceBits = u32(ipPacket, off + 12);
        int destinationBits = u32(ipPacket, off + 16);
        return decode(
                address(sourceBits),
                address(destinationBits),
                ttl,
                ttlCheck,
                ipPacket,
                off + headerLength,
                totalLength - headerLength);
    }

    /**
     * Decodes a whole IPv6 packet: the 40-byte fixed header (RFC 8200 §3), Next Header 112, then the VRRP part.
     * Linux gives a raw IPv6 socket no header; {@code linux.RawVrrp6Socket} rebuilds this one from what recvmsg
     * said (source, IPV6_PKTINFO destination, IPV6_HOPLIMIT), so that both families arrive as whole packets. Bytes
     * past the Payload Length are ignored.
     *
     * @throws AdvertDecodeException {@link DiscardReason#IP_HEADER} if the header is short, not version 6, says
     *                               more bytes than there are, or another Next Header; otherwise as {@link #decode}
     */
    public static ReceivedAdvert decodeIpv6(ByteBuffer ipPacket, TtlCheck ttlCheck) throws AdvertDecodeException {
        Objects.requireNonNull(ttlCheck, "ttlCheck");
        int off = ipPacket.position();
        int len = ipPacket.remaining();
        if (len < IPV6_HEADER_LENGTH) {
            throw discard(DiscardReason.IP_HEADER, "packet of " + len + " bytes is shorter than an IPv6 header (40)");
        }
        int ipVersion = u8(ipPacket, off) >>> 4;
        if (ipVersion != 6) {
            throw discard(DiscardReason.IP_HEADER, "IP version " + ipVersion + ", expected 6");
        }
        int payloadLength = u16(ipPacket, off + 4);
        if (payloadLength > len - IPV6_HEADER_LENGTH) {
            throw discard(
                    DiscardReason.IP_HEADER,
                    "payload length " + payloadLength + " but only " + (len - IPV6_HEADER_LENGTH)
                            + " bytes follow the header");
        }
        int nextHeader = u8(ipPacket, off + 6);
        if (nextHeader != IP_PROTOCOL) {
            throw discard(
                    DiscardReason.IP_HEADER,
                    "next header " + nextHeader + (nextHeader == IP_PROTOCOL_AH ? " (AH, not supported)" : "")
                            + ", expected 112 (VRRP)");
        }
        int hopLimit = u8(ipPacket, off + 7);
        return decode(
                address6(ipPacket, off + 8),
                address6(ipPacket, off + 24),
                hopLimit,
                ttlCheck,
                ipPacket,
                off + IPV6_HEADER_LENGTH,
                payloadLength);
    }

    /** A whole IPv4 or IPv6 packet, by its version nibble: {@link #decodeIpv4} or {@link #decodeIpv6}. */
    public static ReceivedAdvert decodeIp(ByteBuffer ipPacket, TtlCheck ttlCheck) throws AdvertDecodeException {
        if (ipPacket.remaining() > 0 && u8(ipPacket, ipPacket.position()) >>> 4 == 6) {
            return decodeIpv6(ipPacket, ttlCheck);
        }
        return decodeIpv4(ipPacket, ttlCheck);
    }

    private static ReceivedAdvert decode(
            InetAddress source, InetAddress destination, int ttl, TtlCheck ttlCheck, ByteBuffer buf, int off, int len)
            throws AdvertDecodeException {
        boolean ipv6 = source instanceof Inet6Address;
        int addressLength = ipv6 ? 16 : 4;
        // 1. RFC 3768 §7.1, RFC 5798 §7.1: MUST verify that the IP TTL is 255 (for unicast, the instance decides).
        if (ttlCheck == TtlCheck.EXACTLY_255 && ttl != TTL) {
            throw discard(DiscardReason.IP_TTL, (ipv6 ? "hop limit " : "TTL ") + ttl + ", expected 255");
        }

        // 2. The packet is complete: fixed fields, addresses (and v2 Authentication Data).
        if (len < FIXED_HEADER_LENGTH) {
            throw discard(DiscardReason.PACKET_LENGTH, len + " bytes, shorter than the 8-byte fixed VRRP header");
        }
        int versionType = u8(buf, off);
        int version = versionType >>> 4;
        int type = versionType & 0x0F;
        int count = u8(buf, off + 3);
        // unknown version: the fixed header is all we can check
        int messageLength = messageLength(version, count, addressLength);
        if (messageLength > len) {
            throw discard(
                    DiscardReason.PACKET_LENGTH,
                    "v" + version + " advert with " + count + " addresses needs "
                            + messageLength + " bytes (8 fixed + " + count + " x " + addressLength
                            + (version == 2 ? " + 8 auth" : "") + "), got " + len);
        }

        // 3. MUST verify the VRRP version. Over IPv6 only v3 exists (RFC 5798; keepalived's v2 over IPv6 is not).
        if (version != 2 && version != 3) {
            throw discard(DiscardReason.VERSION, "version " + version + ", expected 2 or 3");
        }
        if (ipv6 && version != 3) {
            throw discard(DiscardReason.VERSION, "version " + version + " over IPv6, expected 3 (RFC 5798)");
        }

        // 4. RFC 5798 §7.1: MUST verify that the packet type is 1 (ADVERTISEMENT).
        if (type != TYPE_ADVERTISEMENT) {
            throw discard(DiscardReason.INVALID_TYPE, "type " + type + ", expected 1 (ADVERTISEMENT)");
        }

        // 5. MUST verify the VRRP checksum. Summing the message with its checksum field in it gives
        // all ones when it is right (RFC 1071).
        long sum = Checksum.add(0, buf, off, messageLength);
        if (version == 2) {
            if (!Checksum.verifies(sum)) {
                throw checksumMismatch(buf, off, sum, "v2 checksum", "over the " + messageLength + "-byte message");
            }
        } else if (ipv6) {
            // RFC 5798 §5.2.8: the IPv6 pseudo-header (RFC 8200 §8.1); there is no other form for IPv6.
            long pseudoHeader = Checksum.ipv6PseudoHeader(
                    source.getAddress(), destination.getAddress(), IP_PROTOCOL, messageLength);
            if (!Checksum.verifies(sum + pseudoHeader)) {
                throw checksumMismatch(buf, off, sum + pseudoHeader, "v3 checksum", "with the IPv6 pseudo-header");
            }
        } else {
            long pseudoHeader = Checksum.ipv4PseudoHeader(
                    bits((Inet4Address) source), bits((Inet4Address) destination), IP_PROTOCOL, messageLength);
            // Either form, since deployed routers differ (see V3ChecksumForm). A corrupted packet
            // passes only if it happens to match the other form: about 1 in 65536.
            if (!Checksum.verifies(sum + pseudoHeader) && !Checksum.verifies(sum)) {
                int received = u16(buf, off + 6);
                throw discard(
                        DiscardReason.CHECKSUM,
                        String.format(
                                "v3 checksum 0x%04x matches neither the pseudo-header form (0x%04x) nor the message-only form (0x%04x)",
                                received,
                                Checksum.finish(sum - received + pseudoHeader),
                                Checksum.finish(sum - received)));
            }
        }

        int vrid = u8(buf, off + 1);
        int priority = u8(buf, off + 2);
        int advertInterval;
        AuthType authType = AuthType.NONE;
        String password = "";
        int addressesAt = off + FIXED_HEADER_LENGTH;
        if (version == 2) {
            // 6. Auth Type is one we know. Whether it is the configured one is the instance's check.
            int code = u8(buf, off + 4);
            authType = switch (code) {
                case 0 -> AuthType.NONE;
                case 1 -> AuthType.PASS;
                case 2 -> AuthType.AH;
                default ->
                    throw discard(
                            DiscardReason.INVALID_AUTH_TYPE,
                            "auth type " + code + ", expected 0 (none), 1 (simple password) or 2 (IP AH)");
            };
            advertInterval = u8(buf, off + 5);
            if (authType == AuthType.PASS) {
                password = password(buf, addressesAt + addressLength * count);
            }
            // NONE, AH: RFC 3768 §5.3.10 says the Authentication Data is ignored on reception.
        } else {
            // RFC 5798 §5.2.6: the 4 reserved bits are ignored on reception.
            advertInterval = (u8(buf, off + 4) & 0x0F) << 8 | u8(buf, off + 5);
        }

        InetAddress[] addresses = new InetAddress[count];
        for (int i = 0; i < count; i++) {
            addresses[i] = ipv6 ? address6(buf, addressesAt + 16 * i) : address(u32(buf, addressesAt + 4 * i));
        }
        Advert advert = new Advert(
                version == 2 ? VrrpVersion.V2 : VrrpVersion.V3,
                vrid,
                priority,
                advertInterval,
                List.of(addresses),
                authType,
                password);
        return new ReceivedAdvert(source, destination, ttl, advert);
    }

    /** 8 + an for v3, 8 + an + 8 for v2 (a: 4 or 16); just the fixed header for a version we do not know. */
    private static int messageLength(int version, int count, int addressLength) {
        return switch (version) {
            case 2 -> FIXED_HEADER_LENGTH + addressLength * count + V2_AUTH_DATA_LENGTH;
            case 3 -> FIXED_HEADER_LENGTH + addressLength * count;
            default -> FIXED_HEADER_LENGTH;
        };
    }

    /** The 8 bytes of PASS Authentication Data, trailing zero bytes removed, as ISO-8859-1. */
    private static String password(ByteBuffer buf, int at) {
        int length = V2_AUTH_DATA_LENGTH;
        while (length > 0 && buf.get(at + length - 1) == 0) {
            length--;
        }
        if (length == 0) {
            return "";
        }
        byte[] bytes = new byte[length];
        buf.get(at, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static AdvertDecodeException checksumMismatch(ByteBuffer buf, int off, long sum, String what, String over) {
        int received = u16(buf, off + 6);
        return discard(
                DiscardReason.CHECKSUM,
                String.format(
                        "%s 0x%04x is wrong %s (expected 0x%04x)",
                        what, received, over, Checksum.finish(sum - received)));
    }

    private static AdvertDecodeException discard(DiscardReason reason, String detail) {
        return new AdvertDecodeException(reason, detail);
    }

    private static int u8(ByteBuffer buf, int at) {
        return buf.get(at) & 0xFF;
    }

    private static int u16(ByteBuffer buf, int at) {
        return u8(buf, at) << 8 | u8(buf, at + 1);
    }

    private static int u32(ByteBuffer buf, int at) {
        return u16(buf, at) << 16 | u16(buf, at + 2);
    }

    private static int bits(Inet4Address address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    private static Inet6Address address6(ByteBuffer buf, int at) {
        byte[] b = new byte[16];
        buf.get(at, b);
        try {
            return Inet6Address.getByAddress(null, b, null);
        } catch (UnknownHostException e) {
            throw new AssertionError("16 bytes are always an IPv6 address", e);
        }
    }

    private static Inet4Address address(int bits) {
        byte[] b = {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes are always an IPv4 address", e);
        }
    }
}
