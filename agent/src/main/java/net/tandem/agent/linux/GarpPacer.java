package net.tandem.agent.linux;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * keepalived's {@code vrrp_garp_interval}: the least time between two gratuitous ARPs sent on one
 * interface, by any instance. keepalived (vrrp_arp.c) notes when the next ARP may go and queues an
 * earlier one until then; Tandem sends its ARPs one after another on the data-plane thread, so
 * there the wait is a sleep before the send. A wait is never longer than the interval itself (at
 * most 1 s, the configuration's limit), and the ARPs keep their order.
 *
 * <p>Thread-safe: every instance on the interface shares one pacer.
 */
public final class GarpPacer {

    /** Waits (on the data-plane thread); a test passes one that only advances a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;

        Sleeper THREAD = d -> Thread.sleep(d);
    }

    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private Duration interval = Duration.ZERO;
    private boolean sentAny;
    private long nextAllowed;

    public GarpPacer(LongSupplier nanoClock, Sleeper sleeper) {
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    /** The system clock and a real sleep. */
    public static GarpPacer system() {
        return new GarpPacer(System::nanoTime, Sleeper.THREAD);
    }

    /** The configured interval; {@link Duration#ZERO}: no pacing (keepalived's default). */
    public synchronized void setInterval(Duration interval) {
        this.interval = interval;
        if (sentAny) {
            nextAllowed = Math.min(nextAllowed, nanoClock.getAsLong() + interval.toNanos());
        }
    }

    public synchronized Duration interval() {
        return interval;
    }

    /**
     * Runs {@code send} once the interval since the previous ARP on this interface has passed, and
     * notes when the next may go. Interrupted while waiting: sends at once (the agent is stopping).
     */
    public synchronized <E extends Exception> void send(Send<E> send) throws E {
        if (sentAny && !interval.isZero()) {
            long wait = nextAllowed - nanoClock.getAsLong();
            if (wait > 0) {
                try {
                    sleeper.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        try {
            send.run();
        } finally {
            sentAny = true;
            nextAllowed = nanoClock.getAsLong() + interval.toNanos();
        }
    }

    /** One gratuitous ARP. */
    @FunctionalInterface
    public interface Send<E extends Exception> {
        void run() throws E;
    }
}
