package net.tandem.agent.track;

import static java.lang.System.Logger.Level.WARNING;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.tandem.agent.config.TrackProcessConfig;
import net.tandem.agent.time.Scheduler;
import net.tandem.agent.time.Timer;

/**
 * Counts the processes of every {@code track_process} once per interval. The timer runs on the event loop; the
 * process table is read on a thread of its own ({@code reader}), so that a slow /proc never holds the loop; the
 * counts come back to the loop, where {@link TrackedProcess} applies keepalived's rules. One reading at a time: an
 * interval that comes while the last reading is still going is skipped.
 *
 * <p>keepalived is told of each fork and exit by the kernel's process connector, which does not work in a network
 * namespace other than the initial one (the agent's usual home in containers); polling works everywhere, and a
 * second is well inside any Master_Down_Interval.
 */
public final class TrackedProcesses implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TrackedProcesses.class.getName());

    public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private final Executor loop;
    private final Executor reader;
    private final ProcessTable table;
    private final long intervalNanos;
    private final Runnable closer;
    private final Timer timer;
    private final Map<String, TrackedProcess> trackers = new LinkedHashMap<>(); // loop only
    private boolean reading; // loop only
    private String lastError = ""; // reader only

    /**
     * @param scheduler the event loop's timers (or virtual time)
     * @param loop      hands the counts back to the event loop
     * @param reader    where the process table is read
     */
    public TrackedProcesses(
            Scheduler scheduler, Executor loop, Executor reader, ProcessTable table, Duration interval) {
        this(scheduler, loop, reader, table, interval, () -> {});
    }

    private TrackedProcesses(
            Scheduler scheduler,
            Executor loop,
            Executor reader,
            ProcessTable table,
            Duration interval,
            Runnable closer) {
        this.loop = loop;
        this.reader = reader;
        this.table = table;
        this.intervalNanos = interval.toNanos();
        this.closer = closer;
        this.timer = scheduler.newTimer("track_process poll", this::poll);
    }

    /** The agent's: /proc, read on a platform thread of its own, every {@link #POLL_INTERVAL}. */
    public static TrackedProcesses fromProc(Scheduler scheduler, Executor loop) {
        ExecutorService reader = Executors.newSingleThreadExecutor(r ->
                Thread.ofPlatform().name("tandem-track-processes").daemon(true).unstarted(r));
        return new TrackedProcesses(
                scheduler, loop, reader, new ProcProcessTable(), POLL_INTERVAL, reader::shutdownNow);
    }

    /** Adds a tracker and counts at once (on the loop). */
    public void add(TrackedProcess p) {
        trackers.put(p.name(), p);
        timer.startIn(0);
    }

    /** Removes a tracker (on the loop); polling stops with the last one. */
    public void remove(String name) {
        TrackedProcess p = trackers.remove(name);
        if (p != null) {
            p.stop();
        }
        if (trackers.isEmpty()) {
            timer.cancel();
        }
    }

    /** Stops counting (the agent is stopping): trackers keep their last state. On the loop. */
    public void stop() {
        timer.cancel();
        trackers.values().forEach(TrackedProcess::stop);
        trackers.clear();
    }

    public Map<String, TrackedProcess> trackers() {
        return java.util.Collections.unmodifiableMap(trackers);
    }

    private void poll() {
        if (trackers.isEmpty()) {
            return;
        }
        timer.startIn(intervalNanos);
        if (reading) {
            return;
        }
        reading = true;
        List<TrackedProcess> now = List.copyOf(trackers.values());
        List<TrackProcessConfig> configs =
                now.stream().map(TrackedProcess::config).toList();
        boolean commandLines = configs.stream().anyMatch(TrackProcessConfig::fullCommand);
        reader.execute(() -> {
            int[] counts = new int[configs.size()];
            try {
                List<ProcessInfo> processes = table.snapshot(commandLines);
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = ProcessMatch.count(configs.get(i), processes);
                }
                lastError = "";
            } catch (RuntimeException e) {
                // Nothing learnt: keep every tracker as it is rather than call all processes gone.
                if (!lastError.equals(String.valueOf(e.getMessage()))) {
                    lastError = String.valueOf(e.getMessage());
                    LOG.log(WARNING, "track_process: cannot read the process table: {0}; trying again", lastError);
                }
                loop.execute(() -> reading = false);
                return;
            }
            loop.execute(() -> {
                reading = false;
                for (int i = 0; i < counts.length; i++) {
                    TrackedProcess p = now.get(i);
                    if (trackers.get(p.name()) == p) { // not removed by a reload meanwhile
                        p.onCount(counts[i]);
                    }
                }
            });
        });
    }

    /** Stops the reader thread (the agent is stopping). */
    @Override
    public void close() {
        closer.run();
    }
}
