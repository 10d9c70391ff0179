package net.tandem.agent.track;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * keepalived's link rules, fed by rtnetlink link events: an instance whose own interface is
 * down is in FAULT; a {@code track_interface} without weight does the same; one with a weight
 * changes the priority instead. Runs on the event loop.
 */
public final class LinkTracking {
    private record Watch(InstanceHealth health, boolean own, int weight) {}

    private final Map<String, List<Watch>> watches = new HashMap<>();

    /** The instance's own interface: down = FAULT. */
    public void watchOwn(InstanceHealth health, String interfaceName, boolean upNow) {
        add(interfaceName, new Watch(health, true, 0), upNow);
    }

    /** A {@code track_interface} entry: weight 0 = FAULT when down, else keepalived's weight rule. */
    public void watchTracked(InstanceHealth health, String interfaceName, int weight, boolean upNow) {
        add(interfaceName, new Watch(health, false, weight), upNow);
    }

    private void add(String interfaceName, Watch w, boolean upNow) {
        watches.computeIfAbsent(interfaceName, k -> new ArrayList<>()).add(w);
        apply(w, interfaceName, upNow);
    }

    /** Forgets every watch of an instance (it stopped). */
    public void unwatch(InstanceHealth health) {
        watches.values().forEach(list -> list.removeIf(w -> w.health() == health));
    }

    /** Forgets an instance's {@code track_interface} watches, keeping its own interface's (a reload). */
    public void unwatchTracked(InstanceHealth health) {
        watches.values().forEach(list -> list.removeIf(w -> w.health() == health && !w.own()));
    }

    public void onLink(String interfaceName, boolean up) {
        for (Watch w : watches.getOrDefault(interfaceName, List.of())) {
            apply(w, interfaceName, up);
        }
    }

    private static void apply(Watch w, String interfaceName, boolean up) {
        String reason = interfaceName + (up ? " is up" : " is down");
        if (w.own()) {
            w.health().fault(new FaultSource.OwnInterface(interfaceName), !up, reason);
        } else {
            w.health().tracker(TrackerKey.trackedInterface(interfaceName), up, w.weight(), "tracked " + reason);
        }
    }
}
