package net.tandem.agent.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The real-time signal numbers as this C library numbers them, and a way to ignore one. keepalived
 * names its JSON dump {@code SIGRTMIN+2} and its stats-and-clear {@code SIGRTMAX-1}; glibc keeps the
 * first real-time signals for itself, so SIGRTMIN is a function ({@code __libc_current_sigrtmin}),
 * not a constant: we ask it, as keepalived's binary does at run time.
 */
public final class RealtimeSignals {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SIGRTMIN = downcall("__libc_current_sigrtmin", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle SIGRTMAX = downcall("__libc_current_sigrtmax", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle SIGNAL = downcall("signal", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
    /** {@code SIG_IGN} from signal.h: the handler "address" 1. */
    private static final long SIG_IGN = 1;

    private RealtimeSignals() {}

    // Restricted by design: the JVM runs with --enable-native-access=ALL-UNNAMED.
    @SuppressWarnings("restricted")
    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LINKER.defaultLookup()
                .find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
        return LINKER.downcallHandle(symbol, descriptor);
    }

    /** SIGRTMIN: 34 with glibc on Linux. */
    public static int min() {
        return callInt(SIGRTMIN);
    }

    /** SIGRTMAX: 64 on Linux. */
    public static int max() {
        return callInt(SIGRTMAX);
    }

    /**
     * Sets the signal's disposition to "ignore", so that it cannot end the process (a real-time
     * signal's default action is to terminate). No handler of ours runs in signal context: the
     * kernel simply drops the signal.
     *
     * @return whether libc accepted it
     */
    public static boolean ignore(int signal) {
        try {
            MemorySegment old = (MemorySegment) SIGNAL.invokeExact(signal, MemorySegment.ofAddress(SIG_IGN));
            return old.address() != -1L; // SIG_ERR
        } catch (Throwable t) {
            throw new IllegalStateException("signal(" + signal + ", SIG_IGN) failed", t);
        }
    }

    private static int callInt(MethodHandle h) {
        try {
            return (int) h.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("cannot ask libc for the real-time signal range", t);
        }
    }
}
