package net.tandem.agent.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * systemd's sd_notify(3), without libsystemd: one datagram per message on the AF_UNIX socket
 * named by {@code $NOTIFY_SOCKET} ({@code READY=1}, {@code WATCHDOG=1}, {@code RELOADING=1},
 * {@code STOPPING=1}, {@code STATUS=...}). The JDK's DatagramChannel has no AF_UNIX datagrams,
 * hence FFM. A name starting with '@' is in the abstract namespace (a leading NUL byte).
 * Sends never block (MSG_DONTWAIT): a full socket loses a ping rather than stall the loop.
 */
public final class SdNotify implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SdNotify.class.getName());
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int SUN_PATH_MAX = 108;

    private final String path;
    private final int fd;
    private final Duration watchdog;
    private boolean failedOnce;

    private SdNotify(String path, int fd, Duration watchdog) {
        this.path = path;
        this.fd = fd;
        this.watchdog = watchdog;
    }

    /** From {@code NOTIFY_SOCKET} (and {@code WATCHDOG_USEC}/{@code WATCHDOG_PID}); empty when not run by systemd. */
    public static Optional<SdNotify> fromEnvironment() {
        return from(System.getenv(), ProcessHandle.current().pid());
    }

    static Optional<SdNotify> from(Map<String, String> env, long pid) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return Optional.empty();
        }
        Duration watchdog = Duration.ZERO;
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec != null && (forPid == null || forPid.equals(String.valueOf(pid)))) {
            try {
                watchdog = Duration.ofNanos(Long.parseLong(usec.strip()) * 1000);
            } catch (NumberFormatException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "systemd: WATCHDOG_USEC={0} is not a number; no watchdog pings",
                        usec);
            }
        }
        try {
            return Optional.of(open(socket, watchdog));
        } catch (NativeException e) {
            LOG.log(System.Logger.Level.WARNING, "systemd: cannot open NOTIFY_SOCKET {0}: {1}", socket, e.getMessage());
            return Optional.empty();
        }
    }

    public static SdNotify open(String path, Duration watchdog) throws NativeException {
        if (path.getBytes(StandardCharsets.UTF_8).length >= SUN_PATH_MAX) {
            throw new IllegalArgumentException("NOTIFY_SOCKET path too long: " + path);
        }
        int fd = Libc.check(Libc.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0), "socket(AF_UNIX)", null);
        return new SdNotify(path, fd, watchdog);
    }

    /** systemd's watchdog timeout ({@code WatchdogSec=}), or zero when there is none. */
    public Duration watchdogTimeout() {
        return watchdog;
    }

    /** Sends one notification (lines like {@code READY=1}); returns whether it went out. */
    public synchronized boolean send(String state) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = sockaddr(arena, path);
            byte[] bytes = state.getBytes(StandardCharsets.UTF_8);
            MemorySegment buf = arena.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, buf, JAVA_BYTE, 0, bytes.length);
            long n = Libc.sendto(fd, buf, bytes.length, Libc.MSG_DONTWAIT | MSG_NOSIGNAL, addr, (int) addr.byteSize());
            if (n < 0) {
                if (!failedOnce) {
                    failedOnce = true;
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "systemd: cannot notify {0} ({1}): errno {2}",
                            path,
                            state.replace('\n', ' '),
                            Libc.errno());
                }
                return false;
            }
            return true;
        }
    }

    /** struct sockaddr_un for {@code path}; '@' is the abstract namespace (no trailing NUL counted). */
    public static MemorySegment sockaddr(Arena arena, String path) {
        boolean abstractName = path.startsWith("@");
        byte[] name = (abstractName ? path.substring(1) : path).getBytes(StandardCharsets.UTF_8);
        int pathBytes = abstractName ? 1 + name.length : name.length + 1;
        MemorySegment sa = arena.allocate(2 + pathBytes);
        sa.fill((byte) 0);
        sa.set(JAVA_SHORT, 0, (short) Libc.AF_UNIX);
        MemorySegment.copy(name, 0, sa, JAVA_BYTE, abstractName ? 3 : 2, name.length);
        return sa;
    }

    @Override
    public void close() {
        Libc.close(fd);
    }
}
