package net.tandem.agent.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;

/**
 * A socket file descriptor that one thread may block on while another closes it.
 *
 * <p>Closing an fd does not wake a thread blocked in recv on it (Linux), and
 * shutdown(2) does nothing for netlink and packet sockets. So every blocking
 * receive here waits in poll(2) on two fds: the socket and an eventfd.
 * {@link #close()} writes the eventfd, which wakes the waiter, who then sees
 * the closed flag and leaves with {@link AsynchronousCloseException}.
 *
 * <p>The fds and the native memory ({@link #arena()}) are released only when
 * the last user has left, so a thread that is inside a call never sees its fd
 * closed, or worse reused by an unrelated open, under its feet.
 */
final class SocketFd implements AutoCloseable {

    private final int fd;
    private final int wakeFd;
    private final String interfaceName;
    private final Arena arena = Arena.ofShared();
    /** Two pollfds: the socket, the eventfd. Used only by the (single) receiving thread. */
    private final MemorySegment pollFds;
    /** The 8-byte counter increment written to the eventfd by close(). */
    private final MemorySegment one;

    private int users;
    private boolean closing;

    /** Takes ownership of {@code fd}; closes it if the wakeup eventfd can't be made. */
    SocketFd(int fd, String interfaceName) throws NativeException {
        this.fd = fd;
        this.interfaceName = interfaceName;
        int wake = Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (wake < 0) {
            int errno = Libc.errno();
            Libc.close(fd);
            arena.close();
            throw new NativeException("eventfd", errno, interfaceName, null);
        }
        this.wakeFd = wake;
        this.pollFds = arena.allocate(Structs.POLLFD, 2);
        this.one = arena.allocateFrom(JAVA_LONG, 1L);
        pollFds.set(JAVA_INT, Structs.POLL_FD, fd);
        pollFds.set(JAVA_SHORT, Structs.POLL_EVENTS, Libc.POLLIN);
        pollFds.set(JAVA_INT, Structs.POLLFD.byteSize() + Structs.POLL_FD, wakeFd);
        pollFds.set(JAVA_SHORT, Structs.POLLFD.byteSize() + Structs.POLL_EVENTS, Libc.POLLIN);
    }

    /** The raw fd; valid between {@link #enter()} and {@link #exit()}. */
    int fd() {
        return fd;
    }

    String interfaceName() {
        return interfaceName;
    }

    /** Native memory that lives as long as the socket. */
    Arena arena() {
        return arena;
    }

    /** Marks the calling thread as using the fd; pair with {@link #exit()} in a finally. */
    synchronized void enter() throws ClosedChannelException {
        if (closing) {
            throw new ClosedChannelException();
        }
        users++;
    }

    synchronized void exit() {
        users--;
        if (closing && users == 0) {
            release();
        }
    }

    synchronized boolean isClosed() {
        return closing;
    }

    /**
     * Waits until the socket is readable or {@code timeoutMillis} passes (-1: forever).
     * Call between enter() and exit(), from one thread at a time.
     *
     * @return true if readable, false on timeout
     * @throws AsynchronousCloseException if {@link #close()} was called meanwhile
     */
    boolean awaitReadable(int timeoutMillis, String call) throws IOException {
        while (true) {
            if (isClosed()) {
                throw new AsynchronousCloseException();
            }
            int n = Libc.poll(pollFds, 2, timeoutMillis);
            if (n < 0) {
                int errno = Libc.errno();
                if (Errno.EINTR.is(errno)) {
                    continue;
                }
                throw new NativeException("poll (" + call + ")", errno, interfaceName, null);
            }
            if (isClosed()) {
                throw new AsynchronousCloseException();
            }
            if (n == 0) {
                return false;
            }
            short revents = pollFds.get(JAVA_SHORT, Structs.POLL_REVENTS);
            if (revents != 0) {
                // POLLERR/POLLHUP: let the caller's recv report the error.
                return true;
            }
        }
    }

    /** Wakes a thread blocked in {@link #awaitReadable} and releases the fd once nobody uses it. */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (users == 0) {
            release();
        } else {
            // Under the monitor: the last user can't release (close) the eventfd meanwhile.
            Libc.write(wakeFd, one, 8);
        }
    }

    /** Called with the monitor held, once. */
    private void release() {
        Libc.close(fd);
        Libc.close(wakeFd);
        arena.close();
    }
}
