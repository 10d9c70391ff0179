package net.tandem.agent.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Network namespaces, per thread. {@code setns(2)} with CLONE_NEWNET moves only
 * the calling thread; a socket keeps the namespace it was created in for its
 * whole life, whichever thread later uses it. So the way to get a socket in
 * namespace N is: open it on a thread that has entered N — {@link #call} does
 * exactly that on a fresh platform thread, leaving the caller's thread alone.
 *
 * <p>Named namespaces are the files {@code ip netns add} creates under
 * /run/netns. Entering one needs CAP_SYS_ADMIN.
 */
public final class Netns {

    static final Path RUN_NETNS = Path.of("/run/netns");

    private Netns() {}

    /** A task run inside a namespace; it may throw anything. */
    @FunctionalInterface
    public interface IoCallable<T> {
        T call() throws Exception;
    }

    /**
     * Moves the <em>calling thread</em> into the named namespace for good. Use
     * only on a thread you own (never a pooled or virtual thread).
     */
    public static void enter(String name) throws NativeException {
        enterPath(RUN_NETNS.resolve(name).toString(), name);
    }

    /** Moves the calling thread into the namespace the file {@code path} refers to (/proc/PID/ns/net...). */
    static void enterPath(String path, String name) throws NativeException {
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = Libc.open(arena.allocateFrom(path), Libc.O_RDONLY | Libc.O_CLOEXEC);
        }
        if (fd < 0) {
            throw new NativeException("open(" + path + ")", Libc.errno(), null, "network namespace " + name);
        }
        try {
            if (Libc.setns(fd, Libc.CLONE_NEWNET) < 0) {
                throw new NativeException("setns(CLONE_NEWNET)", Libc.errno(), null, "network namespace " + name);
            }
        } finally {
            Libc.close(fd);
        }
    }

    /**
     * Runs {@code task} on a new platform thread that has entered the named
     * namespace, waits for it and returns its result. Sockets the task opens
     * live in that namespace and may be used from any thread afterwards.
     */
    public static <T> T call(String name, IoCallable<T> task) throws IOException {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name("netns-" + name).unstarted(() -> {
            try {
                enter(name);
                result.set(task.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running in network namespace " + name, e);
        }
        Throwable t = failure.get();
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IOException("failed in network namespace " + name, new ExecutionException(t));
        }
        return result.get();
    }

    /** {@link #call} for tasks without a result. */
    public static void run(String name, IoCallable<?> task) throws IOException {
        call(name, task);
    }
}
