package net.tandem.agent.vrrp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.tandem.agent.time.VirtualScheduler;
import net.tandem.agent.vrrp.packet.Advert;
import net.tandem.agent.vrrp.packet.AdvertCodec;
import net.tandem.agent.vrrp.packet.AdvertDecodeException;
import net.tandem.agent.vrrp.packet.DiscardReason;
import net.tandem.agent.vrrp.packet.ReceivedAdvert;

/**
 * A LAN for protocol tests: simulated nodes whose instances exchange real encoded adverts under
 * virtual time. A packet is encoded by the sender, delivered after {@link #latency} to every other
 * node on the same segment, and decoded there by the real codec, so every rule of the RFC runs
 * exactly as in production, only faster and the same way every time.
 */
public final class SimulatedLan {
    public static final String INTERFACE = "eth0";
    static final InetAddress VRRP_GROUP = ip("224.0.0.18");
    static final InetAddress VRRP_GROUP_6 = ip("ff02::12");

    public final VirtualScheduler clock =
            new VirtualScheduler(1_000_000_000_000L); // not 0: "never" stays distinguishable
    final Map<String, Node> nodes = new LinkedHashMap<>();
    /** Every transition on the LAN, in order. */
    final List<Transition> transitions = new ArrayList<>();
    /** Every advert put on the wire, in order. */
    public final List<Sent> sent = new ArrayList<>();

    public long latency = 100_000; // 100 µs, a switched LAN

    public record Sent(long at, String node, InetAddress source, Advert advert) {}

    /** Where adverts from {@code source} go: 224.0.0.18, or ff02::12 for an IPv6 instance. */
    static InetAddress group(InetAddress source) {
        return source instanceof java.net.Inet6Address ? VRRP_GROUP_6 : VRRP_GROUP;
    }

    /**
     * The clients of the LAN, on segment 0: whom their ARP entries for the virtual addresses point
     * at, i.e. the node whose gratuitous ARPs they heard last (a client sends to that node's MAC
     * whether or not it still holds the address). Null before any.
     */
    private String clientsArpPointAt;

    public Node addNode(String name, String address) {
        Node n = new Node(name, ip(address));
        nodes.put(name, n);
        return n;
    }

    public Node node(String name) {
        return nodes.get(name);
    }

    void run(Duration d) {
        clock.advance(d);
    }

    public void runSeconds(double s) {
        clock.advanceNanos((long) (s * 1e9));
    }

    public long now() {
        return clock.nanoTime();
    }

    /** Names of the live nodes that hold {@code vip} on their interface. */
    public List<String> holders(String vip) {
        InetAddress a = ip(vip);
        return nodes.values().stream()
                .filter(n -> n.alive && n.addresses.contains(a))
                .map(n -> n.name)
                .toList();
    }

    /** Names of the live nodes whose instance {@code instance} is Master. */
    List<String> masters(String instance) {
        return nodes.values().stream()
                .filter(n -> n.alive
                        && n.instances.containsKey(instance)
                        && n.instance(instance).state() == State.MASTER)
                .map(n -> n.name)
                .toList();
    }

    List<Transition> transitionsOf(String node, String instance) {
        return nodes.get(node).transitions.stream()
                .filter(t -> t.instance().equals(instance))
                .toList();
    }

    /** The node the clients send to (see {@link #clientsArpPointAt}), or null. */
    public String clientsArpPointAt() {
        return clientsArpPointAt;
    }

    /** Puts an advert on the wire as if {@code source} had sent it: for rules about odd peers. */
    public void inject(String source, Advert advert) {
        broadcast(null, ip(source), advert);
    }

    private void broadcast(Node from, InetAddress source, Advert advert) {
        ByteBuffer wire = ByteBuffer.allocate(1500);
        AdvertCodec.encode(advert, source, group(source), wire);
        wire.flip();
        sent.add(new Sent(now(), from == null ? "injected" : from.name, source, advert));
        for (Node to : nodes.values()) {
            if (to == from
                    || !to.alive
                    || !to.linkUp
                    || (from != null && (!from.linkUp || from.segment != to.segment))) {
                continue;
            }
            ByteBuffer copy = wire.duplicate();
            clock.newTimer("deliver to " + to.name, () -> to.deliver(source, copy))
                    .startIn(latency);
        }
    }

    /** A node: one interface, a dispatcher and its instances, like one agent. */
    public final class Node {
        final String name;
        final InetAddress address;
        InetAddress linkLocal;
        final List<InstanceSettings> settings = new ArrayList<>();
        final Map<String, VrrpInstance> instances = new LinkedHashMap<>();
        final List<Transition> transitions = new ArrayList<>();
        final List<InetAddress> addresses = new ArrayList<>();
        /** Told of this node's transitions after the LAN's own lists (sync groups, notify). */
        final List<InstanceObserver> observers = new ArrayList<>();

