package net.tandem.agent.node;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import net.tandem.agent.config.IpAddresses;
import net.tandem.agent.config.KeepalivedConfig;
import net.tandem.agent.config.SyncGroupConfig;
import net.tandem.agent.config.VirtualAddress;
import net.tandem.agent.config.VmacConfig;
import net.tandem.agent.config.VrrpInstanceConfig;
import net.tandem.agent.control.AgentEvent;
import net.tandem.agent.control.ControlException;
import net.tandem.agent.control.ControlException.Kind;
import net.tandem.agent.control.InstanceStatus;
import net.tandem.agent.control.ScriptStatus;
import net.tandem.agent.time.Timer;
import net.tandem.agent.track.FaultSource;
import net.tandem.agent.track.InstanceHealth;
import net.tandem.agent.track.LinkTracking;
import net.tandem.agent.track.TrackerKey;
import net.tandem.agent.track.Tracking;
import net.tandem.agent.vrrp.AdvertDispatcher;
import net.tandem.agent.vrrp.InstanceCounters;
import net.tandem.agent.vrrp.InstanceObserver;
import net.tandem.agent.vrrp.State;
import net.tandem.agent.vrrp.Transition;
import net.tandem.agent.vrrp.VrrpInstance;
import net.tandem.agent.vrrp.packet.DiscardReason;
import net.tandem.agent.vrrp.packet.ReceivedAdvert;

/**
 * One node's VRRP instances and everything that decides what they do: their health (trackers,
 * faults), an operator's overrides and maintenance, and the configuration they came from. It
 * lives on the node's event loop: every method but {@link #config} and {@link #configLoadedAt}
 * is called there, and nothing here blocks or touches the kernel (that is {@link DataPlane}'s,
 * found off the loop and handed in as {@link PreparedInstance}s). The same code runs in the agent
 * and on the simulated LAN.
 */
public final class NodeModel {
    private static final System.Logger LOG = System.getLogger(NodeModel.class.getName());

    private final NodeLoop loop;
    private final Tracking tracking;
    private final AdvertDispatcher dispatcher = new AdvertDispatcher();
    private final LinkTracking linkTracking = new LinkTracking();
    private final Map<String, Installed> instances = new LinkedHashMap<>();

    /** Maintenance: every instance, also one a reload adds, is held in BACKUP. */
    private boolean maintenance;

    /** Running while {@code vrrp_startup_delay} holds the instances back; null before and after. */
    private Timer startupDelay;

    private volatile KeepalivedConfig config;
    private volatile Instant configLoadedAt = Instant.now();

    private final List<InstanceObserver> observers = new CopyOnWriteArrayList<>();
    private final List<InstanceHealth.TrackerListener> trackerListeners = new CopyOnWriteArrayList<>();
    private final InstanceHealth.TrackerListener trackerFanOut =
            (instance, tracker, reason) -> trackerListeners.forEach(l -> l.onTrackerChange(instance, tracker, reason));
    private final InstanceObserver fanOut = new InstanceObserver() {
        @Override
        public void onTransition(VrrpInstance instance, Transition t) {
            observers.forEach(o -> o.onTransition(instance, t));
        }

        @Override
        public void onPriorityChange(VrrpInstance instance, int oldPriority, int newPriority, String reason) {
            observers.forEach(o -> o.onPriorityChange(instance, oldPriority, newPriority, reason));
        }

        @Override
        public void onLowerPriorityAdvert(VrrpInstance instance, java.net.InetAddress source, int priority) {
            observers.forEach(o -> o.onLowerPriorityAdvert(instance, source, priority));
        }

        @Override
        public void onSplitBrain(
                VrrpInstance instance,
                boolean active,
                List<net.tandem.agent.vrrp.MastersHeard.Master> masters,
                boolean selfMaster) {
            observers.forEach(o -> o.onSplitBrain(instance, active, masters, selfMaster));
        }

        @Override
        public void onRemoved(VrrpInstance instance) {
            observers.forEach(o -> o.onRemoved(instance));
        }
    };

    /** An instance as installed: the state machine, its health, and where its adverts arrive. */
    private record Installed(VrrpInstance instance, InstanceHealth health, String interfaceName) {}

