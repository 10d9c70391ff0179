package net.tandem.agent.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static net.tandem.agent.linux.Structs.JAVA_SHORT_BE;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;
import net.tandem.agent.vrrp.packet.AdvertCodec;

/**
 * A raw IPv6 socket for VRRP (next header 112) bound to one interface: VRRPv3 over IPv6 (RFC 5798 §5.1.2).
 *
 * <p>Set up as keepalived sets up its IPv6 sockets: SO_BINDTODEVICE, member of ff02::12 on that interface,
 * IPV6_MULTICAST_IF by ifindex, multicast loopback off, IPV6_MULTICAST_ALL off, traffic class 0xc0, hop limit 255 for
 * multicast, and IPV6_RECVPKTINFO and IPV6_RECVHOPLIMIT on: a raw IPv6 socket gets no IP header, so the destination,
 * the arrival interface and the Hop Limit (which RFC 5798 §7.1 says must be 255) come as control messages.
 *
 * <p>The checksum: Tandem computes it itself ({@link AdvertCodec}, with the IPv6 pseudo-header) and does not set
 * IPV6_CHECKSUM, unlike keepalived. With IPV6_CHECKSUM the kernel drops a packet with a bad checksum before anyone
 * sees it, uncounted; without it, the codec refuses the packet and the operator sees a CHECKSUM discard, as for
 * IPv4. The price is that the source must be known when the checksum is computed: every advert carries its source
 * in an IPV6_PKTINFO control message (the interface's link-local address, or {@code unicast_src_ip}), so the kernel
 * sends from exactly that address.
 *
 * <p>{@link #receive} stores what it got as a whole IPv6 packet, a 40-byte header rebuilt from the control messages
 * in front of the VRRP message, so that {@link AdvertCodec#decodeIp} reads both families alike.
 *
 * <p>Threading as {@link RawVrrpSocket}.
 */
public final class RawVrrp6Socket implements AutoCloseable, AdvertSocket, InterfaceReceiver.PacketSource {

    static final int HOP_LIMIT = 255;
    /** Traffic class 0xc0 (network control), what keepalived sends. */
    static final int TRAFFIC_CLASS = 0xC0;

    private static final int MAX_PACKET = 65535;
    private static final int HEADER = AdvertCodec.IPV6_HEADER_LENGTH;
    private static final long PKTINFO_SPACE = Structs.cmsgAlign(Structs.CMSG_DATA + Ipv6.IN6_PKTINFO.byteSize());
    private static final long HOPLIMIT_SPACE = Structs.cmsgAlign(Structs.CMSG_DATA + 4);
    private static final int RECEIVE_CONTROL_LENGTH = 128;

    private final SocketFd socket;
    private final String interfaceName;
    private final int ifindex;

    private final ReentrantLock sendLock = new ReentrantLock();
    private final MemorySegment sendPacket;
    private final MemorySegment sendAddress;
    private final MemorySegment sendMsghdr;
    private final MemorySegment sendIovec;
    private final MemorySegment sendControl;

    private final ReentrantLock receiveLock = new ReentrantLock();
    private final MemorySegment receiveBuffer;
    private final MemorySegment receiveAddress;
    private final MemorySegment msghdr;
    private final MemorySegment iovec;
    private final MemorySegment control;

    private RawVrrp6Socket(SocketFd socket, String interfaceName, int ifindex) {
        this.socket = socket;
        this.interfaceName = interfaceName;
        this.ifindex = ifindex;
        Arena arena = socket.arena();
        this.sendPacket = arena.allocate(MAX_PACKET, 8);
        this.sendAddress = arena.allocate(Ipv6.SOCKADDR_IN6);
        this.sendMsghdr = arena.allocate(Structs.MSGHDR);
        this.sendIovec = arena.allocate(Structs.IOVEC);
        this.sendControl = arena.allocate(PKTINFO_SPACE + HOPLIMIT_SPACE, 8);
        this.receiveBuffer = arena.allocate(MAX_PACKET, 8);
        this.receiveAddress = arena.allocate(Ipv6.SOCKADDR_IN6);
        this.msghdr = arena.allocate(Structs.MSGHDR);
        this.iovec = arena.allocate(Structs.IOVEC);
        this.control = arena.allocate(RECEIVE_CONTROL_LENGTH, 8);
    }

