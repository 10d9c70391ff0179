package net.tandem.agent.linux;

import java.lang.invoke.MethodHandle;

/**
 * The real-time signal numbers as this C library numbers them, and a way to ignore one. keepalived
 * names its JSON dump {@code SIGRTMIN+2} and its stats-and-clear {@code SIGRTMAX-1}; glibc keeps the
 * first real-time signals for itself, so SIGRTMIN is a function ({@code __libc_current_sigrtmin}),
 * not a constant: we ask it, as keepalived's binary does at run time.
 */
public final class RealtimeSignals {
    // Through Libc's one downcall shape (Libc says why).
    private static final MethodHandle SIGRTMIN = Libc.function("__libc_current_sigrtmin");
    private static final MethodHandle SIGRTMAX = Libc.function("__libc_current_sigrtmax");
    private static final MethodHandle SIGNAL = Libc.function("signal");
    /** {@code SIG_IGN} from signal.h: the handler "address" 1. */
    private static final long SIG_IGN = 1;

    private RealtimeSignals() {}

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
        return Libc.call(SIGNAL, signal, SIG_IGN) != -1L; // SIG_ERR
    }

    private static int callInt(MethodHandle h) {
        return (int) Libc.call(h);
    }
}