    /**
     * @param tracking the configuration's checks, track files, sync groups and notify scripts;
     *     add it as an observer too (after the notifier, so that notify scripts see a transition
     *     before sync groups react to it)
     */
    public NodeModel(NodeLoop loop, Tracking tracking, KeepalivedConfig config) {
        this.loop = loop;
        this.tracking = tracking;
        this.config = config;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Installs the configuration's instances, applies its trackers, and starts them all, at once
     * or after {@code vrrp_startup_delay}. During the delay the instances are in INITIALIZE: they
     * send nothing and take no part in elections, so that a peer's adverts arrive before this
     * node's master-down timers run (keepalived's reason: interfaces that pass no traffic for a
     * while after boot); their trackers, maintenance and reloads apply as usual.
     */
    public void start(List<PreparedInstance> prepared, Tracking.Prepared tracked) {
        prepared.forEach(this::install);
        tracking.apply(tracked, health());
        Duration delay = config.globals().vrrpStartupDelay();
        if (delay.isZero()) {
            startInstances();
            return;
        }
        LOG.log(
                INFO,
                "delaying the start of {0} instance(s) by {1} s (vrrp_startup_delay): they send nothing until then",
                instances.size(),
                delay.toMillis() / 1000.0);
        startupDelay = loop.newTimer("vrrp_startup_delay", this::startInstances);
        startupDelay.startIn(delay.toNanos());
    }

    /** Starts every installed instance: at once, or when {@code vrrp_startup_delay} ends (also those a reload added). */
    private void startInstances() {
        startupDelay = null;
        instances.values().forEach(i -> i.instance().start());
    }

    /** Whether {@code vrrp_startup_delay} is still running: instances are installed but not started. */
    public boolean startDelayed() {
        return startupDelay != null;
    }

    /**
     * Applies a reload, in an order that never has two instances on one VRID: removed and
     * restarted instances stop first (a Master sends priority 0), then the new ones are
     * installed, the in-place changes made, the trackers applied, and the new ones started.
     * An operator's override of a restarted instance stays (the operator asked for it, the file
     * did not), unless the instance is now the address owner.
     *
     * @param toStart the added and restarted instances, prepared off the loop
     * @param inPlaceLinks for each instance changed in place, whether its tracked interfaces are up
     * @param reconfigured for each instance of {@link ReloadPlan#reconfigured}, its new settings
     *     and network port, prepared off the loop
     */
    public void applyReload(
            ReloadPlan plan,
            KeepalivedConfig next,
            List<PreparedInstance> toStart,
            Map<String, Map<String, Boolean>> inPlaceLinks,
            Map<String, PreparedInstance> reconfigured,
            Tracking.Prepared tracked) {
        KeepalivedConfig running = config;
        Map<String, Installed> carried = new HashMap<>();
        plan.removed().forEach(n -> {
            Installed gone = instances.get(n);
            if (gone != null) {
                fanOut.onRemoved(gone.instance());
            }
            uninstall(n, "removed from the configuration (reload)");
        });
        plan.restarted().forEach((n, why) -> {
            LOG.log(INFO, "{0}: restarting for the new configuration: {1}", n, why);
            Installed old = instances.get(n);
            if (old != null) {
                carried.put(n, old);
            }
            uninstall(n, "restarting (reload: " + why + ")");
        });
        toStart.forEach(this::install);
        carried.forEach(this::carryOverride);
        plan.inPlace().forEach((n, why) -> {
            LOG.log(INFO, "{0}: updated in place: {1}", n, why);
            VrrpInstanceConfig c = next.instance(n).orElseThrow();
            Installed in = instances.get(n);
            PreparedInstance p = reconfigured.get(n);
            if (p != null) {
                in.instance().reconfigure(p.settings(), p.network(), "reload: " + why);
            }
            InstanceHealth h = in.health();
            h.setBase(c.priority(), "configured priority " + c.priority() + " (reload)");
            linkTracking.unwatchTracked(h);
            for (var old : running.instance(n).orElseThrow().trackInterfaces()) {
                if (c.trackInterfaces().stream().noneMatch(t -> t.name().equals(old.name()))) {
                    h.removeTracker(
                            TrackerKey.trackedInterface(old.name()),
                            "interface " + old.name() + " no longer tracked (reload)");
                }
            }
            watchTrackedLinks(h, c, inPlaceLinks.getOrDefault(n, Map.of()));
        });
        config = next;
        configLoadedAt = Instant.now();
        tracking.apply(tracked, health());
        if (startDelayed()) {
            // keepalived ignores vrrp_startup_delay on reload; the ones added now start with the others.
            toStart.forEach(p -> LOG.log(
                    INFO,
                    "{0}: starts when vrrp_startup_delay ends, with the others",
                    p.config().name()));
            return;
        }
        toStart.forEach(p -> instances.get(p.config().name()).instance().start());
    }

