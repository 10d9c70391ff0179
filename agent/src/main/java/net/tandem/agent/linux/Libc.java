package net.tandem.agent.linux;

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
import java.lang.ref.Reference;

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

    /*
     * Every function is called through one shape: six integer-class arguments (ints, sizes and pointers, as
     * longs) and an integer-class result, with errno captured. The FFM linker generates a stub per distinct
     * (descriptor, options) pair at run time; the JDK's AOT cache does not hold them, and a dozen distinct
     * shapes cost Libc's initialisation 0.24-0.39 s of CPU at every start on the (loaded, two-core) test
     * machine, one shape 0.04-0.16 s (docs/benchmarks.md). On x86-64 (System V) and arm64 (AAPCS64), the
     * two ABIs the agent runs on, the first six (eight) integer arguments travel in registers: a function
     * reads the low 32 bits of an int parameter, ignores the registers it has no parameter for, and returns
     * an int in the low 32 bits of the result register, which the wrappers below narrow with a cast.
     */
    private static final FunctionDescriptor SHAPE =
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);

    private static final MethodHandle SOCKET = function("socket");
    private static final MethodHandle SETSOCKOPT = function("setsockopt");
    private static final MethodHandle BIND = function("bind");
    private static final MethodHandle SENDTO = function("sendto");
    private static final MethodHandle RECVMSG = function("recvmsg");
    private static final MethodHandle SENDMSG = function("sendmsg");
    private static final MethodHandle RECVFROM = function("recvfrom");
    private static final MethodHandle CLOSE = function("close");
    private static final MethodHandle POLL = function("poll");
    private static final MethodHandle EVENTFD = function("eventfd");
    private static final MethodHandle WRITE = function("write");
    private static final MethodHandle READ = function("read");
    private static final MethodHandle IF_NAMETOINDEX = function("if_nametoindex");
    private static final MethodHandle SETNS = function("setns");
    private static final MethodHandle KILL = function("kill");
    // open(2) is variadic; called with no mode argument the fixed-argument convention applies.
    private static final MethodHandle OPEN = function("open");
    private static final MethodHandle MKFIFO = function("mkfifo");

    private Libc() {}

    /**
     * The libc function {@code name} with the one shape above: {@code (MemorySegment errnoCapture, long x 6) ->
     * long}; call it through {@link #call}.
     */
    // Restricted by design: the JVM runs with --enable-native-access=ALL-UNNAMED.
    @SuppressWarnings("restricted")
    static MethodHandle function(String name) {
        MemorySegment symbol =
                LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
        return LINKER.downcallHandle(symbol, SHAPE, Linker.Option.captureCallState("errno"));
    }

    /**
     * Calls {@code f} (from {@link #function}) with this thread's errno capture; arguments it does not take
     * are 0. An int result is the low 32 bits: cast it.
     */
    static long call(MethodHandle f, long a, long b, long c, long d, long e, long g) {
        try {
            return (long) f.invokeExact(CAPTURE.get(), a, b, c, d, e, g);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long call(MethodHandle f) {
        return call(f, 0, 0, 0, 0, 0, 0);
    }

    static long call(MethodHandle f, long a) {
        return call(f, a, 0, 0, 0, 0, 0);
    }

    static long call(MethodHandle f, long a, long b) {
        return call(f, a, b, 0, 0, 0, 0);
    }

    static long call(MethodHandle f, long a, long b, long c) {
        return call(f, a, b, c, 0, 0, 0);
    }

    /**
     * A pointer argument: the native address of {@code s} ({@link MemorySegment#NULL} is 0). The caller keeps
     * {@code s} reachable until the call returns ({@link Reference#reachabilityFence}): an automatic arena's
     * memory could otherwise be freed during the call.
     *
     * @throws IllegalArgumentException for a heap segment, which has no address a C function could use
     */
    static long address(MemorySegment s) {
        if (!s.isNative()) {
            throw new IllegalArgumentException("a heap segment passed to libc");
        }
        return s.address();
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
        return (int) call(SOCKET, domain, type, protocol);
    }

    public static int setsockopt(int fd, int level, int name, MemorySegment value, int length) {
        long r = call(SETSOCKOPT, fd, level, name, address(value), length, 0);
        Reference.reachabilityFence(value);
        return (int) r;
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
        long r = call(BIND, fd, address(address), length);
        Reference.reachabilityFence(address);
        return (int) r;
    }

    public static long sendto(
            int fd, MemorySegment buffer, long length, int flags, MemorySegment address, int addressLength) {
        long r = call(SENDTO, fd, address(buffer), length, flags, address(address), addressLength);
        Reference.reachabilityFence(buffer);
        Reference.reachabilityFence(address);
        return r;
    }

    public static long sendmsg(int fd, MemorySegment msghdr, int flags) {
        long r = call(SENDMSG, fd, address(msghdr), flags);
        Reference.reachabilityFence(msghdr);
        return r;
    }

    public static long recvmsg(int fd, MemorySegment msghdr, int flags) {
        long r = call(RECVMSG, fd, address(msghdr), flags);
        Reference.reachabilityFence(msghdr);
        return r;
    }

    /** recvfrom without the source address. */
    public static long recv(int fd, MemorySegment buffer, long length, int flags) {
        long r = call(RECVFROM, fd, address(buffer), length, flags, 0, 0);
        Reference.reachabilityFence(buffer);
        return r;
    }

    public static int close(int fd) {
        return (int) call(CLOSE, fd);
    }

    public static int poll(MemorySegment fds, long count, int timeoutMillis) {
        long r = call(POLL, address(fds), count, timeoutMillis);
        Reference.reachabilityFence(fds);
        return (int) r;
    }

    public static int eventfd(int initial, int flags) {
        return (int) call(EVENTFD, initial, flags);
    }

    public static long write(int fd, MemorySegment buffer, long length) {
        long r = call(WRITE, fd, address(buffer), length);
        Reference.reachabilityFence(buffer);
        return r;
    }

    /**
     * The index of interface {@code name} in the calling thread's network namespace.
     *
     * @throws NativeException naming the interface (ENODEV) when there is none
     */
    public static int ifNameToIndex(String name) throws NativeException {
        int index;
        try (Arena arena = Arena.ofConfined()) {
            index = (int) call(IF_NAMETOINDEX, address(arena.allocateFrom(name)));
        }
        if (index == 0) {
            throw new NativeException("if_nametoindex", errno(), name, null);
        }
        return index;
    }

    public static int setns(int fd, int nstype) {
        return (int) call(SETNS, fd, nstype);
    }

    public static int open(MemorySegment path, int flags) {
        long r = call(OPEN, address(path), flags);
        Reference.reachabilityFence(path);
        return (int) r;
    }

    public static long read(int fd, MemorySegment buffer, long length) {
        long r = call(READ, fd, address(buffer), length);
        Reference.reachabilityFence(buffer);
        return r;
    }

    public static int mkfifo(MemorySegment path, int mode) {
        long r = call(MKFIFO, address(path), mode);
        Reference.reachabilityFence(path);
        return (int) r;
    }

    /** kill(2): a negative {@code pid} signals the whole process group {@code -pid}. */
    public static int kill(int pid, int signal) {
        return (int) call(KILL, pid, signal);
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
