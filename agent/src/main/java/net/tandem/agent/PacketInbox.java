package net.tandem.agent;

import static java.lang.System.Logger.Level.WARNING;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import net.tandem.agent.linux.InterfaceReceiver;
import net.tandem.agent.vrrp.packet.DiscardReason;
import net.tandem.agent.vrrp.packet.ReceivedAdvert;

/**
 * Where the receive threads leave what they got, for the event loop: a bounded queue of adverts
 * ({@value #DEFAULT_CAPACITY} by default, about 1 MB) and, per interface and reason, counters of
 * refused packets. A flood cannot grow the heap: an advert that finds the queue full is dropped
 * and counted ({@link DiscardReason#QUEUE_FULL}), and a refused packet is only a counter increment.
 * The loop takes adverts in batches of {@value #BATCH}, one task at a time, so that its timers
 * (our own adverts) keep running during a flood. Receive-thread failures and recoveries are
 * handed over as they come (they are rare).
 *
 * <p>A routine advert ({@link RoutineAdverts}: one that would only re-arm a Backup's master-down timer, from its
 * arrival time) does not wake the loop: it waits until {@value #BATCH} adverts are queued, or the first of them
 * is {@value #QUIET_MILLIS} ms old when another arrives, or the loop wakes up for anything else; the loop takes
 * what is queued ({@link #catchUp}) before it fires a timer or runs a task, so no timer fires and nothing is
 * observed as if the advert had not arrived.
 */
public final class PacketInbox implements InterfaceReceiver.Sink {
    private static final System.Logger LOG = System.getLogger(PacketInbox.class.getName());
    static final int DEFAULT_CAPACITY = 4096;
    static final int BATCH = 64;
    static final int CATCH_UP = 4 * BATCH;
    /** How long routine adverts may wait for the loop, at most, when more keep arriving. */
    static final long QUIET_MILLIS = 50;

    /** A full queue is logged at most once a minute; the counters have the rest. */
    private static final long FULL_LOG_INTERVAL = 60_000_000_000L;

    /** What the loop does with what arrived; called on the loop only. */
    public interface Target {
        /** {@code receivedAt}: when the receive thread read it ({@link System#nanoTime}). */
        void advert(String interfaceName, ReceivedAdvert advert, long receivedAt);

        void discard(String interfaceName, DiscardReason reason, long count);

        void receiverFailure(String interfaceName, boolean failing, String reason);
    }

    private record Entry(String interfaceName, ReceivedAdvert advert, long receivedAt) {}

    private final Executor loop;
    private final Target target;
    private final LongSupplier clock;
    private final ArrayBlockingQueue<Entry> queue;
    private final Map<String, AtomicLongArray> discards = new ConcurrentHashMap<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final RoutineAdverts routine;
    /** When the oldest advert queued without waking the loop arrived; 0: none. Racy by design: a hint. */
    private volatile long quietSince;

    private long fullLoggedAt = Long.MIN_VALUE; // loop only

    public PacketInbox(Executor loop, Target target, RoutineAdverts routine) {
        this(loop, target, routine, DEFAULT_CAPACITY, System::nanoTime);
    }

    PacketInbox(Executor loop, Target target, int capacity, LongSupplier clock) {
        this(loop, target, new RoutineAdverts(), capacity, clock);
    }

    PacketInbox(Executor loop, Target target, RoutineAdverts routine, int capacity, LongSupplier clock) {
        this.loop = loop;
        this.target = target;
        this.routine = routine;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.clock = clock;
    }

    @Override
    public void advert(String interfaceName, ReceivedAdvert advert, long receivedAt) {
        if (!queue.offer(new Entry(interfaceName, advert, receivedAt))) {
            discard(interfaceName, DiscardReason.QUEUE_FULL);
            return;
        }
        if (routine.routine(interfaceName, advert)) {
            long since = quietSince;
            if (since == 0) {
                quietSince = receivedAt;
                return;
            }
            if (receivedAt - since < QUIET_MILLIS * 1_000_000 && queue.size() < BATCH) {
                return;
            }
        }
        quietSince = 0;
        scheduleDrain();
    }

    @Override
    public void discard(String interfaceName, DiscardReason reason) {
        discards.computeIfAbsent(interfaceName, k -> new AtomicLongArray(DiscardReason.values().length))
                .incrementAndGet(reason.ordinal());
        scheduleDrain();
    }

    @Override
    public void failed(String interfaceName, String reason) {
        loop.execute(() -> target.receiverFailure(interfaceName, true, reason));
    }

    @Override
    public void receiving(String interfaceName) {
        loop.execute(() -> target.receiverFailure(interfaceName, false, "receiving adverts again on " + interfaceName));
    }

    /** Adverts waiting for the loop. */
    int queued() {
        return queue.size();
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            loop.execute(this::drain);
        }
    }

    /**
     * On the loop, before it fires a timer or runs a task: what is queued, up to {@value #CATCH_UP} adverts (a flood
     * waits for the batches: our own timers first).
     */
    public void catchUp() {
        if (queue.isEmpty()) {
            return;
        }
        quietSince = 0;
        for (int i = 0; i < CATCH_UP; i++) {
            Entry e = queue.poll();
            if (e == null) {
                return;
            }
            target.advert(e.interfaceName(), e.advert(), e.receivedAt());
        }
    }

    /** On the loop: the counters so far, then up to one batch of adverts; more in a later task. */
    private void drain() {
        drainScheduled.set(false);
        quietSince = 0;
        flushDiscards();
        for (int i = 0; i < BATCH; i++) {
            Entry e = queue.poll();
            if (e == null) {
                return;
            }
            target.advert(e.interfaceName(), e.advert(), e.receivedAt());
        }
        if (!queue.isEmpty()) {
            scheduleDrain();
        }
    }

    private void flushDiscards() {
        discards.forEach((interfaceName, counts) -> {
            for (DiscardReason r : DiscardReason.values()) {
                long n = counts.getAndSet(r.ordinal(), 0);
                if (n == 0) {
                    continue;
                }
                target.discard(interfaceName, r, n);
                if (r == DiscardReason.QUEUE_FULL) {
                    logFull(interfaceName, n);
                }
            }
        });
    }

    private void logFull(String interfaceName, long n) {
        long now = clock.getAsLong();
        if (fullLoggedAt == Long.MIN_VALUE || now - fullLoggedAt >= FULL_LOG_INTERVAL) {
            fullLoggedAt = now;
            LOG.log(
                    WARNING,
                    "{0}: dropped {1} advert(s): the event loop''s queue of {2} received packets was full (a flood on"
                            + " the LAN, or a stalled loop); counted as QUEUE_FULL",
                    interfaceName,
                    n,
                    queue.remainingCapacity() + queue.size());
        }
    }
}