    private void carryOverride(String name, Installed old) {
        OptionalInt override = old.health().override();
        Installed now = instances.get(name);
        if (override.isEmpty() || now == null) {
            return;
        }
        if (now.instance().settings().isAddressOwner()) {
            LOG.log(
                    WARNING,
                    "{0}: the operator''s priority override {1} is dropped: the instance is now the address"
                            + " owner (priority 255)",
                    name,
                    override.getAsInt());
            return;
        }
        now.health().override(override, old.health().overrideReason() + " (kept across a reload)");
    }

    /** Stops every instance as keepalived does on SIGTERM: a Master sends priority 0 and removes its VIPs. */
    public void stop(String reason) {
        if (startupDelay != null) {
            startupDelay.cancel();
            startupDelay = null;
        }
        tracking.stopChecks();
        instances.values().forEach(i -> i.instance().stop(reason));
    }

    private void install(PreparedInstance p) {
        VrrpInstanceConfig c = p.config();
        VrrpInstance instance = new VrrpInstance(p.settings(), loop, p.network(), fanOut);
        InstanceHealth h = new InstanceHealth(instance);
        h.setTrackerListener(trackerFanOut);
        instances.put(c.name(), new Installed(instance, h, p.interfaceName()));
        dispatcher.register(p.interfaceName(), instance);
        // Not started yet: one whose interface is down starts in FAULT, unless dont_track_primary says
        // to ignore it (keepalived: then only tracked interfaces, scripts and files count).
        if (!c.dontTrackPrimary()) {
            linkTracking.watchOwn(h, p.interfaceName(), p.linkUp());
        }
        if (maintenance) {
            instance.hold(true, "maintenance on");
        }
        if (c.unicastFaultNoPeer() && p.settings().unicastPeers().isEmpty()) {
            // keepalived: "Cannot use unicast without any peers - going to fault state", rather than multicast.
            h.fault(new FaultSource.NoUnicastPeer(), true, "unicast_fault_no_peer and no (IPv4) unicast_peer");
        }
        watchTrackedLinks(h, c, p.trackedUp());
        LOG.log(
                INFO,
                "{0}: VRID {1} on {2}, priority {3}, {4} advert every {5}, source {6}",
                c.name(),
                c.virtualRouterId(),
                p.interfaceName(),
                c.priority(),
                c.version(),
                c.advertInterval().toMillis() + " ms",
                IpAddresses.show(p.settings().primaryAddress()));
    }

    private void watchTrackedLinks(InstanceHealth h, VrrpInstanceConfig c, Map<String, Boolean> up) {
        for (var tracked : c.trackInterfaces()) {
            linkTracking.watchTracked(
                    h, tracked.name(), tracked.weight().orElse(0), up.getOrDefault(tracked.name(), false));
        }
    }

    /** Stops an instance as on shutdown (priority 0, addresses released) and forgets it. */
    private void uninstall(String name, String reason) {
        Installed i = instances.remove(name);
        if (i == null) {
            return;
        }
        i.instance().stop(reason);
        dispatcher.unregister(i.interfaceName(), i.instance());
        linkTracking.unwatch(i.health());
    }

    private Map<String, InstanceHealth> health() {
        Map<String, InstanceHealth> h = new LinkedHashMap<>();
        instances.forEach((n, i) -> h.put(n, i.health()));
        return h;
    }

    // ---------------------------------------------------------------- the world

    /** An advert arrived on {@code interfaceName}, now. */
    public void dispatch(String interfaceName, ReceivedAdvert advert) {
        dispatcher.dispatch(interfaceName, advert);
    }

