package net.tandem.agent.vrrp;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import net.tandem.agent.time.Scheduler;
import net.tandem.agent.time.Timer;

/**
 * The masters one instance has heard on its VRID and interface (every valid advert comes from a
 * router that believes it is Master), and whether two are Master at once: a split brain, seen from
 * this node even when it is not one of the two.
 *
 * <p>A master is <em>active</em> while its last advert is younger than three of our
 * Master_Adver_Intervals: a real second master sends every interval, so two lost adverts in a row
 * do not hide it, while a failover leaves a gap of at least a Master_Down_Interval (three intervals
 * plus the skew) between the old master's last advert and the new one's first. Two masters are a
 * split brain once each has sent three adverts since both were active (this node, when it is Master,
 * counts as one that has): a preemption, a failover or a healed partition, where the old master
 * sends at most two adverts after the new one's first (its regular one, which crossed the new
 * master's on the wire, and the one every Tandem master sends as it steps down), is not reported. A master is forgotten three
 * Master_Down_Intervals after its last advert, or at once when it sends priority 0 (it is leaving).
 *
 * <p>Runs on the event loop; {@link #heard} is the only call the receive path makes.
 */
public final class MastersHeard {

    /** A master as heard: its address, its advertised priority, the loop time of its last advert. */
    public record Master(InetAddress address, int priority, long lastSeenNanos) {}

    /** Told when a split brain starts or ends, with the masters active at that moment. */
    public interface Listener {
        void onSplitBrain(boolean active, List<Master> masters, boolean selfMaster);
    }

    private static final System.Logger LOG = System.getLogger(MastersHeard.class.getName());
    private static final int ADVERTS_TO_CONFIRM = 3;
    private static final int ACTIVE_INTERVALS = 3;
    private static final int FORGET_AFTER_MASTER_DOWN_INTERVALS = 3;

    private static final class Entry {
        int priority;
        long lastSeen;
        /** Adverts heard since the current overlap of two or more masters began. */
        int sinceOverlap;
    }

    private final String name;
    private final Scheduler scheduler;
    private final LongSupplier masterAdverInterval;
    private final LongSupplier masterDownInterval;
    private final BooleanSupplier selfMaster;
    private final Listener listener;
    private final Timer timer;
    private final Map<InetAddress, Entry> masters = new LinkedHashMap<>();
    private boolean overlap;
    private boolean splitBrain;

    /**
     * @param masterAdverInterval the instance's Master_Adver_Interval, in nanoseconds
     * @param masterDownInterval  the instance's Master_Down_Interval, in nanoseconds
     * @param selfMaster          whether this node is Master of the VRID right now
     */
    public MastersHeard(
            String name,
            Scheduler scheduler,
            LongSupplier masterAdverInterval,
            LongSupplier masterDownInterval,
            BooleanSupplier selfMaster,
            Listener listener) {
        this.name = name;
        this.scheduler = scheduler;
        this.masterAdverInterval = masterAdverInterval;
        this.masterDownInterval = masterDownInterval;
        this.selfMaster = selfMaster;
        this.listener = listener;
        this.timer = scheduler.newTimer(name + " masters-heard", this::update);
    }

    /** A valid advert from {@code source} with {@code priority} (0: the master is leaving). */
    public void heard(InetAddress source, int priority) {
        if (priority == 0) {
            masters.remove(source);
        } else {
            Entry e = masters.computeIfAbsent(source, a -> new Entry());
            e.priority = priority;
            e.lastSeen = scheduler.nanoTime();
            e.sinceOverlap++;
        }
        update();
    }

    /** Whether two masters are active at once, as last evaluated. */
    public boolean splitBrain() {
        return splitBrain;
    }

    /** The masters heard and not yet forgotten, most recently heard first. */
    public List<Master> masters() {
        forget(scheduler.nanoTime());
        List<Master> out = new ArrayList<>();
        masters.forEach((a, e) -> out.add(new Master(a, e.priority, e.lastSeen)));
        out.sort(Comparator.comparingLong(Master::lastSeenNanos).reversed());
        return out;
    }

    /** Forgets everything (the instance stopped or was reconfigured); a split brain in progress ends. */
    public void clear() {
        masters.clear();
        timer.cancel();
        overlap = false;
        if (splitBrain) {
            splitBrain = false;
            listener.onSplitBrain(false, List.of(), false);
        }
    }

    private void update() {
        long now = scheduler.nanoTime();
        forget(now);
        long window = ACTIVE_INTERVALS * masterAdverInterval.getAsLong();
        boolean self = selfMaster.getAsBoolean();
        List<Map.Entry<InetAddress, Entry>> active = new ArrayList<>();
        long nextChange = Long.MAX_VALUE;
        for (Map.Entry<InetAddress, Entry> m : masters.entrySet()) {
            if (now - m.getValue().lastSeen < window) {
                active.add(m);
                nextChange = Math.min(nextChange, m.getValue().lastSeen + window);
            }
        }
        int count = active.size() + (self ? 1 : 0);
        if (count >= 2 && !overlap) {
            overlap = true;
            // the overlap starts now: only the advert just heard (if any) counts towards confirming
            for (Map.Entry<InetAddress, Entry> m : active) {
                m.getValue().sinceOverlap = m.getValue().lastSeen == now ? 1 : 0;
            }
        } else if (count < 2) {
            overlap = false;
        }
        int confirmed = (self ? 1 : 0);
        for (Map.Entry<InetAddress, Entry> m : active) {
            if (m.getValue().sinceOverlap >= ADVERTS_TO_CONFIRM) {
                confirmed++;
            }
        }
        boolean now2 = overlap && confirmed >= 2;
        if (now2 != splitBrain) {
            splitBrain = now2;
            List<Master> list = new ArrayList<>();
            for (Map.Entry<InetAddress, Entry> m : active) {
                list.add(new Master(m.getKey(), m.getValue().priority, m.getValue().lastSeen));
            }
            LOG.log(
                    splitBrain ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                    splitBrain
                            ? "{0}: split brain: two masters at once: {1}"
                            : "{0}: split brain over: one master left ({1})",
                    name,
                    describe(list, self));
            listener.onSplitBrain(splitBrain, list, self);
        }
        if (!masters.isEmpty()) {
            long forgetAt = Long.MAX_VALUE;
            for (Entry e : masters.values()) {
                forgetAt = Math.min(forgetAt, e.lastSeen + forgetAfter());
            }
            timer.startAt(Math.min(nextChange, forgetAt));
        } else {
            timer.cancel();
        }
    }

    /** "192.0.2.2 (priority 90), this node": for log lines and events. */
    public static String describe(List<Master> masters, boolean selfMaster) {
        List<String> parts = new ArrayList<>();
        for (Master m : masters) {
            parts.add(m.address().getHostAddress() + " (priority " + m.priority() + ")");
        }
        if (selfMaster) {
            parts.add("this node");
        }
        return parts.isEmpty() ? "none heard" : String.join(", ", parts);
    }

    private long forgetAfter() {
        return FORGET_AFTER_MASTER_DOWN_INTERVALS * masterDownInterval.getAsLong();
    }

    private void forget(long now) {
        long after = forgetAfter();
        masters.values().removeIf(e -> now - e.lastSeen >= after);
    }
}
