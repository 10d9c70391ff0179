package net.tandem.agent.linux;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.Optional;
import net.tandem.agent.config.VrrpInstanceConfig;
import net.tandem.agent.node.DataPlaneException;

/**
 * Where an IPv6 instance's adverts come from: {@code unicast_src_ip} or {@code mcast_src_ip} when written, else the
 * interface's link-local address (RFC 5798 §5.1.2.1: "the IPv6 link-local address of the interface over which the
 * packet is transmitted"), which keepalived uses too. It is also the instance's primary address, the tie-breaker
 * between equal priorities (§6.4.3).
 */
final class Ipv6Sources {
    private Ipv6Sources() {}

    static InetAddress of(VrrpInstanceConfig c, Link link, Rtnetlink rtnetlink) throws IOException, DataPlaneException {
        Optional<InetAddress> configured = c.unicastSourceAddress().or(c::mcastSourceAddress);
        if (configured.isPresent()) {
            if (configured.get() instanceof Inet6Address a) {
                return a;
            }
            throw new DataPlaneException(
                    c.name() + ": the source address " + configured.get().getHostAddress() + " is not IPv6");
        }
        // A tentative address (DAD still running) only when there is no other: the kernel sends from it once DAD ends.
        return rtnetlink.addresses6(link.index()).stream()
                .filter(Link6Address::isLinkLocal)
                .min(Comparator.comparing(Link6Address::isTentative))
                .map(a -> (InetAddress) a.address())
                .orElseThrow(() -> new DataPlaneException(c.name() + ": interface " + link.name()
                        + " has no IPv6 link-local address to send adverts from (is IPv6 disabled on it,"
                        + " net.ipv6.conf." + link.name() + ".disable_ipv6?); or set unicast_src_ip"));
    }
}
