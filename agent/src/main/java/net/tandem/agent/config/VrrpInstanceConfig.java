package net.tandem.agent.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.tandem.agent.vrrp.packet.TtlRange;
import net.tandem.agent.vrrp.packet.VrrpVersion;

/**
 * A {@code vrrp_instance} block with every default filled in and every global override resolved, so that the rest
 * of the agent never needs to know what keepalived's defaults are.
 *
 * @param declaredAt           where the instance's name was written
 * @param initialState         {@code state}; BACKUP when not written
 * @param virtualRouterId      {@code virtual_router_id}, 1..255
 * @param priority             1..255, default 100; 255 means address owner
 * @param advertInterval       {@code advert_int}, default 1 s; whole seconds for v2, 10 ms steps for v3
 * @param version              {@code version}, else the global {@code vrrp_version}
 * @param authentication       empty for none, and always empty for v3 (which has no authentication)
 * @param preempt              false with {@code nopreempt}
 * @param preemptDelay         {@code preempt_delay}, 0..1000 s, default 0
 * @param garpMasterDelay      {@code garp_master_delay}, else the global one
 * @param garpMasterRefresh    {@link Duration#ZERO} means no periodic gratuitous ARP
 * @param garpLowerPrioDelay   {@code garp_lower_prio_delay}, else the global {@code vrrp_garp_lower_prio_delay}
 *                             (which defaults to the global {@code vrrp_garp_master_delay}, not this instance's
 *                             {@code garp_master_delay}: keepalived 2.2.7)
 * @param garpLowerPrioRepeat  {@code garp_lower_prio_repeat}, else the global one; 0 means no gratuitous ARP on a
 *                             lower-priority advert
 * @param garpInterval         the global {@code vrrp_garp_interval}, for this instance's interfaces
 * @param higherPrioSendAdvert {@code higher_prio_send_advert}, else the global one
 * @param mcastSourceAddress   {@code mcast_src_ip}; empty means the interface's primary address
 * @param unicastSourceAddress {@code unicast_src_ip}
 * @param unicastPeers         {@code unicast_peer}; empty means multicast to 224.0.0.18
 * @param unicastTtl           {@code unicast_ttl}, 0..255, default 255: the TTL of unicast adverts
 * @param unicastPeerTtls      {@code unicast_peer}'s {@code min_ttl}/{@code max_ttl}, for the peers that have either
 * @param unicastFaultNoPeer   {@code unicast_fault_no_peer}: FAULT, not multicast, when there is no unicast_peer
 * @param v3ChecksumAsV2       {@code v3_checksum_as_v2}, else the global one: VRRPv3 checksums without the
 *                             pseudo-header
 * @param dontTrackPrimary     {@code dont_track_primary}: the instance's own interface going down causes no FAULT
 * @param vmac                 {@code use_vmac} and {@code vmac_xmit_base}; empty: the VIPs go on the interface itself
 * @param ipv6                 the instance runs VRRPv3 over IPv6: its addresses are IPv6, or {@code native_ipv6}
 *                             (an instance is one family; dual stack is two instances)
 */
public record VrrpInstanceConfig(
        String name,
        SourcePos declaredAt,
        InitialState initialState,
        String interfaceName,
        int virtualRouterId,
        int priority,
        Duration advertInterval,
        VrrpVersion version,
        Optional<Authentication> authentication,
        List<VirtualAddress> virtualAddresses,
        List<VirtualAddress> excludedAddresses,
        boolean preempt,
        Duration preemptDelay,
        Duration garpMasterDelay,
        int garpMasterRepeat,
        Duration garpMasterRefresh,
        int garpMasterRefreshRepeat,
        Duration garpLowerPrioDelay,
        int garpLowerPrioRepeat,
        Duration garpInterval,
        boolean higherPrioSendAdvert,
        Optional<InetAddress> mcastSourceAddress,
        Optional<InetAddress> unicastSourceAddress,
        List<InetAddress> unicastPeers,
        List<TrackRef> trackInterfaces,
        boolean dontTrackPrimary,
        List<TrackRef> trackScripts,
        List<TrackRef> trackFiles,
        List<TrackRef> trackProcesses,
        NotifyScripts notifyScripts,
        int unicastTtl,
        Map<InetAddress, TtlRange> unicastPeerTtls,
        boolean unicastFaultNoPeer,
        boolean v3ChecksumAsV2,
        Optional<VmacConfig> vmac,
        boolean ipv6) {

    public static final int DEFAULT_PRIORITY = 100;
    public static final Duration DEFAULT_ADVERT_INTERVAL = Duration.ofSeconds(1);

    /** Where virtual addresses without their own {@code dev} go: the VMAC interface with use_vmac, else the interface. */
    public String vipInterfaceName() {
        return vmac.map(VmacConfig::interfaceName).orElse(interfaceName);
    }

    public VrrpInstanceConfig {
        virtualAddresses = List.copyOf(virtualAddresses);
        excludedAddresses = List.copyOf(excludedAddresses);
        unicastPeers = List.copyOf(unicastPeers);
        unicastPeerTtls = Map.copyOf(unicastPeerTtls);
        trackInterfaces = List.copyOf(trackInterfaces);
        trackScripts = List.copyOf(trackScripts);
        trackFiles = List.copyOf(trackFiles);
        trackProcesses = List.copyOf(trackProcesses);
    }
}
