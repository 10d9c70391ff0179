package net.tandem.agent.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static net.tandem.agent.linux.Structs.JAVA_INT_BE;
import static net.tandem.agent.linux.Structs.JAVA_SHORT_BE;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.net.Inet6Address;
import java.net.UnknownHostException;

/** The IPv6 socket constants and structs of Linux (linux/in6.h, linux/ipv6.h; x86-64 and arm64 alike). */
final class Ipv6 {
    private Ipv6() {}

    static final int AF_INET6 = 10;
    static final int IPPROTO_IPV6 = 41;
    static final int IPPROTO_ICMPV6 = 58;
    static final int ETH_P_IPV6 = 0x86DD;

    static final int IPV6_UNICAST_HOPS = 16;
    static final int IPV6_MULTICAST_IF = 17;
    static final int IPV6_MULTICAST_HOPS = 18;
    static final int IPV6_MULTICAST_LOOP = 19;
    static final int IPV6_ADD_MEMBERSHIP = 20;
    static final int IPV6_MULTICAST_ALL = 29;
    static final int IPV6_RECVPKTINFO = 49;
    static final int IPV6_PKTINFO = 50;
    static final int IPV6_RECVHOPLIMIT = 51;
    static final int IPV6_HOPLIMIT = 52;
    static final int IPV6_TCLASS = 67;

    /** struct sockaddr_in6 (linux/in6.h): 28 bytes; port, flow info and address in network order. */
    static final StructLayout SOCKADDR_IN6 = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin6_family"),
            JAVA_SHORT_BE.withName("sin6_port"),
            JAVA_INT_BE.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
            JAVA_INT.withName("sin6_scope_id"));

    static final long SIN6_FAMILY = SOCKADDR_IN6.byteOffset(groupElement("sin6_family"));
    static final long SIN6_ADDR = SOCKADDR_IN6.byteOffset(groupElement("sin6_addr"));
    static final long SIN6_SCOPE_ID = SOCKADDR_IN6.byteOffset(groupElement("sin6_scope_id"));

    /** struct ipv6_mreq: a group and the interface to join it on. */
    static final StructLayout IPV6_MREQ = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("ipv6mr_multiaddr"),
            JAVA_INT.withName("ipv6mr_ifindex"));

    static final long MR_ADDR = IPV6_MREQ.byteOffset(groupElement("ipv6mr_multiaddr"));
    static final long MR_IFINDEX = IPV6_MREQ.byteOffset(groupElement("ipv6mr_ifindex"));

    /** struct in6_pktinfo: the IPV6_PKTINFO control message (the destination on receive, the source on send). */
    static final StructLayout IN6_PKTINFO = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("ipi6_addr"), JAVA_INT.withName("ipi6_ifindex"));

    static final long PKTINFO_ADDR = IN6_PKTINFO.byteOffset(groupElement("ipi6_addr"));
    static final long PKTINFO_IFINDEX = IN6_PKTINFO.byteOffset(groupElement("ipi6_ifindex"));

    /** ff02::12, the VRRP group for IPv6 (RFC 5798 §5.1.2.2). */
    static final Inet6Address VRRP_GROUP =
            address(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12});

    /** ff02::1, all nodes: where unsolicited Neighbour Advertisements go (RFC 4861 §7.2.6). */
    static final Inet6Address ALL_NODES =
            address(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

    static void put(MemorySegment segment, long offset, Inet6Address address) {
        MemorySegment.copy(address.getAddress(), 0, segment, JAVA_BYTE, offset, 16);
    }

    static Inet6Address get(MemorySegment segment, long offset) {
        byte[] b = new byte[16];
        MemorySegment.copy(segment, JAVA_BYTE, offset, b, 0, 16);
        return address(b);
    }

    /** An address without a scope: equal to the one a configuration or an advert names. */
    static Inet6Address address(byte[] sixteen) {
        try {
            return Inet6Address.getByAddress(null, sixteen, null);
        } catch (UnknownHostException e) {
            throw new AssertionError("16 bytes are always an IPv6 address", e);
        }
    }
}
