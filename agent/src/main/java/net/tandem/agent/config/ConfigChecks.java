package net.tandem.agent.config;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.tandem.agent.config.ConfigParser.ConfigDraft;
import net.tandem.agent.config.SyncGroupGrammar.SyncGroupDraft;
import net.tandem.agent.config.VrrpInstanceGrammar.InstanceDraft;

/**
 * The checks that need the whole configuration: names must be unique and must exist where referred to, and no two
 * instances may claim the same virtual router or the same address. Each error points at the later declaration.
 */
final class ConfigChecks {

    private ConfigChecks() {}

    static void check(ConfigDraft draft, KeepalivedConfig config, Diagnostics d) {
        uniqueInstanceNames(config, d);
        uniqueVirtualRouters(draft, config, d);
        uniqueAddresses(config, d);
        uniqueVmacNames(config, d);
        trackedNamesExist(config, d);
        syncGroupMembers(draft, config, d);
        uniqueNames(draft.syncGroups, g -> g.name, g -> g.declaredAt, "vrrp_sync_group", d);
    }

    /** Builds a name-keyed map, reporting a second declaration of a name (the first one stays). */
    static <D, T> Map<String, T> byName(
            List<D> drafts,
            Function<D, String> name,
            Function<D, SourcePos> pos,
            String kind,
            Function<D, T> build,
            Diagnostics d) {
        uniqueNames(drafts, name, pos, kind, d);
        Map<String, T> out = new LinkedHashMap<>();
        for (D draft : drafts) {
            out.putIfAbsent(name.apply(draft), build.apply(draft));
        }
        return out;
    }

    private static <D> void uniqueNames(
            List<D> drafts, Function<D, String> name, Function<D, SourcePos> pos, String kind, Diagnostics d) {
        Map<String, SourcePos> seen = new HashMap<>();
        for (D draft : drafts) {
            SourcePos first = seen.putIfAbsent(name.apply(draft), pos.apply(draft));
            if (first != null) {
                d.error(pos.apply(draft), kind + " " + name.apply(draft) + ": declared twice (first at " + first + ")");
            }
        }
    }

    /**
     * One VMAC interface per instance: keepalived picks another name for the second; Tandem asks for one, since the
     * name is how a leftover is found after a crash.
     */
    private static void uniqueVmacNames(KeepalivedConfig config, Diagnostics d) {
        Map<String, String> seen = new HashMap<>();
        for (VrrpInstanceConfig c : config.instances()) {
            if (c.vmac().isEmpty()) {
                continue;
            }
            String vmac = c.vmac().get().interfaceName();
            String first = seen.putIfAbsent(vmac, c.name());
            if (first != null) {
                d.error(
                        c.declaredAt(),
                        "vrrp_instance " + c.name() + ": use_vmac: VMAC interface " + vmac + " is also vrrp_instance "
                                + first + "'s; give one of them its own name with use_vmac NAME");
            } else if (config.instances().stream()
                    .anyMatch(o -> o.interfaceName().equals(vmac))) {
                d.error(
                        c.declaredAt(),
                        "vrrp_instance " + c.name() + ": use_vmac: " + vmac
                                + " is an instance's interface; name the VMAC otherwise");
            }
        }
    }

    private static void uniqueInstanceNames(KeepalivedConfig config, Diagnostics d) {
        uniqueNames(config.instances(), VrrpInstanceConfig::name, VrrpInstanceConfig::declaredAt, "vrrp_instance", d);
    }

