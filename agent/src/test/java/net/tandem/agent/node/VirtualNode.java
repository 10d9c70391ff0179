package net.tandem.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * plane's entry point), on a virtual-time loop over {@link SimulatedDataPlane}. Scripts are not
 * run here: a configuration that needs one fails the test.
 */
final class VirtualNode {
    final String name;
    final Path configFile;
    final NodeModel model;
    final ControlTarget control;
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
        Tracking tracking = new Tracking(loop, loop, noScripts, new Notifier(), new TrackedFiles());
        this.model = new NodeModel(loop, tracking, load());
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
