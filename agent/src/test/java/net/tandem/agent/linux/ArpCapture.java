package net.tandem.agent.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static net.tandem.agent.linux.Structs.JAVA_SHORT_BE;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Test helper: receives ARP frames on one interface through an AF_PACKET
 * socket bound to ETH_P_ARP (what tcpdump would show, without needing tcpdump).
 */
final class ArpCapture implements AutoCloseable {

    private final SocketFd socket;
    private final MemorySegment buffer;

    private ArpCapture(SocketFd socket) {
        this.socket = socket;
        this.buffer = socket.arena().allocate(2048);
    }

    /** Opens on {@code ifindex} in the calling thread's namespace. */
    static ArpCapture open(int ifindex) throws IOException {
        int protocol = Short.toUnsignedInt(Short.reverseBytes((short) Libc.ETH_P_ARP)); // htons
        int fd = Libc.check(
                Libc.socket(Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol),
                "socket(AF_PACKET, SOCK_RAW, ETH_P_ARP)",
                null);
        SocketFd socket = new SocketFd(fd, null);
        MemorySegment address = socket.arena().allocate(Structs.SOCKADDR_LL);
        address.set(JAVA_SHORT, Structs.SLL_FAMILY, (short) Libc.AF_PACKET);
        address.set(JAVA_SHORT_BE, Structs.SLL_PROTOCOL, (short) Libc.ETH_P_ARP);
        address.set(JAVA_INT, Structs.SLL_IFINDEX, ifindex);
        Libc.check(Libc.bind(fd, address, (int) address.byteSize()), "bind(AF_PACKET)", null);
        return new ArpCapture(socket);
    }

    /** The first whole Ethernet frame matching {@code wanted} within {@code timeoutMillis}. */
    Optional<byte[]> next(Predicate<byte[]> wanted, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        socket.enter();
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || !socket.awaitReadable((int) left, "capture ARP")) {
                    return Optional.empty();
                }
                long n = Libc.recv(socket.fd(), buffer, buffer.byteSize(), Libc.MSG_DONTWAIT);
                if (n > 0) {
                    byte[] frame = buffer.asSlice(0, n).toArray(JAVA_BYTE);
                    if (wanted.test(frame)) {
                        return Optional.of(frame);
                    }
                }
            }
        } finally {
            socket.exit();
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
