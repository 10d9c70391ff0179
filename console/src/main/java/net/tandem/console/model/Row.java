package net.tandem.console.model;

import java.util.List;
import java.util.OptionalInt;

/**
 * One line of the main view: one instance on one node, with its timers aged to "now". A node that
 * is not connected has {@code link != CONNECTED} and only {@code instance}, {@code node} and
 * {@code linkReason} mean anything; a node that never reported an instance has a row with a null
 * instance.
 *
 * @param lastAdvertAgoNanos        on a MASTER since it last sent an advert, otherwise since it last
 *                                  received one from the master; -1 if never
 * @param masterDownRemainingNanos  the master-down countdown of a BACKUP; -1 when not running
 * @param vmac                      use_vmac: the VMAC interface that holds the VIPs; null without
 */
public record Row(
        String instance,
        String node,
        Link link,
        String linkReason,
        VrrpState state,
        String lastReason,
        int basePriority,
        int effectivePriority,
        OptionalInt override,
        List<String> vips,
        long advertIntervalNanos,
        long lastAdvertAgoNanos,
        long masterDownRemainingNanos,
        long transitions,
        boolean maintenance,
        String vmac) {

    /** What identifies a row across updates, so that the selection stays on it. */
    public String key() {
        return instance + "@" + node;
    }

    public boolean live() {
        return link == Link.CONNECTED && instance != null;
    }
}
