package net.tandem.agent.control;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import net.tandem.agent.control.AgentEvent.AdvertTimingEvent;
import net.tandem.proto.v1.Event;
import net.tandem.proto.v1.GetStatusResponse;

/**
 * One WatchEvents client: a snapshot, then the agent's events, through a bounded queue.
 *
 * <p>{@link EventFanOut}'s thread only ever offers to the queue and returns ({@link #accept}): it never waits for the
 * network, and the agent's event loop never sees the streams at all.
 * A drain task on the server's executor sends while gRPC says the client is ready (HTTP/2 flow control), and
 * resumes from the on-ready callback. When the queue overflows because the client reads too slowly, the queued
 * events are thrown away and the client's next message is a fresh snapshot carrying how many events it missed:
 * the snapshot says everything the lost events would have, and memory per client stays bounded. Events that follow
 * a snapshot may repeat what it already shows.
 *
 * <p>AdvertTiming events are thinned per instance to at most one per {@link #advertTimingGapNanos}, so that a
 * 10 ms instance does not flood a client.
 */
final class EventStream implements Consumer<AgentEvent> {

    static final int DEFAULT_QUEUE_BOUND = 1024;
    /** At most 10 AdvertTiming events per second per instance and client. */
    static final long DEFAULT_ADVERT_TIMING_GAP_NANOS = 100_000_000L;

    private final ServerCallStreamObserver<Event> out;
    private final Supplier<GetStatusResponse> snapshots;
    private final Executor executor;
    private final LongSupplier nanoTime;
    private final long advertTimingGapNanos;
    private final ArrayBlockingQueue<AgentEvent> queue;
    private final Map<String, Long> lastAdvertTiming = new ConcurrentHashMap<>();

    private final AtomicBoolean snapshotDue = new AtomicBoolean(true);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedTotal = new AtomicLong();
    private final AtomicInteger pendingDrains = new AtomicInteger();
    private volatile boolean cancelled;
    private volatile boolean completeRequested;
    private boolean completed; // drain task only
    private volatile EventFanOut subscription;
    private final Runnable onEnd;

    EventStream(
            ServerCallStreamObserver<Event> out,
            Supplier<GetStatusResponse> snapshots,
            Executor executor,
            LongSupplier nanoTime,
            int queueBound,
            long advertTimingGapNanos,
            Runnable onEnd) {
        this.out = out;
        this.snapshots = snapshots;
        this.executor = executor;
        this.nanoTime = nanoTime;
        this.queue = new ArrayBlockingQueue<>(queueBound);
        this.advertTimingGapNanos = advertTimingGapNanos;
        this.onEnd = onEnd;
    }

    /** Subscribes first and then sends the snapshot, so that no event falls between the two. */
    void start(EventFanOut fanOut) {
        out.setOnCancelHandler(() -> {
            cancelled = true;
            end();
        });
        out.setOnReadyHandler(this::schedule);
        subscription = fanOut;
        fanOut.add(this);
        schedule();
    }

    /** {@code lost} events never reached this stream (the fan-out overflowed): its next message is a snapshot. */
    void resync(long lost) {
        if (cancelled || completeRequested) {
            return;
        }
        int queued = 0;
        while (queue.poll() != null) {
            queued++;
        }
        dropped.addAndGet(lost + queued);
        droppedTotal.addAndGet(lost + queued);
        snapshotDue.set(true);
        schedule();
    }

    /** An event published now (tests). */
    @Override
    public void accept(AgentEvent event) {
        accept(event, nanoTime.getAsLong());
    }

    /** Called on the fan-out's thread with the time the agent published the event: queue and return, never wait. */
    void accept(AgentEvent event, long publishedNanos) {
        if (cancelled || completeRequested) {
            return;
        }
        if (event instanceof AdvertTimingEvent t && tooSoon(t, publishedNanos)) {
            return;
        }
        if (!queue.offer(event)) {
            int lost = 1;
            while (queue.poll() != null) {
                lost++;
            }
            dropped.addAndGet(lost);
            droppedTotal.addAndGet(lost);
            snapshotDue.set(true);
        }
        schedule();
    }

    private boolean tooSoon(AdvertTimingEvent t, long now) {
        Long last = lastAdvertTiming.get(t.instance());
        if (last != null && now - last < advertTimingGapNanos) {
            return true;
        }
        lastAdvertTiming.put(t.instance(), now);
        return false;
    }

    /** Ends the stream normally (server shutdown): the client sees OK after what was already sent. */
    void complete() {
        completeRequested = true;
        schedule();
    }

    /** Events this client missed over the stream's life (replaced by snapshots). */
    long droppedTotal() {
        return droppedTotal.get();
    }

    private void schedule() {
        if (pendingDrains.getAndIncrement() == 0) {
            executor.execute(this::drain);
        }
    }

    /** One drain task at a time (pendingDrains), so onNext is never called concurrently. */
    private void drain() {
        int missed = 1;
        while (true) {
            try {
                send();
            } catch (RuntimeException e) {
                // The call went away under us (cancelled, transport closed), or the snapshot failed: end it.
                cancelled = true;
                try {
                    out.onError(io.grpc.Status.INTERNAL
                            .withDescription("event stream failed: " + e)
                            .asRuntimeException());
                } catch (RuntimeException alreadyClosed) {
                    // nothing left to tell the client
                }
                end();
            }
            missed = pendingDrains.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void send() {
        while (!cancelled && !completed) {
            if (completeRequested) {
                completed = true;
                out.onCompleted();
                end();
                return;
            }
            if (!out.isReady()) {
                return; // the on-ready handler schedules the next drain
            }
            Event next;
            if (snapshotDue.getAndSet(false)) {
                next = Messages.snapshot(snapshots.get(), dropped.getAndSet(0));
            } else {
                AgentEvent e = queue.poll();
                if (e == null) {
                    return;
                }
                next = Messages.event(e);
            }
            out.onNext(next);
        }
    }

    private void end() {
        EventFanOut s = subscription;
        subscription = null;
        queue.clear();
        if (s != null) {
            s.remove(this);
            onEnd.run();
        }
    }
}
