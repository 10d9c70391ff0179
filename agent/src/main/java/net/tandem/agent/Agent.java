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
import net.tandem.agent.config.KeepalivedConfig;
import net.tandem.agent.config.VirtualAddress;
import net.tandem.agent.config.VrrpInstanceConfig;
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

    private final KeepalivedConfig config;
    private final java.nio.file.Path configFile;
    private final java.time.Instant configLoadedAt = java.time.Instant.now();
    private final EventLoop loop = new EventLoop("tandem-vrrp");
    /** Address changes and ARPs, in order, off the event loop (they wait for the kernel). */
    private final ExecutorService dataPlane = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("tandem-dataplane").daemon(true).unstarted(r));
    private final AdvertDispatcher dispatcher = new AdvertDispatcher();
    private final Map<String, VrrpInstance> instances = new LinkedHashMap<>();
    private final Map<String, RawVrrpSocket> sockets = new HashMap<>();
    private final Map<String, GarpSender> garps = new HashMap<>();
    private final List<InterfaceReceiver> receivers = new ArrayList<>();
    private final LinkTracking linkTracking = new LinkTracking();
    private final Map<String, InstanceHealth> health = new LinkedHashMap<>();
    /** Told of every transition and priority change, on the loop: notify scripts, sync groups, the API. */
    private final List<InstanceObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();
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
        this.config = config;
        this.configFile = configFile;
    }

    public void start() throws StartupException, IOException {
        rtnetlink = Rtnetlink.open();
        Map<String, Link> links = new HashMap<>();
        for (VrrpInstanceConfig c : config.instances()) {
            Link link = link(links, c.interfaceName(), c.name());
            removeLeftovers(c, links);
            RawVrrpSocket socket = sockets.get(link.name());
            if (socket == null) {
                socket = RawVrrpSocket.open(link.name());
                sockets.put(link.name(), socket);
            }
            Inet4Address primary = sourceAddress(c, link);
            InstanceSettings settings = InstanceSettingsFromConfig.of(c, primary);
            List<Inet4Address> destinations = settings.unicastPeers().isEmpty() ? List.of(VRRP_GROUP)
                    : List.copyOf(settings.unicastPeers());
            List<LinuxInstanceNetwork.Binding> bindings = new ArrayList<>();
            for (VirtualAddress va : concat(c.virtualAddresses(), c.excludedAddresses())) {
                if (va.address() instanceof Inet4Address a) {
                    Link on = va.device().isPresent() ? link(links, va.device().get(), c.name()) : link;
                    bindings.add(new LinuxInstanceNetwork.Binding(a, va.prefixLength(), va.label().orElse(null),
                            va.broadcast().map(Inet4Address.class::cast).orElse(null), new AddressScope(va.scope()), on,
                            garp(on)));
                }
            }
            LinuxInstanceNetwork network = new LinuxInstanceNetwork(c.name(), socket, primary, destinations, bindings,
                    rtnetlink, dataPlane);
            VrrpInstance instance = new VrrpInstance(settings, loop, network, fanOut);
            instances.put(c.name(), instance);
            dispatcher.register(link.name(), instance);
            InstanceHealth h = new InstanceHealth(instance);
            health.put(c.name(), h);
            // The loop is not running yet, so this thread may touch the instance: one whose
            // interface is down now starts in FAULT.
            linkTracking.watchOwn(h, link.name(), link.isUp());
            for (var tracked : c.trackInterfaces()) {
                boolean up = rtnetlink.link(tracked.name()).map(Link::isUp).orElse(false);
                linkTracking.watchTracked(h, tracked.name(), tracked.weight().orElse(0), up);
            }
            LOG.log(INFO, "{0}: VRID {1} on {2}, priority {3}, {4} advert every {5}, source {6}", c.name(),
                    c.virtualRouterId(), link.name(), c.priority(), c.version(), c.advertInterval().toMillis() + " ms",
                    primary.getHostAddress());
        }
        linkMonitor = LinkMonitor.start(event -> loop.execute(() -> onNetlinkEvent(event)));
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
        for (RawVrrpSocket socket : sockets.values()) {
            receivers.add(new InterfaceReceiver(socket, sink).start());
        }
        loop.execute(() -> instances.values().forEach(VrrpInstance::start));
        loop.start();
    }

    private Link link(Map<String, Link> links, String name, String instance) throws StartupException, IOException {
        Link link = links.get(name);
        if (link == null) {
            link = rtnetlink.link(name).orElseThrow(() -> new StartupException(instance + ": interface " + name
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
            throw new StartupException(c.name() + ": the source address " + configured.get().getHostAddress() + " is not IPv4");
        }
        return rtnetlink.primaryAddress(link.index()).orElseThrow(() -> new StartupException(c.name() + ": interface "
                + link.name() + " has no IPv4 address to send adverts from; give it one, or set unicast_src_ip"));
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
                        LOG.log(WARNING, "{0}: removed {1}/{2} from {3}: left behind by an earlier run (crash?); "
                                + "the election decides who holds it now", c.name(), a.getHostAddress(),
                                present.prefixLength(), on.name());
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
