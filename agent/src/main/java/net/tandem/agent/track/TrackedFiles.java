package net.tandem.agent.track;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls every tracked file once a second on a thread of its own, so that a slow filesystem
 * (NFS gone away) never holds the event loop. A change is seen within a second, which is well
 * inside any Master_Down_Interval; keepalived's inotify would be quicker, polling is simpler
 * and also notices a file replaced by rename.
 */
public final class TrackedFiles implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TrackedFiles.class.getName());
    static final long POLL_MILLIS = 1000;

    private final Map<String, TrackedFile> files = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("tandem-track-files").daemon(true).unstarted(r));

    public TrackedFiles() {
        this(true);
    }

    /** Without the periodic poll: tests call {@link #pollAll()} themselves. */
    TrackedFiles(boolean periodic) {
        if (periodic) {
            poller.scheduleWithFixedDelay(this::pollAll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Polls each file on its own: one that fails in a way nobody foresaw is logged and skipped, and
     * the others go on (an exception escaping a scheduled task would end it, freezing every track
     * file silently).
     */
    void pollAll() {
        for (TrackedFile f : files.values()) {
            pollOne(f);
        }
    }

    static void pollOne(TrackedFile f) {
        try {
            f.poll();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, f.name() + ": reading the track file failed; the others go on", e);
        }
    }

    /** Adds a file (init_file applied first) and reads it at once, from the poller's thread. */
    public void add(TrackedFile f) {
        files.put(f.name(), f);
        poller.execute(() -> {
            f.initialise();
            pollOne(f);
        });
    }

    /** Adds a file without reading it (tests poll by hand). */
    void addWithoutReading(TrackedFile f) {
        files.put(f.name(), f);
    }

    public void remove(String name) {
        files.remove(name);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