        int garps;
        boolean alive = true;
        boolean linkUp = true;
        int segment;
        private AdvertDispatcher dispatcher = new AdvertDispatcher();
        /** Where adverts go when a whole node model, not this node's own instances, receives them. */
        private Receiver receiver;

        Node(String name, InetAddress address) {
            this.name = name;
            this.address = address;
        }

        Node add(InstanceSettingsBuilder b) {
            settings.add(b.primaryAddress(b.isIpv6() ? linkLocal : address).build());
            return this;
        }

        /** The node's IPv6 link-local address: the source, and primary address, of its IPv6 instances. */
        Node linkLocal(String a) {
            linkLocal = ip(a);
            return this;
        }

        VrrpInstance instance(String name) {
            return instances.get(name);
        }

        /** Starts the agent: fresh instances from the settings, all started at once. */
        Node start() {
            alive = true;
            dispatcher = new AdvertDispatcher();
            instances.clear();
            for (InstanceSettings s : settings) {
                VrrpInstance i = new VrrpInstance(s, clock, new Port(s), new InstanceObserver() {
                    @Override
                    public void onTransition(VrrpInstance inst, Transition t) {
                        transitions.add(t);
                        SimulatedLan.this.transitions.add(t);
                        List.copyOf(observers).forEach(o -> o.onTransition(inst, t));
                    }

                    @Override
                    public void onSplitBrain(
                            VrrpInstance inst, boolean active, List<MastersHeard.Master> masters, boolean self) {
                        List.copyOf(observers).forEach(o -> o.onSplitBrain(inst, active, masters, self));
                    }
                });
                instances.put(s.name(), i);
                dispatcher.register(INTERFACE, i);
            }
            instances.values().forEach(VrrpInstance::start);
            return this;
        }

        /** The agent dies without a word (kill -9, power cut): its addresses go with it. */
        public void crash() {
            alive = false;
            addresses.clear();
            instances.values().forEach(i -> i.stop("crashed")); // what it sends now is lost
        }

        /** The agent stops cleanly (SIGTERM): masters send priority 0 and release. */
        void shutdown() {
            instances.values().forEach(i -> i.stop("shutting down"));
            alive = false;
        }

        void deliver(InetAddress source, ByteBuffer wire) {
            if (!alive || !linkUp) {
                return;
            }
            try {
                ReceivedAdvert r = AdvertCodec.decode(source, group(source), 255, wire.duplicate());
                if (receiver != null) {
                    receiver.advert(INTERFACE, r);
                } else {
                    dispatcher.dispatch(INTERFACE, r);
                }
            } catch (AdvertDecodeException e) {
                if (receiver != null) {
                    receiver.discard(INTERFACE, e.reason());
                } else {
                    dispatcher.count(INTERFACE, e.reason());
                }
            }
        }

        /**
         * From now on, what arrives goes to {@code r} (a node model under test) instead of this
         * node's own instances; the model sends through {@link #port}.
         */
        public Node attach(Receiver r) {
            receiver = r;
            return this;
        }

        /** The node's link to the LAN for one instance: what a data plane gives a {@link VrrpInstance}. */
        public InstanceNetwork port(InstanceSettings s) {
            return new Port(s);
        }

        /** How many gratuitous ARP rounds (one ARP per address) this node has sent. */
        public int garps() {
            return garps;
        }

        /** The virtual addresses this node holds now. */
        public List<InetAddress> addresses() {
            return List.copyOf(addresses);
        }

        AdvertDispatcher dispatcher() {
            return dispatcher;
        }

        private final class Port implements InstanceNetwork {
            private final InstanceSettings s;

            Port(InstanceSettings s) {
                this.s = s;
            }

            @Override
            public void sendAdvert(Advert advert) {
                if (alive) {
                    broadcast(Node.this, s.primaryAddress(), advert);
                }
            }

            @Override
            public void addVirtualAddresses() {
                if (alive) {
                    for (InetAddress a : s.virtualAddresses()) {
                        if (!addresses.contains(a)) {
                            addresses.add(a);
                        }
                    }
                }
            }

            @Override
            public void removeVirtualAddresses() {
                addresses.removeAll(s.virtualAddresses());
            }

            @Override
            public void removeVirtualAddressesNotIn(InstanceNetwork successor) {
                List<InetAddress> kept = successor instanceof Port p ? p.s.virtualAddresses() : List.of();
                for (InetAddress a : s.virtualAddresses()) {
                    if (!kept.contains(a)) {
                        addresses.remove(a);
                    }
                }
            }

            @Override
            public void sendGratuitousArps() {
                garps++;
                if (alive && linkUp && segment == 0) {
                    clientsArpPointAt = name;
                }
            }
        }
    }

    /** Receives what a node hears: decoded adverts, and the reason for what did not decode. */
    public interface Receiver {
        void advert(String interfaceName, ReceivedAdvert advert);

        void discard(String interfaceName, DiscardReason reason);
    }

    public static InetAddress ip(String s) {
        try {
            return (InetAddress) InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }
}
