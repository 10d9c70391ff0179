package net.tandem.agent.control;

import java.util.function.LongSupplier;
import java.util.function.Supplier;
import net.tandem.agent.control.AgentEvent.AdvertTimingEvent;
import net.tandem.proto.v1.GetStatusResponse;

/**
 * The status that new WatchEvents streams start from: taken from the agent (a netlink read of the interfaces' addresses
 * and a call on the event loop) at most once per {@link #maxAgeNanos}, and again as soon as the agent publishes a
 * change. A thousand clients connecting at once cost one status, not a thousand; what a stream shows right after is
 * corrected by the events that follow, which may repeat what the snapshot already shows. GetStatus is not cached:
 * tandemctl status after a command must see the command.
 */
final class SnapshotCache {

    private final Supplier<GetStatusResponse> source;
    private final LongSupplier nanoTime;
    private final long maxAgeNanos;
    private volatile boolean stale = true;
    private GetStatusResponse last; // guarded by this
    private long takenAt; // guarded by this

    SnapshotCache(Supplier<GetStatusResponse> source, LongSupplier nanoTime, long maxAgeNanos) {
        this.source = source;
        this.nanoTime = nanoTime;
        this.maxAgeNanos = maxAgeNanos;
    }

    /** Every event but the periodic advert timing makes the next snapshot a fresh one. */
    void onEvent(AgentEvent e) {
        if (!(e instanceof AdvertTimingEvent)) {
            stale = true;
        }
    }

    /** Callers that arrive while one is being taken wait for it and share it. */
    synchronized GetStatusResponse get() {
        long now = nanoTime.getAsLong();
        if (last == null || stale || now - takenAt >= maxAgeNanos) {
            stale = false; // before taking it: an event during the read makes the next one fresh again
            last = source.get();
            takenAt = now;
        }
        return last;
    }
}
