package net.tandem.agent.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * A signal the agent was started with ignored ({@code nohup} ignores SIGHUP; a shell's background job
 * has SIGINT ignored). The JVM will not handle a SIGHUP, SIGINT or SIGTERM that was ignored when the
 * handler is registered, so the agent would never hear a reload, and say nothing. keepalived sets
 * its own handlers whatever it inherited; so does Tandem: such a signal is set back to its default
 * just before the agent registers its handler for it.
 */
public final class IgnoredSignals {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SIGACTION =
            downcall("sigaction", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SIGNAL = downcall("signal", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
    /** glibc's struct sigaction is 152 bytes on x86_64 and arm64; the handler is its first member. */
    private static final long SIGACTION_SIZE = 152;

    private static final long SIG_DFL = 0;
    /** What {@link RealtimeSignals#ignore} sets. */
    private static final long SIG_IGN = 1;

    private IgnoredSignals() {}

    // Restricted by design: the JVM runs with --enable-native-access=ALL-UNNAMED.
    @SuppressWarnings("restricted")
    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LINKER.defaultLookup()
                .find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
        return LINKER.downcallHandle(symbol, descriptor);
    }

    /** Whether the signal's disposition is "ignore" now. */
    public static boolean isIgnored(int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment old = arena.allocate(SIGACTION_SIZE, 8);
            int rc = (int) SIGACTION.invokeExact(signal, MemorySegment.NULL, old);
            return rc == 0 && old.get(JAVA_LONG, 0) == SIG_IGN;
        } catch (Throwable t) {
            throw new IllegalStateException("sigaction(" + signal + ") failed", t);
        }
    }

    /**
     * Sets the signal back to its default disposition if it is ignored, and only then.
     *
     * @return whether it was ignored
     */
    public static boolean resetIfIgnored(int signal) {
        if (!isIgnored(signal)) {
            return false;
        }
        set(signal, SIG_DFL);
        return true;
    }

    private static void set(int signal, long disposition) {
        try {
            MemorySegment old = (MemorySegment) SIGNAL.invokeExact(signal, MemorySegment.ofAddress(disposition));
            if (old.address() == -1L) { // SIG_ERR
                throw new IllegalStateException("signal(" + signal + ") refused");
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("signal(" + signal + ") failed", t);
        }
    }
}
