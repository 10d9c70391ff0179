package net.tandem.agent.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static net.tandem.agent.linux.Structs.JAVA_SHORT_BE;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import net.tandem.agent.vrrp.packet.Checksum;

/**
 * Sends unsolicited Neighbour Advertisements for an IPv6 VIP on one interface, through an AF_PACKET socket: what
 * gratuitous ARP is for IPv4 (RFC 4861 §7.2.6), and what keepalived sends (keepalived/vrrp/vrrp_ndisc.c):
 * <pre>
 * Ethernet: dst 33:33:00:00:00:01, src = interface MAC, type 0x86dd
 * IPv6:     src = the VIP, dst ff02::1 (all nodes), next header 58, hop limit 255 (RFC 4861 §7.1.2 checks it)
 * ICMPv6:   type 136, code 0, flags Override (and Router when the interface forwards IPv6), target = the VIP,
 *           option 2 (Target Link-Layer Address) = interface MAC
 * </pre>
 * 86 bytes. The whole frame is built here, checksum included, so the source is the VIP itself (a socket could not
 * send from an address that DAD or the kernel considers not yet usable), exactly as keepalived does.
 *
 * <p>Paced, like gratuitous ARPs, by the interface's {@link GarpPacer} ({@code vrrp_garp_interval}); thread-safe.
 */
public final class NeighbourAdvertSender implements AutoCloseable {

    static final int FRAME_LENGTH = 14 + 40 + 32;
    private static final byte[] ALL_NODES_MAC = {0x33, 0x33, 0, 0, 0, 1};
    private static final int ICMPV6_NEIGHBOUR_ADVERTISEMENT = 136;
    static final int FLAG_ROUTER = 0x80;
    static final int FLAG_OVERRIDE = 0x20;

    private final SocketFd socket;
    private final String interfaceName;
    private final MacAddress mac;
    private final GarpPacer pacer;
    private final MemorySegment frame;
    private final MemorySegment destination;

    private NeighbourAdvertSender(SocketFd socket, Link link, GarpPacer pacer) {
        this.socket = socket;
        this.interfaceName = link.name();
        this.mac = link.mac();
        this.pacer = pacer;
        this.frame = socket.arena().allocate(FRAME_LENGTH);
        this.destination = socket.arena().allocate(Structs.SOCKADDR_LL);
        destination.set(JAVA_SHORT, Structs.SLL_FAMILY, (short) Libc.AF_PACKET);
        destination.set(JAVA_SHORT_BE, Structs.SLL_PROTOCOL, (short) Ipv6.ETH_P_IPV6);
        destination.set(JAVA_INT, Structs.SLL_IFINDEX, link.index());
        destination.set(JAVA_BYTE, Structs.SLL_HALEN, (byte) 6);
        MemorySegment.copy(ALL_NODES_MAC, 0, destination, JAVA_BYTE, Structs.SLL_ADDR, 6);
    }

    /** Opens a sender on {@code link}, paced together with the link's gratuitous ARPs by {@code pacer}. */
    public static NeighbourAdvertSender open(Link link, GarpPacer pacer) throws NativeException {
        if (link.mac() == null || link.mac().length() != 6) {
            throw new IllegalArgumentException("interface " + link.name()
                    + " has no Ethernet address: unsolicited Neighbour Advertisements need one");
        }
        int fd = Libc.check(
                Libc.socket(Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0),
                "socket(AF_PACKET, SOCK_RAW)",
                link.name());
        return new NeighbourAdvertSender(new SocketFd(fd, link.name()), link, pacer);
    }

    /** Sends one unsolicited Neighbour Advertisement for {@code vip}, once the interface's garp interval allows. */
    public void send(Inet6Address vip) throws IOException {
        pacer.send(() -> sendNow(vip));
    }

    private void sendNow(Inet6Address vip) throws IOException {
        boolean router = forwarding(interfaceName);
        socket.enter();
        try {
            synchronized (frame) {
                MemorySegment.copy(MemorySegment.ofBuffer(frame(mac, vip, router)), 0, frame, 0, FRAME_LENGTH);
                while (true) {
                    long sent = Libc.sendto(
                            socket.fd(), frame, FRAME_LENGTH, 0, destination, (int) Structs.SOCKADDR_LL.byteSize());
                    if (sent >= 0) {
                        return;
                    }
                    int errno = Libc.errno();
                    if (!Errno.EINTR.is(errno)) {
                        throw new NativeException(
                                "sendto(Neighbour Advertisement)", errno, interfaceName, "VIP " + vip.getHostAddress());
                    }
                }
            }
        } finally {
            socket.exit();
        }
    }

    /**
     * keepalived sets the Router flag when the interface forwards IPv6 (a router's address must not make hosts
     * think it is a host: RFC 4861 §7.2.5 would remove it from their default router list).
     */
    private static boolean forwarding(String interfaceName) {
        try {
            return Files.readString(Path.of("/proc/sys/net/ipv6/conf", interfaceName, "forwarding"))
                    .trim()
                    .equals("1");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The 86-byte Ethernet frame described in the class comment. */
    static ByteBuffer frame(MacAddress mac, Inet6Address vip, boolean router) {
        byte[] hw = mac.bytes();
        byte[] target = vip.getAddress();
        byte[] allNodes = Ipv6.ALL_NODES.getAddress();
        ByteBuffer b = ByteBuffer.allocate(FRAME_LENGTH).order(ByteOrder.BIG_ENDIAN);
        b.put(ALL_NODES_MAC).put(hw).putShort((short) Ipv6.ETH_P_IPV6);
        b.putInt(0x60000000) // version 6, traffic class 0, flow label 0
                .putShort((short) 32) // payload: the 24-byte advertisement and the 8-byte option
                .put((byte) Ipv6.IPPROTO_ICMPV6)
                .put((byte) 255);
        b.put(target).put(allNodes);
        int icmp = b.position();
        b.put((byte) ICMPV6_NEIGHBOUR_ADVERTISEMENT).put((byte) 0).putShort((short) 0); // checksum below
        b.put((byte) (FLAG_OVERRIDE | (router ? FLAG_ROUTER : 0))).put(new byte[3]);
        b.put(target);
        b.put((byte) 2).put((byte) 1).put(hw); // Target Link-Layer Address, 1 x 8 bytes
        long sum = Checksum.add(0, b, icmp, 32) + Checksum.ipv6PseudoHeader(target, allNodes, Ipv6.IPPROTO_ICMPV6, 32);
        b.putShort(icmp + 2, (short) Checksum.finish(sum));
        return b.flip();
    }

    @Override
    public void close() {
        socket.close();
    }
}
