package net.tandem.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.tandem.agent.vrrp.VrrpInstance;

/**
 * keepalived's link rule: an instance whose interface, or an interface it tracks, is down is in
 * FAULT (it drops its addresses and sends nothing); when all of them are up again it returns to
 * BACKUP and the election decides. Runs on the event loop.
 */
final class LinkFaults {
    private final Map<String, List<VrrpInstance>> watchers = new HashMap<>();
    private final Map<VrrpInstance, Set<String>> down = new HashMap<>();

    void watch(VrrpInstance instance, String interfaceName, boolean upNow) {
        watchers.computeIfAbsent(interfaceName, k -> new ArrayList<>()).add(instance);
        Set<String> d = down.computeIfAbsent(instance, k -> new LinkedHashSet<>());
        if (!upNow) {
            d.add(interfaceName);
        }
    }

    /** After {@code instance.start()}: an interface already down puts it in FAULT at once. */
    void applyAtStart(VrrpInstance instance) {
        Set<String> d = down.get(instance);
        if (d != null && !d.isEmpty()) {
            instance.fault(describe(d) + " at startup");
        }
    }

    void onLink(String interfaceName, boolean up) {
        for (VrrpInstance instance : watchers.getOrDefault(interfaceName, List.of())) {
            Set<String> d = down.get(instance);
            boolean changed = up ? d.remove(interfaceName) : d.add(interfaceName);
            if (!changed) {
                continue;
            }
            if (!up) {
                instance.fault(interfaceName + " is down");
            } else if (d.isEmpty()) {
                instance.recover(interfaceName + " is up again");
            }
        }
    }

    private static String describe(Set<String> d) {
        return String.join(", ", d) + (d.size() == 1 ? " is" : " are") + " down";
    }
}
