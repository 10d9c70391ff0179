package net.tandem.agent.node;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import net.tandem.agent.config.VrrpInstanceConfig;
import net.tandem.agent.control.AgentEvent;
import net.tandem.agent.control.ControlException;
import net.tandem.agent.control.ControlTarget;
import net.tandem.agent.control.InstanceStatus;
import net.tandem.agent.control.NodeStatus;
import net.tandem.agent.time.Timer;
import net.tandem.agent.vrrp.InstanceObserver;
import net.tandem.agent.vrrp.Transition;
import net.tandem.agent.vrrp.VrrpInstance;

/**
 * The node as the control plane sees it: each command is carried out on the event loop by
 * {@link NodeModel} while the caller (a gRPC thread) waits, then logged and published as an
 * event; what needs the kernel (are the VIPs really there?) is asked from the caller's thread,
 * never from the loop.
 */
public final class NodeControl implements ControlTarget {
    private static final System.Logger LOG = System.getLogger(NodeControl.class.getName());
    public static final String VERSION = "0.1.0";
    /** How often advert timing is published while someone listens: the console shows ages live. */
    private static final long TIMING_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final NodeModel model;
    private final NodeLoop loop;
    private final DataPlane dataPlane;
    private final NodeReload reload;
    private final Instant startedAt = Instant.now();
    private final List<Consumer<AgentEvent>> listeners = new CopyOnWriteArrayList<>();
    private Timer timing; // loop only

    public NodeControl(NodeModel model, NodeLoop loop, DataPlane dataPlane, NodeReload reload) {
        this.model = model;
        this.loop = loop;
        this.dataPlane = dataPlane;
        this.reload = reload;
        model.addTrackerListener((instance, t, reason) -> publish(new AgentEvent.TrackerEvent(
                Instant.now(),
                instance.name(),
                t.key().toString(),
                t.ok(),
                reason + " (weight " + t.weight() + ", contributes " + t.contribution() + ")")));
        model.addObserver(new InstanceObserver() {
            @Override
            public void onTransition(VrrpInstance instance, Transition t) {
                publish(new AgentEvent.TransitionEvent(Instant.now(), t.instance(), t.from(), t.to(), t.reason()));
            }

            @Override
            public void onPriorityChange(VrrpInstance instance, int oldPriority, int newPriority, String reason) {
                publish(new AgentEvent.PriorityEvent(
                        Instant.now(),
                        instance.name(),
                        oldPriority,
                        newPriority,
                        reason,
                        model.override(instance.name())));
            }

            @Override
            public void onSplitBrain(
                    VrrpInstance instance,
                    boolean active,
                    java.util.List<net.tandem.agent.vrrp.MastersHeard.Master> masters,
                    boolean selfMaster) {
                long now = loop.nanoTime();
                String who = net.tandem.agent.vrrp.MastersHeard.describe(masters, selfMaster);
                publish(new AgentEvent.SplitBrainEvent(
                        Instant.now(),
                        instance.name(),
                        active,
                        masters.stream()
                                .map(m -> new InstanceStatus.HeardMaster(
                                        m.address(), m.priority(), now - m.lastSeenNanos()))
                                .toList(),
                        selfMaster,
                        active ? "two masters at once: " + who : "one master again: " + who));
            }
        });
    }

    // ---------------------------------------------------------------- status

    @Override
    public NodeStatus status() {
        Map<String, Set<InetAddress>> kernel = kernelAddresses();
        String routerId = routerId(); // here, off the loop: without router_id it may ask the resolver
        return loop.call(() -> new NodeStatus(
                routerId,
                VERSION,
                startedAt,
                model.maintenance(),
                reload.configFile(),
                model.configLoadedAt(),
                model.status(kernel),
                model.scripts(),
                loop.maxLatenessNanos()));
    }

    /** What the kernel has on each interface the instances use, read from this (non-loop) thread. */
    private Map<String, Set<InetAddress>> kernelAddresses() {
        Map<String, Set<InetAddress>> result = new HashMap<>();
        for (VrrpInstanceConfig c : model.config().instances()) {
            result.computeIfAbsent(c.vipInterfaceName(), dataPlane::addresses);
            c.virtualAddresses()
                    .forEach(va -> va.device().ifPresent(d -> result.computeIfAbsent(d, dataPlane::addresses)));
            c.excludedAddresses()
                    .forEach(va -> va.device().ifPresent(d -> result.computeIfAbsent(d, dataPlane::addresses)));
        }
        return result;
    }

    /** The host name, looked up once (it may ask DNS) and only off the event loop. */
    private volatile String hostName;

    private String routerId() {
        return model.config().globals().routerId().orElseGet(() -> {
            String name = hostName;
            if (name == null) {
                try {
                    name = InetAddress.getLocalHost().getHostName();
                } catch (UnknownHostException e) {
                    name = "unknown";
                }
                hostName = name;
            }
            return name;
        });
    }

    // ---------------------------------------------------------------- commands

    @Override
    public String takeover(String name) throws ControlException {
        return command("takeover " + name, () -> model.takeover(name));
    }

    @Override
    public String release(String name) throws ControlException {
        return command("release " + name, () -> model.release(name));
    }

    @Override
    public String setPriority(String name, int priority) throws ControlException {
        return command("priority " + name + " " + priority, () -> model.setPriority(name, priority));
    }

    @Override
    public String clearPriority(String name) throws ControlException {
        return command("priority " + name + " --clear", () -> model.clearPriority(name));
    }

    @Override
    public String setMaintenance(boolean on) throws ControlException {
        return command("maintenance " + (on ? "on" : "off"), () -> model.setMaintenance(on));
    }

    @Override
    public ReloadResult reload() {
        return reload.reload();
    }

    /** Runs a command on the loop, logs and publishes its outcome. */
    private String command(String what, NodeLoop.LoopTask<String, ControlException> c) throws ControlException {
        try {
            String outcome = loop.call(c);
            LOG.log(INFO, "control: {0}: {1}", what, outcome);
            publish(new AgentEvent.CommandEvent(Instant.now(), what, outcome));
            return outcome;
        } catch (ControlException e) {
            LOG.log(INFO, "control: {0}: refused: {1}", what, e.getMessage());
            publish(new AgentEvent.CommandEvent(Instant.now(), what, "refused: " + e.getMessage()));
            throw e;
        }
    }

    // ---------------------------------------------------------------- events

    @Override
    public AutoCloseable subscribe(Consumer<AgentEvent> listener) {
        listeners.add(listener);
        loop.execute(this::startTiming);
        return () -> listeners.remove(listener);
    }

    private void startTiming() {
        if (timing == null) {
            timing = loop.newTimer("advert timing", this::publishTiming);
        }
        if (!timing.isRunning()) {
            timing.startIn(TIMING_INTERVAL_NANOS);
        }
    }

    private void publishTiming() {
        if (listeners.isEmpty()) {
            return; // no one listens: stop until someone subscribes
        }
        model.advertTiming(Instant.now()).forEach(this::publish);
        timing.startIn(TIMING_INTERVAL_NANOS);
    }

    private void publish(AgentEvent e) {
        for (Consumer<AgentEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                LOG.log(WARNING, "control: an event listener failed: {0}", ex.toString());
            }
        }
    }
}
