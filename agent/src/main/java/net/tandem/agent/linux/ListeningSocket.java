package net.tandem.agent.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A listening stream socket (TCP or Unix) made with plain system calls, as a file descriptor that Netty's epoll
 * transport can take over later ({@code new EpollServerSocketChannel(fd)}): the control API holds its address from
 * the agent's start, and gRPC and Netty are loaded only when the first client connects. Non-blocking and
 * close-on-exec, as Netty's own; SO_REUSEADDR on TCP, as Netty's (a port in TIME_WAIT is free).
 */
public final class ListeningSocket {

    private static final int AF_INET6 = 10;
    private static final int SOCK_STREAM = 1;
    private static final int SO_REUSEADDR = 2;
    /** Linux caps it at net.core.somaxconn; Netty asks for that too. */
    private static final int BACKLOG = 4096;
    /** sizeof(sockaddr_un.sun_path) */
    private static final int SUN_PATH = 108;

    // Through Libc's one downcall shape (Libc says why: each distinct shape costs every start a generated stub).
    private static final MethodHandle LISTEN = Libc.function("listen");
    private static final MethodHandle GETSOCKNAME = Libc.function("getsockname");

    private ListeningSocket() {}

    /**
     * @return the descriptor of a socket bound to {@code address} and listening
     * @throws NativeException the address cannot be bound (EADDRINUSE: taken; EADDRNOTAVAIL: not ours)
     */
    public static int tcp(InetSocketAddress address) throws NativeException {
        InetAddress ip = address.getAddress();
        boolean v4 = ip instanceof Inet4Address;
        int fd = Libc.check(
                Libc.socket(v4 ? Libc.AF_INET : AF_INET6, SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0),
                "socket(" + (v4 ? "AF_INET" : "AF_INET6") + ", SOCK_STREAM)",
                null);
        try (Arena arena = Arena.ofConfined()) {
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, SO_REUSEADDR, 1, "setsockopt(SO_REUSEADDR)", null);
            MemorySegment sa = arena.allocate(v4 ? 16 : 28);
            sa.set(JAVA_SHORT, 0, (short) (v4 ? Libc.AF_INET : AF_INET6));
            sa.set(Structs.JAVA_SHORT_BE, 2, (short) address.getPort());
            byte[] raw = ip.getAddress();
            MemorySegment.copy(raw, 0, sa, JAVA_BYTE, v4 ? 4 : 8, raw.length);
            if (!v4) {
                sa.set(JAVA_INT, 24, ((java.net.Inet6Address) ip).getScopeId());
            }
            bindAndListen(fd, sa, "address " + address.getHostString() + ":" + address.getPort());
            return fd;
        } catch (NativeException | RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    /**
     * @return the descriptor of a socket bound to {@code path} (the file is created, with the process's umask) and
     *     listening
     */
    public static int unix(Path path) throws NativeException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH) {
            throw new IllegalArgumentException("control socket " + path + ": the path is longer than " + (SUN_PATH - 1)
                    + " bytes (a Unix socket's limit)");
        }
        int fd = Libc.check(
                Libc.socket(Libc.AF_UNIX, SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0),
                "socket(AF_UNIX, SOCK_STREAM)",
                null);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(2 + SUN_PATH); // zeroed: the path ends with a NUL
            sa.set(JAVA_SHORT, 0, (short) Libc.AF_UNIX);
            MemorySegment.copy(name, 0, sa, JAVA_BYTE, 2, name.length);
            bindAndListen(fd, sa, "socket " + path);
            return fd;
        } catch (NativeException | RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    private static void bindAndListen(int fd, MemorySegment sa, String subject) throws NativeException {
        Libc.check(Libc.bind(fd, sa, (int) sa.byteSize()), "bind", null);
        int rc = (int) Libc.call(LISTEN, fd, BACKLOG);
        if (rc < 0) {
            throw new NativeException("listen", Libc.errno(), null, subject);
        }
    }

    /** The address a TCP socket is bound to: the real port when it was bound to port 0. */
    public static InetSocketAddress localAddress(int fd) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(28);
            MemorySegment len = arena.allocateFrom(JAVA_INT, 28);
            int rc = (int) Libc.call(GETSOCKNAME, fd, Libc.address(sa), Libc.address(len));
            if (rc < 0) {
                throw new NativeException("getsockname", Libc.errno(), null, null);
            }
            boolean v4 = sa.get(JAVA_SHORT, 0) == Libc.AF_INET;
            int port = Short.toUnsignedInt(sa.get(Structs.JAVA_SHORT_BE, 2));
            byte[] raw = sa.asSlice(v4 ? 4 : 8, v4 ? 4 : 16).toArray(JAVA_BYTE);
            InetAddress ip = v4
                    ? InetAddress.getByAddress(raw)
                    : java.net.Inet6Address.getByAddress(null, raw, sa.get(JAVA_INT, 24));
            return new InetSocketAddress(ip, port);
        } catch (NativeException e) {
            throw e;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // not reached: 4 or 16 bytes
        }
    }
}
