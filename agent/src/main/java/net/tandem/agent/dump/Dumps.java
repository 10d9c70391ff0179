package net.tandem.agent.dump;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import net.tandem.agent.control.ControlTarget;
import net.tandem.agent.control.NodeStatus;

/**
 * Writes the agent's dumps on request (the signals keepalived uses for them): one status
 * snapshot ({@link ControlTarget#status()}, taken on the event loop and read off it), formatted
 * and written to the run directory. Called from the JVM's signal handler threads, never from the
 * event loop; one dump at a time, so two quick signals cannot interleave their files.
 */
public final class Dumps {
    /** What can be dumped, and the file each goes to. */
    public enum Kind {
        DATA("tandem.data"),
        STATS("tandem.stats"),
        JSON("tandem.json");

        private final String fileName;

        Kind(String fileName) {
            this.fileName = fileName;
        }

        public String fileName() {
            return fileName;
        }
    }

    private final ControlTarget target;
    private final RunDirectory dir;
    private final Clock clock;

    public Dumps(ControlTarget target, RunDirectory dir, Clock clock) {
        this.target = target;
        this.dir = dir;
        this.clock = clock;
    }

    /**
     * Writes one dump.
     *
     * @return the file written
     * @throws IOException the run directory is unsafe or the write failed; the message says which
     */
    public synchronized Path write(Kind kind) throws IOException {
        NodeStatus status = target.status();
        String text = switch (kind) {
            case DATA -> DataDump.format(status, clock.instant());
            case STATS -> StatsDump.format(status);
            case JSON -> JsonDump.format(status, clock.instant());
        };
        return dir.write(kind.fileName(), text);
    }
}
