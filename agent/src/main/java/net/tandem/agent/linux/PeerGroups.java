package net.tandem.agent.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The supplementary groups of the process at the other end of a connected Unix socket, as the kernel recorded them
 * when it connected ({@code getsockopt(SO_PEERGROUPS)}, Linux 4.13). SO_PEERCRED gives only the primary group, and a
 * user is usually put in a group as a supplementary one ({@code usermod -aG}); reading /proc/PID/status instead would
 * race with the peer exiting and its pid being reused.
 */
public final class PeerGroups {

    private static final int SOL_SOCKET = 1;
    private static final int SO_PEERGROUPS = 59;
    private static final int ERANGE = 34;
    /** NGROUPS_MAX is 65536; a first try this large almost always suffices. */
    private static final int FIRST_TRY = 64;

    private static final MethodHandle GETSOCKOPT = downcall();
    private static final long ERRNO_OFFSET = Linker.Option.captureStateLayout()
            .byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

    private PeerGroups() {}

    @SuppressWarnings("restricted") // the JVM runs with --enable-native-access=ALL-UNNAMED
    private static MethodHandle downcall() {
        Linker linker = Linker.nativeLinker();
        return linker.downcallHandle(
                linker.defaultLookup().find("getsockopt").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS),
                Linker.Option.captureCallState("errno"));
    }

    /**
     * @param fd a connected AF_UNIX stream socket
     * @return the peer's supplementary group ids (possibly empty)
     * @throws NativeException if the kernel refuses (not a Unix socket, or too old a kernel)
     */
    public static int[] of(int fd) throws NativeException {
        int size = FIRST_TRY;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(Linker.Option.captureStateLayout());
            while (true) {
                MemorySegment buf = arena.allocate(JAVA_INT, size);
                MemorySegment len = arena.allocate(JAVA_INT);
                len.set(JAVA_INT, 0, size * 4);
                int rc = (int) GETSOCKOPT.invokeExact(errno, fd, SOL_SOCKET, SO_PEERGROUPS, buf, len);
                int bytes = len.get(JAVA_INT, 0);
                if (rc == 0) {
                    return buf.asSlice(0, bytes).toArray(JAVA_INT);
                }
                int e = errno.get(JAVA_INT, ERRNO_OFFSET);
                if (e == ERANGE && bytes > size * 4) {
                    size = bytes / 4; // the kernel said how much it needs
                    continue;
                }
                throw new NativeException("getsockopt(SO_PEERGROUPS)", e, "control socket", null);
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("getsockopt downcall failed", t);
        }
    }
}
