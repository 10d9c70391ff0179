package net.tandem.agent.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One thread that waits in poll(2) until a client connects to any of some listening sockets, then runs an action
 * once (the control server builds gRPC and Netty on those sockets) and ends. It never accepts: the connection stays
 * in the socket's queue for whoever takes the socket over, so the first client is served like any other. {@link
 * #cancel} ends the wait without the action (an eventfd wakes the thread).
 */
public final class FirstConnectionWatch {

    private static final System.Logger LOG = System.getLogger(FirstConnectionWatch.class.getName());
    /** The thread only polls: a small stack is plenty (only the touched pages are resident anyway). */
    private static final long STACK = 256 * 1024;

    private final int[] fds;
    private final int wake;
    private final Runnable action;
    private boolean done; // the wake eventfd is closed: guarded by this
    private Thread thread;

    private FirstConnectionWatch(int[] fds, int wake, Runnable action) {
        this.fds = fds.clone();
        this.wake = wake;
        this.action = action;
    }

    /**
     * @param name   the thread's name
     * @param fds    listening sockets (not closed here)
     * @param action run on the watch's thread when the first connection waits on any of them
     */
    public static FirstConnectionWatch start(String name, int[] fds, Runnable action) throws NativeException {
        int wake = Libc.check(Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK), "eventfd", null);
        FirstConnectionWatch w = new FirstConnectionWatch(fds, wake, action);
        w.thread = Thread.ofPlatform().daemon().name(name).stackSize(STACK).start(w::run);
        return w;
    }

    private void run() {
        boolean connected = false;
        try (Arena arena = Arena.ofConfined()) {
            int n = fds.length + 1;
            MemorySegment pollfds = arena.allocate(Structs.POLLFD, n);
            for (int i = 0; i < n; i++) {
                MemorySegment p = pollfds.asSlice(i * Structs.POLLFD.byteSize(), Structs.POLLFD.byteSize());
                p.set(JAVA_INT, Structs.POLL_FD, i < fds.length ? fds[i] : wake);
                p.set(JAVA_SHORT, Structs.POLL_EVENTS, Libc.POLLIN);
            }
            while (true) {
                int rc = Libc.poll(pollfds, n, -1);
                if (rc < 0) {
                    if (Errno.EINTR.is(Libc.errno())) {
                        continue;
                    }
                    LOG.log(
                            System.Logger.Level.ERROR,
                            "control: poll on the listening sockets failed: " + Errno.describe(Libc.errno())
                                    + "; starting the control API now");
                    connected = true;
                    break;
                }
                if (revents(pollfds, n - 1) != 0) {
                    break; // cancelled
                }
                for (int i = 0; i < fds.length; i++) {
                    connected |= revents(pollfds, i) != 0;
                }
                if (connected) {
                    break;
                }
            }
        } finally {
            synchronized (this) {
                done = true;
                Libc.close(wake);
            }
        }
        if (connected) {
            action.run();
        }
    }

    private static short revents(MemorySegment pollfds, int i) {
        return pollfds.get(JAVA_SHORT, i * Structs.POLLFD.byteSize() + Structs.POLL_REVENTS);
    }

    /**
     * Ends the wait without the action, unless a connection already started it, and waits (up to a second) until
     * the watch's poll has returned: poll(2) holds a reference to each socket it waits on, so a listening socket
     * closed while it waits stays open, and takes connections, until then.
     */
    public void cancel() {
        synchronized (this) {
            if (!done) {
                try (Arena arena = Arena.ofConfined()) {
                    Libc.write(wake, arena.allocateFrom(JAVA_LONG, 1L), 8);
                }
            }
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
