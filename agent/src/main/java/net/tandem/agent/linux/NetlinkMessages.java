package net.tandem.agent.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds and parses rtnetlink messages, and nothing else: no sockets. Messages
 * are in host byte order, except addresses (network order); every header and
 * attribute is padded to 4 bytes (NLMSG_ALIGN, RTA_ALIGN).
 */
final class NetlinkMessages {

    // linux/netlink.h
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_MULTI = 0x2;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_DUMP = 0x300;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;
    static final int NLM_F_CAPPED = 0x100; // in an NLMSG_ERROR: the request was not echoed
    static final int NLM_F_ACK_TLVS = 0x200; // in an NLMSG_ERROR: extended ack attributes follow
    static final int NLMSGERR_ATTR_MSG = 1;

    // linux/rtnetlink.h
    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_DELADDR = 21;
    static final int RTM_GETADDR = 22;
    static final int RTMGRP_LINK = 0x1;
    static final int RTMGRP_IPV4_IFADDR = 0x10;

    // linux/if_link.h
    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;

    // linux/if_addr.h
    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_LABEL = 3;
    static final int IFA_BROADCAST = 4;
    static final int IFA_FLAGS = 8;

    /** struct nlmsghdr (linux/netlink.h). */
    static final StructLayout NLMSGHDR = MemoryLayout.structLayout(
            JAVA_INT.withName("nlmsg_len"),
            JAVA_SHORT.withName("nlmsg_type"),
            JAVA_SHORT.withName("nlmsg_flags"),
            JAVA_INT.withName("nlmsg_seq"),
            JAVA_INT.withName("nlmsg_pid"));

    static final int NLMSG_LEN = offset(NLMSGHDR, "nlmsg_len");
    static final int NLMSG_TYPE = offset(NLMSGHDR, "nlmsg_type");
    static final int NLMSG_FLAGS = offset(NLMSGHDR, "nlmsg_flags");
    static final int NLMSG_SEQ = offset(NLMSGHDR, "nlmsg_seq");
    static final int NLMSG_HDRLEN = (int) NLMSGHDR.byteSize();

    /** struct ifinfomsg (linux/rtnetlink.h). */
    static final StructLayout IFINFOMSG = MemoryLayout.structLayout(
            JAVA_BYTE.withName("ifi_family"),
            JAVA_BYTE.withName("__ifi_pad"),
            JAVA_SHORT.withName("ifi_type"),
            JAVA_INT.withName("ifi_index"),
            JAVA_INT.withName("ifi_flags"),
            JAVA_INT.withName("ifi_change"));

    static final int IFI_FAMILY = offset(IFINFOMSG, "ifi_family");
    static final int IFI_INDEX = offset(IFINFOMSG, "ifi_index");
    static final int IFI_FLAGS = offset(IFINFOMSG, "ifi_flags");
    static final int IFI_CHANGE = offset(IFINFOMSG, "ifi_change");

    /** struct ifaddrmsg (linux/if_addr.h). */
    static final StructLayout IFADDRMSG = MemoryLayout.structLayout(
            JAVA_BYTE.withName("ifa_family"),
            JAVA_BYTE.withName("ifa_prefixlen"),
            JAVA_BYTE.withName("ifa_flags"),
            JAVA_BYTE.withName("ifa_scope"),
            JAVA_INT.withName("ifa_index"));

    static final int IFA_FAMILY = offset(IFADDRMSG, "ifa_family");
    static final int IFA_PREFIXLEN = offset(IFADDRMSG, "ifa_prefixlen");
    static final int IFA_FLAGS_BYTE = offset(IFADDRMSG, "ifa_flags");
    static final int IFA_SCOPE = offset(IFADDRMSG, "ifa_scope");
    static final int IFA_INDEX = offset(IFADDRMSG, "ifa_index");

    /** struct rtattr (linux/rtnetlink.h); struct nlattr has the same shape. */
    static final StructLayout RTATTR =
            MemoryLayout.structLayout(JAVA_SHORT.withName("rta_len"), JAVA_SHORT.withName("rta_type"));

    static final int RTA_HDRLEN = (int) RTATTR.byteSize();

    /** struct nlmsgerr (linux/netlink.h): int error, then the offending request's nlmsghdr. */
    static final StructLayout NLMSGERR =
            MemoryLayout.structLayout(JAVA_INT.withName("error"), NLMSGHDR.withName("msg"));

    private NetlinkMessages() {}

    private static int offset(StructLayout layout, String field) {
        return (int) layout.byteOffset(groupElement(field));
    }

    static int align(int length) {
        return (length + 3) & ~3;
    }

