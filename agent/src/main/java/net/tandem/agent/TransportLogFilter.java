package net.tandem.agent;

import java.io.IOException;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Keeps gRPC's and Netty's lines from drowning the agent's own. When thousands of control clients go away at once,
 * each connection may log an exception with its stack trace ("connection reset", "stream closed"): expected, and
 * useless in the journal, which rate-limits and so would throw away the agent's real lines too. Here a transport
 * line's stack trace is cut to its one-line summary when the cause is an I/O error, and at most {@link #BURST}
 * transport lines per minute pass; the next line that passes says how many were left out. Debug logging
 * ({@code --debug}) shows them all.
 */
final class TransportLogFilter implements Filter {

    static final int BURST = 10;
    private static final long WINDOW_NANOS = 60_000_000_000L;

    private long windowStart = System.nanoTime();
    private int inWindow;
    private long suppressed;

    @Override
    public synchronized boolean isLoggable(LogRecord r) {
        String name = r.getLoggerName();
        if (name == null || !(name.startsWith("io.grpc") || name.startsWith("io.netty"))) {
            return true;
        }
        String message = r.getMessage();
        if (message != null && message.startsWith("Unknown channel option 'SO_KEEPALIVE'")) {
            return false; // gRPC sets it on every accepted connection, and the control socket's have none: noise
        }
        if (expectedDisconnect(r.getThrown())) {
            r.setMessage(r.getMessage() + ": " + r.getThrown());
            r.setThrown(null);
        }
        long now = System.nanoTime();
        if (now - windowStart >= WINDOW_NANOS) {
            windowStart = now;
            inWindow = 0;
        }
        if (inWindow >= BURST) {
            suppressed++;
            return false;
        }
        inWindow++;
        if (suppressed > 0) {
            r.setMessage(r.getMessage() + " (" + suppressed + " gRPC/Netty lines left out before this one)");
            suppressed = 0;
        }
        return true;
    }

    /** An I/O error anywhere in the chain: a peer that went away, a reset, a closed channel or stream. */
    static boolean expectedDisconnect(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                return true;
            }
            String n = c.getClass().getSimpleName();
            if (n.equals("Http2Exception") || n.equals("StreamException") || n.equals("ClosedChannelException")) {
                return true;
            }
        }
        return false;
    }
}
