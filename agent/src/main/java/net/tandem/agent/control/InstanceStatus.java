package net.tandem.agent.control;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import net.tandem.agent.track.TrackerStatus;
import net.tandem.agent.vrrp.State;
import net.tandem.agent.vrrp.packet.DiscardReason;
import net.tandem.agent.vrrp.packet.VrrpVersion;

/**
 * One instance as the operator sees it. Durations are in nanoseconds; "ago" fields are measured
 * at {@link NodeStatus}'s snapshot time, -1 when it never happened.
 *
 * @param basePriority        the configured priority
 * @param effectivePriority   what the instance advertises now (trackers and overrides applied)
 * @param trackers            each tracker's contribution to the priority
 * @param override            an operator's priority override (takeover, release, SetPriority), if any
 * @param masterAddress       the current master as last heard (this node's address when Master), or null
 * @param advertJitterNanos   how irregularly the master's adverts arrive here (RFC 3550's estimator)
 * @param excludedVips        {@code virtual_ipaddress_excluded}: held while Master, not carried in adverts
 * @param garpMasterDelayNanos {@code garp_master_delay}: the second burst of gratuitous ARPs after becoming Master
 * @param vmac                {@code use_vmac}: the interface that holds the VIPs; empty without use_vmac
 */
public record InstanceStatus(
        String name,
        String interfaceName,
        int vrid,
        VrrpVersion version,
        State state,
        long inStateNanos,
        String lastReason,
        int basePriority,
        int effectivePriority,
        List<TrackerStatus> trackers,
        OptionalInt override,
        String overrideReason,
        List<VipStatus> vips,
        long advertIntervalNanos,
        long masterAdverIntervalNanos,
        long skewTimeNanos,
        long masterDownIntervalNanos,
        long masterDownRemainingNanos,
        InetAddress masterAddress,
        int masterPriority,
        long lastAdvertReceivedAgoNanos,
        long lastAdvertSentAgoNanos,
        long advertJitterNanos,
        Counters counters,
        List<VipStatus> excludedVips,
        long garpMasterDelayNanos,
        List<HeardMaster> mastersHeard,
        boolean splitBrain,
        Optional<VmacStatus> vmac) {

    public InstanceStatus {
        trackers = List.copyOf(trackers);
        vips = List.copyOf(vips);
        excludedVips = List.copyOf(excludedVips);
        mastersHeard = List.copyOf(mastersHeard);
    }

    /** As the canonical constructor, with no excluded address, no GARP delay, no master heard and no split brain. */
    public InstanceStatus(
            String name,
            String interfaceName,
            int vrid,
            VrrpVersion version,
            State state,
            long inStateNanos,
            String lastReason,
            int basePriority,
            int effectivePriority,
            List<TrackerStatus> trackers,
            OptionalInt override,
            String overrideReason,
            List<VipStatus> vips,
            long advertIntervalNanos,
            long masterAdverIntervalNanos,
            long skewTimeNanos,
            long masterDownIntervalNanos,
            long masterDownRemainingNanos,
            InetAddress masterAddress,
            int masterPriority,
            long lastAdvertReceivedAgoNanos,
            long lastAdvertSentAgoNanos,
            long advertJitterNanos,
            Counters counters) {
        this(
                name,
                interfaceName,
                vrid,
                version,
                state,
                inStateNanos,
                lastReason,
                basePriority,
                effectivePriority,
                trackers,
                override,
                overrideReason,
                vips,
                advertIntervalNanos,
                masterAdverIntervalNanos,
                skewTimeNanos,
                masterDownIntervalNanos,
                masterDownRemainingNanos,
                masterAddress,
                masterPriority,
                lastAdvertReceivedAgoNanos,
                lastAdvertSentAgoNanos,
                advertJitterNanos,
                counters,
                List.of(),
                0,
                List.of(),
                false);
    }

    /**
     * A master this node heard on the instance's VRID (split-brain detection): its address, advertised priority
     * and how long ago its last advert came.
     */
    public record HeardMaster(InetAddress address, int priority, long lastSeenAgoNanos) {}

    /** As the canonical constructor, for an instance without use_vmac. */
    public InstanceStatus(
            String name,
            String interfaceName,
            int vrid,
            VrrpVersion version,
            State state,
            long inStateNanos,
            String lastReason,
            int basePriority,
            int effectivePriority,
            List<TrackerStatus> trackers,
            OptionalInt override,
            String overrideReason,
            List<VipStatus> vips,
            long advertIntervalNanos,
            long masterAdverIntervalNanos,
            long skewTimeNanos,
            long masterDownIntervalNanos,
            long masterDownRemainingNanos,
            InetAddress masterAddress,
            int masterPriority,
            long lastAdvertReceivedAgoNanos,
            long lastAdvertSentAgoNanos,
            long advertJitterNanos,
            Counters counters,
            List<VipStatus> excludedVips,
            long garpMasterDelayNanos,
            List<HeardMaster> mastersHeard,
            boolean splitBrain) {
        this(
                name,
                interfaceName,
                vrid,
                version,
                state,
                inStateNanos,
                lastReason,
                basePriority,
                effectivePriority,
                trackers,
                override,
                overrideReason,
                vips,
                advertIntervalNanos,
                masterAdverIntervalNanos,
                skewTimeNanos,
                masterDownIntervalNanos,
                masterDownRemainingNanos,
                masterAddress,
                masterPriority,
                lastAdvertReceivedAgoNanos,
                lastAdvertSentAgoNanos,
                advertJitterNanos,
                counters,
                excludedVips,
                garpMasterDelayNanos,
                mastersHeard,
                splitBrain,
                Optional.empty());
    }

    /**
     * The VMAC interface of an instance with {@code use_vmac}.
     *
     * @param mac      the virtual router MAC it carries, as "00:00:5e:00:01:33"
     * @param xmitBase {@code vmac_xmit_base}: adverts go out of the base interface
     */
    public record VmacStatus(String interfaceName, String mac, boolean xmitBase) {}

    /** A virtual address and whether the kernel really has it on the interface right now. */
    public record VipStatus(String address, String interfaceName, boolean presentInKernel) {}

    /** keepalived's per-instance statistics, plus ours. */
    public record Counters(
            long advertsSent,
            long advertsReceived,
            long transitions,
            long becomeMaster,
            long releaseMaster,
            long gratuitousArpBursts,
            long priorityZeroSent,
            long priorityZeroReceived,
            long masterAdverIntervalChanges,
            long lowerPriorityAnswersLimited,
            Map<DiscardReason, Long> discards) {

        public Counters {
            discards = Map.copyOf(discards);
        }
    }

    /** When this snapshot said the last advert arrived, as wall-clock time (for JSON output). */
    public static Instant ago(Instant now, long agoNanos) {
        return agoNanos < 0 ? null : now.minusNanos(agoNanos);
    }
}
