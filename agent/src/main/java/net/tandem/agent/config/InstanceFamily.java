package net.tandem.agent.config;

import java.net.InetAddress;
import java.util.Optional;
import net.tandem.agent.config.VrrpInstanceGrammar.InstanceDraft;

/**
 * The address family of a {@code vrrp_instance}: one instance speaks VRRP over IPv4 or over IPv6, never both
 * (RFC 5798 §5.1; dual stack is two instances, which may share a VRID and a sync group).
 *
 * <p>As in keepalived, the family comes from what the instance says: {@code native_ipv6}, else its first
 * {@code virtual_ipaddress}, else {@code unicast_src_ip} or {@code mcast_src_ip}, else its first
 * {@code unicast_peer}; IPv4 when none says. keepalived ignores an address of the other family with a
 * configuration error ("address family must match VRRP instance - ignoring", "MUST be of the same family"); Tandem
 * refuses the configuration, so that an address never silently stays put. {@code virtual_ipaddress_excluded} may
 * hold addresses of either family, as in keepalived: they are never in an advert.
 */
final class InstanceFamily {
    private InstanceFamily() {}

    /** Whether the instance is IPv6; every address of the other family is an error here. */
    static boolean isIpv6(InstanceDraft i, String where, Diagnostics d) {
        Optional<InetAddress> source = i.unicastSourceAddress.or(() -> i.mcastSourceAddress);
        String decidedBy;
        boolean ipv6;
        if (i.nativeIpv6Pos != null) {
            ipv6 = true;
            decidedBy = "native_ipv6";
        } else if (!i.virtualAddresses.isEmpty()) {
            ipv6 = !IpAddresses.isV4(i.virtualAddresses.getFirst().address());
            decidedBy = "its first virtual_ipaddress "
                    + IpAddresses.show(i.virtualAddresses.getFirst().address());
        } else if (source.isPresent()) {
            ipv6 = !IpAddresses.isV4(source.get());
            decidedBy = (i.unicastSourceAddress.isPresent() ? "unicast_src_ip " : "mcast_src_ip ")
                    + IpAddresses.show(source.get());
        } else if (!i.unicastPeers.isEmpty()) {
            ipv6 = !IpAddresses.isV4(i.unicastPeers.getFirst());
            decidedBy = "its first unicast_peer " + IpAddresses.show(i.unicastPeers.getFirst());
        } else {
            return false;
        }
        String family = ipv6 ? "IPv6" : "IPv4";
        String because = " but the instance is " + family + " (from " + decidedBy
                + "); one instance is one family: put the " + (ipv6 ? "IPv4" : "IPv6")
                + " addresses in an instance of their own (it may share the VRID and a sync group)";
        for (VirtualAddress a : i.virtualAddresses) {
            if (IpAddresses.isV4(a.address()) == ipv6) {
                if (i.nativeIpv6Pos != null && ipv6) {
                    d.error(
                            a.pos(),
                            where + ": virtual_ipaddress " + IpAddresses.show(a.address())
                                    + " is IPv4: native_ipv6 cannot be used with IPv4 addresses (as keepalived says)");
                } else {
                    d.error(
                            a.pos(),
                            where + ": virtual_ipaddress " + IpAddresses.show(a.address()) + " is "
                                    + IpAddresses.family(a.address()) + because);
                }
            }
        }
        for (int k = 0; k < i.unicastPeers.size(); k++) {
            InetAddress peer = i.unicastPeers.get(k);
            if (IpAddresses.isV4(peer) == ipv6) {
                d.error(
                        i.unicastPeerPositions.get(k),
                        where + ": unicast_peer " + IpAddresses.show(peer) + " is " + IpAddresses.family(peer)
                                + because);
            }
        }
        i.unicastSourceAddress
                .filter(a -> IpAddresses.isV4(a) == ipv6)
                .ifPresent(a -> d.error(
                        i.unicastSourcePos,
                        where + ": unicast_src_ip " + IpAddresses.show(a) + " is " + IpAddresses.family(a) + because));
        i.mcastSourceAddress
                .filter(a -> IpAddresses.isV4(a) == ipv6)
                .ifPresent(a -> d.error(
                        i.mcastSourcePos,
                        where + ": mcast_src_ip " + IpAddresses.show(a) + " is " + IpAddresses.family(a) + because));
        return ipv6;
    }
}
