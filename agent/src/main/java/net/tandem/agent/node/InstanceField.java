package net.tandem.agent.node;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import net.tandem.agent.config.TrackRef;
import net.tandem.agent.config.VirtualAddress;
import net.tandem.agent.config.VrrpInstanceConfig;

/**
 * Every component of {@link VrrpInstanceConfig}, once, with what a reload does when it changes.
 * The accessors are method references, so renaming a component breaks the build here instead of
 * silently turning an in-place change into a restart; a new component that is not listed fails
 * {@code InstanceFieldTest}.
 */
enum InstanceField {
    NAME(VrrpInstanceConfig::name, "vrrp_instance", Change.IGNORED), // how instances are matched
    DECLARED_AT(VrrpInstanceConfig::declaredAt, "(where it is written)", Change.IGNORED),
    INITIAL_STATE(VrrpInstanceConfig::initialState, "state", Change.IGNORED), // only at start
    INTERFACE_NAME(VrrpInstanceConfig::interfaceName, "interface", Change.RESTART),
    VIRTUAL_ROUTER_ID(VrrpInstanceConfig::virtualRouterId, "virtual_router_id", Change.RESTART),
    PRIORITY(VrrpInstanceConfig::priority, "priority", Change.IN_PLACE),
    ADVERT_INTERVAL(VrrpInstanceConfig::advertInterval, "advert_int", Change.RESTART),
    VERSION(VrrpInstanceConfig::version, "version", Change.RESTART),
    AUTHENTICATION(VrrpInstanceConfig::authentication, "authentication", Change.RESTART),
    VIRTUAL_ADDRESSES(VrrpInstanceConfig::virtualAddresses, "virtual_ipaddress", Change.RECONFIGURE),
    EXCLUDED_ADDRESSES(VrrpInstanceConfig::excludedAddresses, "virtual_ipaddress_excluded", Change.RECONFIGURE),
    PREEMPT(VrrpInstanceConfig::preempt, "nopreempt", Change.RECONFIGURE),
    PREEMPT_DELAY(VrrpInstanceConfig::preemptDelay, "preempt_delay", Change.RECONFIGURE),
    GARP_MASTER_DELAY(VrrpInstanceConfig::garpMasterDelay, "garp_master_delay", Change.RECONFIGURE),
    GARP_MASTER_REPEAT(VrrpInstanceConfig::garpMasterRepeat, "garp_master_repeat", Change.RECONFIGURE),
    GARP_MASTER_REFRESH(VrrpInstanceConfig::garpMasterRefresh, "garp_master_refresh", Change.RECONFIGURE),
    GARP_MASTER_REFRESH_REPEAT(
            VrrpInstanceConfig::garpMasterRefreshRepeat, "garp_master_refresh_repeat", Change.RECONFIGURE),
    GARP_LOWER_PRIO_DELAY(VrrpInstanceConfig::garpLowerPrioDelay, "garp_lower_prio_delay", Change.RECONFIGURE),
    GARP_LOWER_PRIO_REPEAT(VrrpInstanceConfig::garpLowerPrioRepeat, "garp_lower_prio_repeat", Change.RECONFIGURE),
    // Set when the data plane prepares the instance (its interfaces' GARP senders): a restart.
    GARP_INTERVAL(VrrpInstanceConfig::garpInterval, "vrrp_garp_interval", Change.RESTART),
    HIGHER_PRIO_SEND_ADVERT(VrrpInstanceConfig::higherPrioSendAdvert, "higher_prio_send_advert", Change.RECONFIGURE),
    MCAST_SOURCE_ADDRESS(VrrpInstanceConfig::mcastSourceAddress, "mcast_src_ip", Change.RESTART),
    UNICAST_SOURCE_ADDRESS(VrrpInstanceConfig::unicastSourceAddress, "unicast_src_ip", Change.RESTART),
    UNICAST_PEERS(VrrpInstanceConfig::unicastPeers, "unicast_peer", Change.RECONFIGURE),
    TRACK_INTERFACES(VrrpInstanceConfig::trackInterfaces, "track_interface", Change.IN_PLACE),
    // Restart: the own interface's watch is set up at install, from a link state read off the loop then.
    DONT_TRACK_PRIMARY(VrrpInstanceConfig::dontTrackPrimary, "dont_track_primary", Change.RESTART),
    TRACK_SCRIPTS(VrrpInstanceConfig::trackScripts, "track_script", Change.IN_PLACE),
    TRACK_FILES(VrrpInstanceConfig::trackFiles, "track_file", Change.IN_PLACE),
    TRACK_PROCESSES(VrrpInstanceConfig::trackProcesses, "track_process", Change.IN_PLACE),
    NOTIFY_SCRIPTS(VrrpInstanceConfig::notifyScripts, "notify scripts", Change.IN_PLACE),
    UNICAST_TTL(VrrpInstanceConfig::unicastTtl, "unicast_ttl", Change.RECONFIGURE),
    UNICAST_PEER_TTLS(VrrpInstanceConfig::unicastPeerTtls, "unicast_peer min_ttl/max_ttl", Change.RECONFIGURE),
    // Restart: the FAULT for a missing peer is set up at install.
    UNICAST_FAULT_NO_PEER(VrrpInstanceConfig::unicastFaultNoPeer, "unicast_fault_no_peer", Change.RESTART),
    V3_CHECKSUM_AS_V2(VrrpInstanceConfig::v3ChecksumAsV2, "v3_checksum_as_v2", Change.RECONFIGURE),
    // Restart: the VMAC interface is made when the data plane prepares the instance.
    VMAC(VrrpInstanceConfig::vmac, "use_vmac", Change.RESTART),
    // Another family is another virtual router (another socket, another source): a restart.
    IPV6(VrrpInstanceConfig::ipv6, "the address family (native_ipv6, IPv6 addresses)", Change.RESTART);

