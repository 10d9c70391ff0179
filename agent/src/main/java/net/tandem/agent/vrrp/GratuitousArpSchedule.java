package net.tandem.agent.vrrp;

import net.tandem.agent.time.Scheduler;
import net.tandem.agent.time.Timer;

/**
 * When a new master announces its addresses, keepalived-style: a burst of {@code repeat}
 * gratuitous ARPs at once, another burst {@code delay} later (switches that missed the first,
 * e.g. because a port was still learning), then, if configured, {@code refreshRepeat} every
 * {@code refresh}. Runs only while the instance is Master.
 */
final class GratuitousArpSchedule {
    private final InstanceSettings.GarpSettings settings;
    private final InstanceNetwork network;
    private final InstanceCounters counters;
    private final Timer delayed;
    private final Timer refresh;

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

    /** On leaving Master. */
    void stop() {
        delayed.cancel();
        refresh.cancel();
    }

    private void delayedBurst() {
        burst(settings.repeat());
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
