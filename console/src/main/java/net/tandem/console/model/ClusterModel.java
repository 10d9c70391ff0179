package net.tandem.console.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Everything the console knows about the cluster: each node's link and instances, the recent
 * events of every node, and the warnings derived from them. Not thread-safe: it lives on the GUI
 * thread, and connections hand their news to it there.
 *
 * <p>Advert ages and master-down countdowns move without asking the agents: each "ago" that arrives
 * (in a snapshot or an advert-timing event) is turned into a point on the local monotonic clock,
 * and {@link #rows()} measures from there to now. So the view can be redrawn ten times a second
 * while the agents send timing only a few times a second.
 */
public final class ClusterModel {
    /** How many event lines are kept; the pane shows the newest that fit. */
    static final int EVENTS_KEPT = 500;

    private static final long NEVER = Long.MIN_VALUE;

    private final ConsoleClock clock;
    private final Map<String, NodeState> nodes = new LinkedHashMap<>();
    /** Oldest first, ordered by the agents' timestamps (events of two nodes arrive interleaved). */
    private final List<EventLine> events = new ArrayList<>();

    private final MasterWarnings warnings = new MasterWarnings();

    public ClusterModel(List<String> nodeNames, ConsoleClock clock) {
        this.clock = clock;
        for (String name : nodeNames) {
            nodes.put(name, new NodeState());
        }
    }

    public List<String> nodeNames() {
        return List.copyOf(nodes.keySet());
    }

    public Link link(String node) {
        return node(node).link;
    }

    public boolean maintenance(String node) {
        return node(node).maintenance;
    }

    /** A watch is being opened; a node already unreachable stays so (with its reason) until it answers. */
    public void connecting(String node) {
        NodeState state = node(node);
        if (state.link == Link.UNREACHABLE) {
            state.retryAt = clock.nanoTime();
        } else if (state.link != Link.CONNECTED) {
            state.link = Link.CONNECTING;
        }
    }

    /** A node's full state: replaces what was known of it (also after a reconnect). */
    public void snapshot(String node, NodeSnapshot snapshot) {
        NodeState state = node(node);
        long now = clock.nanoTime();
        if (state.link != Link.CONNECTED) {
            addEvent(new EventLine(
                    clock.now(),
                    node,
                    EventLine.Kind.LINK,
                    "connected" + (snapshot.routerId().isEmpty() ? "" : " (router_id " + snapshot.routerId() + ")")));
        }
        state.link = Link.CONNECTED;
        state.reason = null;
        state.lastLoggedReason = null;
        state.maintenance = snapshot.maintenance();
        state.instances.clear();
        for (InstanceSnapshot instance : snapshot.instances()) {
            state.instances.put(instance.name(), new LiveInstance(instance, now));
        }
        reevaluate();
    }

    public void event(String node, NodeEvent event) {
        NodeState state = node(node);
        long now = clock.nanoTime();
        switch (event) {
            case NodeEvent.Transition t -> {
                LiveInstance live = state.instances.get(t.instance());
                if (live != null) {
                    live.transition(t.to(), t.reason(), now);
                }
                addEvent(new EventLine(
                        t.at(),
                        node,
                        EventLine.Kind.TRANSITION,
                        t.instance() + " " + t.from().label() + " -> " + t.to().label() + reason(t.reason())));
            }
            case NodeEvent.PriorityChange p -> {
                LiveInstance live = state.instances.get(p.instance());
                if (live != null) {
                    live.snapshot = live.snapshot.withEffectivePriority(p.newPriority(), p.override());
                }
                addEvent(new EventLine(
                        p.at(),
                        node,
                        EventLine.Kind.PRIORITY,
                        p.instance() + " priority " + p.oldPriority() + " -> " + p.newPriority() + reason(p.reason())));
            }
            case NodeEvent.TrackerChange t ->
                addEvent(new EventLine(
                        t.at(),
                        node,
                        EventLine.Kind.TRACKER,
                        t.instance() + " " + t.tracker() + (t.ok() ? " up" : " DOWN") + reason(t.detail())));
            case NodeEvent.CommandDone c ->
                addEvent(new EventLine(c.at(), node, EventLine.Kind.COMMAND, c.command() + ": " + c.outcome()));
            case NodeEvent.AdvertTiming a -> {
                LiveInstance live = state.instances.get(a.instance());
                if (live != null) {
                    live.timing(
                            a.lastAdvertReceivedAgoNanos(),
                            a.lastAdvertSentAgoNanos(),
                            a.masterDownRemainingNanos(),
                            now);
                }
            }
            case NodeEvent.SplitBrain b -> {
                LiveInstance live = state.instances.get(b.instance());
                if (live != null) {
                    live.snapshot = live.snapshot.withSplitBrain(b.active() ? b.who() : null);
                }
                addEvent(new EventLine(
                        b.at(),
                        node,
                        EventLine.Kind.SPLIT_BRAIN,
                        b.instance()
                                + (b.active() ? " SPLIT BRAIN: masters " : " split brain over: masters ")
                                + b.who()));
            }
        }
        reevaluate();
    }

    /** The node cannot be reached; its last known instances stay listed, greyed, with the reason. */
    public void unreachable(String node, String reason, long retryInNanos) {
        NodeState state = node(node);
        state.link = Link.UNREACHABLE;
        state.reason = reason;
        state.retryAt = clock.nanoTime() + retryInNanos;
        if (!reason.equals(state.lastLoggedReason)) {
            state.lastLoggedReason = reason;
            addEvent(new EventLine(clock.now(), node, EventLine.Kind.LINK, "unreachable: " + reason));
        }
        reevaluate();
    }

    /**
     * This console switched the node's maintenance mode and the agent confirmed it. (A switch by
     * someone else shows in the next snapshot, i.e. after a reconnect: the events do not carry it.)
     */
    public void maintenanceSet(String node, boolean on) {
        node(node).maintenance = on;
    }

    /** A line from the console itself: a command it sent and the outcome. */
    public void commandOutcome(String node, String command, CommandResult result) {
        addEvent(new EventLine(
                clock.now(),
                node,
                result.ok() ? EventLine.Kind.CONSOLE_OK : EventLine.Kind.CONSOLE_FAILED,
                command + (result.ok() ? ": ok: " : ": FAILED: ") + result.message()));
    }

    /**
     * One row per (instance, node), grouped by instance in natural order (VI_2 before VI_10) and,
     * within an instance, in the nodes' order; nodes that reported no instance at the end.
     */
    public List<Row> rows() {
        long now = clock.nanoTime();
        List<Row> rows = new ArrayList<>();
        byInstance(now).values().forEach(rows::addAll);
        for (Map.Entry<String, NodeState> entry : nodes.entrySet()) {
            if (entry.getValue().instances.isEmpty()) {
                rows.add(entry.getValue().placeholder(entry.getKey(), now));
            }
        }
        return rows;
    }

    /** Split-brain and no-master warnings that have held for a second or more. */
    public List<String> warnings() {
        long now = clock.nanoTime();
        warnings.update(byInstance(now), heard(), now);
        return warnings.shown(now);
    }

    /** The event lines, newest first. */
    public List<EventLine> events() {
        List<EventLine> newestFirst = new ArrayList<>(events);
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    /** Until the next attempt to reach an unreachable node (0 when it is being tried now). */
    public long retryInNanos(String node) {
        return Math.max(0, node(node).retryAt - clock.nanoTime());
    }

    private Map<String, List<Row>> byInstance(long now) {
        Map<String, List<Row>> grouped = new TreeMap<>(NaturalOrder.INSTANCE);
        for (Map.Entry<String, NodeState> entry : nodes.entrySet()) {
            NodeState state = entry.getValue();
            for (LiveInstance live : state.instances.values()) {
                grouped.computeIfAbsent(live.snapshot.name(), k -> new ArrayList<>())
                        .add(state.row(entry.getKey(), live, now));
            }
        }
        return grouped;
    }

    private void reevaluate() {
        long now = clock.nanoTime();
        warnings.update(byInstance(now), heard(), now);
    }

    /** Instance to "node: masters it hears", for each connected node that itself sees a split brain. */
    private Map<String, List<String>> heard() {
        Map<String, List<String>> heard = new TreeMap<>(NaturalOrder.INSTANCE);
        for (Map.Entry<String, NodeState> entry : nodes.entrySet()) {
            NodeState state = entry.getValue();
            if (state.link != Link.CONNECTED) {
                continue;
            }
            for (LiveInstance live : state.instances.values()) {
                if (live.snapshot.splitBrain() != null) {
                    heard.computeIfAbsent(live.snapshot.name(), k -> new ArrayList<>())
                            .add(entry.getKey() + " hears " + live.snapshot.splitBrain());
                }
            }
        }
        return heard;
    }

    private void addEvent(EventLine line) {
        int i = events.size();
        while (i > 0 && events.get(i - 1).at().isAfter(line.at())) {
            i--; // a line from another node that is older than what we have: put it in its place
        }
        events.add(i, line);
        while (events.size() > EVENTS_KEPT) {
            events.removeFirst();
        }
    }

    private NodeState node(String name) {
        NodeState state = nodes.get(name);
        if (state == null) {
            throw new IllegalArgumentException("unknown node " + name + "; known: " + nodes.keySet());
        }
        return state;
    }

    private static String reason(String reason) {
        return reason == null || reason.isBlank() ? "" : " (" + reason + ")";
    }

    /** What is known of one node. */
    private static final class NodeState {
        Link link = Link.CONNECTING;
        String reason;
        String lastLoggedReason;
        long retryAt;
        boolean maintenance;
        final Map<String, LiveInstance> instances = new LinkedHashMap<>();

        Row row(String node, LiveInstance live, long now) {
            InstanceSnapshot s = live.snapshot;
            boolean master = s.state() == VrrpState.MASTER;
            long lastAdvertAt = master ? live.sentAt : live.receivedAt;
            return new Row(
                    s.name(),
                    node,
                    link,
                    linkReason(now),
                    s.state(),
                    s.lastReason(),
                    s.basePriority(),
                    s.effectivePriority(),
                    s.override(),
                    s.vips(),
                    s.advertIntervalNanos(),
                    lastAdvertAt == NEVER ? -1 : Math.max(0, now - lastAdvertAt),
                    live.masterDownDeadline == NEVER ? -1 : Math.max(0, live.masterDownDeadline - now),
                    s.transitions(),
                    maintenance,
                    s.vmac());
        }

        Row placeholder(String node, long now) {
            return new Row(
                    null,
                    node,
                    link,
                    linkReason(now),
                    null,
                    null,
                    0,
                    0,
                    OptionalInt.empty(),
                    List.of(),
                    0,
                    -1,
                    -1,
                    0,
                    maintenance,
                    null);
        }

        private String linkReason(long now) {
            return switch (link) {
                case CONNECTED -> null;
                case CONNECTING -> "connecting";
                case UNREACHABLE ->
                    reason
                            + (retryAt > now
                                    ? String.format(" (retry in %.1f s)", (retryAt - now) / 1e9)
                                    : " (retrying)");
            };
        }
    }

    /** One instance, with its timers pinned to the local monotonic clock. */
    private static final class LiveInstance {
        InstanceSnapshot snapshot;
        long receivedAt;
        long sentAt;
        long masterDownDeadline;

        LiveInstance(InstanceSnapshot snapshot, long now) {
            this.snapshot = snapshot;
            timing(
                    snapshot.lastAdvertReceivedAgoNanos(),
                    snapshot.lastAdvertSentAgoNanos(),
                    snapshot.masterDownRemainingNanos(),
                    now);
        }

        void timing(long receivedAgo, long sentAgo, long masterDownRemaining, long now) {
            receivedAt = receivedAgo < 0 ? NEVER : now - receivedAgo;
            sentAt = sentAgo < 0 ? NEVER : now - sentAgo;
            masterDownDeadline = masterDownRemaining < 0 ? NEVER : now + masterDownRemaining;
        }

        /**
         * Until the agent's next timing update, guess the timers from the transition itself: a new
         * master has just sent its first advert; a new backup has just started its master down timer
         * (RFC 5798 §6.4.1/§6.4.3); anything else runs no timer.
         */
        void transition(VrrpState to, String reason, long now) {
            snapshot = snapshot.withState(to, reason);
            switch (to) {
                case MASTER -> {
                    sentAt = now;
                    masterDownDeadline = NEVER;
                }
                case BACKUP -> masterDownDeadline = now + snapshot.masterDownIntervalNanos();
                default -> masterDownDeadline = NEVER;
            }
        }
    }
}
