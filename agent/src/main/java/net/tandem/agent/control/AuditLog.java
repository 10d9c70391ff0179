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
 * the token allowed ({@code ADMIN}, {@code READ}, {@code OPEN} when no tokens are configured) or why the call was
 * refused before that ({@code NO_TOKEN}, {@code WRONG_TOKEN}); IPv6 peers are written compressed, in brackets.
 */
public final class AuditLog implements Closeable {

    private static final System.Logger LOG = System.getLogger("net.tandem.agent.control.audit");

    private final InstantSource clock;
    private final Optional<Writer> file;

    private AuditLog(InstantSource clock, Optional<Writer> file) {
        this.clock = clock;
        this.file = file;
    }

    /** The agent's log only. */
    public static AuditLog toLog(InstantSource clock) {
        return new AuditLog(clock, Optional.empty());
    }

    /**
     * The agent's log, and lines appended to {@code file} (created 0600 if missing, flushed after each
     * line). The file is opened without following a symbolic link and must be the agent's own that no
     * one else may write ({@link SafeFiles#openForAppending}).
     *
     * @throws IOException naming the file if it cannot be opened for appending, or why it is refused
     */
    public static AuditLog toLogAndFile(InstantSource clock, Path file) throws IOException {
        try {
            return new AuditLog(clock, Optional.of(SafeFiles.openForAppending(file, "audit_log")));
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
        String text = line.toString().replaceAll("[\\r\\n]+", " ");
        LOG.log(System.Logger.Level.INFO, text);
        file.ifPresent(w -> write(w, text));
    }

    private static void write(Writer w, String text) {
        synchronized (w) {
            try {
                w.write(text);
                w.write('\n');
                w.flush();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "audit: cannot write the audit file: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (file.isPresent()) {
            synchronized (file.get()) {
                file.get().close();
            }
        }
    }
}
