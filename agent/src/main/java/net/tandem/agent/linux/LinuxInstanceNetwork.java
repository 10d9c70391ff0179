package net.tandem.agent.linux;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Executor;
import net.tandem.agent.vrrp.InstanceNetwork;
import net.tandem.agent.vrrp.packet.Advert;
import net.tandem.agent.vrrp.packet.AdvertCodec;
import net.tandem.agent.vrrp.packet.V3ChecksumForm;

/**
 * The real network of one instance ({@code ttl}: 255 for multicast, {@code unicast_ttl} for unicast): adverts through the interface's raw socket, virtual
 * addresses through rtnetlink, gratuitous ARP through AF_PACKET. An IPv6 instance sends through the interface's
 * IPv6 socket; its addresses, and any IPv6 excluded address, are {@link Ipv6Vips}, announced by Neighbour
 * Advertisements where IPv4 ones get gratuitous ARPs.
 *
 * <p>Adverts are sent from the event loop (a raw send returns at once). Address changes and
 * ARPs wait for a netlink acknowledgement or loop over addresses, so they run in order on the
 * data-plane executor: the event loop never waits for the kernel.
 */
public final class LinuxInstanceNetwork implements InstanceNetwork {
    private static final System.Logger LOG = System.getLogger(LinuxInstanceNetwork.class.getName());

    /** One virtual address as it goes on an interface. */
    public record Binding(
            Inet4Address address,
            int prefix,
            String label,
            Inet4Address broadcast,
            AddressScope scope,
            Link link,
            GarpSender garp) {
        @Override
        public String toString() {
            return address.getHostAddress() + "/" + prefix + " on " + link.name();
        }
    }

    private final String instance;
    private final AdvertSocket socket;
    private final InetAddress source;
    private final List<InetAddress> destinations;
    private final List<Binding> bindings;
    private final Ipv6Vips ipv6;
    private final int ttl;
    private final V3ChecksumForm checksumForm;
    private final Rtnetlink rtnetlink;
    private final Executor dataPlane;
    private final ByteBuffer packet = ByteBuffer.allocateDirect(1500); // event loop only
    private long sendErrors;

    public LinuxInstanceNetwork(
            String instance,
            AdvertSocket socket,
            InetAddress source,
            List<? extends InetAddress> destinations,
            List<Binding> bindings,
            Ipv6Vips ipv6,
            int ttl,
            V3ChecksumForm checksumForm,
            Rtnetlink rtnetlink,
            Executor dataPlane) {
        this.instance = instance;
        this.ttl = ttl;
        this.checksumForm = checksumForm;
        this.socket = socket;
        this.source = source;
        this.destinations = List.copyOf(destinations);
        this.bindings = List.copyOf(bindings);
        this.ipv6 = ipv6;
        this.rtnetlink = rtnetlink;
        this.dataPlane = dataPlane;
    }

    @Override
    public void sendAdvert(Advert advert) {
        for (InetAddress destination : destinations) {
            packet.clear();
            // v3's checksum covers the destination, unless v3_checksum_as_v2
            AdvertCodec.encode(advert, source, destination, packet, checksumForm);
            packet.flip();
            try {
                socket.send(packet, source, destination, ttl);
            } catch (IOException e) {
                sendErrors++;
                if (e instanceof NativeException n && (n.is(Errno.ENETDOWN) || n.is(Errno.ENETUNREACH))) {
                    // Usually our own link just went down and the link monitor is about to put the
                    // instance in FAULT; the kernel's advice about routes would mislead.
                    if (sendErrors % 100 == 1) {
                        LOG.log(
                                INFO,
                                "{0}: advert to {1} not sent: {2} is down or has no route to it ({3} so far)",
                                instance,
                                destination.getHostAddress(),
                                socket.interfaceName(),
                                sendErrors);
                    }
                    continue;
                }
                // Counted and logged rarely: a failing send must not flood the log at 100 adverts/s.
                if (sendErrors % 100 == 1) {
                    LOG.log(
                            WARNING,
                            "{0}: cannot send advert to {1} on {2}: {3} ({4} send errors so far)",
                            instance,
                            destination.getHostAddress(),
                            socket.interfaceName(),
                            e.getMessage(),
                            sendErrors);
                }
            }
        }
    }

    @Override
    public void addVirtualAddresses() {
        dataPlane.execute(() -> {
            for (Binding b : bindings) {
                try {
                    AddResult r = rtnetlink.addAddress(
                            b.link().index(), b.address(), b.prefix(), b.label(), b.broadcast(), b.scope());
                    LOG.log(INFO, "{0}: {1} {2}", instance, r == AddResult.ADDED ? "added" : "already had", b);
                } catch (IOException | RuntimeException e) {
                    LOG.log(WARNING, "{0}: cannot add {1}: {2}", instance, b, e.getMessage());
                }
            }
            ipv6.add();
        });
    }

    @Override
    public void removeVirtualAddresses() {
        dataPlane.execute(() -> {
            for (Binding b : bindings) {
                try {
                    DeleteResult r = rtnetlink.deleteAddress(b.link().index(), b.address(), b.prefix());
                    if (r == DeleteResult.DELETED) {
                        LOG.log(INFO, "{0}: removed {1}", instance, b);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.log(WARNING, "{0}: cannot remove {1}: {2}", instance, b, e.getMessage());
                }
            }
            ipv6.remove();
        });
    }

    @Override
    public void removeVirtualAddressesNotIn(InstanceNetwork successor) {
        List<Binding> kept = successor instanceof LinuxInstanceNetwork s ? s.bindings : List.of();
        Ipv6Vips kept6 = successor instanceof LinuxInstanceNetwork s ? s.ipv6 : Ipv6Vips.NONE;
        List<Binding> stale = bindings.stream()
                .filter(b -> kept.stream().noneMatch(k -> sameAddressOnSameLink(b, k)))
                .toList();
        dataPlane.execute(() -> {
            for (Binding b : stale) {
                try {
                    DeleteResult r = rtnetlink.deleteAddress(b.link().index(), b.address(), b.prefix());
                    if (r == DeleteResult.DELETED) {
                        LOG.log(INFO, "{0}: removed {1}: no longer configured (reload)", instance, b);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.log(WARNING, "{0}: cannot remove {1}: {2}", instance, b, e.getMessage());
                }
            }
            ipv6.removeNotIn(kept6);
        });
    }

    /** The same address with the same prefix on the same interface: the kernel's view of "the same". */
    private static boolean sameAddressOnSameLink(Binding a, Binding b) {
        return a.address().equals(b.address())
                && a.prefix() == b.prefix()
                && a.link().index() == b.link().index();
    }

    @Override
    public void sendGratuitousArps() {
        dataPlane.execute(() -> {
            for (Binding b : bindings) {
                try {
                    b.garp().send(b.address());
                } catch (IOException e) {
                    LOG.log(WARNING, "{0}: cannot send gratuitous ARP for {1}: {2}", instance, b, e.getMessage());
                }
            }
            ipv6.sendNeighbourAdverts();
        });
    }
}
