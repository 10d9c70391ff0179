package net.tandem.agent.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libc calls the data plane needs, as FFM downcalls. Every call captures
 * errno ({@link Linker.Option#captureCallState}) into a per-thread segment, so
 * the pattern is:
 * <pre>
 * int fd = Libc.check(Libc.socket(AF_INET, SOCK_RAW, 112), "socket(...)", "eth0");
 * </pre>
 * where {@link #check} throws a {@link NativeException} built from the errno the
 * same thread's last call captured. Constants are Linux's (x86_64/aarch64).
 */
public final class Libc {

    // sys/socket.h, bits/socket_type.h
    public static final int AF_UNSPEC = 0;
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_NETLINK = 16;
    public static final int AF_PACKET = 17;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_BINDTODEVICE = 25;
    /** SO_TIMESTAMPNS (asm-generic/socket.h, the 64-bit "old" one): the kernel's receive time, a timespec. */
    public static final int SO_TIMESTAMPNS = 35;

    public static final int SCM_TIMESTAMPNS = SO_TIMESTAMPNS;
    public static final int SHUT_RDWR = 2;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_CTRUNC = 0x08;

    // netinet/in.h, linux/in.h
    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_VRRP = 112;
    public static final int IP_TTL = 2;
    public static final int IP_HDRINCL = 3;
    public static final int IP_PKTINFO = 8;
    public static final int IP_MULTICAST_IF = 32;
    public static final int IP_MULTICAST_TTL = 33;
    public static final int IP_MULTICAST_LOOP = 34;
    public static final int IP_ADD_MEMBERSHIP = 35;
    public static final int IP_MULTICAST_ALL = 49;

    // linux/netlink.h
    public static final int SOL_NETLINK = 270;
    public static final int NETLINK_ROUTE = 0;
    public static final int NETLINK_EXT_ACK = 11;

    // linux/if_ether.h
    public static final int ETH_P_ARP = 0x0806;

    // poll.h
    public static final short POLLIN = 0x1;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;
    public static final short POLLNVAL = 0x20;

    // sys/eventfd.h, fcntl.h, sched.h
    public static final int EFD_NONBLOCK = 0x800;
    public static final int EFD_CLOEXEC = 0x80000;
    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 0x80000;
    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    /** Differs between architectures: 0400000 on x86-64, 0100000 on arm64. */
    public static final int O_NOFOLLOW = "aarch64".equals(System.getProperty("os.arch")) ? 0x8000 : 0x20000;

    public static final int CLONE_NEWNET = 0x40000000;
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    public static final int ESRCH = 3;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /** One errno capture segment per thread; freed with the thread (automatic arena). */
    private static final ThreadLocal<MemorySegment> CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    private static final MethodHandle SOCKET = downcall("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle SETSOCKOPT =
            downcall("setsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle BIND = downcall("bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle SENDTO =
            downcall("sendto", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle RECVMSG = downcall("recvmsg", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle SENDMSG = downcall("sendmsg", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle RECVFROM =
            downcall("recvfrom", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle CLOSE = downcall("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle POLL = downcall("poll", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle EVENTFD = downcall("eventfd", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle WRITE = downcall("write", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle READ = downcall("read", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle IF_NAMETOINDEX = downcall("if_nametoindex", JAVA_INT, ADDRESS);
    private static final MethodHandle SETNS = downcall("setns", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle KILL = downcall("kill", JAVA_INT, JAVA_INT, JAVA_INT);
    // open(2) is variadic; called with no mode argument the fixed-argument convention applies.
    private static final MethodHandle OPEN = downcall("open", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle MKFIFO = downcall("mkfifo", JAVA_INT, ADDRESS, JAVA_INT);

    private Libc() {}

    // Restricted by design: the JVM runs with --enable-native-access=ALL-UNNAMED.
    @SuppressWarnings("restricted")
    private static MethodHandle downcall(String name, MemoryLayout result, MemoryLayout... args) {
        MemorySegment symbol =
                LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
        return LINKER.downcallHandle(
                symbol, FunctionDescriptor.of(result, args), Linker.Option.captureCallState("errno"));
    }

    /** The errno captured by this thread's last call through this class. */
    public static int errno() {
        return (int) ERRNO.get(CAPTURE.get(), 0L);
    }

    /** Returns {@code result} unless it is negative, then throws with this thread's errno. */
    public static int check(int result, String call, String interfaceName) throws NativeException {
        if (result < 0) {
            throw new NativeException(call, errno(), interfaceName, null);
        }
        return result;
    }

    /** Returns {@code result} unless it is negative, then throws with this thread's errno. */
    public static long check(long result, String call, String interfaceName) throws NativeException {
        if (result < 0) {
            throw new NativeException(call, errno(), interfaceName, null);
        }
        return result;
    }

    public static int socket(int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(CAPTURE.get(), domain, type, protocol);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int setsockopt(int fd, int level, int name, MemorySegment value, int length) {
        try {
            return (int) SETSOCKOPT.invokeExact(CAPTURE.get(), fd, level, name, value, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** setsockopt with an int value; throws on failure. */
    public static void setsockoptInt(int fd, int level, int name, int value, String call, String interfaceName)
            throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocateFrom(JAVA_INT, value);
            check(setsockopt(fd, level, name, v, (int) v.byteSize()), call, interfaceName);
        }
    }

    public static int bind(int fd, MemorySegment address, int length) {
        try {
            return (int) BIND.invokeExact(CAPTURE.get(), fd, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long sendto(
            int fd, MemorySegment buffer, long length, int flags, MemorySegment address, int addressLength) {
        try {
            return (long) SENDTO.invokeExact(CAPTURE.get(), fd, buffer, length, flags, address, addressLength);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long sendmsg(int fd, MemorySegment msghdr, int flags) {
        try {
            return (long) SENDMSG.invokeExact(CAPTURE.get(), fd, msghdr, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long recvmsg(int fd, MemorySegment msghdr, int flags) {
        try {
            return (long) RECVMSG.invokeExact(CAPTURE.get(), fd, msghdr, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** recvfrom without the source address. */
    public static long recv(int fd, MemorySegment buffer, long length, int flags) {
        try {
            return (long) RECVFROM.invokeExact(
                    CAPTURE.get(), fd, buffer, length, flags, MemorySegment.NULL, MemorySegment.NULL);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(CAPTURE.get(), fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int poll(MemorySegment fds, long count, int timeoutMillis) {
        try {
            return (int) POLL.invokeExact(CAPTURE.get(), fds, count, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int eventfd(int initial, int flags) {
        try {
            return (int) EVENTFD.invokeExact(CAPTURE.get(), initial, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long write(int fd, MemorySegment buffer, long length) {
        try {
            return (long) WRITE.invokeExact(CAPTURE.get(), fd, buffer, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * The index of interface {@code name} in the calling thread's network namespace.
     *
     * @throws NativeException naming the interface (ENODEV) when there is none
     */
    public static int ifNameToIndex(String name) throws NativeException {
        int index;
        try (Arena arena = Arena.ofConfined()) {
            index = (int) IF_NAMETOINDEX.invokeExact(CAPTURE.get(), arena.allocateFrom(name));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (index == 0) {
            throw new NativeException("if_nametoindex", errno(), name, null);
        }
        return index;
    }

    public static int setns(int fd, int nstype) {
        try {
            return (int) SETNS.invokeExact(CAPTURE.get(), fd, nstype);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int open(MemorySegment path, int flags) {
        try {
            return (int) OPEN.invokeExact(CAPTURE.get(), path, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long read(int fd, MemorySegment buffer, long length) {
        try {
            return (long) READ.invokeExact(CAPTURE.get(), fd, buffer, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int mkfifo(MemorySegment path, int mode) {
        try {
            return (int) MKFIFO.invokeExact(CAPTURE.get(), path, mode);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** kill(2): a negative {@code pid} signals the whole process group {@code -pid}. */
    public static int kill(int pid, int signal) {
        try {
            return (int) KILL.invokeExact(CAPTURE.get(), pid, signal);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("unexpected checked exception from a downcall", t);
    }
}
