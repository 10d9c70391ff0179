package net.tandem.agent.linux;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
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
    // Through Libc's one downcall shape (Libc says why).
    private static final MethodHandle SIGACTION = Libc.function("sigaction");
    private static final MethodHandle SIGNAL = Libc.function("signal");
    /** glibc's struct sigaction is 152 bytes on x86_64 and arm64; the handler is its first member. */
    private static final long SIGACTION_SIZE = 152;

    private static final long SIG_DFL = 0;
    /** What {@link RealtimeSignals#ignore} sets. */
    private static final long SIG_IGN = 1;

    private IgnoredSignals() {}

    /** Whether the signal's disposition is "ignore" now. */
    public static boolean isIgnored(int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment old = arena.allocate(SIGACTION_SIZE, 8);
            int rc = (int) Libc.call(SIGACTION, signal, 0, Libc.address(old));
            return rc == 0 && old.get(JAVA_LONG, 0) == SIG_IGN;
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
        if (Libc.call(SIGNAL, signal, disposition) == -1L) { // SIG_ERR
            throw new IllegalStateException("signal(" + signal + ") refused");
        }
    }
}
