package net.tandem.agent.config;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.tandem.agent.config.SyncGroupGrammar.SyncGroupDraft;
import net.tandem.agent.config.VrrpInstanceGrammar.InstanceDraft;

/**
 * keepalived 2.2.7's {@code sync_group_tracking_init}: a sync group's {@code track_interface},
 * {@code track_script}, {@code track_file} and {@code track_process} lines are tracked by every
 * member, with the group's weights (only the weights written in the members themselves are
 * ignored, see Tracking), except that when a member is the address owner (priority 255) the group's
 * weights are cleared, so that a failure means FAULT. A tracker named both in a member and in its
 * group is tracked once, as the member wrote it (unweighted: it is in a group), as keepalived
 * keeps the member's entry when that is unweighted.
 */
final class SyncGroupTracks {
    private static final int ADDRESS_OWNER = 255;

    private SyncGroupTracks() {}

    /** Adds each group's trackers to its members' drafts, before they are built. */
    static void addToMembers(List<SyncGroupDraft> groups, List<InstanceDraft> instances, Diagnostics d) {
        Map<String, InstanceDraft> byName =
                instances.stream().collect(Collectors.toMap(i -> i.name, Function.identity(), (a, b) -> a));
        for (SyncGroupDraft g : groups) {
            List<InstanceDraft> members = g.instances.stream()
                    .map(byName::get)
                    .filter(java.util.Objects::nonNull)
                    .toList();
            boolean owner = members.stream().anyMatch(m -> m.priority == ADDRESS_OWNER);
            for (InstanceDraft m : members) {
                add(g, "track_interface", g.trackInterfaces, m, m.trackInterfaces, owner, d);
                add(g, "track_script", g.trackScripts, m, m.trackScripts, owner, d);
                add(g, "track_file", g.trackFiles, m, m.trackFiles, owner, d);
                add(g, "track_process", g.trackProcesses, m, m.trackProcesses, owner, d);
            }
        }
    }

    private static void add(
            SyncGroupDraft g,
            String keyword,
            List<TrackRef> groupRefs,
            InstanceDraft member,
            List<TrackRef> memberRefs,
            boolean owner,
            Diagnostics d) {
        for (TrackRef r : groupRefs) {
            if (memberRefs.stream().anyMatch(own -> own.name().equals(r.name()))) {
                d.warning(
                        r.pos(),
                        "vrrp_sync_group " + g.name + ": " + keyword + " " + r.name() + " is also in vrrp_instance "
                                + member.name + ", which tracks it unweighted; remove one of them");
                continue;
            }
            if (owner) {
                if (r.weight().orElse(0) != 0) {
                    d.warning(
                            r.pos(),
                            "vrrp_sync_group " + g.name + ": " + keyword + " " + r.name() + ": weight cleared for "
                                    + member.name + ": a member is the address owner (priority 255), as keepalived");
                }
                memberRefs.add(r.forGroupMember(OptionalInt.of(0)));
            } else {
                memberRefs.add(r.forGroupMember(r.weight()));
            }
        }
    }
}
