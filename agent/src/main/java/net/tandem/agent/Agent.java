package net.tandem.agent;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.tandem.agent.config.ConfigLoader;
import net.tandem.agent.config.ConfigResult;
import net.tandem.agent.config.KeepalivedConfig;
import net.tandem.agent.config.VirtualAddress;
import net.tandem.agent.config.VrrpInstanceConfig;
import net.tandem.agent.control.ControlTarget;
import net.tandem.agent.linux.AddressScope;
import net.tandem.agent.linux.DeleteResult;
import net.tandem.agent.linux.GarpSender;
import net.tandem.agent.linux.InterfaceReceiver;
import net.tandem.agent.linux.Link;
import net.tandem.agent.linux.LinkAddress;
import net.tandem.agent.linux.LinkMonitor;
import net.tandem.agent.linux.LinuxInstanceNetwork;
import net.tandem.agent.linux.NetlinkEvent;
import net.tandem.agent.linux.RawVrrpSocket;
import net.tandem.agent.linux.Rtnetlink;
import net.tandem.agent.linux.SdNotify;
import net.tandem.agent.track.InstanceHealth;
import net.tandem.agent.track.LinkTracking;
import net.tandem.agent.track.Notifier;
import net.tandem.agent.track.ProcessScriptRunner;
import net.tandem.agent.track.TrackedFiles;
import net.tandem.agent.track.TrackerKey;
import net.tandem.agent.track.Tracking;
import net.tandem.agent.vrrp.AdvertDispatcher;
import net.tandem.agent.vrrp.InstanceObserver;
import net.tandem.agent.vrrp.InstanceSettings;
import net.tandem.agent.vrrp.VrrpInstance;
import net.tandem.agent.vrrp.packet.DiscardReason;
import net.tandem.agent.vrrp.packet.ReceivedAdvert;

/**
 * One node's agent, wired: the configuration's instances on the event loop, the Linux data plane
 * under them. Startup order matters: addresses left behind by an earlier run are removed before
 * any instance starts, so that a crashed master never comes back believing it holds a VIP.
 */
