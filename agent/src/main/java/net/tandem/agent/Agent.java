package net.tandem.agent;

import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.tandem.agent.config.KeepalivedConfig;
import net.tandem.agent.config.VrrpInstanceConfig;
import net.tandem.agent.control.ControlTarget;
import net.tandem.agent.linux.Link;
import net.tandem.agent.linux.LinkMonitor;
import net.tandem.agent.linux.LinuxDataPlane;
import net.tandem.agent.linux.NetlinkEvent;
import net.tandem.agent.linux.SdNotify;
import net.tandem.agent.node.DataPlaneException;
import net.tandem.agent.node.LoopStalledException;
import net.tandem.agent.node.NodeControl;
import net.tandem.agent.node.NodeModel;
import net.tandem.agent.node.NodeReload;
import net.tandem.agent.node.PreparedInstance;
import net.tandem.agent.node.ReloadListener;
import net.tandem.agent.track.Notifier;
import net.tandem.agent.track.ProcessScriptRunner;
import net.tandem.agent.track.TrackedFiles;
import net.tandem.agent.track.Tracking;
import net.tandem.agent.vrrp.packet.DiscardReason;
import net.tandem.agent.vrrp.packet.ReceivedAdvert;

/**
 * One node's agent, wired: the threads and kernel resources of the process, and their
 * lifecycle. What the node decides lives in {@link NodeModel} on the event loop; this class
 * connects it to the Linux data plane, the link monitor, scripts, systemd and the control plane
 * ({@link #control}). Startup order matters: addresses left behind by an earlier run are removed
 * before any instance starts, so that a crashed master never comes back believing it holds a VIP.
 */
