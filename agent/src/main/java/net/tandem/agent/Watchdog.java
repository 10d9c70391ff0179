package net.tandem.agent;

import static java.lang.System.Logger.Level.WARNING;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.tandem.agent.linux.SdNotify;
import net.tandem.agent.time.Timer;

/**
 * The agent watching itself. A timer on the event loop ticks every second (or at half systemd's
 * {@code WatchdogSec}, if shorter); a tick that comes late means the loop stalled (a GC pause, a
 * stopped machine, a bug) and is logged as "event loop stalled N ms", since a late loop is a late
 * advert. Under systemd each tick also sends {@code WATCHDOG=1}, from the loop itself: a hung
 * loop stops the pings and systemd restarts the agent. A small monitor thread says so in the log
 * while the loop is hung, before systemd acts.
 */
final class Watchdog {
    private static final System.Logger LOG = System.getLogger(Watchdog.class.getName());
    static final long STALL_THRESHOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final EventLoop loop;
    private final Optional<SdNotify> systemd;
    private final long period;
    private Timer timer;
    private long expected;
    private volatile long lastTick;
    private volatile long stalls;
    private volatile boolean running;
    private Thread monitor;

    Watchdog(EventLoop loop, Optional<SdNotify> systemd) {
        this.loop = loop;
        this.systemd = systemd;
        long p = MAX_PERIOD_NANOS;
        Duration wd = systemd.map(SdNotify::watchdogTimeout).orElse(Duration.ZERO);
        if (!wd.isZero()) {
            p = Math.min(p, wd.toNanos() / 2); // systemd's advice: ping at half the timeout
        }
        this.period = p;
    }

    /** On the loop. */
    void start() {
        timer = loop.newTimer("watchdog", this::tick);
        expected = loop.nanoTime() + period;
        lastTick = loop.nanoTime();
        timer.startAt(expected);
        running = true;
        monitor = Thread.ofPlatform().name("tandem-watchdog").daemon(true).start(this::monitor);
    }

    private void tick() {
        long now = loop.nanoTime();
        long late = now - expected;
        if (late > STALL_THRESHOLD_NANOS) {
            stalls++;
            LOG.log(
                    WARNING,
                    String.format(
                            Locale.ROOT,
                            "event loop stalled %d ms (its watchdog tick ran late: GC pause, stopped machine?)",
                            late / 1_000_000));
        }
        systemd.ifPresent(s -> s.send("WATCHDOG=1"));
        lastTick = now;
        expected = now + period;
        timer.startAt(expected);
    }

    /** Off the loop: says so while the loop does not tick at all. */
    private void monitor() {
        boolean reported = false;
        while (running) {
            try {
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(period));
            } catch (InterruptedException e) {
                return;
            }
            long silent = System.nanoTime() - lastTick;
            if (running && silent > 3 * period) {
                if (!reported) {
                    LOG.log(
                            WARNING,
                            "event loop has not run for {0} ms (hung?){1}",
                            silent / 1_000_000,
                            systemd.isPresent() ? ": systemd watchdog pings have stopped" : "");
                    reported = true;
                }
            } else {
                reported = false;
            }
        }
    }

    /** How many stalls were seen. */
    long stalls() {
        return stalls;
    }

    /** On the loop. */
    void stop() {
        running = false;
        if (timer != null) {
            timer.cancel();
        }
        if (monitor != null) {
            monitor.interrupt();
        }
    }
}