    /** A request being built: header, one family struct, attributes. */
    static final class Request {
        private final ByteBuffer buffer = ByteBuffer.allocate(512).order(ByteOrder.nativeOrder());

        Request(int type, int flags, int seq) {
            buffer.putInt(0); // nlmsg_len, set by finish()
            buffer.putShort((short) type);
            buffer.putShort((short) flags);
            buffer.putInt(seq);
            buffer.putInt(0); // nlmsg_pid: 0 = to the kernel
        }

        Request ifinfomsg(int family, int ifindex) {
            int start = buffer.position();
            buffer.put(new byte[(int) IFINFOMSG.byteSize()]);
            buffer.put(start + IFI_FAMILY, (byte) family);
            buffer.putInt(start + IFI_INDEX, ifindex);
            return this;
        }

        /** An ifinfomsg that changes the {@code change} bits of the link's flags to those of {@code flags}. */
        Request ifinfomsg(int family, int ifindex, int flags, int change) {
            int start = buffer.position();
            ifinfomsg(family, ifindex);
            buffer.putInt(start + IFI_FLAGS, flags);
            buffer.putInt(start + IFI_CHANGE, change);
            return this;
        }

        Request ifaddrmsg(int family, int prefixLength, int flags, int scope, int ifindex) {
            int start = buffer.position();
            buffer.put(new byte[(int) IFADDRMSG.byteSize()]);
            buffer.put(start + IFA_FAMILY, (byte) family);
            buffer.put(start + IFA_PREFIXLEN, (byte) prefixLength);
            buffer.put(start + IFA_FLAGS_BYTE, (byte) flags);
            buffer.put(start + IFA_SCOPE, (byte) scope);
            buffer.putInt(start + IFA_INDEX, ifindex);
            return this;
        }

        Request attribute(int type, byte[] value) {
            int length = RTA_HDRLEN + value.length;
            buffer.putShort((short) length);
            buffer.putShort((short) type);
            buffer.put(value);
            buffer.put(new byte[align(length) - length]);
            return this;
        }

        /** A NUL-terminated string attribute (IFLA_IFNAME, IFA_LABEL). */
        Request attribute(int type, String value) {
            byte[] text = value.getBytes(StandardCharsets.US_ASCII);
            byte[] withNul = new byte[text.length + 1];
            System.arraycopy(text, 0, withNul, 0, text.length);
            return attribute(type, withNul);
        }

        Request attribute(int type, Inet4Address value) {
            return attribute(type, value.getAddress());
        }

        /** The finished message, from position 0 to its length. */
        ByteBuffer finish() {
            ByteBuffer out = buffer.duplicate().order(ByteOrder.nativeOrder());
            out.putInt(NLMSG_LEN, buffer.position());
            out.flip();
            return out;
        }
    }

    /** The attributes from {@code start} to {@code end}, indexed by type (last one wins). */
    static ByteBuffer[] attributes(ByteBuffer message, int start, int end, int maxType) {
        ByteBuffer[] found = new ByteBuffer[maxType + 1];
        int offset = start;
        while (offset + RTA_HDRLEN <= end) {
            int length = message.getShort(offset) & 0xFFFF;
            int type = message.getShort(offset + 2) & 0x3FFF; // without NLA_F_NESTED / NLA_F_NET_BYTEORDER
            if (length < RTA_HDRLEN || offset + length > end) {
                break;
            }
            if (type <= maxType) {
                found[type] =
                        message.slice(offset + RTA_HDRLEN, length - RTA_HDRLEN).order(ByteOrder.nativeOrder());
            }
            offset += align(length);
        }
        return found;
    }

    /** Parses an RTM_NEWLINK/RTM_DELLINK message starting at {@code offset}. */
    static Link parseLink(ByteBuffer message, int offset) {
        int length = checkedLength(message, offset, (int) IFINFOMSG.byteSize(), "link");
        int body = offset + NLMSG_HDRLEN;
        int ifindex = message.getInt(body + IFI_INDEX);
        int flags = message.getInt(body + IFI_FLAGS);
        ByteBuffer[] attrs = attributes(message, body + (int) IFINFOMSG.byteSize(), offset + length, IFLA_IFNAME);
        String name = attrs[IFLA_IFNAME] != null ? string(attrs[IFLA_IFNAME]) : null;
        MacAddress mac = attrs[IFLA_ADDRESS] != null ? MacAddress.of(bytes(attrs[IFLA_ADDRESS])) : null;
        return new Link(ifindex, name, flags, mac);
    }

