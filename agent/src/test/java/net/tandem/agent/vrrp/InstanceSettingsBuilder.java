package net.tandem.agent.vrrp;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.tandem.agent.vrrp.packet.AdvertCodec;
import net.tandem.agent.vrrp.packet.AuthType;
import net.tandem.agent.vrrp.packet.TtlRange;
import net.tandem.agent.vrrp.packet.V3ChecksumForm;
import net.tandem.agent.vrrp.packet.VrrpVersion;

/** Settings for tests, with keepalived's defaults unless a test says otherwise. */
final class InstanceSettingsBuilder {
    private final String name;
    private VrrpVersion version = VrrpVersion.V2;
    private int vrid = 51;
    private int priority = 100;
    private long advertInterval = InstanceSettings.SECOND;
    private boolean preempt = true;
    private long preemptDelay;
    private AuthType authType = AuthType.NONE;
    private String password = "";
    private final List<InetAddress> vips = new ArrayList<>();
    private InetAddress primary = SimulatedLan.ip("192.0.2.1");
    private final Set<InetAddress> peers = new HashSet<>();
    private InstanceSettings.GarpSettings garp = InstanceSettings.GarpSettings.KEEPALIVED_DEFAULTS;
    private boolean higherPrioSendAdvert;
    private final Map<InetAddress, TtlRange> peerTtls = new HashMap<>();

    private InstanceSettingsBuilder(String name) {
        this.name = name;
    }

    static InstanceSettingsBuilder instance(String name) {
        return new InstanceSettingsBuilder(name);
    }

    InstanceSettingsBuilder vrid(int v) {
        vrid = v;
        return this;
    }

    InstanceSettingsBuilder priority(int p) {
        priority = p;
        return this;
    }

    InstanceSettingsBuilder v3(long intervalMillis) {
        version = VrrpVersion.V3;
        advertInterval = intervalMillis * 1_000_000L;
        return this;
    }

    InstanceSettingsBuilder v2(int intervalSeconds) {
        version = VrrpVersion.V2;
        advertInterval = intervalSeconds * InstanceSettings.SECOND;
        return this;
    }

    InstanceSettingsBuilder nopreempt() {
        preempt = false;
        return this;
    }

    InstanceSettingsBuilder preemptDelaySeconds(int s) {
        preemptDelay = s * InstanceSettings.SECOND;
        return this;
    }

    InstanceSettingsBuilder pass(String p) {
        authType = AuthType.PASS;
        password = p;
        return this;
    }

    InstanceSettingsBuilder vip(String a) {
        vips.add(SimulatedLan.ip(a));
        return this;
    }

    /** An IPv6 instance: its (first) VIP is IPv6. */
    boolean isIpv6() {
        return !vips.isEmpty() && vips.getFirst() instanceof java.net.Inet6Address;
    }

    InstanceSettingsBuilder primaryAddress(InetAddress a) {
        primary = a;
        return this;
    }

    InstanceSettingsBuilder unicastPeer(String a) {
        peers.add(SimulatedLan.ip(a));
        return this;
    }

    /** A unicast peer with keepalived's {@code min_ttl}/{@code max_ttl}. */
    InstanceSettingsBuilder unicastPeer(String a, int minTtl, int maxTtl) {
        peers.add(SimulatedLan.ip(a));
        peerTtls.put(SimulatedLan.ip(a), new TtlRange(minTtl, maxTtl));
        return this;
    }

    InstanceSettingsBuilder garp(InstanceSettings.GarpSettings g) {
        garp = g;
        return this;
    }

    InstanceSettingsBuilder higherPrioSendAdvert() {
        higherPrioSendAdvert = true;
        return this;
    }

    InstanceSettings build() {
        return new InstanceSettings(
                name,
                version,
                vrid,
                priority,
                advertInterval,
                preempt,
                preemptDelay,
                authType,
                password,
                vips.isEmpty() ? List.of(SimulatedLan.ip("192.0.2.8")) : vips,
                primary,
                peers,
                garp,
                higherPrioSendAdvert,
                AdvertCodec.TTL,
                peerTtls,
                V3ChecksumForm.PSEUDO_HEADER);
    }
}
