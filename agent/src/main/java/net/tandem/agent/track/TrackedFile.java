package net.tandem.agent.track;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executor;
import net.tandem.agent.config.TrackFileConfig;
import net.tandem.agent.linux.SafeFiles;

/**
 * One {@code track_file}: a file holding a number. keepalived's rules (keepalived.conf(5), "Track
 * files"): the value is read as strtol would read it (leading blanks, a sign, decimal or 0x
 * hex, anything after the number ignored); a missing, empty or unreadable file, or one that does
 * not start with a number, reads as 0. With weight 0 a non-zero value is a failure (FAULT);
 * otherwise value × weight is added to the priority, and a result below -253 is a FAULT.
 * {@code init_file VALUE} writes the file at startup if it does not exist.
 *
 * <p>The agent is root and the file is named by the configuration, often in a directory others
 * can write: it is read without blocking and only if it is a regular file (a FIFO would hold the
 * poller, {@code /dev/zero} never ends), at most {@link #MAX_BYTES} bytes; what cannot be read is
 * logged and reads as 0, as keepalived reads it.
 *
 * <p>keepalived watches with inotify; here the file is read by {@link TrackedFiles}' poller,
 * off the event loop, and only a changed value is handed to the loop.
 */
public final class TrackedFile {
    private static final System.Logger LOG = System.getLogger(TrackedFile.class.getName());
    /** keepalived reads the first 127 bytes; a number never needs more. */
    static final int MAX_BYTES = 127;

    private static final Set<PosixFilePermission> INIT_FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private final TrackFileConfig config;
    private final Path path;
    private final Executor loop;
    private final List<Target> targets = new ArrayList<>(); // loop only
    private Reading last; // poller only
    private long value; // loop only
    private boolean known; // loop only

    public TrackedFile(TrackFileConfig config, Executor loop) {
        this.config = config;
        this.path = Path.of(config.file());
        this.loop = loop;
    }

    public String name() {
        return config.name();
    }

    public TrackFileConfig config() {
        return config;
    }

    /**
     * keepalived's init_file: create the file with its initial value if it is missing. Created new
     * ({@code O_CREAT|O_EXCL}, 0644): a symbolic link planted at the path, even one pointing nowhere,
     * is refused, not followed. Off the loop.
     */
    void initialise() {
        OptionalLong init = config.initFile();
        if (init.isEmpty()) {
            return;
        }
        try {
            if (Files.isSymbolicLink(path)) {
                LOG.log(
                        WARNING,
                        "{0}: init_file refused: {1} is a symbolic link; the agent does not create files"
                                + " through links",
                        config.name(),
                        path);
            } else if (SafeFiles.createNew(path, init.getAsLong() + "\n", INIT_FILE_MODE)) {
                LOG.log(INFO, "{0}: created {1} with {2} (init_file)", config.name(), path, init.getAsLong());
            }
        } catch (IOException e) {
            LOG.log(WARNING, "{0}: cannot create {1} (init_file): {2}", config.name(), path, e.getMessage());
        }
    }

    /**
     * Reads the file; hands a changed value (or a changed reason why it cannot be read) to the loop.
     * Off the loop (the poller's thread).
     */
    void poll() {
        Reading r = read(path);
        if (!r.equals(last)) {
            Reading before = last;
            last = r;
            if (r.problem().isPresent() && (before == null || !r.problem().equals(before.problem()))) {
                LOG.log(
                        WARNING,
                        "{0}: {1}; it reads as 0 until that is fixed",
                        config.name(),
                        r.problem().get());
            }
            loop.execute(() -> onValue(r));
        }
    }

    /** What one read found: the value, and why the file could not be used, if it could not. */
    record Reading(long value, Optional<String> problem) {}

    /** keepalived reads strtol(buf, NULL, 0) of the first bytes; errors read as 0. */
    static Reading read(Path path) {
        try {
            byte[] bytes = SafeFiles.readSmallFile(path, MAX_BYTES);
            return new Reading(parse(new String(bytes, StandardCharsets.US_ASCII)), Optional.empty());
        } catch (NoSuchFileException e) {
            return new Reading(0, Optional.empty()); // keepalived: a missing file is 0, not an error
        } catch (IOException e) {
            return new Reading(0, Optional.of(e.getMessage()));
        }
    }

    static long parse(String text) {
        String s = text.stripLeading();
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int radix = 10;
        if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
            radix = 16;
            i += 2;
        } else if (s.startsWith("0", i) && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
            radix = 8;
            i += 1;
        }
        long v = 0;
        for (; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), radix);
            if (d < 0) {
                break;
            }
            v = v * radix + d;
            if (v > Integer.MAX_VALUE) {
                return 0; // keepalived refuses values outside int; treat as 0
            }
        }
        return negative ? -v : v;
    }

    void track(Target t) {
        targets.add(t);
        if (known) {
            apply(t, config.name() + " reads " + value);
        }
    }

    List<Target> retarget(List<Target> newTargets) {
        List<Target> gone = new ArrayList<>();
        for (Target t : targets) {
            if (newTargets.stream().noneMatch(n -> n.health() == t.health())) {
                gone.add(t);
            }
        }
        targets.clear();
        newTargets.forEach(this::track);
        return gone;
    }

    private void onValue(Reading r) {
        boolean first = !known;
        known = true;
        value = r.value();
        String reason = config.name() + (first ? " reads " : " now reads ") + value + " (" + path
                + r.problem().map(p -> ": " + p).orElse("") + ")";
        LOG.log(INFO, "{0}", reason);
        targets.forEach(t -> apply(t, reason));
    }

    private void apply(Target t, String reason) {
        t.health().trackFile(config.name(), value, t.reverse() ? -t.weight() : t.weight(), reason);
    }
}
