package net.tandem.agent;

import static java.lang.System.Logger.Level.INFO;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import net.tandem.agent.config.VirtualAddress;
import net.tandem.agent.config.VrrpInstanceConfig;
import net.tandem.agent.control.AgentEvent;
import net.tandem.agent.control.ControlException;
import net.tandem.agent.control.ControlException.Kind;
import net.tandem.agent.control.ControlTarget;
import net.tandem.agent.control.InstanceStatus;
import net.tandem.agent.control.NodeStatus;
import net.tandem.agent.control.TakeoverRules;
import net.tandem.agent.linux.Link;
import net.tandem.agent.linux.LinkAddress;
import net.tandem.agent.time.Timer;
import net.tandem.agent.track.InstanceHealth;
import net.tandem.agent.vrrp.InstanceCounters;
import net.tandem.agent.vrrp.InstanceObserver;
import net.tandem.agent.vrrp.State;
import net.tandem.agent.vrrp.Transition;
import net.tandem.agent.vrrp.VrrpInstance;
import net.tandem.agent.vrrp.packet.DiscardReason;

/**
 * The running agent as the control plane sees it. Every call is carried out on the event loop
 * (so it sees and changes consistent state) while the caller waits; what needs the kernel
 * (are the VIPs really there?) is asked from the caller's thread, never from the loop.
 */
public final class AgentControl implements ControlTarget {
    private static final System.Logger LOG = System.getLogger(AgentControl.class.getName());
    static final String VERSION = "0.1.0";
    /** How often advert timing is published while someone listens: the console shows ages live. */
    private static final long TIMING_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Agent agent;
    private final Instant startedAt = Instant.now();
    private final List<Consumer<AgentEvent>> listeners = new CopyOnWriteArrayList<>();
    private Timer timing; // loop only

    public AgentControl(Agent agent) {
        this.agent = agent;
        agent.addTrackerListener((instance, t, reason) -> publish(new AgentEvent.TrackerEvent(
                Instant.now(),
                instance.name(),
                t.key().toString(),
                t.ok(),
                reason + " (weight " + t.weight() + ", contributes " + t.contribution() + ")")));
        agent.addObserver(new InstanceObserver() {
            @Override
            public void onTransition(VrrpInstance instance, Transition t) {
                publish(new AgentEvent.TransitionEvent(Instant.now(), t.instance(), t.from(), t.to(), t.reason()));
            }

            @Override
            public void onPriorityChange(VrrpInstance instance, int oldPriority, int newPriority, String reason) {
                InstanceHealth h = agent.health().get(instance.name());
                publish(new AgentEvent.PriorityEvent(
                        Instant.now(),
                        instance.name(),
                        oldPriority,
                        newPriority,
                        reason,
                        h == null ? OptionalInt.empty() : h.override()));
            }
        });
    }

    // ---------------------------------------------------------------- status

    @Override
    public NodeStatus status() {
        Map<String, Set<Inet4Address>> kernel = kernelAddresses();
        return onLoop(() -> {
            long now = agent.loop().nanoTime();
            List<InstanceStatus> list = new ArrayList<>();
            for (VrrpInstanceConfig c : agent.config().instances()) {
                VrrpInstance i = agent.instances().get(c.name());
                if (i != null) {
                    list.add(instanceStatus(c, i, agent.health().get(c.name()), kernel, now));
                }
            }
            return new NodeStatus(
                    routerId(),
                    VERSION,
                    startedAt,
                    agent.maintenance(),
                    agent.configFile(),
                    agent.configLoadedAt(),
                    list);
        });
    }

