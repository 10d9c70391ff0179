package net.tandem.agent.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static net.tandem.agent.linux.Structs.JAVA_SHORT_BE;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Sends gratuitous ARP for a VIP on one interface, through an AF_PACKET socket.
 *
 * <p>The frame is what keepalived sends (keepalived/vrrp/vrrp_arp.c,
 * send_gratuitous_arp_immediate): an ARP <em>request</em> (RFC 5227 §3 calls
 * this an ARP Announcement; requests are what hosts and switches reliably learn
 * from), broadcast:
 * <pre>
 * Ethernet: dst ff:ff:ff:ff:ff:ff, src = interface MAC, type 0x0806
 * ARP:      htype 1 (Ethernet), ptype 0x0800, hlen 6, plen 4, op 1 (request)
 *           sender MAC = interface MAC, sender IP = VIP
 *           target MAC = ff:ff:ff:ff:ff:ff, target IP = VIP
 * </pre>
 * 42 bytes, unpadded, like keepalived's. The socket is SOCK_RAW with protocol 0,
 * so it receives nothing and needs no reading.
 *
 * <p>Thread-safe; needs CAP_NET_RAW.
 */
public final class GarpSender implements AutoCloseable {

    static final int FRAME_LENGTH = 42;
    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};

    private final SocketFd socket;
    private final String interfaceName;
    private final int ifindex;
    private final MacAddress mac;
    private final MemorySegment frame;
    private final MemorySegment destination;
    /** vrrp_garp_interval, shared by every instance on this interface (one sender per interface). */
    private final GarpPacer pacer = GarpPacer.system();

    private GarpSender(SocketFd socket, String interfaceName, int ifindex, MacAddress mac) {
        this.socket = socket;
        this.interfaceName = interfaceName;
        this.ifindex = ifindex;
        this.mac = mac;
        this.frame = socket.arena().allocate(FRAME_LENGTH);
        this.destination = socket.arena().allocate(Structs.SOCKADDR_LL);
        destination.set(JAVA_SHORT, Structs.SLL_FAMILY, (short) Libc.AF_PACKET);
        destination.set(JAVA_SHORT_BE, Structs.SLL_PROTOCOL, (short) Libc.ETH_P_ARP);
        destination.set(JAVA_INT, Structs.SLL_IFINDEX, ifindex);
        destination.set(JAVA_BYTE, Structs.SLL_HALEN, (byte) 6);
        MemorySegment.copy(BROADCAST, 0, destination, JAVA_BYTE, Structs.SLL_ADDR, 6);
    }

    /** Opens a sender on {@code link} (its index and MAC, e.g. from {@link Rtnetlink#link(String)}). */
    public static GarpSender open(Link link) throws NativeException {
        if (link.mac() == null || link.mac().length() != 6) {
            throw new IllegalArgumentException(
                    "interface " + link.name() + " has no Ethernet address: " + "gratuitous ARP needs one");
        }
        int fd = Libc.check(
                Libc.socket(Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0),
                "socket(AF_PACKET, SOCK_RAW)",
                link.name());
        return new GarpSender(new SocketFd(fd, link.name()), link.name(), link.index(), link.mac());
    }

    public String interfaceName() {
        return interfaceName;
    }

    public GarpPacer pacer() {
        return pacer;
    }

    /** Broadcasts one gratuitous ARP for {@code vip}, once the interface's garp interval allows. */
    public void send(Inet4Address vip) throws IOException {
        pacer.send(() -> sendNow(vip));
    }

    private void sendNow(Inet4Address vip) throws IOException {
        socket.enter();
        try {
            synchronized (frame) {
                MemorySegment.copy(MemorySegment.ofBuffer(frame(mac, vip)), 0, frame, 0, FRAME_LENGTH);
                while (true) {
                    long sent = Libc.sendto(
                            socket.fd(), frame, FRAME_LENGTH, 0, destination, (int) Structs.SOCKADDR_LL.byteSize());
                    if (sent >= 0) {
                        return;
                    }
                    int errno = Libc.errno();
                    if (!Errno.EINTR.is(errno)) {
                        throw new NativeException(
                                "sendto(gratuitous ARP)", errno, interfaceName, "VIP " + vip.getHostAddress());
                    }
                }
            }
        } finally {
            socket.exit();
        }
    }

    /** The 42-byte Ethernet frame described in the class comment. */
    static ByteBuffer frame(MacAddress mac, Inet4Address vip) {
        byte[] hw = mac.bytes();
        byte[] ip = vip.getAddress();
        ByteBuffer b = ByteBuffer.allocate(FRAME_LENGTH).order(ByteOrder.BIG_ENDIAN);
        b.put(BROADCAST).put(hw).putShort((short) Libc.ETH_P_ARP); // Ethernet header
        b.putShort((short) 1)
                .putShort((short) 0x0800) // ARPHRD_ETHER, ETH_P_IP
                .put((byte) 6)
                .put((byte) 4)
                .putShort((short) 1); // ARPOP_REQUEST
        b.put(hw).put(ip); // sender
        b.put(BROADCAST).put(ip); // target
        return b.flip();
    }

    @Override
    public void close() {
        socket.close();
    }

    int ifindex() {
        return ifindex;
    }
}
