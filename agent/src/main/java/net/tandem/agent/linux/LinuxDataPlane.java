package net.tandem.agent.linux;

import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.tandem.agent.config.IpAddresses;
import net.tandem.agent.config.KeepalivedConfig;
import net.tandem.agent.config.VirtualAddress;
import net.tandem.agent.config.VrrpInstanceConfig;
import net.tandem.agent.node.DataPlane;
import net.tandem.agent.node.DataPlaneException;
import net.tandem.agent.node.InstanceSettingsFromConfig;
import net.tandem.agent.node.PreparedInstance;
import net.tandem.agent.vrrp.InstanceSettings;
import net.tandem.agent.vrrp.packet.AdvertCodec;

/**
 * The node's data plane on Linux: rtnetlink for links and addresses, one raw VRRP socket and
 * receive thread per interface, AF_PACKET for gratuitous ARPs, and the thread that changes
 * addresses in order (it waits for the kernel's acknowledgement, so never on the event loop).
 * Sockets are opened as instances need them and kept until {@link #close}.
 */
public final class LinuxDataPlane implements DataPlane, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LinuxDataPlane.class.getName());
    private static final Inet4Address VRRP_GROUP = ipv4("224.0.0.18");

    private final InterfaceReceiver.Sink sink;
    /** Address changes and ARPs, in order, off the event loop (they wait for the kernel). */
    private final ExecutorService addressChanges = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("tandem-dataplane").daemon(true).unstarted(r));

    private final Map<String, RawVrrpSocket> sockets = new HashMap<>();
    private final Map<String, RawVrrp6Socket> sockets6 = new HashMap<>();
    private final Map<String, GarpSender> garps = new HashMap<>();
    private final Map<String, NeighbourAdvertSender> neighbourAdverts = new HashMap<>();
    private final Map<String, InterfaceReceiver> receivers = new HashMap<>();

    private volatile Rtnetlink rtnetlink;
    private Vmacs vmacs;

    /** @param sink where received adverts and discards go (hand them to the event loop) */
    public LinuxDataPlane(InterfaceReceiver.Sink sink) {
        this.sink = sink;
    }

    /** Opens the rtnetlink socket; before anything else. */
    public void open() throws IOException {
        rtnetlink = Rtnetlink.open();
        vmacs = new Vmacs(rtnetlink);
    }

    @Override
    public synchronized PreparedInstance prepare(VrrpInstanceConfig c, boolean removeLeftovers)
            throws DataPlaneException {
        try {
            Map<String, Link> links = new HashMap<>();
            Link link = link(links, c.interfaceName(), c.name());
            if (removeLeftovers) {
                removeLeftovers(c, links);
            }
            // With use_vmac the VIPs go on the VMAC, and so do the adverts, both ways, unless vmac_xmit_base: a peer's
            // adverts from its VMAC carry the same source MAC as ours, and the macvlan driver hands a multicast frame
            // from a MAC of one of its macvlans to that macvlan only (as if it came back), never to the base.
            // An IPv6 instance's VMAC gets a link-local address of the router's own to send from (keepalived's
            // choice, VmacLinkLocal); with vmac_xmit_base it needs none, as the adverts go out of the base.
            Link vipLink = link;
            Link advertLink = link;
            InetAddress primary = null;
            if (c.vmac().isPresent()) {
                boolean fromVmac = !c.vmac().get().xmitBase();
                Inet6Address linkLocal = c.ipv6() && fromVmac ? VmacLinkLocal.of(c, link, rtnetlink) : null;
                vipLink = vmacs.ensure(c.name(), c.vmac().get(), family(c), c.virtualRouterId(), link, linkLocal);
                links.put(vipLink.name(), vipLink);
                if (fromVmac) {
                    advertLink = vipLink;
                }
                primary = linkLocal;
            }
            AdvertSocket socket = c.ipv6() ? socket6(advertLink) : socket4(advertLink);
            if (primary == null) {
                primary = c.ipv6() ? Ipv6Sources.of(c, link, rtnetlink) : sourceAddress(c, link);
            }
            InstanceSettings settings = InstanceSettingsFromConfig.of(c, primary);
            List<InetAddress> destinations = settings.unicastPeers().isEmpty()
                    ? List.of(c.ipv6() ? Ipv6.VRRP_GROUP : VRRP_GROUP)
                    : List.copyOf(settings.unicastPeers());
            List<LinuxInstanceNetwork.Binding> bindings = new ArrayList<>();
            List<Ipv6Vips.Binding> bindings6 = new ArrayList<>();
            for (VirtualAddress va : all(c)) {
                Link on = va.device().isPresent() ? link(links, va.device().get(), c.name()) : vipLink;
                if (va.address() instanceof Inet4Address a) {
                    bindings.add(new LinuxInstanceNetwork.Binding(
                            a,
                            va.prefixLength(),
                            va.label().orElse(null),
                            va.broadcast().map(Inet4Address.class::cast).orElse(null),
                            new AddressScope(va.scope()),
                            on,
                            garp(on, c)));
                } else if (va.address() instanceof Inet6Address a) {
                    bindings6.add(new Ipv6Vips.Binding(
                            a, va.prefixLength(), new AddressScope(va.scope()), on, neighbourAdvert(on, c)));
                }
            }
            LinuxInstanceNetwork network = new LinuxInstanceNetwork(
                    c.name(),
                    socket,
                    primary,
                    destinations,
                    bindings,
                    bindings6.isEmpty() ? Ipv6Vips.NONE : new Ipv6Vips(c.name(), bindings6, rtnetlink),
                    settings.unicastPeers().isEmpty() ? AdvertCodec.TTL : settings.unicastTtl(),
                    settings.v3ChecksumForm(),
                    rtnetlink,
                    addressChanges);
            return new PreparedInstance(c, advertLink.name(), advertLink.isUp(), settings, network, trackedLinks(c));
        } catch (IOException e) {
            throw new DataPlaneException(c.name() + ": " + e.getMessage(), e);
        }
    }

    private RawVrrpSocket socket4(Link link) throws NativeException {
        RawVrrpSocket socket = sockets.get(link.name());
        if (socket == null) {
            socket = RawVrrpSocket.open(link.name());
            sockets.put(link.name(), socket);
        }
        return socket;
    }

    private RawVrrp6Socket socket6(Link link) throws NativeException {
        RawVrrp6Socket socket = sockets6.get(link.name());
        if (socket == null) {
            socket = RawVrrp6Socket.open(link.name());
            sockets6.put(link.name(), socket);
        }
        return socket;
    }

    @Override
    public Map<String, Boolean> trackedLinks(VrrpInstanceConfig c) throws DataPlaneException {
        Map<String, Boolean> up = new HashMap<>();
        try {
            for (var tracked : c.trackInterfaces()) {
                up.put(
                        tracked.name(),
                        rtnetlink.link(tracked.name()).map(Link::isUp).orElse(false));
            }
        } catch (IOException e) {
            throw new DataPlaneException(c.name() + ": cannot read the tracked interfaces: " + e.getMessage(), e);
        }
        return up;
    }

    @Override
    public synchronized void startReceiving() {
        sockets.forEach(
                (name, socket) -> receivers.computeIfAbsent(name, n -> new InterfaceReceiver(socket, sink).start()));
        sockets6.forEach((name, socket) ->
                receivers.computeIfAbsent(name + " IPv6", n -> new InterfaceReceiver(socket, sink).start()));
    }

    @Override
    public Set<InetAddress> addresses(String interfaceName) {
        Set<InetAddress> present = new HashSet<>();
        Rtnetlink r = rtnetlink;
        if (r == null) {
            return present; // not started yet
        }
        try {
            Optional<Link> link = r.link(interfaceName);
            if (link.isPresent()) {
                for (LinkAddress a : r.addresses(link.get().index())) {
                    present.add(a.address());
                }
                for (Link6Address a : r.addresses6(link.get().index())) {
                    present.add(a.address());
                }
            }
        } catch (IOException e) {
            LOG.log(WARNING, "status: cannot read the addresses of {0}: {1}", interfaceName, e.getMessage());
        }
        return present;
    }

    /**
     * The VMACs of instances a reload removed (or renamed) go, in order after their address removals; their
     * sockets and senders first, so that no receive thread reads from a vanished interface.
     */
    @Override
    public void retainOnly(KeepalivedConfig running) {
        Set<String> wanted = new HashSet<>();
        running.instances().forEach(c -> c.vmac().ifPresent(v -> wanted.add(v.interfaceName())));
        addressChanges.execute(() -> {
            for (String name : vmacs.names()) {
                if (wanted.contains(name)) {
                    continue;
                }
                synchronized (this) {
                    InterfaceReceiver r = receivers.remove(name);
                    if (r != null) {
                        r.close();
                    }
                    InterfaceReceiver r6 = receivers.remove(name + " IPv6");
                    if (r6 != null) {
                        r6.close();
                    }
                    RawVrrpSocket s = sockets.remove(name);
                    if (s != null) {
                        s.close();
                    }
                    RawVrrp6Socket s6 = sockets6.remove(name);
                    if (s6 != null) {
                        s6.close();
                    }
                    GarpSender g = garps.remove(name);
                    if (g != null) {
                        g.close();
                    }
                    NeighbourAdvertSender n = neighbourAdverts.remove(name);
                    if (n != null) {
                        n.close();
                    }
                }
                vmacs.remove(name);
            }
        });
    }

    /** Every link and whether it is up: to re-read them after the kernel dropped link events. */
    public List<Link> links() throws IOException {
        return rtnetlink.links();
    }

    private Link link(Map<String, Link> links, String name, String instance) throws DataPlaneException, IOException {
        Link link = links.get(name);
        if (link == null) {
            link = rtnetlink
                    .link(name)
                    .orElseThrow(() -> new DataPlaneException(instance + ": interface " + name
                            + " does not exist on this node; check 'interface' in the configuration (ip link lists"
                            + " the interfaces)"));
            links.put(name, link);
        }
        return link;
    }

    /** The interface's sender, paced by vrrp_garp_interval (global: every instance carries the same value). */
    private GarpSender garp(Link link, VrrpInstanceConfig c) throws IOException {
        GarpSender g = garps.get(link.name());
        if (g == null) {
            g = GarpSender.open(link);
            garps.put(link.name(), g);
        }
        g.pacer().setInterval(c.garpInterval());
        return g;
    }

    /** The interface's sender of Neighbour Advertisements, paced with its gratuitous ARPs (one vrrp_garp_interval). */
    private NeighbourAdvertSender neighbourAdvert(Link link, VrrpInstanceConfig c) throws IOException {
        NeighbourAdvertSender n = neighbourAdverts.get(link.name());
        if (n == null) {
            n = NeighbourAdvertSender.open(link, garp(link, c).pacer());
            neighbourAdverts.put(link.name(), n);
        }
        return n;
    }

    /** The advert source: unicast_src_ip or mcast_src_ip if configured, else the interface's primary address. */
    private Inet4Address sourceAddress(VrrpInstanceConfig c, Link link) throws DataPlaneException, IOException {
        Optional<InetAddress> configured = c.unicastSourceAddress().or(c::mcastSourceAddress);
        if (configured.isPresent()) {
            if (configured.get() instanceof Inet4Address a) {
                return a;
            }
            throw new DataPlaneException(
                    c.name() + ": the source address " + configured.get().getHostAddress() + " is not IPv4");
        }
        return rtnetlink
                .primaryAddress(link.index())
                .orElseThrow(() -> new DataPlaneException(c.name() + ": interface " + link.name()
                        + " has no IPv4 address to send adverts from; give it one, or set unicast_src_ip"));
    }

    /**
     * Crash recovery: a VIP of ours found on an interface at startup was left by an earlier run
     * that died without cleaning up. It goes before the instance starts, so that the election,
     * not a stale address, decides who serves it.
     */
    private void removeLeftovers(VrrpInstanceConfig c, Map<String, Link> links) throws DataPlaneException, IOException {
        if (c.vmac().isEmpty()) {
            // (with use_vmac, Vmacs.ensure replaces a leftover VMAC, and its addresses go with it)
            vmacs.removeLeftover(c.name(), family(c), c.virtualRouterId(), link(links, c.interfaceName(), c.name()));
        }
        for (VirtualAddress va : all(c)) {
            if (va.address() instanceof Inet6Address a) {
                Link on = link(links, va.device().orElse(c.interfaceName()), c.name());
                for (Link6Address present : rtnetlink.addresses6(on.index())) {
                    if (present.address().equals(a)
                            && rtnetlink.deleteAddress6(on.index(), a, present.prefixLength())
                                    == DeleteResult.DELETED) {
                        LOG.log(
                                WARNING,
                                "{0}: removed {1}/{2} from {3}: left behind by an earlier run (crash?); "
                                        + "the election decides who holds it now",
                                c.name(),
                                IpAddresses.show(a),
                                present.prefixLength(),
                                on.name());
                    }
                }
                continue;
            }
            if (!(va.address() instanceof Inet4Address a)) {
                continue;
            }
            if (va.device().isEmpty() && c.vmac().isPresent()) {
                continue; // on the VMAC: Vmacs.ensure replaces a leftover VMAC, and its addresses go with it
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

    /**
     * Waits (bounded) for the address removals already handed over, then closes every socket.
     * Call after the instances stopped.
     */
    @Override
    public void close() {
        addressChanges.shutdown();
        try {
            if (!addressChanges.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(WARNING, "agent: address removals did not finish within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            receivers.values().forEach(InterfaceReceiver::close);
            sockets.values().forEach(RawVrrpSocket::close);
            sockets6.values().forEach(RawVrrp6Socket::close);
            garps.values().forEach(GarpSender::close);
            if (vmacs != null) {
                vmacs.close(); // after the address removals: deleting the link takes its addresses along
            }
            neighbourAdverts.values().forEach(NeighbourAdvertSender::close);
        }
        if (rtnetlink != null) {
            rtnetlink.close();
        }
    }

    /** The instance's address family, for its virtual router MAC. */
    private static int family(VrrpInstanceConfig c) {
        return c.ipv6() ? Ipv6.AF_INET6 : Libc.AF_INET;
    }

    private static List<VirtualAddress> all(VrrpInstanceConfig c) {
        List<VirtualAddress> all = new ArrayList<>(c.virtualAddresses());
        all.addAll(c.excludedAddresses());
        return all;
    }

    private static Inet4Address ipv4(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
