package net.tandem.agent.vrrp;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import net.tandem.agent.vrrp.packet.AuthType;
import net.tandem.agent.vrrp.packet.TtlRange;
import net.tandem.agent.vrrp.packet.V3ChecksumForm;
import net.tandem.agent.vrrp.packet.VrrpVersion;

/**
 * What the protocol needs to know about one virtual router: the configuration, reduced to the
 * RFC's parameters, plus the interface's primary address, which the data plane finds at start.
 *
 * @param advertIntervalNanos Advertisement_Interval (v2: whole seconds; v3: a multiple of 10 ms)
 * @param primaryAddress      this router's address on the interface: the advert source and the
 *                            tie-breaker between equal priorities (RFC 5798 §6.4.3)
 * @param unicastPeers        empty for multicast; otherwise the only senders accepted
 * @param higherPrioSendAdvert keepalived's {@code higher_prio_send_advert}, as configured: a Master that hears a
 *                            better master sends one advert of its own before stepping down. Tandem's Masters
 *                            always do (VrrpInstance.receiveInMaster), so this only reports the setting
 * @param unicastTtl          keepalived's {@code unicast_ttl}: the TTL of unicast adverts (multicast ones always
 *                            carry 255)
 * @param unicastPeerTtls     keepalived's per-peer {@code min_ttl}/{@code max_ttl}: the TTLs accepted from a peer;
 *                            a peer missing here accepts any ({@link TtlRange#ANY})
 * @param v3ChecksumForm      what the VRRPv3 checksum of sent adverts covers ({@code v3_checksum_as_v2})
 */
public record InstanceSettings(
        String name,
        VrrpVersion version,
        int vrid,
        int priority,
        long advertIntervalNanos,
        boolean preempt,
        long preemptDelayNanos,
        AuthType authType,
        String password,
        List<InetAddress> virtualAddresses,
        InetAddress primaryAddress,
        Set<InetAddress> unicastPeers,
        GarpSettings garp,
        boolean higherPrioSendAdvert,
        int unicastTtl,
        Map<InetAddress, TtlRange> unicastPeerTtls,
        V3ChecksumForm v3ChecksumForm) {

    public static final long SECOND = 1_000_000_000L;
    public static final long CENTISECOND = 10_000_000L;

    public InstanceSettings {
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException(name + ": virtual_router_id " + vrid + " is outside 1..255");
        }
        if (priority < 1 || priority > 255) {
            throw new IllegalArgumentException(name + ": priority " + priority + " is outside 1..255");
        }
        long unit = version == VrrpVersion.V2 ? SECOND : CENTISECOND;
        if (advertIntervalNanos <= 0 || advertIntervalNanos % unit != 0) {
            throw new IllegalArgumentException(
                    name + ": advert interval " + advertIntervalNanos + " ns is not a whole number of "
                            + (version == VrrpVersion.V2 ? "seconds (VRRPv2)" : "centiseconds (VRRPv3)"));
        }
        if (authType == AuthType.AH) {
            // RFC 3768 removed AH; the codec cannot send it, so an instance with it would hold its VIPs silently.
            throw new IllegalArgumentException(
                    name + ": auth_type AH is refused (RFC 3768 removed it); use PASS or none");
        }
        virtualAddresses = List.copyOf(virtualAddresses);
        unicastPeers = Set.copyOf(unicastPeers);
        password = password == null ? "" : password;
        if (unicastTtl < 0 || unicastTtl > 255) {
            throw new IllegalArgumentException(name + ": unicast_ttl " + unicastTtl + " is outside 0..255");
        }
        unicastPeerTtls = Map.copyOf(unicastPeerTtls);
        Objects.requireNonNull(v3ChecksumForm, "v3ChecksumForm");
    }

    /** The settings before unicast_ttl, min_ttl/max_ttl and v3_checksum_as_v2: keepalived's defaults for those. */
    public InstanceSettings(
            String name,
            VrrpVersion version,
            int vrid,
            int priority,
            long advertIntervalNanos,
            boolean preempt,
            long preemptDelayNanos,
            AuthType authType,
            String password,
            List<InetAddress> virtualAddresses,
            InetAddress primaryAddress,
            Set<InetAddress> unicastPeers,
            GarpSettings garp,
            boolean higherPrioSendAdvert) {
        this(
                name,
                version,
                vrid,
                priority,
                advertIntervalNanos,
                preempt,
                preemptDelayNanos,
                authType,
                password,
                virtualAddresses,
                primaryAddress,
                unicastPeers,
                garp,
                higherPrioSendAdvert,
                255,
                Map.of(),
                V3ChecksumForm.PSEUDO_HEADER);
    }

    /** The TTLs accepted from this unicast peer. */
    public TtlRange ttlRange(InetAddress peer) {
        return unicastPeerTtls.getOrDefault(peer, TtlRange.ANY);
    }

    /** Whether this instance runs over IPv6 (its source, hence its family, is an IPv6 address; RFC 5798 §5.1.2). */
    public boolean ipv6() {
        return primaryAddress instanceof java.net.Inet6Address;
    }

    /** Whether this router owns the virtual addresses (priority 255, RFC 5798 §1.6). */
    public boolean isAddressOwner() {
        return priority == 255;
    }

    /** The interval in the advert's own unit: seconds for v2, centiseconds for v3. */
    public int advertIntervalField() {
        return (int) (advertIntervalNanos / (version == VrrpVersion.V2 ? SECOND : CENTISECOND));
    }

    /**
     * When and how often a master announces its addresses with gratuitous ARP: on becoming master
     * (keepalived's garp_master_delay, garp_master_repeat), while master (garp_master_refresh,
     * garp_master_refresh_repeat), and when it hears a lower-priority advert, i.e. another router
     * that thinks it is master and may have drawn the clients' ARP caches to itself
     * (garp_lower_prio_delay, garp_lower_prio_repeat; repeat 0 sends none).
     */
    public record GarpSettings(
            long delayNanos,
            int repeat,
            long refreshNanos,
            int refreshRepeat,
            long lowerPrioDelayNanos,
            int lowerPrioRepeat) {
        /**
         * keepalived's defaults: 5 GARPs at once, 5 more after 5 s, no refresh; the same on a
         * lower-priority advert.
         */
        public static final GarpSettings KEEPALIVED_DEFAULTS = new GarpSettings(5 * SECOND, 5, 0, 1, 5 * SECOND, 5);
    }
}
