package net.tandem.console.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two things an operator must never miss: an instance MASTER on two nodes at once (split brain:
 * both answer ARP for its VIPs) and an instance MASTER nowhere among the nodes we can see. Only
 * connected nodes count. A condition becomes a warning once it has held for {@link #GRACE_NANOS},
 * so that the few milliseconds of an ordinary handover (the new master's event arriving before the
 * old master's on another stream) and a fresh start (backups wait Master_Down_Interval) do not flash.
 */
final class MasterWarnings {
    static final long GRACE_NANOS = 1_000_000_000L;

    private final Map<String, Long> firstSeen = new HashMap<>();
    private final Map<String, String> text = new HashMap<>();

    /**
     * Re-evaluates the conditions at {@code now}, given each instance's rows in display order and, for each
     * instance, what the connected nodes that themselves see two masters hear ("node1 hears 192.0.2.9 (priority
     * 50), this node"): a node sees a split brain that the console cannot, when it reaches only one of the masters.
     */
    void update(Map<String, List<Row>> rowsByInstance, Map<String, List<String>> heardByInstance, long now) {
        Set<String> present = new HashSet<>();
        for (Map.Entry<String, List<Row>> entry : rowsByInstance.entrySet()) {
            String instance = entry.getKey();
            List<String> masters = new ArrayList<>();
            List<String> connected = new ArrayList<>();
            List<String> unreachable = new ArrayList<>();
            for (Row row : entry.getValue()) {
                if (row.link() != Link.CONNECTED) {
                    unreachable.add(row.node());
                } else {
                    connected.add(row.node());
                    if (row.state() == VrrpState.MASTER) {
                        masters.add(row.node());
                    }
                }
            }
            String key = null;
            String message = null;
            if (masters.size() >= 2) {
                key = "split-brain " + instance;
                message = "SPLIT BRAIN: " + instance + " is MASTER on " + String.join(" and ", masters);
            } else if (masters.isEmpty() && !connected.isEmpty()) {
                key = "no-master " + instance;
                message = "NO MASTER: " + instance + " is MASTER on none of " + String.join(", ", connected)
                        + (unreachable.isEmpty() ? "" : " (unreachable: " + String.join(", ", unreachable) + ")");
            }
            List<String> heard = heardByInstance.getOrDefault(instance, List.of());
            if (masters.size() < 2 && !heard.isEmpty()) {
                key = "split-brain " + instance;
                message = "SPLIT BRAIN: " + instance + " has two masters: " + String.join("; ", heard);
            }
            if (key != null) {
                present.add(key);
                firstSeen.putIfAbsent(key, now);
                text.put(key, message);
            }
        }
        firstSeen.keySet().retainAll(present);
        text.keySet().retainAll(present);
    }

    /** The warnings that have held long enough, split brain first, each group in instance order. */
    List<String> shown(long now) {
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, Long> entry : firstSeen.entrySet()) {
            if (now - entry.getValue() >= GRACE_NANOS) {
                keys.add(entry.getKey());
            }
        }
        keys.sort((a, b) -> {
            int kind = Boolean.compare(a.startsWith("no-master"), b.startsWith("no-master"));
            return kind != 0 ? kind : NaturalOrder.INSTANCE.compare(a, b);
        });
        return keys.stream().map(text::get).toList();
    }
}