    private InstanceStatus instanceStatus(
            VrrpInstanceConfig c, VrrpInstance i, InstanceHealth h, Map<String, Set<Inet4Address>> kernel, long now) {
        List<InstanceStatus.VipStatus> vips = new ArrayList<>();
        for (VirtualAddress va : c.virtualAddresses()) {
            String dev = va.device().orElse(c.interfaceName());
            vips.add(new InstanceStatus.VipStatus(
                    va.toString(), dev, kernel.getOrDefault(dev, Set.of()).contains(va.address())));
        }
        InstanceCounters k = i.counters();
        Map<DiscardReason, Long> discards = new EnumMap<>(DiscardReason.class);
        for (DiscardReason r : DiscardReason.values()) {
            // The instance's own discards, plus those on its interface that reached no instance.
            long n = k.discarded(r) + agent.dispatcher().discarded(c.interfaceName(), r);
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
                        discards));
    }

    private static long ago(long now, long at) {
        return at == Long.MIN_VALUE ? -1 : now - at;
    }

    /** What the kernel has on each interface the instances use, read from this (non-loop) thread. */
    private Map<String, Set<Inet4Address>> kernelAddresses() {
        Map<String, Set<Inet4Address>> result = new HashMap<>();
        for (VrrpInstanceConfig c : agent.config().instances()) {
            List<String> devs = new ArrayList<>();
            devs.add(c.interfaceName());
            c.virtualAddresses().forEach(va -> va.device().ifPresent(devs::add));
            for (String dev : devs) {
                if (result.containsKey(dev)) {
                    continue;
                }
                Set<Inet4Address> present = new HashSet<>();
                try {
                    var link = agent.rtnetlink().link(dev);
                    if (link.isPresent()) {
                        for (LinkAddress a : agent.rtnetlink()
                                .addresses(link.map(Link::index).get())) {
                            present.add(a.address());
                        }
                    }
                } catch (IOException e) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "status: cannot read the addresses of {0}: {1}",
                            dev,
                            e.getMessage());
                }
                result.put(dev, present);
            }
        }
        return result;
    }

    private String routerId() {
        return agent.config().globals().routerId().orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "unknown";
            }
        });
    }

    // ---------------------------------------------------------------- commands

    @Override
    public String takeover(String name) throws ControlException {
        return command("takeover " + name, () -> {
            VrrpInstance i = instance(name);
            OptionalInt chosen = TakeoverRules.targetPriority(i, agent.maintenance());
            if (chosen.isEmpty()) {
                return name + " is already Master on this node";
            }
            int target = chosen.getAsInt();
            int masterPriority = i.masterPriority();
            String from = i.masterAddress().getHostAddress() + " (priority " + masterPriority + ")";
            String reason = "takeover by operator, priority " + target;
            agent.health().get(name).override(OptionalInt.of(target), reason);
            i.takeover(reason + " > " + from);
            return name + ": taking over from " + from + " with priority " + target
                    + "; the override stays until 'release' or 'priority --clear'";
        });
    }

    @Override
    public String release(String name) throws ControlException {
        return command("release " + name, () -> {
            VrrpInstance i = instance(name);
            if (i.state() != State.MASTER) {
                throw new ControlException(
                        Kind.FAILED_PRECONDITION, name + " is " + i.state() + " on this node: nothing to release");
            }
            if (i.settings().isAddressOwner()) {
                throw new ControlException(
                        Kind.FAILED_PRECONDITION,
                        name + " is the address owner (priority 255): it cannot hand its addresses over");
            }
            // Hand over first (priority 0), then hold at priority 1 so that this node does not
            // preempt back; in that order, no priority-1 advert goes out before the priority-0 one.
            i.release("released by operator (priority 0 sent)");
            agent.health().get(name).override(OptionalInt.of(1), "released by operator");
            return name + ": released; the best backup takes over after Skew_Time. This node stays at priority 1"
                    + " until 'priority --clear'";
        });
    }

    @Override
    public String setPriority(String name, int priority) throws ControlException {
        return command("priority " + name + " " + priority, () -> {
            VrrpInstance i = instance(name);
            if (priority < 1 || priority > 254) {
                throw new ControlException(
                        Kind.INVALID_ARGUMENT,
                        "priority " + priority + " is outside 1..254"
                                + " (255 is reserved for the address owner, 0 for a master that leaves)");
            }
            if (i.settings().isAddressOwner()) {
                throw new ControlException(
                        Kind.FAILED_PRECONDITION, name + " is the address owner: its priority is 255 by definition");
            }
            agent.health().get(name).override(OptionalInt.of(priority), "priority set by operator");
            return name + ": priority overridden to " + priority + " (was "
                    + agent.health().get(name).computedPriority() + " from configuration and trackers)";
        });
    }

    @Override
    public String clearPriority(String name) throws ControlException {
        return command("priority " + name + " --clear", () -> {
            instance(name);
            InstanceHealth h = agent.health().get(name);
            if (h.override().isEmpty()) {
                return name + ": no override to clear; priority " + h.effectivePriority();
            }
            h.override(OptionalInt.empty(), "override cleared by operator");
            return name + ": override cleared; priority " + h.effectivePriority();
        });
    }

    @Override
    public String setMaintenance(boolean on) throws ControlException {
        return command("maintenance " + (on ? "on" : "off"), () -> {
            if (agent.maintenance() == on) {
                return "maintenance is already " + (on ? "on" : "off");
            }
            agent.setMaintenance(on);
            return on
                    ? "maintenance on: every instance gives its addresses away and stays Backup"
                    : "maintenance off: instances take part in elections again";
        });
    }

    @Override
    public ReloadResult reload() {
        return agent.reload();
    }

    // ---------------------------------------------------------------- events

    @Override
    public AutoCloseable subscribe(Consumer<AgentEvent> listener) {
        listeners.add(listener);
        agent.loop().execute(this::startTiming);
        return () -> listeners.remove(listener);
    }

    private void startTiming() {
        if (timing == null) {
            timing = agent.loop().newTimer("advert timing", this::publishTiming);
        }
        if (!timing.isRunning()) {
            timing.startIn(TIMING_INTERVAL_NANOS);
        }
    }

    private void publishTiming() {
        if (listeners.isEmpty()) {
            return; // no one listens: stop until someone subscribes
        }
        long now = agent.loop().nanoTime();
        Instant at = Instant.now();
        for (VrrpInstance i : agent.instances().values()) {
            publish(new AgentEvent.AdvertTimingEvent(
                    at,
                    i.name(),
                    ago(now, i.lastAdvertReceivedAt()),
                    ago(now, i.lastAdvertSentAt()),
                    i.masterDownRemaining()));
        }
        timing.startIn(TIMING_INTERVAL_NANOS);
    }

    private void publish(AgentEvent e) {
        for (Consumer<AgentEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "control: an event listener failed: {0}", ex.toString());
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private interface LoopCommand {
        String run() throws ControlException;
    }

    /** Runs a command on the loop, logs and publishes its outcome. */
    private String command(String what, LoopCommand c) throws ControlException {
        CompletableFuture<String> f = new CompletableFuture<>();
        agent.loop().execute(() -> {
            try {
                f.complete(c.run());
            } catch (ControlException | RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            String outcome = f.get(5, TimeUnit.SECONDS);
            LOG.log(INFO, "control: {0}: {1}", what, outcome);
            publish(new AgentEvent.CommandEvent(Instant.now(), what, outcome));
            return outcome;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ControlException ce) {
                LOG.log(INFO, "control: {0}: refused: {1}", what, ce.getMessage());
                publish(new AgentEvent.CommandEvent(Instant.now(), what, "refused: " + ce.getMessage()));
                throw ce;
            }
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted");
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + ": the event loop did not answer within 5 s");
        }
    }

    private <T> T onLoop(Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        agent.loop().execute(() -> {
            try {
                f.complete(task.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the event loop did not answer: " + e, e);
        }
    }

    private VrrpInstance instance(String name) throws ControlException {
        VrrpInstance i = agent.instances().get(name);
        if (i == null) {
            throw new ControlException(
                    Kind.INVALID_ARGUMENT,
                    "no instance " + name + " on this node (instances: "
                            + String.join(", ", agent.instances().keySet()) + ")");
        }
        return i;
    }
}