    /**
     * An advert arrived on {@code interfaceName} at {@code receivedAt} (the loop's clock), a moment ago.
     *
     * @return whether a Backup followed it as its master's: another like it would only re-arm its timer
     */
    public boolean dispatch(String interfaceName, ReceivedAdvert advert, long receivedAt) {
        return dispatcher.dispatch(interfaceName, advert, receivedAt);
    }

    /** A packet on {@code interfaceName} was discarded before it reached an instance. */
    public void count(String interfaceName, DiscardReason reason) {
        dispatcher.count(interfaceName, reason);
    }

    /**
     * The receive thread of {@code interfaceName} failed ({@code failing}) or receives again: its
     * instances are in FAULT meanwhile, with the reason {@link FaultSource.AdvertReceiver}.
     */
    public void onReceiverFailure(String interfaceName, boolean failing, String reason) {
        FaultSource source = new FaultSource.AdvertReceiver(interfaceName);
        for (Installed i : instances.values()) {
            if (i.interfaceName().equals(interfaceName)) {
                i.health().fault(source, failing, reason);
            }
        }
    }

    /** Packets on {@code interfaceName} dropped {@code count} times for {@code reason} before reaching an instance. */
    public void count(String interfaceName, DiscardReason reason, long count) {
        dispatcher.count(interfaceName, reason, count);
    }

    /** An interface went up or down (or was removed: down). */
    public void onLink(String interfaceName, boolean up) {
        linkTracking.onLink(interfaceName, up);
    }

    /** Adds an observer of every instance's transitions and priority changes; before start or on the loop. */
    public void addObserver(InstanceObserver observer) {
        observers.add(observer);
    }

    /** Adds a listener of every tracker change of every instance; before start or on the loop. */
    public void addTrackerListener(InstanceHealth.TrackerListener listener) {
        trackerListeners.add(listener);
    }

    // ---------------------------------------------------------------- operator commands

    /** Takeover: this node becomes Master now, with a priority above the master's; returns what happened. */
    public String takeover(String name) throws ControlException {
        Installed in = installed(name);
        VrrpInstance i = in.instance();
        OptionalInt chosen = TakeoverRules.targetPriority(i, maintenance);
        if (chosen.isEmpty()) {
            return name + " is already Master on this node";
        }
        int target = chosen.getAsInt();
        // The other members of its sync group get their own takeover priority too: the group moves
        // together, and a member left at its priority would lose to the old master's member, which
        // would then drag the whole group back (and leave this one waiting on the group).
        Map<Installed, Integer> partners = new LinkedHashMap<>();
        for (String other : syncPartners(name)) {
            Installed p = installed(other);
            OptionalInt t = TakeoverRules.targetPriority(p.instance(), maintenance);
            if (t.isPresent()) {
                partners.put(p, t.getAsInt());
            }
        }
        String from = IpAddresses.show(i.masterAddress()) + " (priority " + i.masterPriority() + ")";
        String reason = "takeover by operator, priority " + target;
        in.health().override(OptionalInt.of(target), reason);
        partners.forEach((p, t) -> p.health()
                .override(OptionalInt.of(t), "takeover by operator of " + name + " (sync group), priority " + t));
        i.takeover(reason + " > " + from);
        return name + ": taking over from " + from + " with priority " + target
                + (partners.isEmpty()
                        ? ""
                        : " (and "
                                + String.join(
                                        ", ",
                                        partners.keySet().stream()
                                                .map(p -> p.instance().name())
                                                .toList())
                                + ", its sync group)")
                + "; the override stays until 'release' or 'priority --clear'";
    }

    /** The other instances of {@code name}'s vrrp_sync_group, in the group's order; none outside a group. */
    private List<String> syncPartners(String name) {
        for (SyncGroupConfig g : config.syncGroups()) {
            if (g.instances().contains(name)) {
                return g.instances().stream().filter(n -> !n.equals(name)).toList();
            }
        }
        return List.of();
    }

