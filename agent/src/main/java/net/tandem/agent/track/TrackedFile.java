package net.tandem.agent.track;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import net.tandem.agent.config.TrackFileConfig;

/**
 * One {@code track_file}: a file holding a number. keepalived's rules (keepalived.conf(5), "Track
 * files"): the value is read as strtol would read it (leading blanks, a sign, decimal or 0x
 * hex, anything after the number ignored); a missing, empty or unreadable file, or one that does
 * not start with a number, reads as 0. With weight 0 a non-zero value is a failure (FAULT);
 * otherwise value × weight is added to the priority, and a result below -253 is a FAULT.
 * {@code init_file VALUE} writes the file at startup if it does not exist.
 *
 * <p>keepalived watches with inotify; here the file is read by {@link TrackedFiles}' poller,
 * off the event loop, and only a changed value is handed to the loop.
 */
public final class TrackedFile {
    private static final System.Logger LOG = System.getLogger(TrackedFile.class.getName());

    private final TrackFileConfig config;
    private final Path path;
    private final Executor loop;
    private final List<Target> targets = new ArrayList<>(); // loop only
    private volatile long lastRead = Long.MIN_VALUE; // poller only
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

    /** keepalived's init_file: create the file with its initial value if it is missing. Off the loop. */
    void initialise() {
        OptionalLong init = config.initFile();
        if (init.isPresent() && !Files.exists(path)) {
            try {
                Files.writeString(path, init.getAsLong() + "\n", StandardCharsets.US_ASCII);
                LOG.log(INFO, "{0}: created {1} with {2} (init_file)", config.name(), path, init.getAsLong());
            } catch (IOException e) {
                LOG.log(WARNING, "{0}: cannot create {1} (init_file): {2}", config.name(), path, e.getMessage());
            }
        }
    }

    /** Reads the file; hands a changed value to the loop. Off the loop (the poller's thread). */
    void poll() {
        long v = read(path, config.name());
        if (v != lastRead) {
            lastRead = v;
            loop.execute(() -> onValue(v));
        }
    }

    /** keepalived reads strtol(buf, NULL, 0) of the first bytes; errors read as 0. */
    static long read(Path path, String name) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(path);
            text = new String(bytes, 0, Math.min(bytes.length, 127), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            return 0;
        }
        return parse(text);
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

    private void onValue(long v) {
        boolean first = !known;
        known = true;
        value = v;
        String reason = config.name() + (first ? " reads " : " now reads ") + v + " (" + path + ")";
        LOG.log(INFO, "{0}", reason);
        targets.forEach(t -> apply(t, reason));
    }

    private void apply(Target t, String reason) {
        t.health().trackFile(config.name(), value, t.reverse() ? -t.weight() : t.weight(), reason);
    }
}
