package net.tandem.agent.node;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.tandem.agent.config.Authentication;
import net.tandem.agent.config.VirtualAddress;
import net.tandem.agent.config.VrrpInstanceConfig;
import net.tandem.agent.vrrp.InstanceSettings;
import net.tandem.agent.vrrp.packet.AuthType;
import net.tandem.agent.vrrp.packet.TtlRange;
import net.tandem.agent.vrrp.packet.V3ChecksumForm;
import net.tandem.agent.vrrp.packet.VrrpVersion;

/** Reduces a parsed {@code vrrp_instance} to the protocol's parameters. */
public final class InstanceSettingsFromConfig {
    private InstanceSettingsFromConfig() {}

    /** @param primaryAddress the advert source: IPv4, or for an IPv6 instance the interface's link-local address */
    public static InstanceSettings of(VrrpInstanceConfig c, InetAddress primaryAddress) {
        boolean ipv6 = primaryAddress instanceof Inet6Address;
        boolean v2 = c.version() == VrrpVersion.V2;
        AuthType authType = v2 ? c.authentication().map(Authentication::type).orElse(AuthType.NONE) : AuthType.NONE;
        String password = authType == AuthType.PASS
                ? c.authentication().map(Authentication::password).orElse("")
                : "";
        // The configuration refuses an instance whose addresses are of two families; the filters are a second guard.
        Set<InetAddress> peers = new HashSet<>();
        c.unicastPeers().forEach(p -> {
            if ((p instanceof Inet6Address) == ipv6) {
                peers.add(p);
            }
        });
        Map<InetAddress, TtlRange> peerTtls = new HashMap<>();
        c.unicastPeerTtls().forEach((p, r) -> {
            if ((p instanceof Inet6Address) == ipv6) {
                peerTtls.put(p, r);
            }
        });
        return new InstanceSettings(
                c.name(),
                c.version(),
                c.virtualRouterId(),
                c.priority(),
                c.advertInterval().toNanos(),
                c.preempt(),
                c.preemptDelay().toNanos(),
                authType,
                password,
                advertised(c.virtualAddresses(), ipv6),
                primaryAddress,
                peers,
                new InstanceSettings.GarpSettings(
                        c.garpMasterDelay().toNanos(),
                        c.garpMasterRepeat(),
                        c.garpMasterRefresh().toNanos(),
                        c.garpMasterRefreshRepeat(),
                        c.garpLowerPrioDelay().toNanos(),
                        c.garpLowerPrioRepeat()),
                c.higherPrioSendAdvert(),
                c.unicastTtl(),
                peerTtls,
                c.v3ChecksumAsV2() ? V3ChecksumForm.MESSAGE_ONLY : V3ChecksumForm.PSEUDO_HEADER);
    }

    /**
     * The addresses carried in adverts: virtual_ipaddress (not the _excluded ones) of the instance's family, in the
     * order written. For IPv6 that is keepalived's rule too: every VIP, link-local or not, the first one first (RFC
     * 5798 §5.2.9 wants the link-local one first; keepalived only says so in its log, and so does not Tandem).
     */
    public static List<InetAddress> advertised(List<VirtualAddress> vips, boolean ipv6) {
        return vips.stream()
                .map(VirtualAddress::address)
                .filter(a -> (a instanceof Inet6Address) == ipv6)
                .toList();
    }
}
