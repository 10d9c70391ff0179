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
    static final long POLL_MILLIS = 1000;

    private final Map<String, TrackedFile> files = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("tandem-track-files").daemon(true).unstarted(r));

    public TrackedFiles() {
        poller.scheduleWithFixedDelay(
                () -> files.values().forEach(TrackedFile::poll), POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Adds a file (init_file applied first) and reads it at once, from the poller's thread. */
    public void add(TrackedFile f) {
        files.put(f.name(), f);
        poller.execute(() -> {
            f.initialise();
            f.poll();
        });
    }

    public void remove(String name) {
        files.remove(name);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
