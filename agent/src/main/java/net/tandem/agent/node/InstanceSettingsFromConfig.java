package net.tandem.agent.node;

import java.net.Inet4Address;
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

    public static InstanceSettings of(VrrpInstanceConfig c, Inet4Address primaryAddress) {
        boolean v2 = c.version() == VrrpVersion.V2;
        AuthType authType = v2 ? c.authentication().map(Authentication::type).orElse(AuthType.NONE) : AuthType.NONE;
        String password = authType == AuthType.PASS
                ? c.authentication().map(Authentication::password).orElse("")
                : "";
        Set<Inet4Address> peers = new HashSet<>();
        c.unicastPeers().forEach(p -> {
            if (p instanceof Inet4Address a) {
                peers.add(a);
            }
        });
        Map<Inet4Address, TtlRange> peerTtls = new HashMap<>();
        c.unicastPeerTtls().forEach((p, r) -> {
            if (p instanceof Inet4Address a) {
                peerTtls.put(a, r);
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
                advertised(c.virtualAddresses()),
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

    /** The addresses carried in adverts: virtual_ipaddress (not the _excluded ones), IPv4. */
    public static List<Inet4Address> advertised(List<VirtualAddress> vips) {
        return vips.stream()
                .map(VirtualAddress::address)
                .filter(Inet4Address.class::isInstance)
                .map(Inet4Address.class::cast)
                .toList();
    }
}
