package net.tandem.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.tandem.agent.config.ConfigLoader;
import net.tandem.agent.config.ConfigResult;
import net.tandem.agent.config.KeepalivedConfig;
import net.tandem.agent.config.VrrpInstanceConfig;
import net.tandem.agent.control.ControlTarget;
import net.tandem.agent.control.InstanceStatus;
import net.tandem.agent.track.Notifier;
import net.tandem.agent.track.ScriptRunner;
import net.tandem.agent.track.TrackedFiles;
import net.tandem.agent.track.Tracking;
import net.tandem.agent.vrrp.SimulatedLan;
import net.tandem.agent.vrrp.Transition;
import net.tandem.agent.vrrp.packet.DiscardReason;
import net.tandem.agent.vrrp.packet.ReceivedAdvert;

/**
 * One agent on the simulated LAN, built from the production parts above the kernel: its
 * configuration file, {@link NodeModel}, {@link NodeReload} and {@link NodeControl} (the control
 * plane's entry point), on a virtual-time loop over {@link SimulatedDataPlane}. Checks are not
 * run here (a configuration that needs one fails the test); notify commands are recorded in
 * {@link #notified} instead of run.
 */
final class VirtualNode {
    final String name;
    final Path configFile;
    final NodeModel model;
    final ControlTarget control;
    /** Every notify command this node ran (their argv), in order; they run on the notifier's own thread. */
    final List<List<String>> notified = new CopyOnWriteArrayList<>();
    /** Every transition of this node's instances, in order. */
    final List<Transition> transitions = new ArrayList<>();

    private final SimulatedDataPlane dataPlane;

    VirtualNode(SimulatedLan lan, String name, String address, Path dir, String config) {
        this.name = name;
        this.configFile = dir.resolve(name + ".conf");
        write(config);
        SimulatedLan.Node node = lan.addNode(name, address);
        VirtualLoop loop = new VirtualLoop(lan.clock);
        ScriptRunner noScripts = (script, argv, timeout, done) -> {
            throw new AssertionError(name + ": the virtual node runs no scripts, but " + script + " was started");
        };
        Notifier notifier = new Notifier(
                (script, argv, timeout) -> {
                    notified.add(List.copyOf(argv));
                    return ScriptRunner.Outcome.exited(0);
                },
                Duration.ofSeconds(5));
        Tracking tracking = new Tracking(loop, loop, noScripts, notifier, new TrackedFiles());
        this.model = new NodeModel(loop, tracking, load());
        model.addObserver(notifier); // as the agent: notify scripts hear a transition first
        model.addObserver(tracking);
        model.addObserver((instance, t) -> transitions.add(t));
        this.dataPlane = new SimulatedDataPlane(node, SimulatedLan.ip(address));
        NodeReload reload = new NodeReload(configFile, model, loop, dataPlane);
        this.control = new NodeControl(model, loop, dataPlane, reload);
        node.attach(new SimulatedLan.Receiver() {
            @Override
            public void advert(String interfaceName, ReceivedAdvert advert) {
                model.dispatch(interfaceName, advert);
            }

            @Override
            public void discard(String interfaceName, DiscardReason reason) {
                model.count(interfaceName, reason);
            }
        });
    }

    /** Starts the node as the agent does: every instance prepared, then installed and started. */
    VirtualNode start() {
        KeepalivedConfig config = model.config();
        List<PreparedInstance> prepared = new ArrayList<>();
        try {
            for (VrrpInstanceConfig c : config.instances()) {
                prepared.add(dataPlane.prepare(c, true));
            }
        } catch (DataPlaneException e) {
            throw new AssertionError(e);
        }
        model.start(prepared, Tracking.prepare(config));
        return this;
    }

    /** Writes a new configuration file and reloads it, as SIGHUP or {@code tandemctl reload} do. */
    ControlTarget.ReloadResult reload(String config) {
        write(config);
        ControlTarget.ReloadResult r = control.reload();
        assertThat(r.applied())
                .as("%s: reload: %s %s", name, r.summary(), r.diagnostics())
                .isTrue();
        return r;
    }

    /**
     * Waits (real time, bounded) until {@code n} notify commands were handed over: the notifier
     * runs them on its own thread, off the virtual clock.
     */
    List<List<String>> awaitNotified(int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (notified.size() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(notified).as("%s: notify commands", name).hasSizeGreaterThanOrEqualTo(n);
        return List.copyOf(notified);
    }

    /** The instance as {@code tandemctl status} shows it. */
    InstanceStatus status(String instance) {
        return control.status().instances().stream()
                .filter(i -> i.name().equals(instance))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no instance " + instance));
    }

    private KeepalivedConfig load() {
        ConfigResult r = ConfigLoader.load(configFile);
        assertThat(r.errors()).as("%s: configuration errors", name).isEmpty();
        return r.config();
    }

    private void write(String config) {
        try {
            Files.writeString(configFile, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
