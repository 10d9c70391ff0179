package net.tandem.agent.control;

import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One subscriber to the agent's events for all WatchEvents streams. The agent's event loop only offers each event to
 * a bounded queue and returns ({@link #accept}), whatever the number of streams; a thread of its own hands each event
 * to every stream's queue. Before this, the loop itself walked every stream for every event, so that thousands of
 * unread streams delayed adverts.
 *
 * <p>If the queue overflows (a burst faster than the fan-out), the events are dropped and every stream is told to
 * resend a snapshot, which says all the lost events would have. The events still queued then are dropped with them:
 * older than the snapshot, they must not follow it.
 */
final class EventFanOut implements Consumer<AgentEvent>, AutoCloseable {

    static final int QUEUE_BOUND = 4096;

    private final ControlTarget target;
    /** An event and when the agent published it (thinning is by publication time, not by delivery time). */
    private record Published(AgentEvent event, long nanos) {}

    private final ArrayBlockingQueue<Published> queue = new ArrayBlockingQueue<>(QUEUE_BOUND);
    private final LongSupplier nanoTime;
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicLong overflows = new AtomicLong();
    private final Thread thread;
    /** Called for every event on the loop's thread, cheaply (a volatile write): see {@link SnapshotCache}. */
    private final Consumer<AgentEvent> onEvent;

    private AutoCloseable subscription; // guarded by this
    private volatile boolean closed;

    EventFanOut(ControlTarget target, LongSupplier nanoTime, Consumer<AgentEvent> onEvent) {
        this.target = target;
        this.nanoTime = nanoTime;
        this.onEvent = onEvent;
        this.thread = Thread.ofPlatform().daemon().name("tandem-event-fan-out").start(this::run);
    }

    /** Adds a stream, subscribing to the agent with the first. */
    synchronized void add(EventStream s) {
        streams.add(s);
        if (subscription == null && !closed) {
            subscription = target.subscribe(this);
        }
    }

    /** Removes a stream, unsubscribing with the last (the agent then stops its advert-timing timer). */
    synchronized void remove(EventStream s) {
        streams.remove(s);
        if (streams.isEmpty() && subscription != null) {
            closeQuietly(subscription);
            subscription = null;
        }
    }

    int size() {
        return streams.size();
    }

    Set<EventStream> streams() {
        return streams;
    }

    /** On the agent's event loop: queue and return. */
    @Override
    public void accept(AgentEvent event) {
        onEvent.accept(event);
        if (!queue.offer(new Published(event, nanoTime.getAsLong()))) {
            overflows.incrementAndGet();
        }
    }

    private void run() {
        while (!closed) {
            Published p;
            try {
                p = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                return;
            }
            long lost = overflows.getAndSet(0);
            if (lost > 0) {
                // What is still queued was published before the snapshot the streams now send: delivered after
                // it, it would show clients a state older than the snapshot's (a stale transition undoing it). It
                // goes too, counted, so that only events newer than the lost ones follow the snapshot.
                if (p != null) {
                    lost++;
                    p = null;
                }
                while (queue.poll() != null) {
                    lost++;
                }
                long missed = lost;
                streams.forEach(s -> s.resync(missed));
            }
            if (p != null) {
                for (EventStream s : streams) {
                    s.accept(p.event(), p.nanos());
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        thread.interrupt();
        if (subscription != null) {
            closeQuietly(subscription);
            subscription = null;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // the agent's unsubscribe does not fail in practice; nothing useful to do here
        }
    }
}