public final class Agent implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Agent.class.getName());

    private final EventLoop loop = new EventLoop("tandem-vrrp");
    private final Notifier notifier = new Notifier();
    private final ProcessScriptRunner scriptRunner = new ProcessScriptRunner();
    private final Tracking tracking = new Tracking(loop, loop, scriptRunner, notifier, new TrackedFiles());
    private final Watchdog watchdog;
    private final Optional<SdNotify> systemd;
    private final NodeModel model;
    private final LinuxDataPlane dataPlane;
    private final NodeReload reload;
    private final NodeControl control;
    private LinkMonitor linkMonitor;
    private List<net.tandem.agent.track.NotifyFifo> fifos = List.of();

    public Agent(KeepalivedConfig config, Path configFile) {
        this(config, configFile, SdNotify.fromEnvironment());
    }

    /** @param systemd where to send sd_notify messages (READY, WATCHDOG...), if run by systemd */
    public Agent(KeepalivedConfig config, Path configFile, Optional<SdNotify> systemd) {
        this.systemd = systemd;
        this.watchdog = new Watchdog(loop, systemd);
        this.model = new NodeModel(loop, tracking, config);
        // The notifier sees each transition first, before sync groups react to it.
        model.addObserver(notifier);
        model.addObserver(tracking);
        // Received packets reach the loop through a bounded queue: a flood is dropped and counted, never queued.
        // Adverts that would only re-arm a Backup's timer reach the loop without waking it (RoutineAdverts).
        RoutineAdverts routine = new RoutineAdverts();
        model.addObserver((instance, transition) -> routine.forgetAll());
        PacketInbox inbox = new PacketInbox(
                loop,
                new PacketInbox.Target() {
                    @Override
                    public void advert(String interfaceName, ReceivedAdvert advert, long receivedAt) {
                        if (model.dispatch(interfaceName, advert, receivedAt)) {
                            routine.expect(interfaceName, advert);
                        } else {
                            routine.forget(interfaceName, advert);
                        }
                    }

                    @Override
                    public void discard(String interfaceName, DiscardReason reason, long count) {
                        model.count(interfaceName, reason, count);
                    }

                    @Override
                    public void receiverFailure(String interfaceName, boolean failing, String reason) {
                        model.onReceiverFailure(interfaceName, failing, reason);
                    }
                },
                routine);
        loop.beforeTimersAndTasks(inbox::catchUp);
        this.dataPlane = new LinuxDataPlane(inbox);
        this.reload = new NodeReload(configFile, model, loop, dataPlane);
        this.control = new NodeControl(model, loop, dataPlane, reload);
    }

    /**
     * Opens the data plane, prepares every instance (removing leftover VIPs), and starts them on
     * the event loop.
     *
     * @throws DataPlaneException an instance cannot get what it needs; the message says what to do
     */
    public void start() throws DataPlaneException, IOException {
        dataPlane.open();
        openFifos();
        List<PreparedInstance> prepared = new ArrayList<>();
        for (VrrpInstanceConfig c : model.config().instances()) {
            prepared.add(dataPlane.prepare(c, true));
        }
        Tracking.Prepared tracked = Tracking.prepare(model.config());
        linkMonitor = LinkMonitor.start(this::onNetlinkEvent);
        dataPlane.startReceiving();
        loop.execute(() -> {
            model.start(prepared, tracked);
            watchdog.start();
        });
        loop.start();
    }

    /**
     * notify_fifo and vrrp_notify_fifo, with their scripts, before any instance starts: the first transition is
     * written. Opened once; a reload that changes them says that a restart is needed (keepalived reopens them).
     */
    private void openFifos() throws IOException {
        List<net.tandem.agent.config.NotifyFifoConfig> configs =
                model.config().globals().notifyFifos();
        if (configs.isEmpty()) {
            return;
        }
        List<net.tandem.agent.track.NotifyFifo> open = new ArrayList<>();
        for (var c : configs) {
            var runAs = net.tandem.agent.track.RunAs.resolve(
                    c.script().flatMap(net.tandem.agent.config.NotifyCommand::user),
                    model.config().globals().scriptUser());
            try {
                open.add(net.tandem.agent.track.NotifyFifo.open(c, runAs));
            } catch (IOException e) {
                open.forEach(net.tandem.agent.track.NotifyFifo::close);
                throw e;
            }
        }
        fifos = List.copyOf(open);
        notifier.useFifos(fifos);
        reload.addListener(next -> next.globals().notifyFifos().equals(configs)
                ? "notify FIFOs unchanged"
                : "notify_fifo/vrrp_notify_fifo changed: the FIFOs in use stay until the agent restarts");
    }

    /** On the link monitor's thread: link changes go to the loop; lost events are re-read here, off it. */
    private void onNetlinkEvent(NetlinkEvent event) {
        if (event instanceof NetlinkEvent.LinkEvent e) {
            loop.execute(() -> model.onLink(e.name(), e.up() && !e.removed()));
        } else if (event instanceof NetlinkEvent.EventsLost) {
            LOG.log(WARNING, "link monitor: the kernel dropped link events; re-reading link states");
            try {
                List<Link> links = dataPlane.links();
                loop.execute(() -> links.forEach(l -> model.onLink(l.name(), l.isUp())));
            } catch (IOException e) {
                LOG.log(WARNING, "link monitor: cannot re-read link states: {0}", e.getMessage());
            }
        }
    }

    /** What the control plane may see and do of this node. */
    public ControlTarget control() {
        return control;
    }

    /** Reloads the configuration file, as SIGHUP does; see {@link NodeReload}. */
    public ControlTarget.ReloadResult reload() {
        return reload.reload();
    }

    /** Adds a part that reads the configuration file too: it hears of each applied reload. */
    public void addReloadListener(ReloadListener listener) {
        reload.addListener(listener);
    }

    public KeepalivedConfig config() {
        return model.config();
    }

    public Path configFile() {
        return reload.configFile();
    }

    /** Tells systemd (if it runs the agent) something: READY=1, RELOADING=1, STOPPING=1, STATUS=... */
    public void notifySystemd(String state) {
        systemd.ifPresent(s -> s.send(state));
    }

    /**
     * Stops every instance the way keepalived does on SIGTERM: masters send a priority-0 advert and
     * remove their addresses; then the data plane is drained and the sockets closed.
     */
    @Override
    public void close() {
        try {
            if (loop.started()) {
                loop.run(() -> {
                    watchdog.stop();
                    model.stop("agent stopping");
                });
            } else {
                model.stop("agent stopping"); // startup failed: nothing runs on the loop yet
            }
        } catch (LoopStalledException e) {
            LOG.log(WARNING, "agent: instances did not stop: {0}; closing anyway", e.getMessage());
        }
        dataPlane.close();
        loop.close();
        scriptRunner.close();
        tracking.close();
        notifier.close(Duration.ofSeconds(5)); // notify_stop scripts get a chance to run
        notifier.useFifos(List.of());
        fifos.forEach(net.tandem.agent.track.NotifyFifo::close);
        systemd.ifPresent(SdNotify::close);
        if (linkMonitor != null) {
            linkMonitor.close();
        }
    }
}
