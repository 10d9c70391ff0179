package net.tandem.agent.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Kernel and libc struct layouts, declared once, with the header each comes
 * from. Fields in network byte order use the {@code _BE} value layouts. Offsets
 * the code uses are derived from the layouts, never written by hand.
 */
final class Structs {

    static final ValueLayout.OfShort JAVA_SHORT_BE = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt JAVA_INT_BE = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);

    /** struct sockaddr_in (netinet/in.h); port and address in network order. */
    static final StructLayout SOCKADDR_IN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"),
            JAVA_SHORT_BE.withName("sin_port"),
            JAVA_INT_BE.withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero"));

    static final long SIN_FAMILY = SOCKADDR_IN.byteOffset(groupElement("sin_family"));
    static final long SIN_ADDR = SOCKADDR_IN.byteOffset(groupElement("sin_addr"));

    /** struct ip_mreqn (linux/in.h): join a group on an interface chosen by index. */
    static final StructLayout IP_MREQN = MemoryLayout.structLayout(
            JAVA_INT_BE.withName("imr_multiaddr"),
            JAVA_INT_BE.withName("imr_address"),
            JAVA_INT.withName("imr_ifindex"));

    static final long IMR_MULTIADDR = IP_MREQN.byteOffset(groupElement("imr_multiaddr"));
    static final long IMR_IFINDEX = IP_MREQN.byteOffset(groupElement("imr_ifindex"));

    /** struct in_pktinfo (linux/in.h): the IP_PKTINFO control message payload. */
    static final StructLayout IN_PKTINFO = MemoryLayout.structLayout(
            JAVA_INT.withName("ipi_ifindex"), JAVA_INT_BE.withName("ipi_spec_dst"), JAVA_INT_BE.withName("ipi_addr"));

    static final long IPI_IFINDEX = IN_PKTINFO.byteOffset(groupElement("ipi_ifindex"));

    /** struct iovec (bits/types/struct_iovec.h). */
    static final StructLayout IOVEC =
            MemoryLayout.structLayout(ADDRESS.withName("iov_base"), JAVA_LONG.withName("iov_len"));

    static final long IOV_BASE = IOVEC.byteOffset(groupElement("iov_base"));
    static final long IOV_LEN = IOVEC.byteOffset(groupElement("iov_len"));

    /** struct msghdr (bits/socket.h), 64-bit. */
    static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4));

    static final long MSG_NAME = MSGHDR.byteOffset(groupElement("msg_name"));
    static final long MSG_NAMELEN = MSGHDR.byteOffset(groupElement("msg_namelen"));
    static final long MSG_IOV = MSGHDR.byteOffset(groupElement("msg_iov"));
    static final long MSG_IOVLEN = MSGHDR.byteOffset(groupElement("msg_iovlen"));
    static final long MSG_CONTROL = MSGHDR.byteOffset(groupElement("msg_control"));
    static final long MSG_CONTROLLEN = MSGHDR.byteOffset(groupElement("msg_controllen"));
    static final long MSG_FLAGS = MSGHDR.byteOffset(groupElement("msg_flags"));

    /** struct cmsghdr (bits/socket.h), 64-bit; data follows at CMSG_ALIGN(sizeof(cmsghdr)) = 16. */
    static final StructLayout CMSGHDR = MemoryLayout.structLayout(
            JAVA_LONG.withName("cmsg_len"), JAVA_INT.withName("cmsg_level"), JAVA_INT.withName("cmsg_type"));

    static final long CMSG_LEN = CMSGHDR.byteOffset(groupElement("cmsg_len"));
    static final long CMSG_LEVEL = CMSGHDR.byteOffset(groupElement("cmsg_level"));
    static final long CMSG_TYPE = CMSGHDR.byteOffset(groupElement("cmsg_type"));
    static final long CMSG_DATA = CMSGHDR.byteSize();

    /** CMSG_ALIGN: control messages are aligned to sizeof(size_t). */
    static long cmsgAlign(long length) {
        return (length + 7) & ~7L;
    }

    /**
     * The offset of the data of the first control message {@code level}/{@code type} in {@code control} (its first
     * {@code controlLength} bytes, as recvmsg set msg_controllen) with at least {@code dataBytes} of data; -1 if
     * there is none. A malformed length ends the walk.
     */
    static long cmsgData(MemorySegment control, long controlLength, int level, int type, long dataBytes) {
        long offset = 0;
        while (offset + CMSG_DATA <= controlLength) {
            long length = control.get(JAVA_LONG, offset + CMSG_LEN);
            if (length < CMSG_DATA || offset + length > controlLength) {
                return -1;
            }
            if (control.get(JAVA_INT, offset + CMSG_LEVEL) == level
                    && control.get(JAVA_INT, offset + CMSG_TYPE) == type
                    && length >= CMSG_DATA + dataBytes) {
                return offset + CMSG_DATA;
            }
            offset += cmsgAlign(length);
        }
        return -1;
    }

    /** struct pollfd (poll.h). */
    static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));

    static final long POLL_FD = POLLFD.byteOffset(groupElement("fd"));
    static final long POLL_EVENTS = POLLFD.byteOffset(groupElement("events"));
    static final long POLL_REVENTS = POLLFD.byteOffset(groupElement("revents"));

    /** struct sockaddr_ll (linux/if_packet.h); protocol in network order. */
    static final StructLayout SOCKADDR_LL = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sll_family"),
            JAVA_SHORT_BE.withName("sll_protocol"),
            JAVA_INT.withName("sll_ifindex"),
            JAVA_SHORT.withName("sll_hatype"),
            JAVA_BYTE.withName("sll_pkttype"),
            JAVA_BYTE.withName("sll_halen"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sll_addr"));

    static final long SLL_FAMILY = SOCKADDR_LL.byteOffset(groupElement("sll_family"));
    static final long SLL_PROTOCOL = SOCKADDR_LL.byteOffset(groupElement("sll_protocol"));
    static final long SLL_IFINDEX = SOCKADDR_LL.byteOffset(groupElement("sll_ifindex"));
    static final long SLL_HALEN = SOCKADDR_LL.byteOffset(groupElement("sll_halen"));
    static final long SLL_ADDR = SOCKADDR_LL.byteOffset(groupElement("sll_addr"));

    /** struct sockaddr_nl (linux/netlink.h). */
    static final StructLayout SOCKADDR_NL = MemoryLayout.structLayout(
            JAVA_SHORT.withName("nl_family"),
            JAVA_SHORT.withName("nl_pad"),
            JAVA_INT.withName("nl_pid"),
            JAVA_INT.withName("nl_groups"));

    static final long NL_FAMILY = SOCKADDR_NL.byteOffset(groupElement("nl_family"));
    static final long NL_GROUPS = SOCKADDR_NL.byteOffset(groupElement("nl_groups"));

    private Structs() {}
}
