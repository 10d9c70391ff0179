package net.tandem.agent.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static net.tandem.agent.linux.Structs.JAVA_INT_BE;
import static net.tandem.agent.linux.Structs.JAVA_SHORT_BE;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A raw IPv4 socket for IP protocol 112 (VRRP) bound to one interface.
 *
 * <p>Set up the way keepalived sets up its sockets: SO_BINDTODEVICE, member of
 * 224.0.0.18 on that interface (ip_mreqn by ifindex), IP_MULTICAST_IF by ifindex,
 * multicast loopback off (a node never hears its own adverts), IP_MULTICAST_ALL
 * off (only the group joined here), IP_PKTINFO on (arrival interface), SO_TIMESTAMPNS on (arrival time: a
 * backup's master-down timer runs from it, not from when this thread got to the packet).
 *
 * <p>Sending uses IP_HDRINCL: this class writes the IPv4 header itself, so the
 * source is exactly the address the caller gives (the interface's primary
 * address or a configured unicast_src_ip) and the TTL is the caller's: 255 for
 * multicast (RFC 3768 §5.2.3 / RFC 5798 §5.1.1.3), unicast_ttl for unicast
 * (keepalived's, default 255). TOS is 0xC0
 * (internetwork control) as keepalived sends; the kernel fills in total length,
 * identification and header checksum (raw(7)).
 *
 * <p>Threading: {@link #send} may be called from any thread. {@link #receive}
 * blocks in a native call, so call it from one dedicated platform thread (a
 * blocking downcall pins a virtual thread's carrier). {@link #close()} from
 * any thread makes a blocked receive throw {@link java.nio.channels.AsynchronousCloseException}
 * (see {@link SocketFd} for how).
 */
public final class RawVrrpSocket implements AutoCloseable, AdvertSocket, InterfaceReceiver.PacketSource {

    /** 224.0.0.18, the VRRP group (RFC 3768 §5.2.2, RFC 5798 §5.1.1.2). */
    public static final int VRRP_GROUP = 0xE0000012;

    static final int IPV4_HEADER_LENGTH = 20;
    static final int TTL = 255;
    static final int TOS_INTERNETWORK_CONTROL = 0xC0;
    private static final int MAX_PACKET = 65535;
    private static final int CONTROL_LENGTH = 128;

    private final SocketFd socket;
    private final String interfaceName;
    private final int ifindex;

    private final ReentrantLock sendLock = new ReentrantLock();
    private final MemorySegment sendPacket;
    private final MemorySegment sendAddress;

    private final ReentrantLock receiveLock = new ReentrantLock();
    private final MemorySegment receiveBuffer;
    private final MemorySegment msghdr;
    private final MemorySegment iovec;
    private final MemorySegment control;

    private RawVrrpSocket(SocketFd socket, String interfaceName, int ifindex) {
        this.socket = socket;
        this.interfaceName = interfaceName;
        this.ifindex = ifindex;
        Arena arena = socket.arena();
        this.sendPacket = arena.allocate(MAX_PACKET, 8);
        this.sendAddress = arena.allocate(Structs.SOCKADDR_IN);
        this.receiveBuffer = arena.allocate(MAX_PACKET, 8);
        this.msghdr = arena.allocate(Structs.MSGHDR);
        this.iovec = arena.allocate(Structs.IOVEC);
        this.control = arena.allocate(CONTROL_LENGTH, 8);
    }

    /**
     * Opens the socket on {@code interfaceName} in the calling thread's network namespace.
     *
     * @throws NativeException naming the interface: ENODEV if there is no such
     *                         interface, EPERM without CAP_NET_RAW, ...
     */
    public static RawVrrpSocket open(String interfaceName) throws NativeException {
        int ifindex = Libc.ifNameToIndex(interfaceName);
        int fd = Libc.check(
                Libc.socket(Libc.AF_INET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.IPPROTO_VRRP),
                "socket(AF_INET, SOCK_RAW, IPPROTO_VRRP)",
                interfaceName);
        SocketFd socket = new SocketFd(fd, interfaceName);
        try {
            configure(fd, interfaceName, ifindex);
        } catch (NativeException e) {
            socket.close();
            throw e;
        }
        return new RawVrrpSocket(socket, interfaceName, ifindex);
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

            Libc.setsockoptInt(fd, Libc.IPPROTO_IP, Libc.IP_HDRINCL, 1, "setsockopt(IP_HDRINCL)", ifname);
            Libc.setsockoptInt(fd, Libc.IPPROTO_IP, Libc.IP_PKTINFO, 1, "setsockopt(IP_PKTINFO)", ifname);
            // Optional: without it, the arrival time is when recvmsg returned.
            Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_TIMESTAMPNS, arena.allocateFrom(JAVA_INT, 1), 4);
            Libc.setsockoptInt(fd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_LOOP, 0, "setsockopt(IP_MULTICAST_LOOP)", ifname);
            Libc.setsockoptInt(fd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_TTL, TTL, "setsockopt(IP_MULTICAST_TTL)", ifname);
            Libc.setsockoptInt(fd, Libc.IPPROTO_IP, Libc.IP_TTL, TTL, "setsockopt(IP_TTL)", ifname);
            // Only the group joined on this socket, not every group some other socket joined (Linux 2.6.31+).
            Libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_ALL, arena.allocateFrom(JAVA_INT, 0), 4);

            MemorySegment mreqn = arena.allocate(Structs.IP_MREQN);
            mreqn.set(JAVA_INT_BE, Structs.IMR_MULTIADDR, VRRP_GROUP);
            mreqn.set(JAVA_INT, Structs.IMR_IFINDEX, ifindex);
            Libc.check(
                    Libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_IF, mreqn, (int) mreqn.byteSize()),
                    "setsockopt(IP_MULTICAST_IF)",
                    ifname);
            Libc.check(
                    Libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_ADD_MEMBERSHIP, mreqn, (int) mreqn.byteSize()),
                    "setsockopt(IP_ADD_MEMBERSHIP 224.0.0.18)",
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

    /**
     * Sends {@code vrrpPayload} (position to limit; the position is not moved) in
     * an IPv4 packet from {@code source} to {@code destination} (224.0.0.18 or a
     * unicast peer), protocol 112, TTL 255.
     */
    public void send(ByteBuffer vrrpPayload, Inet4Address source, Inet4Address destination) throws IOException {
        send(vrrpPayload, source, destination, TTL);
    }

    /** As {@link #send(ByteBuffer, Inet4Address, Inet4Address)}, with this TTL (0..255) in the IPv4 header. */
    public void send(ByteBuffer vrrpPayload, Inet4Address source, Inet4Address destination, int ttl)
            throws IOException {
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("TTL " + ttl + " is outside 0..255");
        }
        int payloadLength = vrrpPayload.remaining();
        if (payloadLength > MAX_PACKET - IPV4_HEADER_LENGTH) {
            throw new IllegalArgumentException("VRRP payload too long: " + payloadLength + " bytes");
        }
        socket.enter();
        sendLock.lock();
        try {
            int length = IPV4_HEADER_LENGTH + payloadLength;
            writeIpv4Header(sendPacket, length, toInt(source), toInt(destination), ttl);
            MemorySegment.copy(MemorySegment.ofBuffer(vrrpPayload), 0, sendPacket, IPV4_HEADER_LENGTH, payloadLength);
            sendAddress.fill((byte) 0);
            sendAddress.set(JAVA_SHORT, Structs.SIN_FAMILY, (short) Libc.AF_INET);
            sendAddress.set(JAVA_INT_BE, Structs.SIN_ADDR, toInt(destination));
            while (true) {
                long sent = Libc.sendto(
                        socket.fd(), sendPacket, length, 0, sendAddress, (int) Structs.SOCKADDR_IN.byteSize());
                if (sent >= 0) {
                    return;
                }
                int errno = Libc.errno();
                if (!Errno.EINTR.is(errno)) {
                    throw new NativeException(
                            "sendto(VRRP advert)",
                            errno,
                            interfaceName,
                            source.getHostAddress() + " -> " + destination.getHostAddress());
                }
            }
        } finally {
            sendLock.unlock();
            socket.exit();
        }
    }

    @Override
    public void send(ByteBuffer vrrpPayload, InetAddress source, InetAddress destination, int ttl) throws IOException {
        if (!(source instanceof Inet4Address s) || !(destination instanceof Inet4Address d)) {
            throw new IllegalArgumentException(
                    "an IPv4 socket sends from and to IPv4 addresses, not " + source + " -> " + destination);
        }
        send(vrrpPayload, s, d, ttl);
    }

    /** The IPv4 header (RFC 791 §3.1) of a VRRP packet. */
    static void writeIpv4Header(MemorySegment packet, int totalLength, int source, int destination, int ttl) {
        packet.set(JAVA_BYTE, 0, (byte) 0x45); // version 4, IHL 5 words
        packet.set(JAVA_BYTE, 1, (byte) TOS_INTERNETWORK_CONTROL);
        packet.set(JAVA_SHORT_BE, 2, (short) totalLength); // the kernel rewrites it anyway
        packet.set(JAVA_SHORT_BE, 4, (short) 0); // id: 0 = the kernel picks one
        packet.set(JAVA_SHORT_BE, 6, (short) 0); // flags + fragment offset
        packet.set(JAVA_BYTE, 8, (byte) ttl); // with IP_HDRINCL, IP_TTL does not apply
        packet.set(JAVA_BYTE, 9, (byte) Libc.IPPROTO_VRRP);
        packet.set(JAVA_SHORT_BE, 10, (short) 0); // checksum: always filled in by the kernel
        packet.set(JAVA_INT_BE, 12, source);
        packet.set(JAVA_INT_BE, 16, destination);
    }

    /**
     * Blocks until a packet arrives, then stores the whole IPv4 packet (header
     * included) into {@code into} at its position and advances the position by
     * the stored length. A direct buffer is filled by the kernel in place; a heap
     * buffer gets a copy. Nothing is allocated per packet beyond a segment view.
     *
     * @throws java.nio.channels.AsynchronousCloseException if closed meanwhile
     */
    public ReceivedPacket receive(ByteBuffer into) throws IOException {
        socket.enter();
        receiveLock.lock();
        try {
            MemorySegment target = MemorySegment.ofBuffer(into);
            boolean direct = target.isNative();
            MemorySegment buffer = direct ? target : receiveBuffer;
            long capacity = direct ? target.byteSize() : Math.min(receiveBuffer.byteSize(), target.byteSize());
            // recvmsg first, poll only when nothing is queued: adverts come in bursts (a master with many
            // instances sends them back to back): one system call per packet instead of two.
            while (true) {
                prepareMsghdr(buffer, capacity);
                long n = Libc.recvmsg(socket.fd(), msghdr, Libc.MSG_DONTWAIT | Libc.MSG_TRUNC);
                long readAt = System.nanoTime();
                if (n < 0) {
                    int errno = Libc.errno();
                    if (Errno.EAGAIN.is(errno)) {
                        socket.awaitReadable(-1, "recvmsg(VRRP)"); // throws once the socket is closed
                        continue;
                    }
                    if (Errno.EINTR.is(errno)) {
                        continue;
                    }
                    throw new NativeException("recvmsg(VRRP)", errno, interfaceName, null);
                }
                int stored = (int) Math.min(n, capacity);
                if (!direct) {
                    MemorySegment.copy(receiveBuffer, 0, target, 0, stored);
                }
                into.position(into.position() + stored);
                return new ReceivedPacket(
                        arrivalIfindex(),
                        stored,
                        n > capacity,
                        ArrivalTime.of(control, msghdr.get(JAVA_LONG, Structs.MSG_CONTROLLEN), readAt));
            }
        } finally {
            receiveLock.unlock();
            socket.exit();
        }
    }

    private void prepareMsghdr(MemorySegment buffer, long capacity) {
        iovec.set(ADDRESS, Structs.IOV_BASE, buffer);
        iovec.set(JAVA_LONG, Structs.IOV_LEN, capacity);
        msghdr.fill((byte) 0);
        msghdr.set(ADDRESS, Structs.MSG_NAME, MemorySegment.NULL);
        msghdr.set(ADDRESS, Structs.MSG_IOV, iovec);
        msghdr.set(JAVA_LONG, Structs.MSG_IOVLEN, 1L);
        msghdr.set(ADDRESS, Structs.MSG_CONTROL, control);
        msghdr.set(JAVA_LONG, Structs.MSG_CONTROLLEN, control.byteSize());
    }

    /** The ifindex from the IP_PKTINFO control message; 0 if absent. */
    private int arrivalIfindex() {
        long data = Structs.cmsgData(
                control,
                msghdr.get(JAVA_LONG, Structs.MSG_CONTROLLEN),
                Libc.IPPROTO_IP,
                Libc.IP_PKTINFO,
                Structs.IPI_IFINDEX + 4);
        return data < 0 ? 0 : control.get(JAVA_INT, data + Structs.IPI_IFINDEX);
    }

    /** Makes a blocked {@link #receive} return with AsynchronousCloseException; idempotent. */
    @Override
    public void close() {
        socket.close();
    }

    static int toInt(Inet4Address address) {
        byte[] b = address.getAddress();
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }
}
