package net.tandem.agent.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.tandem.agent.config.KeepalivedConfig;
import net.tandem.agent.config.VrrpInstanceConfig;

/**
 * What a reload does to each instance, decided by comparing the running configuration with the
 * new one, instance by instance (positions in the file do not count):
 * <ul>
 *   <li>unchanged: untouched — same state, timers and addresses, no missed advert;</li>
 *   <li>changed in place: what a running router can change without starting over, as keepalived
 *       does: its priority (a Master advertises the new one at once, as for a tracker), its
 *       tracked interfaces, scripts and files, its notify scripts; and ({@link #reconfigured})
 *       its virtual and excluded addresses, unicast peers, preemption and gratuitous ARP
 *       settings, which the running instance takes without a transition;</li>
 *   <li>restarted: anything else (VRID, interval, interface, authentication, source address...): the
 *       old instance stops as on shutdown (a Master sends priority 0 and releases its addresses)
 *       and the new one starts, logged with the settings that made it necessary;</li>
 *   <li>added instances start, removed ones stop (priority 0, addresses released).</li>
 * </ul>
 * Becoming or ceasing to be the address owner (priority 255) is a restart: the owner follows
 * other rules (RFC 5798 §6.4.1). Which field is which lives in {@link InstanceField}.
 *
 * @param reconfigured the instances of {@code inPlace} whose settings or addresses changed too
 */
public record ReloadPlan(
        List<String> unchanged,
        Map<String, String> inPlace,
        Set<String> reconfigured,
        Map<String, String> restarted,
        List<String> added,
        List<String> removed) {

    public static ReloadPlan of(KeepalivedConfig running, KeepalivedConfig next) {
        List<String> unchanged = new ArrayList<>();
        Map<String, String> inPlace = new LinkedHashMap<>();
        Set<String> reconfigured = new LinkedHashSet<>();
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
            List<InstanceField> differ = differences(old.get(), c);
            boolean ownerChange = (old.get().priority() == 255) != (c.priority() == 255);
            List<String> hard = differ.stream()
                    .filter(d -> d.change() == InstanceField.Change.RESTART)
                    .map(InstanceField::keyword)
                    .toList();
            if (differ.isEmpty()) {
                unchanged.add(c.name());
            } else if (hard.isEmpty() && !ownerChange) {
                inPlace.put(c.name(), describe(old.get(), c, differ));
                if (differ.stream().anyMatch(d -> d.change() == InstanceField.Change.RECONFIGURE)) {
                    reconfigured.add(c.name());
                }
            } else {
                List<String> why = new ArrayList<>(hard);
                if (ownerChange) {
                    why.add("priority (address owner " + (c.priority() == 255 ? "now" : "no longer") + ")");
                }
                restarted.put(c.name(), String.join(", ", why) + " changed");
            }
        }
        return new ReloadPlan(unchanged, inPlace, reconfigured, restarted, added, removed);
    }

    /** The compared fields that differ, positions aside, in the record's order. */
    static List<InstanceField> differences(VrrpInstanceConfig a, VrrpInstanceConfig b) {
        List<InstanceField> differ = new ArrayList<>();
        for (InstanceField f : InstanceField.values()) {
            if (f.change() != InstanceField.Change.IGNORED && f.differs(a, b)) {
                differ.add(f);
            }
        }
        return differ;
    }

    private static String describe(VrrpInstanceConfig a, VrrpInstanceConfig b, List<InstanceField> differ) {
        List<String> parts = new ArrayList<>();
        for (InstanceField f : differ) {
            parts.add(
                    f == InstanceField.PRIORITY
                            ? "priority " + a.priority() + " -> " + b.priority()
                            : f.keyword() + " changed");
        }
        return String.join(", ", parts);
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