public final class Agent implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Agent.class.getName());
    private static final Inet4Address VRRP_GROUP = ipv4("224.0.0.18");

    /** The agent cannot start: the message says what and what to do. */
    public static final class StartupException extends Exception {
        StartupException(String message) {
            super(message);
        }
    }

    private volatile KeepalivedConfig config;
    /** Maintenance: every instance, also one added by a reload, is held in BACKUP. Loop only. */
    private boolean maintenance;

    private final java.nio.file.Path configFile;
    private volatile java.time.Instant configLoadedAt = java.time.Instant.now();
    private final EventLoop loop = new EventLoop("tandem-vrrp");
    /** Address changes and ARPs, in order, off the event loop (they wait for the kernel). */
    private final ExecutorService dataPlane = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("tandem-dataplane").daemon(true).unstarted(r));

    private final AdvertDispatcher dispatcher = new AdvertDispatcher();
    /** Which interface each instance's adverts arrive on (for the dispatcher); loop only. */
    private final Map<String, String> instanceLinks = new HashMap<>();

    private final Notifier notifier = new Notifier();
    private final ProcessScriptRunner scriptRunner = new ProcessScriptRunner();
    private final Tracking tracking = new Tracking(loop, loop, scriptRunner, notifier, new TrackedFiles());
    private final Watchdog watchdog;
    private final Optional<SdNotify> systemd;
    private final Map<String, VrrpInstance> instances = new LinkedHashMap<>();
    private final Map<String, RawVrrpSocket> sockets = new HashMap<>();
    private final Map<String, GarpSender> garps = new HashMap<>();
    private final List<InterfaceReceiver> receivers = new ArrayList<>();
    /** Interfaces whose socket has a receiver thread. */
    private final java.util.Set<String> receiving = new java.util.HashSet<>();

    private final LinkTracking linkTracking = new LinkTracking();
    private final Map<String, InstanceHealth> health = new LinkedHashMap<>();
    /** Told of every transition and priority change, on the loop: notify scripts, sync groups, the API. */
    private final List<InstanceObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final List<InstanceHealth.TrackerListener> trackerListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final InstanceHealth.TrackerListener trackerFanOut =
            (instance, tracker, reason) -> trackerListeners.forEach(l -> l.onTrackerChange(instance, tracker, reason));
    private final InstanceObserver fanOut = new InstanceObserver() {
        @Override
        public void onTransition(VrrpInstance instance, net.tandem.agent.vrrp.Transition t) {
            for (InstanceObserver o : observers) {
                o.onTransition(instance, t);
            }
        }

        @Override
        public void onPriorityChange(VrrpInstance instance, int oldPriority, int newPriority, String reason) {
            for (InstanceObserver o : observers) {
                o.onPriorityChange(instance, oldPriority, newPriority, reason);
            }
        }
    };
    private Rtnetlink rtnetlink;
    private LinkMonitor linkMonitor;

    public Agent(KeepalivedConfig config, java.nio.file.Path configFile) {
        this(config, configFile, SdNotify.fromEnvironment());
    }

    /** @param systemd where to send sd_notify messages (READY, WATCHDOG...), if run by systemd */
    public Agent(KeepalivedConfig config, java.nio.file.Path configFile, Optional<SdNotify> systemd) {
        this.config = config;
        this.configFile = configFile;
        this.systemd = systemd;
        this.watchdog = new Watchdog(loop, systemd);
        // The notifier sees each transition first, before sync groups react to it.
        observers.add(notifier);
        observers.add(tracking);
    }

    public void start() throws StartupException, IOException {
        rtnetlink = Rtnetlink.open();
        Map<String, Link> links = new HashMap<>();
        List<PreparedInstance> prepared = new ArrayList<>();
        for (VrrpInstanceConfig c : config.instances()) {
            prepared.add(prepare(c, links, true));
        }
        Tracking.Prepared tracked = Tracking.prepare(config);
        linkMonitor = LinkMonitor.start(event -> loop.execute(() -> onNetlinkEvent(event)));
        startReceivers();
        loop.execute(() -> {
            prepared.forEach(this::install);
            tracking.apply(tracked, health);
            instances.values().forEach(VrrpInstance::start);
            watchdog.start();
        });
        loop.start();
    }

    /** What an instance needs from the kernel, found off the loop: its link, socket, addresses. */
    private record PreparedInstance(
            VrrpInstanceConfig config,
            Link link,
            InstanceSettings settings,
            LinuxInstanceNetwork network,
            Map<String, Boolean> trackedUp) {}

    /**
     * Looks up and opens what instance {@code c} needs; removes addresses left by an earlier run
     * when {@code removeLeftovers} (at startup and for added instances: never under a running one).
     */
    /**
     * Reloads the configuration file (SIGHUP, the control API). The new file is read and checked
     * first, and everything the kernel must answer (interfaces, addresses, sockets) is looked up
     * before anything changes: a file with errors, or one naming an interface this node lacks, is
     * rejected with its reasons and the running configuration stays. Otherwise the changes are
     * applied on the event loop in one go, as {@link ReloadPlan} describes; instances that did not
     * change are not touched at all.
     */
    public synchronized ControlTarget.ReloadResult reload() {
        ConfigResult result = ConfigLoader.load(configFile);
        List<String> diagnostics =
                result.diagnostics().stream().map(Object::toString).toList();
        if (result.hasErrors()) {
            String summary = configFile + " has " + result.errors().size() + " error"
                    + (result.errors().size() == 1 ? "" : "s") + "; not reloaded, the running configuration stays";
            result.errors().forEach(d -> LOG.log(WARNING, "reload: {0}", d));
            LOG.log(WARNING, "reload: {0}", summary);
            return new ControlTarget.ReloadResult(false, diagnostics, summary);
        }
        KeepalivedConfig next = result.config();
        ReloadPlan plan = ReloadPlan.of(config, next);
        Map<String, Link> links = new HashMap<>();
        List<PreparedInstance> toStart = new ArrayList<>();
        Map<String, Map<String, Boolean>> inPlaceLinks = new HashMap<>();
        try {
            for (String name : plan.added()) {
                toStart.add(prepare(next.instance(name).orElseThrow(), links, false));
            }
            for (String name : plan.restarted().keySet()) {
                toStart.add(prepare(next.instance(name).orElseThrow(), links, false));
            }
            for (String name : plan.inPlace().keySet()) {
                inPlaceLinks.put(name, trackedLinks(next.instance(name).orElseThrow()));
            }
        } catch (StartupException | IOException e) {
            String summary = "cannot apply " + configFile + ": " + e.getMessage()
                    + "; not reloaded, the running configuration stays";
            LOG.log(WARNING, "reload: {0}", summary);
            List<String> all = new ArrayList<>(diagnostics);
            all.add(e.getMessage());
            return new ControlTarget.ReloadResult(false, all, summary);
        }
        startReceivers();
        Tracking.Prepared tracked = Tracking.prepare(next);
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        loop.execute(() -> {
            try {
                apply(plan, next, toStart, inPlaceLinks, tracked);
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.log(
                    WARNING,
                    "reload: applying failed half-way: {0}",
                    String.valueOf(e.getCause() == null ? e : e.getCause()));
            return new ControlTarget.ReloadResult(
                    false, diagnostics, "applying failed half-way: " + e + "; restart the agent to get a known state");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ControlTarget.ReloadResult(false, diagnostics, "interrupted");
        }
        configLoadedAt = java.time.Instant.now();
        String summary = "reloaded " + configFile + ": " + plan.summary();
        LOG.log(INFO, summary);
        return new ControlTarget.ReloadResult(true, diagnostics, summary);
    }

    /** On the loop: the plan, in an order that never has two instances on one VRID. */
    private void apply(
            ReloadPlan plan,
            KeepalivedConfig next,
            List<PreparedInstance> toStart,
            Map<String, Map<String, Boolean>> inPlaceLinks,
            Tracking.Prepared tracked) {
        KeepalivedConfig running = config;
        plan.removed().forEach(n -> uninstall(n, "removed from the configuration (reload)"));
        plan.restarted().forEach((n, why) -> {
            LOG.log(INFO, "{0}: restarting for the new configuration: {1}", n, why);
            uninstall(n, "restarting (reload: " + why + ")");
        });
        toStart.forEach(this::install);
        plan.inPlace().forEach((n, why) -> {
            LOG.log(INFO, "{0}: updated in place: {1}", n, why);
            VrrpInstanceConfig c = next.instance(n).orElseThrow();
            InstanceHealth h = health.get(n);
            h.setBase(c.priority(), "configured priority " + c.priority() + " (reload)");
            linkTracking.unwatchTracked(h);
            for (var old : running.instance(n).orElseThrow().trackInterfaces()) {
                if (c.trackInterfaces().stream().noneMatch(t -> t.name().equals(old.name()))) {
                    h.removeTracker(
                            TrackerKey.trackedInterface(old.name()),
                            "interface " + old.name() + " no longer tracked (reload)");
                }
            }
            watchTrackedLinks(h, c, inPlaceLinks.get(n));
        });
        config = next;
        tracking.apply(tracked, health);
        toStart.forEach(p -> instances.get(p.config().name()).start());
    }

    private PreparedInstance prepare(VrrpInstanceConfig c, Map<String, Link> links, boolean removeLeftovers)
            throws StartupException, IOException {
        Link link = link(links, c.interfaceName(), c.name());
        if (removeLeftovers) {
            removeLeftovers(c, links);
        }
        RawVrrpSocket socket = sockets.get(link.name());
        if (socket == null) {
            socket = RawVrrpSocket.open(link.name());
            sockets.put(link.name(), socket);
        }
        Inet4Address primary = sourceAddress(c, link);
        InstanceSettings settings = InstanceSettingsFromConfig.of(c, primary);
        List<Inet4Address> destinations =
                settings.unicastPeers().isEmpty() ? List.of(VRRP_GROUP) : List.copyOf(settings.unicastPeers());
        List<LinuxInstanceNetwork.Binding> bindings = new ArrayList<>();
        for (VirtualAddress va : concat(c.virtualAddresses(), c.excludedAddresses())) {
            if (va.address() instanceof Inet4Address a) {
                Link on = va.device().isPresent() ? link(links, va.device().get(), c.name()) : link;
                bindings.add(new LinuxInstanceNetwork.Binding(
                        a,
                        va.prefixLength(),
                        va.label().orElse(null),
                        va.broadcast().map(Inet4Address.class::cast).orElse(null),
                        new AddressScope(va.scope()),
                        on,
                        garp(on)));
            }
        }
        LinuxInstanceNetwork network =
                new LinuxInstanceNetwork(c.name(), socket, primary, destinations, bindings, rtnetlink, dataPlane);
        return new PreparedInstance(c, link, settings, network, trackedLinks(c));
    }

    private Map<String, Boolean> trackedLinks(VrrpInstanceConfig c) throws IOException {
        Map<String, Boolean> up = new HashMap<>();
        for (var tracked : c.trackInterfaces()) {
            up.put(
                    tracked.name(),
                    rtnetlink.link(tracked.name()).map(Link::isUp).orElse(false));
        }
        return up;
    }

    /** On the loop (or before it runs): the instance joins the dispatcher, its health and link watches. */
    private void install(PreparedInstance p) {
        VrrpInstanceConfig c = p.config();
        VrrpInstance instance = new VrrpInstance(p.settings(), loop, p.network(), fanOut);
        instances.put(c.name(), instance);
        instanceLinks.put(c.name(), p.link().name());
        dispatcher.register(p.link().name(), instance);
        InstanceHealth h = new InstanceHealth(instance);
        h.setTrackerListener(trackerFanOut);
        health.put(c.name(), h);
        // Not started yet: one whose interface is down starts in FAULT.
        linkTracking.watchOwn(h, p.link().name(), p.link().isUp());
        if (maintenance) {
            instance.hold(true, "maintenance on");
        }
        watchTrackedLinks(h, c, p.trackedUp());
        LOG.log(
                INFO,
                "{0}: VRID {1} on {2}, priority {3}, {4} advert every {5}, source {6}",
                c.name(),
                c.virtualRouterId(),
                p.link().name(),
                c.priority(),
                c.version(),
                c.advertInterval().toMillis() + " ms",
                p.settings().primaryAddress().getHostAddress());
    }

    private void watchTrackedLinks(InstanceHealth h, VrrpInstanceConfig c, Map<String, Boolean> up) {
        for (var tracked : c.trackInterfaces()) {
            linkTracking.watchTracked(
                    h, tracked.name(), tracked.weight().orElse(0), up.getOrDefault(tracked.name(), false));
        }
    }

    /** On the loop: stops an instance as on shutdown (priority 0, addresses released) and forgets it. */
    private void uninstall(String name, String reason) {
        VrrpInstance i = instances.remove(name);
        if (i == null) {
            return;
        }
        i.stop(reason);
        dispatcher.unregister(instanceLinks.remove(name), i);
        InstanceHealth h = health.remove(name);
        linkTracking.unwatch(h);
    }

    private void startReceivers() {
        InterfaceReceiver.Sink sink = new InterfaceReceiver.Sink() {
            @Override
            public void advert(String interfaceName, ReceivedAdvert advert) {
                loop.execute(() -> dispatcher.dispatch(interfaceName, advert));
            }

            @Override
            public void discard(String interfaceName, DiscardReason reason) {
                loop.execute(() -> dispatcher.count(interfaceName, reason));
            }
        };
        for (var e : sockets.entrySet()) {
            if (receiving.add(e.getKey())) {
                receivers.add(new InterfaceReceiver(e.getValue(), sink).start());
            }
        }
    }

    private Link link(Map<String, Link> links, String name, String instance) throws StartupException, IOException {
        Link link = links.get(name);
        if (link == null) {
            link = rtnetlink
                    .link(name)
                    .orElseThrow(
                            () -> new StartupException(
                                    instance + ": interface " + name
                                            + " does not exist on this node; check 'interface' in the configuration (ip link lists the interfaces)"));
            links.put(name, link);
        }
        return link;
    }

    private GarpSender garp(Link link) throws IOException {
        GarpSender g = garps.get(link.name());
        if (g == null) {
            g = GarpSender.open(link);
            garps.put(link.name(), g);
        }
        return g;
    }

    /** The advert source: unicast_src_ip or mcast_src_ip if configured, else the interface's primary address. */
    private Inet4Address sourceAddress(VrrpInstanceConfig c, Link link) throws StartupException, IOException {
        Optional<InetAddress> configured = c.unicastSourceAddress().or(c::mcastSourceAddress);
        if (configured.isPresent()) {
            if (configured.get() instanceof Inet4Address a) {
                return a;
            }
            throw new StartupException(
                    c.name() + ": the source address " + configured.get().getHostAddress() + " is not IPv4");
        }
        return rtnetlink
                .primaryAddress(link.index())
                .orElseThrow(() -> new StartupException(c.name() + ": interface " + link.name()
                        + " has no IPv4 address to send adverts from; give it one, or set unicast_src_ip"));
    }

    /**
     * Crash recovery: a VIP of ours found on an interface at startup was left by an earlier run
     * that died without cleaning up. It goes before the instance starts, so that the election,
     * not a stale address, decides who serves it.
     */
    private void removeLeftovers(VrrpInstanceConfig c, Map<String, Link> links) throws StartupException, IOException {
        for (VirtualAddress va : concat(c.virtualAddresses(), c.excludedAddresses())) {
            if (!(va.address() instanceof Inet4Address a)) {
                continue;
            }
            Link on = link(links, va.device().orElse(c.interfaceName()), c.name());
            for (LinkAddress present : rtnetlink.addresses(on.index())) {
                if (present.address().equals(a)) {
                    DeleteResult r = rtnetlink.deleteAddress(on.index(), a, present.prefixLength());
                    if (r == DeleteResult.DELETED) {
                        LOG.log(
                                WARNING,
                                "{0}: removed {1}/{2} from {3}: left behind by an earlier run (crash?); "
                                        + "the election decides who holds it now",
                                c.name(),
                                a.getHostAddress(),
                                present.prefixLength(),
                                on.name());
                    }
                }
            }
        }
    }

    private void onNetlinkEvent(NetlinkEvent event) {
        if (event instanceof NetlinkEvent.LinkEvent e) {
            linkTracking.onLink(e.name(), e.up() && !e.removed());
        } else if (event instanceof NetlinkEvent.EventsLost) {
            LOG.log(WARNING, "link monitor: the kernel dropped link events; re-reading link states");
            try {
                for (Link l : rtnetlink.links()) {
                    linkTracking.onLink(l.name(), l.isUp());
                }
            } catch (IOException e) {
                LOG.log(WARNING, "link monitor: cannot re-read link states: {0}", e.getMessage());
            }
        }
    }

    /**
     * Stops every instance the way keepalived does on SIGTERM: masters send a priority-0 advert and
     * remove their addresses; then the data plane is drained and the sockets closed.
     */
    @Override
    public void close() {
        CountDownLatch stopped = new CountDownLatch(1);
        loop.execute(() -> {
            watchdog.stop();
            tracking.stopChecks();
            instances.values().forEach(i -> i.stop("agent stopping"));
            stopped.countDown();
        });
        try {
            if (!stopped.await(5, TimeUnit.SECONDS)) {
                LOG.log(WARNING, "agent: instances did not stop within 5 s; closing anyway");
            }
            dataPlane.shutdown();
            if (!dataPlane.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(WARNING, "agent: address removals did not finish within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop.close();
        scriptRunner.close();
        tracking.close();
        notifier.close(java.time.Duration.ofSeconds(5)); // notify_stop scripts get a chance to run
        systemd.ifPresent(SdNotify::close);
        if (linkMonitor != null) {
            linkMonitor.close();
        }
        receivers.forEach(InterfaceReceiver::close);
        sockets.values().forEach(RawVrrpSocket::close);
        garps.values().forEach(GarpSender::close);
        if (rtnetlink != null) {
            rtnetlink.close();
        }
    }

    /** Tells systemd (if it runs the agent) something: READY=1, RELOADING=1, STOPPING=1, STATUS=... */
    public void notifySystemd(String state) {
        systemd.ifPresent(s -> s.send(state));
    }

    /**
     * Maintenance on: every instance gives its addresses away and stays Backup; off: elections as
     * usual. On the loop only.
     */
    public void setMaintenance(boolean on) {
        maintenance = on;
        for (VrrpInstance i : instances.values()) {
            i.hold(
                    on,
                    on ? "maintenance on: giving addresses away" : "maintenance off: taking part in elections again");
        }
    }

    /** On the loop only. */
    public boolean maintenance() {
        return maintenance;
    }

    /** Adds a listener of every tracker change of every instance; call before {@link #start} or on the loop. */
    public void addTrackerListener(InstanceHealth.TrackerListener listener) {
        trackerListeners.add(listener);
    }

    /** Adds an observer of every instance; call before {@link #start} or on the loop. */
    public void addObserver(InstanceObserver observer) {
        observers.add(observer);
    }

    /** Each instance's trackers and overrides, by instance name; use on the loop only. */
    public Map<String, InstanceHealth> health() {
        return health;
    }

    public KeepalivedConfig config() {
        return config;
    }

    public java.nio.file.Path configFile() {
        return configFile;
    }

    public java.time.Instant configLoadedAt() {
        return configLoadedAt;
    }

    /** Talks to the kernel about addresses and links; safe from any thread (one request at a time). */
    public Rtnetlink rtnetlink() {
        return rtnetlink;
    }

    public AdvertDispatcher dispatcher() {
        return dispatcher;
    }

    public EventLoop loop() {
        return loop;
    }

    /** Instances by name; read them on the event loop only. */
    public Map<String, VrrpInstance> instances() {
        return instances;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Inet4Address ipv4(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
