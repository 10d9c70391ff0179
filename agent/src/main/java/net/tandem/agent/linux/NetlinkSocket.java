package net.tandem.agent.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A NETLINK_ROUTE socket in the calling thread's network namespace, optionally
 * subscribed to multicast groups (RTMGRP_*). Sends whole messages to the kernel
 * and receives datagrams into a native buffer owned by the socket.
 *
 * <p>One thread receives at a time; {@link #close()} from another thread
 * unblocks it (via {@link SocketFd}).
 */
final class NetlinkSocket implements AutoCloseable {

    /** Large enough for any rtnetlink dump datagram (the kernel uses up to 32 KiB). */
    private static final int RECEIVE_BUFFER = 64 * 1024;

    private static final int SEND_BUFFER = 4096;

    private final SocketFd socket;
    private final MemorySegment receiveBuffer;
    private final MemorySegment sendBuffer;
    private final MemorySegment kernel;
    private final AtomicInteger sequence = new AtomicInteger((int) (System.nanoTime() & 0x7FFFFFFF));

    private NetlinkSocket(SocketFd socket) {
        this.socket = socket;
        Arena arena = socket.arena();
        this.receiveBuffer = arena.allocate(RECEIVE_BUFFER, 8);
        this.sendBuffer = arena.allocate(SEND_BUFFER, 8);
        this.kernel = arena.allocate(Structs.SOCKADDR_NL);
        kernel.set(JAVA_SHORT, Structs.NL_FAMILY, (short) Libc.AF_NETLINK);
    }

    /** Opens a NETLINK_ROUTE socket joined to {@code groups} (0: requests only). */
    static NetlinkSocket open(int groups) throws NativeException {
        int fd = Libc.check(
                Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.NETLINK_ROUTE),
                "socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)",
                null);
        SocketFd socket = new SocketFd(fd, null);
        try (Arena arena = Arena.ofConfined()) {
            // Extended acks: the kernel explains refusals in words (Linux 4.12+); optional.
            Libc.setsockopt(fd, Libc.SOL_NETLINK, Libc.NETLINK_EXT_ACK, arena.allocateFrom(JAVA_INT, 1), 4);
            MemorySegment local = arena.allocate(Structs.SOCKADDR_NL);
            local.set(JAVA_SHORT, Structs.NL_FAMILY, (short) Libc.AF_NETLINK);
            local.set(JAVA_INT, Structs.NL_GROUPS, groups);
            Libc.check(Libc.bind(fd, local, (int) local.byteSize()), "bind(AF_NETLINK)", null);
        } catch (NativeException e) {
            socket.close();
            throw e;
        }
        return new NetlinkSocket(socket);
    }

    int nextSequence() {
        return sequence.incrementAndGet() & 0x7FFFFFFF;
    }

    /** Sends one message (position to limit) to the kernel. */
    void send(ByteBuffer message, String call, String interfaceName) throws IOException {
        int length = message.remaining();
        if (length > SEND_BUFFER) {
            throw new IllegalArgumentException("netlink message too long: " + length);
        }
        socket.enter();
        try {
            synchronized (sendBuffer) {
                MemorySegment.copy(MemorySegment.ofBuffer(message), 0, sendBuffer, 0, length);
                while (true) {
                    long sent = Libc.sendto(
                            socket.fd(), sendBuffer, length, 0, kernel, (int) Structs.SOCKADDR_NL.byteSize());
                    if (sent >= 0) {
                        return;
                    }
                    int errno = Libc.errno();
                    if (!Errno.EINTR.is(errno)) {
                        throw new NativeException(call + " (sendto netlink)", errno, interfaceName, null);
                    }
                }
            }
        } finally {
            socket.exit();
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (-1: forever) for a datagram and returns
     * a copy of it in native byte order (netlink is low-rate: a copy keeps the
     * caller safe from a concurrent close); null on timeout.
     *
     * @throws NativeException ENOBUFS when the kernel dropped messages for us
     * @throws java.nio.channels.AsynchronousCloseException when closed meanwhile
     */
    ByteBuffer receive(int timeoutMillis, String call) throws IOException {
        socket.enter();
        try {
            while (true) {
                if (!socket.awaitReadable(timeoutMillis, call)) {
                    return null;
                }
                long n = Libc.recv(socket.fd(), receiveBuffer, receiveBuffer.byteSize(), Libc.MSG_DONTWAIT);
                if (n >= 0) {
                    return ByteBuffer.wrap(receiveBuffer.asSlice(0, n).toArray(JAVA_BYTE))
                            .order(ByteOrder.nativeOrder());
                }
                int errno = Libc.errno();
                if (!Errno.EAGAIN.is(errno) && !Errno.EINTR.is(errno)) {
                    throw new NativeException(call + " (recv netlink)", errno, null, null);
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
