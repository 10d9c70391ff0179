package net.tandem.agent.vrrp;

import net.tandem.agent.time.Scheduler;
import net.tandem.agent.time.Timer;

/**
 * When a new master announces its addresses, keepalived-style: a burst of {@code repeat}
 * gratuitous ARPs at once, another burst {@code delay} later (switches that missed the first,
 * e.g. because a port was still learning), then, if configured, {@code refreshRepeat} every
 * {@code refresh}. When the master hears a lower-priority advert (another router believed it was
 * master, and its gratuitous ARPs may have drawn the clients to it), a burst of
 * {@code lowerPrioRepeat} at once and another {@code lowerPrioDelay} later, as keepalived's
 * vrrp_state_master_rx does. Runs only while the instance is Master.
 */
final class GratuitousArpSchedule {
    private final InstanceSettings.GarpSettings settings;
    private final InstanceNetwork network;
    private final InstanceCounters counters;
    private final Timer delayed;
    private final Timer refresh;
    private final Timer lowerPrioDelayed;

    GratuitousArpSchedule(
            String instance,
            InstanceSettings.GarpSettings settings,
            InstanceNetwork network,
            InstanceCounters counters,
            Scheduler scheduler) {
        this.settings = settings;
        this.network = network;
        this.counters = counters;
        this.delayed = scheduler.newTimer(instance + " garp delay", this::delayedBurst);
        this.refresh = scheduler.newTimer(instance + " garp refresh", this::refreshBurst);
        this.lowerPrioDelayed = scheduler.newTimer(instance + " garp lower prio delay", this::lowerPrioDelayedBurst);
    }

    /** On becoming Master. */
    void start() {
        burst(settings.repeat());
        if (settings.delayNanos() > 0) {
            delayed.startIn(settings.delayNanos());
        }
        if (settings.refreshNanos() > 0) {
            refresh.startIn(settings.refreshNanos());
        }
    }

    /**
     * The Master heard a lower-priority advert. keepalived starts one delayed burst per such
     * advert; here a later advert moves the one delayed burst to {@code lowerPrioDelay} after it.
     */
    void lowerPriorityAdvertHeard() {
        if (settings.lowerPrioRepeat() == 0) {
            return; // keepalived: garp_lower_prio_repeat 0 turns the whole reaction off, delayed burst included
        }
        burst(settings.lowerPrioRepeat());
        if (settings.lowerPrioDelayNanos() > 0) {
            lowerPrioDelayed.startIn(settings.lowerPrioDelayNanos());
        }
    }

    /** On leaving Master. */
    void stop() {
        delayed.cancel();
        refresh.cancel();
        lowerPrioDelayed.cancel();
    }

    private void delayedBurst() {
        burst(settings.repeat());
    }

    private void lowerPrioDelayedBurst() {
        burst(settings.lowerPrioRepeat());
    }

    private void refreshBurst() {
        burst(settings.refreshRepeat());
        refresh.startIn(settings.refreshNanos());
    }

    private void burst(int count) {
        counters.gratuitousArpBursts++;
        for (int i = 0; i < count; i++) {
            network.sendGratuitousArps();
        }
    }
}
