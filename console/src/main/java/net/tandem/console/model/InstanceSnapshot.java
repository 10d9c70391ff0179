package net.tandem.console.model;

import java.util.List;
import java.util.OptionalInt;

/**
 * One instance on one node, as the console needs it: the part of the agent's status that the
 * main view shows. Durations are in nanoseconds; an "ago" or "remaining" of -1 means "does not
 * apply" (never happened, timer not running). Every "ago" is measured when the agent took the
 * snapshot; {@link ClusterModel} ages them with the local clock from the moment it arrived.
 *
 * @param advertIntervalNanos       the configured Advertisement_Interval
 * @param masterDownIntervalNanos   3 × Master_Adver_Interval + Skew_Time (RFC 5798 §6.1)
 * @param masterDownRemainingNanos  until this backup's master down timer fires; -1 when not running
 * @param lastAdvertReceivedAgoNanos since the last advert from the master; -1 if none
 * @param lastAdvertSentAgoNanos     since this node's last advert; -1 if none
 */
public record InstanceSnapshot(
        String name,
        VrrpState state,
        String lastReason,
        int basePriority,
        int effectivePriority,
        OptionalInt override,
        List<String> vips,
        long advertIntervalNanos,
        long masterDownIntervalNanos,
        long masterDownRemainingNanos,
        long lastAdvertReceivedAgoNanos,
        long lastAdvertSentAgoNanos,
        long transitions,
        String splitBrain,
        String vmac) {

    /**
     * @param splitBrain what the node says when it sees two masters of this instance at once (the other masters
     *                   it hears, e.g. "192.0.2.9 (priority 50), this node"); null while it sees one
     * @param vmac       use_vmac: the VMAC interface that holds the VIPs; null without use_vmac
     */
    public InstanceSnapshot {
        vips = List.copyOf(vips);
    }

    /** As the canonical constructor, without use_vmac. */
    public InstanceSnapshot(
            String name,
            VrrpState state,
            String lastReason,
            int basePriority,
            int effectivePriority,
            OptionalInt override,
            List<String> vips,
            long advertIntervalNanos,
            long masterDownIntervalNanos,
            long masterDownRemainingNanos,
            long lastAdvertReceivedAgoNanos,
            long lastAdvertSentAgoNanos,
            long transitions,
            String splitBrain) {
        this(
                name,
                state,
                lastReason,
                basePriority,
                effectivePriority,
                override,
                vips,
                advertIntervalNanos,
                masterDownIntervalNanos,
                masterDownRemainingNanos,
                lastAdvertReceivedAgoNanos,
                lastAdvertSentAgoNanos,
                transitions,
                splitBrain,
                null);
    }

    /** As the canonical constructor, with no split brain seen. */
    public InstanceSnapshot(
            String name,
            VrrpState state,
            String lastReason,
            int basePriority,
            int effectivePriority,
            OptionalInt override,
            List<String> vips,
            long advertIntervalNanos,
            long masterDownIntervalNanos,
            long masterDownRemainingNanos,
            long lastAdvertReceivedAgoNanos,
            long lastAdvertSentAgoNanos,
            long transitions) {
        this(
                name,
                state,
                lastReason,
                basePriority,
                effectivePriority,
                override,
                vips,
                advertIntervalNanos,
                masterDownIntervalNanos,
                masterDownRemainingNanos,
                lastAdvertReceivedAgoNanos,
                lastAdvertSentAgoNanos,
                transitions,
                (String) null);
    }

    InstanceSnapshot withState(VrrpState newState, String reason) {
        return new InstanceSnapshot(
                name,
                newState,
                reason,
                basePriority,
                effectivePriority,
                override,
                vips,
                advertIntervalNanos,
                masterDownIntervalNanos,
                masterDownRemainingNanos,
                lastAdvertReceivedAgoNanos,
                lastAdvertSentAgoNanos,
                transitions + 1,
                splitBrain,
                vmac);
    }

    InstanceSnapshot withEffectivePriority(int priority, OptionalInt newOverride) {
        return new InstanceSnapshot(
                name,
                state,
                lastReason,
                basePriority,
                priority,
                newOverride,
                vips,
                advertIntervalNanos,
                masterDownIntervalNanos,
                masterDownRemainingNanos,
                lastAdvertReceivedAgoNanos,
                lastAdvertSentAgoNanos,
                transitions,
                splitBrain,
                vmac);
    }

    InstanceSnapshot withSplitBrain(String who) {
        return new InstanceSnapshot(
                name,
                state,
                lastReason,
                basePriority,
                effectivePriority,
                override,
                vips,
                advertIntervalNanos,
                masterDownIntervalNanos,
                masterDownRemainingNanos,
                lastAdvertReceivedAgoNanos,
                lastAdvertSentAgoNanos,
                transitions,
                who,
                vmac);
    }
}