    /** What a reload does when the field changed. */
    enum Change {
        /** The running instance takes the new value (see {@link ReloadPlan}): priority, trackers, notify. */
        IN_PLACE,
        /**
         * The running instance takes new settings and a new network port without a transition
         * ({@code VrrpInstance.reconfigure}): a Master changes its addresses and announces them.
         */
        RECONFIGURE,
        /** The instance stops and a new one starts. */
        RESTART,
        /** Not compared: it does not matter once the instance runs. */
        IGNORED
    }

    private final Function<VrrpInstanceConfig, ?> accessor;
    private final String keyword;
    private final Change change;

    InstanceField(Function<VrrpInstanceConfig, ?> accessor, String keyword, Change change) {
        this.accessor = accessor;
        this.keyword = keyword;
        this.change = change;
    }

    /** The field's value in {@code c}. */
    Object of(VrrpInstanceConfig c) {
        return accessor.apply(c);
    }

    /** The keepalived keyword, for log lines ("track_script changed"). */
    String keyword() {
        return keyword;
    }

    Change change() {
        return change;
    }

    /** Whether the field differs between {@code a} and {@code b}, positions in the file aside. */
    boolean differs(VrrpInstanceConfig a, VrrpInstanceConfig b) {
        return !Objects.equals(normalise(of(a)), normalise(of(b)));
    }

    /** Lists of track refs and addresses compare without their positions in the file. */
    private static Object normalise(Object v) {
        if (v instanceof List<?> list) {
            return list.stream()
                    .map(e -> switch (e) {
                        case TrackRef t -> List.of(t.name(), t.weight(), t.reverse(), t.fromSyncGroup());
                        case VirtualAddress va ->
                            List.of(
                                    va.address(),
                                    va.prefixLength(),
                                    va.device(),
                                    va.broadcast(),
                                    va.label(),
                                    va.scope());
                        default -> e;
                    })
                    .toList();
        }
        return v;
    }
}
