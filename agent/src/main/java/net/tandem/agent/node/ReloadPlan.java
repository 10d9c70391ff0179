package net.tandem.agent.node;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.tandem.agent.config.KeepalivedConfig;
import net.tandem.agent.config.TrackRef;
import net.tandem.agent.config.VrrpInstanceConfig;

/**
 * What a reload does to each instance, decided by comparing the running configuration with the
 * new one, instance by instance (positions in the file do not count):
 * <ul>
 *   <li>unchanged: untouched — same state, timers and addresses, no missed advert;</li>
 *   <li>changed in place: only what the RFC lets a running router change without starting over:
 *       its priority (a Master advertises the new one at once, as for a tracker), its tracked
 *       interfaces, scripts and files, and its notify scripts;</li>
 *   <li>restarted: anything else (VRID, addresses, interval, interface, authentication...): the
 *       old instance stops as on shutdown (a Master sends priority 0 and releases its addresses)
 *       and the new one starts, logged with the settings that made it necessary;</li>
 *   <li>added instances start, removed ones stop (priority 0, addresses released).</li>
 * </ul>
 * Becoming or ceasing to be the address owner (priority 255) is a restart: the owner follows
 * other rules (RFC 5798 §6.4.1).
 */
public record ReloadPlan(
        List<String> unchanged,
        Map<String, String> inPlace,
        Map<String, String> restarted,
        List<String> added,
        List<String> removed) {

    /** Settings that may change under a running instance. */
    private static final List<String> IN_PLACE =
            List.of("priority", "trackInterfaces", "trackScripts", "trackFiles", "notifyScripts");
    /** Settings that do not matter once an instance runs (where it was written; its start state). */
    private static final List<String> IGNORED = List.of("declaredAt", "initialState");

    public static ReloadPlan of(KeepalivedConfig running, KeepalivedConfig next) {
        List<String> unchanged = new ArrayList<>();
        Map<String, String> inPlace = new LinkedHashMap<>();
        Map<String, String> restarted = new LinkedHashMap<>();
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (VrrpInstanceConfig old : running.instances()) {
            if (next.instance(old.name()).isEmpty()) {
                removed.add(old.name());
            }
        }
        for (VrrpInstanceConfig c : next.instances()) {
            var old = running.instance(c.name());
            if (old.isEmpty()) {
                added.add(c.name());
                continue;
            }
            List<String> differ = differences(old.get(), c);
            boolean ownerChange = (old.get().priority() == 255) != (c.priority() == 255);
            List<String> hard =
                    differ.stream().filter(d -> !IN_PLACE.contains(d)).toList();
            if (differ.isEmpty()) {
                unchanged.add(c.name());
            } else if (hard.isEmpty() && !ownerChange) {
                inPlace.put(c.name(), describe(old.get(), c, differ));
            } else {
                List<String> why = new ArrayList<>(hard);
                if (ownerChange) {
                    why.add("priority (address owner " + (c.priority() == 255 ? "now" : "no longer") + ")");
                }
                restarted.put(
                        c.name(),
                        String.join(", ", why.stream().map(ReloadPlan::keyword).toList()) + " changed");
            }
        }
        return new ReloadPlan(unchanged, inPlace, restarted, added, removed);
    }

    /** The record components that differ, positions aside. */
    static List<String> differences(VrrpInstanceConfig a, VrrpInstanceConfig b) {
        List<String> differ = new ArrayList<>();
        for (RecordComponent rc : VrrpInstanceConfig.class.getRecordComponents()) {
            if (IGNORED.contains(rc.getName())) {
                continue;
            }
            Object x = value(rc, a);
            Object y = value(rc, b);
            if (!Objects.equals(normalise(x), normalise(y))) {
                differ.add(rc.getName());
            }
        }
        return differ;
    }

    private static Object value(RecordComponent rc, Object r) {
        try {
            return rc.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lists of track refs and addresses compare without their positions in the file. */
    private static Object normalise(Object v) {
        if (v instanceof List<?> list) {
            return list.stream()
                    .map(e -> switch (e) {
                        case TrackRef t -> List.of(t.name(), t.weight(), t.reverse());
                        case net.tandem.agent.config.VirtualAddress va ->
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

    private static String describe(VrrpInstanceConfig a, VrrpInstanceConfig b, List<String> differ) {
        List<String> parts = new ArrayList<>();
        for (String d : differ) {
            parts.add(
                    d.equals("priority")
                            ? "priority " + a.priority() + " -> " + b.priority()
                            : keyword(d) + " changed");
        }
        return String.join(", ", parts);
    }

    /** A record component's keepalived keyword, for log lines: trackScripts -> track_script. */
    static String keyword(String component) {
        return switch (component) {
            case "interfaceName" -> "interface";
            case "virtualRouterId" -> "virtual_router_id";
            case "advertInterval" -> "advert_int";
            case "authentication" -> "authentication";
            case "virtualAddresses" -> "virtual_ipaddress";
            case "excludedAddresses" -> "virtual_ipaddress_excluded";
            case "preempt" -> "nopreempt";
            case "mcastSourceAddress" -> "mcast_src_ip";
            case "unicastSourceAddress" -> "unicast_src_ip";
            case "unicastPeers" -> "unicast_peer";
            case "trackInterfaces" -> "track_interface";
            case "trackScripts" -> "track_script";
            case "trackFiles" -> "track_file";
            case "notifyScripts" -> "notify scripts";
            default -> component.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** One line: "2 unchanged; VI_1 changed in place (priority 100 -> 150); VI_3 added". */
    public String summary() {
        List<String> parts = new ArrayList<>();
        if (!unchanged.isEmpty()) {
            parts.add(unchanged.size() + " unchanged");
        }
        inPlace.forEach((n, why) -> parts.add(n + " updated in place (" + why + ")"));
        restarted.forEach((n, why) -> parts.add(n + " restarted (" + why + ")"));
        added.forEach(n -> parts.add(n + " added"));
        removed.forEach(n -> parts.add(n + " removed"));
        return parts.isEmpty() ? "no instances" : String.join("; ", parts);
    }
}