    /**
     * A virtual router is identified by its VRID on one link, for one protocol version and address family
     * (RFC 5798 §7.3: the same VRID may be used by IPv4 and IPv6 independently).
     */
    private static void uniqueVirtualRouters(ConfigDraft draft, KeepalivedConfig config, Diagnostics d) {
        Map<String, VrrpInstanceConfig> seen = new HashMap<>();
        for (int k = 0; k < config.instances().size(); k++) {
            VrrpInstanceConfig i = config.instances().get(k);
            if (i.interfaceName().isEmpty() || i.virtualRouterId() == 0) {
                continue;
            }
            String family = i.ipv6() ? "IPv6" : "IPv4";
            String key = i.interfaceName() + "/" + i.virtualRouterId() + "/" + i.version() + "/" + family;
            VrrpInstanceConfig first = seen.putIfAbsent(key, i);
            if (first != null) {
                InstanceDraft id = draft.instances.get(k);
                SourcePos at = id.virtualRouterIdPos != null ? id.virtualRouterIdPos : i.declaredAt();
                d.error(
                        at,
                        "vrrp_instance " + i.name() + ": virtual_router_id " + i.virtualRouterId() + " on "
                                + i.interfaceName() + " is already used by vrrp_instance " + first.name() + " (at "
                                + first.declaredAt() + ")");
            }
        }
    }

    private static void uniqueAddresses(KeepalivedConfig config, Diagnostics d) {
        Map<InetAddress, VrrpInstanceConfig> owner = new HashMap<>();
        for (VrrpInstanceConfig i : config.instances()) {
            for (List<VirtualAddress> list : List.of(i.virtualAddresses(), i.excludedAddresses())) {
                for (VirtualAddress a : list) {
                    VrrpInstanceConfig first = owner.putIfAbsent(a.address(), i);
                    if (first != null && first != i) {
                        d.error(
                                a.pos(),
                                "vrrp_instance " + i.name() + ": " + IpAddresses.show(a.address())
                                        + " is already a virtual address of vrrp_instance " + first.name() + " (at "
                                        + first.declaredAt() + ")");
                    }
                }
            }
        }
    }

    private static void trackedNamesExist(KeepalivedConfig config, Diagnostics d) {
        for (VrrpInstanceConfig i : config.instances()) {
            for (TrackRef ref : i.trackScripts()) {
                if (!config.scripts().containsKey(ref.name())) {
                    d.error(
                            ref.pos(),
                            "vrrp_instance " + i.name() + ": track_script: no vrrp_script named \"" + ref.name()
                                    + "\"");
                }
            }
            for (TrackRef ref : i.trackFiles()) {
                if (!config.trackFiles().containsKey(ref.name())) {
                    d.error(
                            ref.pos(),
                            "vrrp_instance " + i.name() + ": track_file: no track_file named \"" + ref.name() + "\"");
                }
            }
            for (TrackRef ref : i.trackProcesses()) {
                if (!config.trackProcesses().containsKey(ref.name())) {
                    d.error(
                            ref.pos(),
                            "vrrp_instance " + i.name() + ": track_process: no track_process named \"" + ref.name()
                                    + "\"");
                }
            }
        }
    }

    /** keepalived: an instance belongs to at most one sync group, and every member must exist. */
    private static void syncGroupMembers(ConfigDraft draft, KeepalivedConfig config, Diagnostics d) {
        Map<String, SyncGroupDraft> groupOf = new HashMap<>();
        for (SyncGroupDraft g : draft.syncGroups) {
            for (int k = 0; k < g.instances.size(); k++) {
                String member = g.instances.get(k);
                SourcePos at = g.instancePositions.get(k);
                if (config.instance(member).isEmpty()) {
                    d.error(at, "vrrp_sync_group " + g.name + ": no vrrp_instance named \"" + member + "\"");
                    continue;
                }
                SyncGroupDraft first = groupOf.putIfAbsent(member, g);
                if (first != null) {
                    d.error(
                            at,
                            "vrrp_sync_group " + g.name + ": vrrp_instance " + member
                                    + (first == g
                                            ? " is listed twice"
                                            : " is already in vrrp_sync_group " + first.name + " (at "
                                                    + first.declaredAt
                                                    + "); an instance can be in one sync group only"));
                }
            }
        }
    }
}
