package net.tandem.agent.track;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.tandem.agent.config.FifoPaths;
import net.tandem.agent.config.NotifyFifoConfig;
import net.tandem.agent.linux.Errno;
import net.tandem.agent.linux.Libc;
import net.tandem.agent.linux.NativeException;

/**
 * keepalived's {@code notify_fifo}: one line per notification, {@code INSTANCE "VI_1" MASTER 100} (the instance's
 * effective priority) or {@code GROUP "G" BACKUP 0}, also {@code DELETED} and {@code MASTER_RX_LOWER_PRI}.
 *
 * <p>As keepalived (lib/notify.c): the FIFO is created (mode 0644) when missing, its script is started with the
 * path as last argument, then the FIFO is opened read-write and non-blocking. Read-write, so that the open never
 * waits for (or fails without) a reader and lines written before the script opens it wait in the pipe; non-blocking,
 * so that a write never stops the event loop: when nobody reads and the pipe (64 KiB) is full, the line is dropped.
 * keepalived drops silently; Tandem counts drops and logs them, at most once a minute. A FIFO the agent created is
 * removed at close, before the descriptor is closed, so that a script reopening it in a loop cannot.
 */
public final class NotifyFifo implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NotifyFifo.class.getName());
    private static final long DROP_LOG_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

    /** One notification, as a FIFO line. */
    public record Line(String kind, String name, String word, int priority) {
        /** keepalived's {@code "%s \"%s\" %s %d\n"}. */
        public String text() {
            return kind + " \"" + name + "\" " + word + " " + priority + "\n";
        }
    }

    private final NotifyFifoConfig config;
    private final int fd;
    private final boolean created;
    private final Optional<Process> script;
    private final AtomicLong dropped = new AtomicLong();
    private long lastDropLog = System.nanoTime() - DROP_LOG_INTERVAL_NANOS;
    private long droppedAtLastLog;

    private NotifyFifo(NotifyFifoConfig config, int fd, boolean created, Optional<Process> script) {
        this.config = config;
        this.fd = fd;
        this.created = created;
        this.script = script;
    }

    /**
     * Checks the path ({@link FifoPaths}), creates the FIFO if missing, starts its script (as {@code runAs}) and
     * opens it. Off the loop (it may spawn).
     *
     * @throws IOException with a message for the operator: the path is unsafe, or the FIFO cannot be made or opened
     */
    public static NotifyFifo open(NotifyFifoConfig config, RunAs runAs) throws IOException {
        Path path = config.path();
        String what = config.keyword() + " " + path;
        Optional<String> problem = FifoPaths.problem(path);
        if (problem.isPresent()) {
            throw new IOException(what + ": " + problem.get());
        }
        boolean created = false;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(path.toString());
            if (Libc.mkfifo(cPath, 0644) == 0) {
                created = true;
                config.owner().ifPresent(o -> chown(path, o.user(), o.group()));
            } else if (!Errno.EEXIST.is(Libc.errno())) {
                throw new NativeException("mkfifo", Libc.errno(), null, path.toString());
            }
            Optional<Process> script = Optional.empty();
            if (config.script().isPresent()) {
                script = start(config, runAs);
            }
            int fd = Libc.open(cPath, Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_NOFOLLOW | Libc.O_CLOEXEC);
            if (fd < 0) {
                int errno = Libc.errno();
                script.ifPresent(p -> ProcessScriptRunner.killGroup(config.keyword(), p));
                if (created) {
                    Files.deleteIfExists(path);
                }
                throw new NativeException("open", errno, null, what);
            }
            LOG.log(INFO, "{0}: open{1}", what, created ? " (created)" : "");
            return new NotifyFifo(config, fd, created, script);
        }
    }

    private static void chown(Path path, String user, Optional<String> group) {
        try {
            UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            view.setOwner(users.lookupPrincipalByName(user));
            if (group.isPresent()) {
                view.setGroup(users.lookupPrincipalByGroupName(group.get()));
            }
        } catch (IOException e) {
            // keepalived: "Failed to set uid:gid for fifo", and goes on.
            LOG.log(WARNING, "{0}: cannot give the FIFO to {1}: {2}", path, user, e.getMessage());
        }
    }

    private static Optional<Process> start(NotifyFifoConfig config, RunAs runAs) {
        String what = config.keyword() + "_script";
        if (runAs.error().isPresent()) {
            LOG.log(WARNING, "{0}: not started: {1}", what, runAs.error().get());
            return Optional.empty();
        }
        List<String> argv = new ArrayList<>(List.of("setsid"));
        argv.addAll(ScriptEnvironment.capabilityPrefix());
        argv.addAll(runAs.prefix());
        argv.addAll(CommandLine.split(config.script().orElseThrow().command()));
        argv.add(config.path().toString());
        try {
            Process p = ScriptEnvironment.apply(new ProcessBuilder(argv))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.onExit()
                    .thenAccept(done -> LOG.log(
                            done.exitValue() == 0 ? INFO : WARNING,
                            "{0}: exited ({1}); it is not restarted",
                            what,
                            done.exitValue()));
            LOG.log(INFO, "{0}: started: {1}", what, String.join(" ", argv.subList(1, argv.size())));
            return Optional.of(p);
        } catch (IOException e) {
            LOG.log(WARNING, "{0}: cannot start: {1}", what, e.getMessage());
            return Optional.empty();
        }
    }

    /** Writes one line, never waiting: when the pipe is full, the line is counted as dropped. */
    public synchronized void write(Line line) {
        byte[] bytes = line.text().getBytes(StandardCharsets.UTF_8);
        long written;
        int errno = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(bytes.length);
            buf.copyFrom(MemorySegment.ofArray(bytes));
            written = Libc.write(fd, buf, bytes.length);
            if (written < 0) {
                errno = Libc.errno();
            }
        }
        if (written == bytes.length) {
            return;
        }
        long n = dropped.incrementAndGet();
        long now = System.nanoTime();
        if (now - lastDropLog >= DROP_LOG_INTERVAL_NANOS) {
            LOG.log(
                    WARNING,
                    "{0}: {1} {2} line(s) dropped ({3} in all): {4}",
                    line.name(),
                    config.keyword(),
                    n - droppedAtLastLog,
                    n,
                    errno == 0
                            ? "short write"
                            : Errno.EAGAIN.is(errno) ? "nobody reads it and it is full" : "errno " + errno);
            lastDropLog = now;
            droppedAtLastLog = n;
        }
    }

    /** Lines not written (no room in the pipe). */
    public long dropped() {
        return dropped.get();
    }

    public Path path() {
        return config.path();
    }

    /** Removes a FIFO the agent created, closes it, and stops its script (SIGTERM, then SIGKILL after 1 s). */
    @Override
    public synchronized void close() {
        if (created) {
            try {
                Files.deleteIfExists(config.path());
            } catch (IOException e) {
                LOG.log(WARNING, "{0} {1}: cannot remove: {2}", config.keyword(), config.path(), e.getMessage());
            }
        }
        Libc.close(fd);
        script.ifPresent(p -> {
            Libc.kill(-(int) p.pid(), Libc.SIGTERM);
            try {
                if (!p.waitFor(1, TimeUnit.SECONDS)) {
                    ProcessScriptRunner.killGroup(config.keyword() + "_script", p);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ProcessScriptRunner.killGroup(config.keyword() + "_script", p);
            }
        });
    }
}
