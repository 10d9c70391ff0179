package net.tandem.agent.track;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import net.tandem.agent.vrrp.VrrpInstance;

/**
 * Everything outside the protocol that decides what an instance is worth and whether it may
 * serve, in one place: tracked scripts, interfaces and files (keepalived's weights and FAULT),
 * and an operator's priority override. Whenever one of them changes, the effective priority
 * is recomputed and given to the instance (which advertises it at once if Master), and the
 * instance enters or leaves FAULT. Runs on the event loop.
 *
 * <p>keepalived's rules: a tracker with a positive weight adds it while OK; a negative weight is
 * added while failed; weight 0 means "failed = FAULT". The sum is clamped to 1..254; an address
 * owner (255) is not changed by weights. An override replaces the computed priority.
 */
public final class InstanceHealth {
    private final VrrpInstance instance;
    private int base;
    private final Map<TrackerKey, TrackerStatus> trackers = new LinkedHashMap<>();
    /** Why the instance may not serve, by source: each source sets and clears only its own. */
    private final Map<FaultSource, String> faults = new LinkedHashMap<>();

    private OptionalInt override = OptionalInt.empty();
    private TrackerListener listener = TrackerListener.NONE;

    /** Told when a tracker's state changes (for the control API's event stream); on the loop. */
    @FunctionalInterface
    public interface TrackerListener {
        void onTrackerChange(VrrpInstance instance, TrackerStatus tracker, String reason);

        TrackerListener NONE = (i, t, r) -> {};
    }

    public void setTrackerListener(TrackerListener listener) {
        this.listener = listener;
    }

    private Runnable faultsChanged = () -> {};

    /**
     * Told, on the loop, whenever a reason to be in FAULT comes or goes, whether or not the
     * instance moves: its sync group re-syncs its members (two members failing and recovering
     * together would otherwise hold each other in FAULT). One listener: an instance is in at most one group.
     */
    public void onFaultsChanged(Runnable listener) {
        this.faultsChanged = listener;
    }

    private String overrideReason = "";

    public InstanceHealth(VrrpInstance instance) {
        this.instance = instance;
        this.base = instance.settings().priority();
    }

    public VrrpInstance instance() {
        return instance;
    }

    /**
     * A tracked script or interface changed. {@code weight} 0: failure is a FAULT; otherwise the
     * weight counts (positive while OK, negative while failed).
     */
    public void tracker(TrackerKey key, boolean ok, int weight, String reason) {
        int contribution = weight > 0 ? (ok ? weight : 0) : (ok ? 0 : weight);
        setTracker(key, new TrackerStatus(key, ok, weight, contribution), weight == 0 && !ok, reason);
    }

    /**
     * A tracked file's value changed: value × weight counts; with weight 0 a non-zero value is a
     * FAULT, and so is a product below -253 (keepalived.conf(5), "Track files").
     */
    public void trackFile(String name, long value, int weight, String reason) {
        long c = value * weight;
        int contribution = (int) Math.max(-254, Math.min(254, c));
        boolean faulting = weight == 0 ? value != 0 : c < -253;
        TrackerKey key = TrackerKey.file(name);
        setTracker(key, new TrackerStatus(key, !faulting, weight, contribution), faulting, reason);
    }

    /** A tracker is no longer configured (after a reload): it stops counting and stops faulting. */
    public void removeTracker(TrackerKey key, String reason) {
        boolean had = trackers.remove(key) != null;
        boolean wasFault = faults.remove(key) != null;
        if (wasFault || had) {
            apply(reason);
        }
        if (wasFault) {
            faultsChanged.run();
        }
    }

    /** The configured priority changed (a reload): trackers and overrides stay, the sum is redone. */
    public void setBase(int priority, String reason) {
        if (priority != base) {
            base = priority;
            apply(reason);
        }
    }

    public int base() {
        return base;
    }

    /** Whether something other than {@code source} keeps the instance in FAULT (for sync groups). */
    public boolean faultedOtherThan(FaultSource source) {
        return faults.keySet().stream().anyMatch(k -> !k.equals(source));
    }

    /** Why the instance may not serve, joined; empty when it may. */
    public String faultReasons() {
        return String.join("; ", faults.values());
    }

    private void setTracker(TrackerKey key, TrackerStatus t, boolean faulting, String reason) {
        TrackerStatus old = trackers.put(key, t);
        boolean faultChanged = faulting ? faults.put(key, reason) == null : faults.remove(key) != null;
        if (!t.equals(old)) {
            apply(reason);
            if (old == null || old.ok() != t.ok() || old.contribution() != t.contribution()) {
                listener.onTrackerChange(instance, t, reason);
            }
        }
        if (faultChanged) {
            faultsChanged.run();
        }
    }

    /** A reason not to serve that is not a weighted tracker (an interface without weight, a sync group). */
    public void fault(FaultSource source, boolean failing, String reason) {
        boolean changed = failing ? faults.put(source, reason) == null : faults.remove(source) != null;
        if (changed) {
            apply(reason);
            faultsChanged.run();
        }
    }

    /** An operator's override (1..254), or empty to return to the computed priority. */
    public void override(OptionalInt priority, String reason) {
        override = priority;
        overrideReason = priority.isPresent() ? reason : "";
        apply(reason);
    }

    public OptionalInt override() {
        return override;
    }

    public String overrideReason() {
        return overrideReason;
    }

    /** The priority from configuration and trackers alone. */
    public int computedPriority() {
        if (base == 255) {
            return 255;
        }
        int sum = base;
        for (TrackerStatus t : trackers.values()) {
            sum += t.contribution();
        }
        return Math.max(1, Math.min(254, sum));
    }

    public int effectivePriority() {
        return override.orElse(computedPriority());
    }

    public List<TrackerStatus> trackers() {
        return new ArrayList<>(trackers.values());
    }

    public boolean faulted() {
        return !faults.isEmpty();
    }

    /** Gives the instance its priority, then moves it into or out of FAULT. */
    private void apply(String reason) {
        instance.setPriority(effectivePriority(), reason);
        if (faults.isEmpty()) {
            instance.recover(reason);
        } else {
            instance.fault(String.join("; ", faults.values()));
        }
    }
}