    /**
     * Parses an RTM_NEWADDR/RTM_DELADDR message starting at {@code offset};
     * null when it is not IPv4. A label-less address gets the interface name
     * from {@code nameOfIndex}, which may answer null.
     */
    static LinkAddress parseAddress(
            ByteBuffer message, int offset, java.util.function.IntFunction<String> nameOfIndex) {
        int length = checkedLength(message, offset, (int) IFADDRMSG.byteSize(), "address");
        int body = offset + NLMSG_HDRLEN;
        if (message.get(body + IFA_FAMILY) != Libc.AF_INET) {
            return null;
        }
        int prefix = message.get(body + IFA_PREFIXLEN) & 0xFF;
        int flags = message.get(body + IFA_FLAGS_BYTE) & 0xFF;
        int scope = message.get(body + IFA_SCOPE) & 0xFF;
        int ifindex = message.getInt(body + IFA_INDEX);
        ByteBuffer[] attrs = attributes(message, body + (int) IFADDRMSG.byteSize(), offset + length, IFA_FLAGS);
        ByteBuffer local = attrs[IFA_LOCAL] != null ? attrs[IFA_LOCAL] : attrs[IFA_ADDRESS];
        if (local == null || local.remaining() != 4) {
            return null;
        }
        if (attrs[IFA_FLAGS] != null && attrs[IFA_FLAGS].remaining() >= 4) {
            flags = attrs[IFA_FLAGS].getInt(0); // the 32-bit flags supersede ifa_flags
        }
        String label = attrs[IFA_LABEL] != null ? string(attrs[IFA_LABEL]) : nameOfIndex.apply(ifindex);
        if (attrs[IFA_BROADCAST] != null && attrs[IFA_BROADCAST].remaining() != 4) {
            throw new MalformedNetlinkMessageException("address message at " + offset + " has a broadcast address of "
                    + attrs[IFA_BROADCAST].remaining() + " bytes, not 4");
        }
        Inet4Address broadcast = attrs[IFA_BROADCAST] != null ? ipv4(bytes(attrs[IFA_BROADCAST])) : null;
        return new LinkAddress(ifindex, ipv4(bytes(local)), prefix, label, broadcast, new AddressScope(scope), flags);
    }

    /**
     * For an NLMSG_ERROR message at {@code offset}: the (positive) errno, 0 for
     * an ack. The kernel's extended-ack text, if any, is put in {@code detail[0]}.
     */
    static int parseError(ByteBuffer message, int offset, String[] detail) {
        int length = checkedLength(message, offset, 4, "error");
        int flags = message.getShort(offset + NLMSG_FLAGS) & 0xFFFF;
        int body = offset + NLMSG_HDRLEN;
        int errno = -message.getInt(body);
        if ((flags & NLM_F_ACK_TLVS) != 0) {
            int echoed = (flags & NLM_F_CAPPED) != 0
                    ? NLMSG_HDRLEN
                    : length >= NLMSG_HDRLEN + 4 + NLMSG_HDRLEN ? message.getInt(body + 4 + NLMSG_LEN) : -1;
            if (echoed < NLMSG_HDRLEN || echoed > length - NLMSG_HDRLEN - 4) {
                return errno; // no room for the echoed request, so none for the extended-ack text either
            }
            int tlvs = body + 4 + align(echoed);
            ByteBuffer[] attrs = attributes(message, tlvs, offset + length, NLMSGERR_ATTR_MSG);
            if (attrs[NLMSGERR_ATTR_MSG] != null) {
                detail[0] = string(attrs[NLMSGERR_ATTR_MSG]);
            }
        }
        return errno;
    }

    /**
     * The message's nlmsg_len, checked to hold the header and a {@code body}-byte family struct and
     * to end inside {@code message}.
     *
     * @throws MalformedNetlinkMessageException if it does not
     */
    static int checkedLength(ByteBuffer message, int offset, int body, String what) {
        if (offset < 0 || offset > message.limit() - NLMSG_HDRLEN) {
            throw new MalformedNetlinkMessageException(
                    what + " message at " + offset + ": no room for a header in " + message.limit() + " bytes");
        }
        int length = message.getInt(offset + NLMSG_LEN);
        if (length < NLMSG_HDRLEN + body || length > message.limit() - offset) {
            throw new MalformedNetlinkMessageException(what + " message at " + offset + " says it is " + length
                    + " bytes: it needs " + (NLMSG_HDRLEN + body) + " and " + (message.limit() - offset)
                    + " remain");
        }
        return length;
    }

    static String string(ByteBuffer attribute) {
        byte[] b = bytes(attribute);
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    static byte[] bytes(ByteBuffer attribute) {
        byte[] b = new byte[attribute.remaining()];
        attribute.get(attribute.position(), b);
        return b;
    }

    static Inet4Address ipv4(byte[] address) {
        try {
            return (Inet4Address) InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + address.length + " bytes", e);
        }
    }
}
