package net.tandem.agent.linux;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.net.Inet6Address;
import java.util.List;
import net.tandem.agent.config.IpAddresses;

/**
 * The IPv6 virtual addresses of one instance (its {@code virtual_ipaddress} when it is an IPv6 instance, and the IPv6
 * ones of its {@code virtual_ipaddress_excluded} whatever its family, as keepalived holds them): added through
 * rtnetlink without Duplicate Address Detection, removed, and announced with unsolicited Neighbour Advertisements
 * where IPv4 addresses get gratuitous ARPs. Called on the data-plane thread by {@link LinuxInstanceNetwork}.
 */
public final class Ipv6Vips {
    private static final System.Logger LOG = System.getLogger(Ipv6Vips.class.getName());

    /** One IPv6 virtual address as it goes on an interface. */
    public record Binding(Inet6Address address, int prefix, AddressScope scope, Link link, NeighbourAdvertSender na) {
        @Override
        public String toString() {
            return IpAddresses.show(address) + "/" + prefix + " on " + link.name();
        }
    }

    /** None: an instance without IPv6 addresses. */
    public static final Ipv6Vips NONE = new Ipv6Vips("", List.of(), null);

    private final String instance;
    private final List<Binding> bindings;
    private final Rtnetlink rtnetlink;

    public Ipv6Vips(String instance, List<Binding> bindings, Rtnetlink rtnetlink) {
        this.instance = instance;
        this.bindings = List.copyOf(bindings);
        this.rtnetlink = rtnetlink;
    }

    List<Binding> bindings() {
        return bindings;
    }

    void add() {
        for (Binding b : bindings) {
            try {
                AddResult r = rtnetlink.addAddress6(b.link().index(), b.address(), b.prefix(), b.scope());
                LOG.log(INFO, "{0}: {1} {2}", instance, r == AddResult.ADDED ? "added" : "already had", b);
            } catch (IOException | RuntimeException e) {
                LOG.log(WARNING, "{0}: cannot add {1}: {2}", instance, b, e.getMessage());
            }
        }
    }

    void remove() {
        removeAll(bindings, "");
    }

    /** Removes the addresses {@code successor} does not hold (a reload changed the list under a Master). */
    void removeNotIn(Ipv6Vips successor) {
        List<Binding> stale = bindings.stream()
                .filter(b -> successor.bindings.stream()
                        .noneMatch(k -> k.address().equals(b.address())
                                && k.prefix() == b.prefix()
                                && k.link().index() == b.link().index()))
                .toList();
        removeAll(stale, ": no longer configured (reload)");
    }

    private void removeAll(List<Binding> list, String why) {
        for (Binding b : list) {
            try {
                DeleteResult r = rtnetlink.deleteAddress6(b.link().index(), b.address(), b.prefix());
                if (r == DeleteResult.DELETED) {
                    LOG.log(INFO, "{0}: removed {1}{2}", instance, b, why);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(WARNING, "{0}: cannot remove {1}: {2}", instance, b, e.getMessage());
            }
        }
    }

    /** One unsolicited Neighbour Advertisement per address, paced like gratuitous ARPs. */
    void sendNeighbourAdverts() {
        for (Binding b : bindings) {
            try {
                b.na().send(b.address());
            } catch (IOException e) {
                LOG.log(
                        WARNING,
                        "{0}: cannot send a Neighbour Advertisement for {1}: {2}",
                        instance,
                        b,
                        e.getMessage());
            }
        }
    }
}