    /**
     * Release: a Master hands over with a priority-0 advert, then holds at priority 1 so that it
     * does not preempt back. In that order, no priority-1 advert goes out before the priority-0
     * one (lowering first would advertise priority 1 at once).
     */
    public String release(String name) throws ControlException {
        Installed in = installed(name);
        VrrpInstance i = in.instance();
        if (i.state() != State.MASTER) {
            throw new ControlException(
                    Kind.FAILED_PRECONDITION, name + " is " + i.state() + " on this node: nothing to release");
        }
        if (i.settings().isAddressOwner()) {
            throw new ControlException(
                    Kind.FAILED_PRECONDITION,
                    name + " is the address owner (priority 255): it cannot hand its addresses over");
        }
        i.release("released by operator (priority 0 sent)");
        in.health().override(OptionalInt.of(1), "released by operator");
        return name + ": released; the best backup takes over after Skew_Time. This node stays at priority 1"
                + " until 'priority --clear'";
    }

    /** Overrides the effective priority (1..254) until cleared. */
    public String setPriority(String name, int priority) throws ControlException {
        Installed in = installed(name);
        if (priority < 1 || priority > 254) {
            throw new ControlException(
                    Kind.INVALID_ARGUMENT,
                    "priority " + priority + " is outside 1..254"
                            + " (255 is reserved for the address owner, 0 for a master that leaves)");
        }
        if (in.instance().settings().isAddressOwner()) {
            throw new ControlException(
                    Kind.FAILED_PRECONDITION, name + " is the address owner: its priority is 255 by definition");
        }
        in.health().override(OptionalInt.of(priority), "priority set by operator");
        return name + ": priority overridden to " + priority + " (was "
                + in.health().computedPriority() + " from configuration and trackers)";
    }

    /** Removes an override: the priority from configuration and trackers applies again. */
    public String clearPriority(String name) throws ControlException {
        InstanceHealth h = installed(name).health();
        if (h.override().isEmpty()) {
            return name + ": no override to clear; priority " + h.effectivePriority();
        }
        h.override(OptionalInt.empty(), "override cleared by operator");
        return name + ": override cleared; priority " + h.effectivePriority();
    }

    /** On: every instance, also one a later reload adds, gives its addresses away and stays Backup. */
    public String setMaintenance(boolean on) {
        if (maintenance == on) {
            return "maintenance is already " + (on ? "on" : "off");
        }
        maintenance = on;
        for (Installed i : instances.values()) {
            i.instance()
                    .hold(
                            on,
                            on
                                    ? "maintenance on: giving addresses away"
                                    : "maintenance off: taking part in elections again");
        }
        return on
                ? "maintenance on: every instance gives its addresses away and stays Backup"
                : "maintenance off: instances take part in elections again";
    }

    private Installed installed(String name) throws ControlException {
        Installed i = instances.get(name);
        if (i == null) {
            throw new ControlException(
                    Kind.INVALID_ARGUMENT,
                    "no instance " + name + " on this node (instances: " + String.join(", ", instances.keySet()) + ")");
        }
        return i;
    }

    // ---------------------------------------------------------------- what it looks like

    public boolean maintenance() {
        return maintenance;
    }

    /** The running configuration; from any thread. */
    public KeepalivedConfig config() {
        return config;
    }

    /** When the running configuration was applied; from any thread. */
    public Instant configLoadedAt() {
        return configLoadedAt;
    }

    /** An instance's operator override, if it has one (empty also for an unknown instance). */
    public OptionalInt override(String name) {
        Installed i = instances.get(name);
        return i == null ? OptionalInt.empty() : i.health().override();
    }

    /**
     * Every instance as the operator sees it, in configuration order.
     *
     * @param kernel the addresses each interface holds, read off the loop just before
     */
    public List<InstanceStatus> status(Map<String, Set<InetAddress>> kernel) {
        long now = loop.nanoTime();
        List<InstanceStatus> list = new ArrayList<>();
        for (VrrpInstanceConfig c : config.instances()) {
            Installed i = instances.get(c.name());
            if (i != null) {
                list.add(instanceStatus(c, i, kernel, now));
            }
        }
        return list;
    }

    /** Each {@code vrrp_script} and what its checker says now, in declaration order. */
    public List<ScriptStatus> scripts() {
        List<ScriptStatus> list = new ArrayList<>();
        tracking.checkers().values().forEach(c -> list.add(new ScriptStatus(c.name(), c.status(), c.running())));
        return list;
    }