    /**
     * Opens the socket on {@code interfaceName} in the calling thread's network namespace.
     *
     * @throws NativeException naming the interface: ENODEV, EPERM without CAP_NET_RAW, EAFNOSUPPORT without IPv6 ...
     */
    public static RawVrrp6Socket open(String interfaceName) throws NativeException {
        int ifindex = Libc.ifNameToIndex(interfaceName);
        int fd = Libc.check(
                Libc.socket(Ipv6.AF_INET6, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.IPPROTO_VRRP),
                "socket(AF_INET6, SOCK_RAW, IPPROTO_VRRP)",
                interfaceName);
        SocketFd socket = new SocketFd(fd, interfaceName);
        try {
            configure(fd, interfaceName, ifindex);
        } catch (NativeException e) {
            socket.close();
            throw e;
        }
        return new RawVrrp6Socket(socket, interfaceName, ifindex);
    }

    private static void configure(int fd, String ifname, int ifindex) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            byte[] name = ifname.getBytes(StandardCharsets.US_ASCII);
            MemorySegment device = arena.allocate(name.length + 1L);
            MemorySegment.copy(name, 0, device, JAVA_BYTE, 0, name.length);
            Libc.check(
                    Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_BINDTODEVICE, device, (int) device.byteSize()),
                    "setsockopt(SO_BINDTODEVICE)",
                    ifname);
            int v6 = Ipv6.IPPROTO_IPV6;
            Libc.setsockoptInt(fd, v6, Ipv6.IPV6_RECVPKTINFO, 1, "setsockopt(IPV6_RECVPKTINFO)", ifname);
            Libc.setsockoptInt(fd, v6, Ipv6.IPV6_RECVHOPLIMIT, 1, "setsockopt(IPV6_RECVHOPLIMIT)", ifname);
            // Optional (ArrivalTime): without it, the arrival time is when recvmsg returned.
            Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_TIMESTAMPNS, arena.allocateFrom(JAVA_INT, 1), 4);
            Libc.setsockoptInt(fd, v6, Ipv6.IPV6_MULTICAST_LOOP, 0, "setsockopt(IPV6_MULTICAST_LOOP)", ifname);
            Libc.setsockoptInt(fd, v6, Ipv6.IPV6_MULTICAST_HOPS, HOP_LIMIT, "setsockopt(IPV6_MULTICAST_HOPS)", ifname);
            Libc.setsockoptInt(fd, v6, Ipv6.IPV6_UNICAST_HOPS, HOP_LIMIT, "setsockopt(IPV6_UNICAST_HOPS)", ifname);
            Libc.setsockoptInt(fd, v6, Ipv6.IPV6_MULTICAST_IF, ifindex, "setsockopt(IPV6_MULTICAST_IF)", ifname);
            Libc.setsockoptInt(fd, v6, Ipv6.IPV6_TCLASS, TRAFFIC_CLASS, "setsockopt(IPV6_TCLASS)", ifname);
            // Only the group joined on this socket (Linux 4.20+); older kernels refuse it, which costs only filtering.
            Libc.setsockopt(fd, v6, Ipv6.IPV6_MULTICAST_ALL, arena.allocateFrom(JAVA_INT, 0), 4);
            MemorySegment mreq = arena.allocate(Ipv6.IPV6_MREQ);
            Ipv6.put(mreq, Ipv6.MR_ADDR, Ipv6.VRRP_GROUP);
            mreq.set(JAVA_INT, Ipv6.MR_IFINDEX, ifindex);
            Libc.check(
                    Libc.setsockopt(fd, v6, Ipv6.IPV6_ADD_MEMBERSHIP, mreq, (int) mreq.byteSize()),
                    "setsockopt(IPV6_ADD_MEMBERSHIP ff02::12)",
                    ifname);
        }
    }

    @Override
    public String interfaceName() {
        return interfaceName;
    }

    @Override
    public int ifindex() {
        return ifindex;
    }

    @Override
    public void send(ByteBuffer vrrpPayload, InetAddress source, InetAddress destination, int hopLimit)
            throws IOException {
        if (!(source instanceof Inet6Address src) || !(destination instanceof Inet6Address dst)) {
            throw new IllegalArgumentException(
                    "an IPv6 socket sends from and to IPv6 addresses, not " + source + " -> " + destination);
        }
        if (hopLimit < 0 || hopLimit > 255) {
            throw new IllegalArgumentException("hop limit " + hopLimit + " is outside 0..255");
        }
        int length = vrrpPayload.remaining();
        if (length > MAX_PACKET - HEADER) {
            throw new IllegalArgumentException("VRRP payload too long: " + length + " bytes");
        }
        socket.enter();
        sendLock.lock();
        try {
            MemorySegment.copy(MemorySegment.ofBuffer(vrrpPayload), 0, sendPacket, 0, length);
            sendAddress.fill((byte) 0);
            sendAddress.set(JAVA_SHORT, Ipv6.SIN6_FAMILY, (short) Ipv6.AF_INET6);
            Ipv6.put(sendAddress, Ipv6.SIN6_ADDR, dst);
            // A link-local or multicast destination means nothing without its link.
            sendAddress.set(JAVA_INT, Ipv6.SIN6_SCOPE_ID, ifindex);
            sendIovec.set(ADDRESS, Structs.IOV_BASE, sendPacket);
            sendIovec.set(JAVA_LONG, Structs.IOV_LEN, (long) length);
            sendControl.fill((byte) 0);
            // IPV6_PKTINFO: send from exactly this address (the checksum covers it), on this interface.
            sendControl.set(JAVA_LONG, Structs.CMSG_LEN, Structs.CMSG_DATA + Ipv6.IN6_PKTINFO.byteSize());
            sendControl.set(JAVA_INT, Structs.CMSG_LEVEL, Ipv6.IPPROTO_IPV6);
            sendControl.set(JAVA_INT, Structs.CMSG_TYPE, Ipv6.IPV6_PKTINFO);
            Ipv6.put(sendControl, Structs.CMSG_DATA + Ipv6.PKTINFO_ADDR, src);
            sendControl.set(JAVA_INT, Structs.CMSG_DATA + Ipv6.PKTINFO_IFINDEX, ifindex);
            // IPV6_HOPLIMIT: this packet's hop limit, multicast (255) or unicast (unicast_ttl) alike.
            sendControl.set(JAVA_LONG, PKTINFO_SPACE + Structs.CMSG_LEN, Structs.CMSG_DATA + 4);
            sendControl.set(JAVA_INT, PKTINFO_SPACE + Structs.CMSG_LEVEL, Ipv6.IPPROTO_IPV6);
            sendControl.set(JAVA_INT, PKTINFO_SPACE + Structs.CMSG_TYPE, Ipv6.IPV6_HOPLIMIT);
            sendControl.set(JAVA_INT, PKTINFO_SPACE + Structs.CMSG_DATA, hopLimit);
            sendMsghdr.fill((byte) 0);
            sendMsghdr.set(ADDRESS, Structs.MSG_NAME, sendAddress);
            sendMsghdr.set(JAVA_INT, Structs.MSG_NAMELEN, (int) Ipv6.SOCKADDR_IN6.byteSize());
            sendMsghdr.set(ADDRESS, Structs.MSG_IOV, sendIovec);
            sendMsghdr.set(JAVA_LONG, Structs.MSG_IOVLEN, 1L);
            sendMsghdr.set(ADDRESS, Structs.MSG_CONTROL, sendControl);
            sendMsghdr.set(JAVA_LONG, Structs.MSG_CONTROLLEN, sendControl.byteSize());
            while (true) {
                long sent = Libc.sendmsg(socket.fd(), sendMsghdr, 0);
                if (sent >= 0) {
                    return;
                }
                int errno = Libc.errno();
                if (!Errno.EINTR.is(errno)) {
                    throw new NativeException(
                            "sendmsg(VRRP advert)",
                            errno,
                            interfaceName,
                            src.getHostAddress() + " -> " + dst.getHostAddress());
                }
            }
        } finally {
            sendLock.unlock();
            socket.exit();
        }
    }

    /**
     * Blocks until a packet arrives, then stores it at {@code into}'s position as a whole IPv6 packet (see the class
     * comment) and advances the position by the stored length.
     *
     * @throws java.nio.channels.AsynchronousCloseException if closed meanwhile
     */
    @Override
    public ReceivedPacket receive(ByteBuffer into) throws IOException {
        socket.enter();
        receiveLock.lock();
        try {
            MemorySegment target = MemorySegment.ofBuffer(into);
            if (target.byteSize() < HEADER) {
                throw new IllegalArgumentException("a receive buffer needs room for the 40-byte IPv6 header");
            }
            long capacity = Math.min(receiveBuffer.byteSize(), target.byteSize()) - HEADER;
            // recvmsg first, poll only when nothing is queued: adverts come in bursts (a master with many
            // instances sends them back to back): one system call per packet instead of two.
            while (true) {
                prepareMsghdr(capacity);
                long n = Libc.recvmsg(socket.fd(), msghdr, Libc.MSG_DONTWAIT | Libc.MSG_TRUNC);
                long readAt = System.nanoTime();
                if (n < 0) {
                    int errno = Libc.errno();
                    if (Errno.EAGAIN.is(errno)) {
                        socket.awaitReadable(-1, "recvmsg(VRRP over IPv6)"); // throws once the socket is closed
                        continue;
                    }
                    if (Errno.EINTR.is(errno)) {
                        continue;
                    }
                    throw new NativeException("recvmsg(VRRP over IPv6)", errno, interfaceName, null);
                }
                int payload = (int) Math.min(n, capacity);
                int[] arrival = {0, 0}; // ifindex, hop limit
                MemorySegment header = receiveBuffer.asSlice(0, HEADER);
                header.fill((byte) 0);
                readControl(header, arrival);
                header.set(JAVA_BYTE, 0, (byte) 0x60);
                header.set(JAVA_SHORT_BE, 4, (short) payload);
                header.set(JAVA_BYTE, 6, (byte) Libc.IPPROTO_VRRP);
                header.set(JAVA_BYTE, 7, (byte) arrival[1]);
                MemorySegment.copy(receiveAddress, Ipv6.SIN6_ADDR, header, 8, 16);
                int stored = HEADER + payload;
                MemorySegment.copy(receiveBuffer, 0, target, 0, stored);
                into.position(into.position() + stored);
                return new ReceivedPacket(
                        arrival[0],
                        stored,
                        n > capacity,
                        ArrivalTime.of(control, msghdr.get(JAVA_LONG, Structs.MSG_CONTROLLEN), readAt));
            }
        } finally {
            receiveLock.unlock();
            socket.exit();
        }
    }

    private void prepareMsghdr(long capacity) {
        iovec.set(ADDRESS, Structs.IOV_BASE, receiveBuffer.asSlice(HEADER));
        iovec.set(JAVA_LONG, Structs.IOV_LEN, capacity);
        receiveAddress.fill((byte) 0);
        msghdr.fill((byte) 0);
        msghdr.set(ADDRESS, Structs.MSG_NAME, receiveAddress);
        msghdr.set(JAVA_INT, Structs.MSG_NAMELEN, (int) Ipv6.SOCKADDR_IN6.byteSize());
        msghdr.set(ADDRESS, Structs.MSG_IOV, iovec);
        msghdr.set(JAVA_LONG, Structs.MSG_IOVLEN, 1L);
        msghdr.set(ADDRESS, Structs.MSG_CONTROL, control);
        msghdr.set(JAVA_LONG, Structs.MSG_CONTROLLEN, control.byteSize());
    }

    /**
     * IPV6_PKTINFO: the destination into the header (bytes 24..39) and the arrival interface; IPV6_HOPLIMIT: the Hop
     * Limit. Absent ones stay 0: the packet is then refused as from elsewhere, or for its hop limit, and counted.
     */
    private void readControl(MemorySegment header, int[] arrival) {
        long controlLength = msghdr.get(JAVA_LONG, Structs.MSG_CONTROLLEN);
        long info = Structs.cmsgData(control, controlLength, Ipv6.IPPROTO_IPV6, Ipv6.IPV6_PKTINFO, 20);
        if (info >= 0) {
            MemorySegment.copy(control, info + Ipv6.PKTINFO_ADDR, header, 24, 16);
            arrival[0] = control.get(JAVA_INT, info + Ipv6.PKTINFO_IFINDEX);
        }
        long hops = Structs.cmsgData(control, controlLength, Ipv6.IPPROTO_IPV6, Ipv6.IPV6_HOPLIMIT, 4);
        if (hops >= 0) {
            arrival[1] = control.get(JAVA_INT, hops);
        }
    }

    /** Makes a blocked {@link #receive} return with AsynchronousCloseException; idempotent. */
    @Override
    public void close() {
        socket.close();
    }
}
