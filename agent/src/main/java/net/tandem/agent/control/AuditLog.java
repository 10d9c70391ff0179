package net.tandem.agent.control;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import net.tandem.agent.linux.SafeFiles;

/**
 * One line per command (and per refused command), to the agent's log and optionally to a file of its own:
 *
 * <pre>
 * audit: 2026-05-01T10:15:30.123Z peer=192.0.2.100:51234 tls="CN=ops" role=ADMIN method=Takeover instance=VI_1 result=OK: VI_1: takeover ...
 * </pre>
 *
 * Values are written so that one record is always one line (newlines in messages become spaces). The role is what
 * the token or the Unix socket peer's credentials allowed ({@code ADMIN}, {@code READ}, {@code OPEN}) or why the call
 * was refused before that ({@code NO_TOKEN}, {@code WRONG_TOKEN}); IPv6 peers are written compressed, in brackets.
 * Refused calls ({@link #recordRefusal}) are rate-limited, so that a client hammering the API fills neither the
 * journal nor the file; commands that ran are always recorded. {@link #reopen} (SIGHUP) lets logrotate move the file
 * away.
 */
public final class AuditLog implements Closeable {

    private static final System.Logger LOG = System.getLogger("net.tandem.agent.control.audit");

    private final InstantSource clock;
    private final Optional<Path> path;
    /** Replaced by {@link #reopen}; writes and the swap synchronise on {@code this}. */
    private Optional<Writer> file;

    private final RateLimitedLog refusals;

    private AuditLog(InstantSource clock, Optional<Path> path, Optional<Writer> file) {
        this.clock = clock;
        this.path = path;
        this.file = file;
        this.refusals = new RateLimitedLog(this::write, System::nanoTime, 20, 10_000_000_000L);
    }

    /** The agent's log only. */
    public static AuditLog toLog(InstantSource clock) {
        return new AuditLog(clock, Optional.empty(), Optional.empty());
    }

    /**
     * The agent's log, and lines appended to {@code file} (created 0600 if missing, flushed after each
     * line). The file is opened without following a symbolic link and must be the agent's own that no
     * one else may write ({@link SafeFiles#openForAppending}).
     *
     * @throws IOException naming the file if it cannot be opened for appending, or why it is refused
     */
    public static AuditLog toLogAndFile(InstantSource clock, Path file) throws IOException {
        return new AuditLog(clock, Optional.of(file), Optional.of(open(file)));
    }

    private static Writer open(Path file) throws IOException {
        try {
            return SafeFiles.openForAppending(file, "audit_log");
        } catch (SafeFiles.UnsafeFileException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("audit_log " + file + ": cannot open for appending: " + e.getMessage(), e);
        }
    }

    /**
     * @param arguments the request as {@code name=value} words, empty if it has none
     * @param result    {@code OK: what happened} or {@code CODE: why not}
     */
    void record(Caller caller, String method, String arguments, String result) {
        write(line(caller, method, arguments, result));
    }

    /** A refused call: as {@link #record}, at most 20 lines per 10 s, then a count of those left out. */
    void recordRefusal(Caller caller, String method, String arguments, String result) {
        refusals.log(line(caller, method, arguments, result));
    }

    /**
     * Closes the file and opens it again by name (SIGHUP, after logrotate renamed it): the next line goes to a new
     * file. If it cannot be opened, lines go on to the agent's log only, and the next reopen tries again.
     */
    public void reopen() {
        if (path.isEmpty()) {
            return;
        }
        synchronized (this) {
            file.ifPresent(w -> {
                try {
                    w.close();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "audit: closing " + path.get() + ": " + e.getMessage());
                }
            });
            try {
                file = Optional.of(open(path.get()));
            } catch (IOException e) {
                file = Optional.empty();
                LOG.log(System.Logger.Level.WARNING, "audit: " + e.getMessage() + "; lines go to the agent's log only");
            }
        }
    }

    private String line(Caller caller, String method, String arguments, String result) {
        StringBuilder line = new StringBuilder("audit: ")
                .append(clock.instant())
                .append(" peer=")
                .append(caller.peer());
        caller.tlsIdentity()
                .ifPresent(id ->
                        line.append(" tls=\"").append(id.replace("\"", "'")).append('"'));
        line.append(" role=").append(caller.role()).append(" method=").append(method);
        if (!arguments.isEmpty()) {
            line.append(' ').append(arguments);
        }
        line.append(" result=").append(result);
        return line.toString().replaceAll("[\\r\\n]+", " ");
    }

    private void write(String text) {
        LOG.log(System.Logger.Level.INFO, text);
        synchronized (this) {
            if (file.isEmpty()) {
                return;
            }
            try {
                file.get().write(text);
                file.get().write('\n');
                file.get().flush();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "audit: cannot write the audit file: " + e.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (file.isPresent()) {
            file.get().close();
            file = Optional.empty();
        }
    }
}
