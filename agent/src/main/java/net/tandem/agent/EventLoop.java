package net.tandem.agent;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.WARNING;

import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.tandem.agent.linux.NativeException;
import net.tandem.agent.linux.Scheduling;
import net.tandem.agent.node.NodeLoop;
import net.tandem.agent.time.Timer;
import net.tandem.agent.time.TimerQueue;

/**
 * The agent's one thread that owns all protocol state. Timers fire here; I/O threads and
 * checkers hand their events over with {@link #execute}. Nothing here blocks but the wait for
 * the next deadline, and the protocol code needs no locks. It notices when it runs late (a GC
 * pause, a stalled machine) and says by how much: a late loop is a late advert.
 */
public final class EventLoop implements NodeLoop, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
    /** Lateness worth a log line: a tenth of the fastest VRRPv3 interval would be 1 ms; be practical. */
    private static final long LATE_WARNING_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** How late the kernel may wake the loop after a deadline (prctl PR_SET_TIMERSLACK). */
    static final long TIMER_SLACK_NANOS = 1_000;

    /** Tasks run before the timers get their turn again. */
    static final int TASKS_PER_ROUND = 256;

    private final TimerQueue timers = new TimerQueue(System::nanoTime);
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Runnable catchUp = () -> {};
    private volatile long maxLatenessNanos;

    public EventLoop(String name) {
        thread = Thread.ofPlatform().name(name).daemon(false).unstarted(this::run);
    }

    public EventLoop start() {
        thread.start();
        return this;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /** Timers must be created, started and cancelled on the loop thread (or before it starts). */
    @Override
    public Timer newTimer(String name, Runnable action) {
        return timers.newTimer(name, action);
    }

    /**
     * Runs {@code catchUp} on the loop before each timer and each round of tasks: work handed over without a
     * wake-up ({@link PacketInbox#catchUp}) is done before anything that could depend on it. Set before start.
     */
    public void beforeTimersAndTasks(Runnable catchUp) {
        this.catchUp = catchUp;
    }

    /** Runs {@code task} on the loop thread, soon. Safe from any thread. */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        LockSupport.unpark(thread);
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Whether {@link #start} was called: before, the state it will own is still the caller's. */
    public boolean started() {
        return thread.getState() != Thread.State.NEW;
    }

    /** The worst lateness of a timer so far, in nanoseconds: for the watchdog and the metrics. */
    @Override
    public long maxLatenessNanos() {
        return maxLatenessNanos;
    }

    private void run() {
        try {
            // Wake up at the deadline, not up to 50 µs after it (the default slack): keepalived's timers
            // are that precise, and at 10 ms intervals two backups' priorities are 39 µs apart.
            Scheduling.setOwnTimerSlack(TIMER_SLACK_NANOS);
        } catch (NativeException | RuntimeException | LinkageError e) {
            LOG.log(WARNING, "event loop: could not narrow the timer slack: " + e);
        }
        while (running) {
            // A bounded number of tasks per round, then the timers: tasks that keep coming (a packet
            // flood, a task that hands work on to a later task) must not keep our own adverts waiting.
            runSafely(catchUp);
            Runnable task;
            for (int budget = TASKS_PER_ROUND; budget > 0 && (task = tasks.poll()) != null; budget--) {
                runSafely(task);
            }
            if (!running) {
                break; // close() was among the tasks: do not park again
            }
            long now = System.nanoTime();
            long next = timers.nextDeadline();
            if (next <= now) {
                long late = now - next;
                if (late > maxLatenessNanos) {
                    maxLatenessNanos = late;
                }
                if (late > LATE_WARNING_NANOS) {
                    LOG.log(
                            WARNING,
                            String.format(
                                    Locale.ROOT,
                                    "event loop: a timer fired %.1f ms late (GC pause or stalled machine?)",
                                    late / 1e6));
                }
                runSafely(catchUp); // may re-arm the timer that was due: fireNext looks again
                try {
                    timers.fireNext(now);
                } catch (RuntimeException e) {
                    LOG.log(ERROR, "event loop: a timer failed; carrying on", e);
                }
                continue;
            }
            if (!tasks.isEmpty()) {
                continue;
            }
            if (next == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, next - now);
            }
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(ERROR, "event loop: a task failed; carrying on", e);
        }
    }

    /** Stops the loop after the tasks already handed over; waits for the thread to end. */
    @Override
    public void close() {
        execute(() -> running = false);
        if (!inLoop()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