    /** Each instance's advert timing now, for a live display. */
    public List<AgentEvent.AdvertTimingEvent> advertTiming(Instant at) {
        long now = loop.nanoTime();
        List<AgentEvent.AdvertTimingEvent> list = new ArrayList<>(instances.size());
        for (Installed in : instances.values()) {
            VrrpInstance i = in.instance();
            list.add(new AgentEvent.AdvertTimingEvent(
                    at,
                    i.name(),
                    ago(now, i.lastAdvertReceivedAt()),
                    ago(now, i.lastAdvertSentAt()),
                    i.masterDownRemaining()));
        }
        return list;
    }

    private InstanceStatus instanceStatus(
            VrrpInstanceConfig c, Installed in, Map<String, Set<InetAddress>> kernel, long now) {
        VrrpInstance i = in.instance();
        InstanceHealth h = in.health();
        List<InstanceStatus.VipStatus> vips = new ArrayList<>();
        for (VirtualAddress va : c.virtualAddresses()) {
            String dev = va.device().orElse(c.vipInterfaceName());
            vips.add(new InstanceStatus.VipStatus(
                    va.toString(), dev, kernel.getOrDefault(dev, Set.of()).contains(va.address())));
        }
        List<InstanceStatus.VipStatus> excluded = new ArrayList<>();
        for (VirtualAddress va : c.excludedAddresses()) {
            String dev = va.device().orElse(c.vipInterfaceName());
            excluded.add(new InstanceStatus.VipStatus(
                    va.toString(), dev, kernel.getOrDefault(dev, Set.of()).contains(va.address())));
        }
        InstanceCounters k = i.counters();
        Map<DiscardReason, Long> discards = new EnumMap<>(DiscardReason.class);
        for (DiscardReason r : DiscardReason.values()) {
            // The instance's own discards, plus those on its interface that reached no instance.
            long n = k.discarded(r) + dispatcher.discarded(in.interfaceName(), r);
            if (n > 0) {
                discards.put(r, n);
            }
        }
        return new InstanceStatus(
                c.name(),
                c.interfaceName(),
                c.virtualRouterId(),
                c.version(),
                i.state(),
                now - i.stateSince(),
                i.lastReason(),
                c.priority(),
                i.priority(),
                h.trackers(),
                h.override(),
                h.overrideReason(),
                vips,
                i.settings().advertIntervalNanos(),
                i.masterAdverInterval(),
                i.skewTime(),
                i.masterDownInterval(),
                i.masterDownRemaining(),
                i.masterAddress(),
                i.masterPriority(),
                ago(now, i.lastAdvertReceivedAt()),
                ago(now, i.lastAdvertSentAt()),
                i.advertJitter(),
                new InstanceStatus.Counters(
                        k.advertsSent(),
                        k.advertsReceived(),
                        k.transitions(),
                        k.becomeMaster(),
                        k.releaseMaster(),
                        k.gratuitousArpBursts(),
                        k.priorityZeroSent(),
                        k.priorityZeroReceived(),
                        k.masterAdverIntervalChanges(),
                        k.lowerPriorityAnswersLimited(),
                        discards),
                excluded,
                i.settings().garp().delayNanos(),
                i.mastersHeard().masters().stream()
                        .map(m -> new InstanceStatus.HeardMaster(m.address(), m.priority(), now - m.lastSeenNanos()))
                        .toList(),
                i.mastersHeard().splitBrain(),
                c.vmac()
                        .map(v -> new InstanceStatus.VmacStatus(
                                v.interfaceName(),
                                VmacConfig.virtualRouterMacText(isIpv6(c), Math.max(1, c.virtualRouterId())),
                                v.xmitBase())));
    }

    /** An instance is of the family of its first virtual address (IPv4 without one), as the configuration reads it. */
    private static boolean isIpv6(VrrpInstanceConfig c) {
        return !c.virtualAddresses().isEmpty()
                && c.virtualAddresses().getFirst().address() instanceof java.net.Inet6Address;
    }

    private static long ago(long now, long at) {
        return at == Long.MIN_VALUE ? -1 : now - at;
    }
}
