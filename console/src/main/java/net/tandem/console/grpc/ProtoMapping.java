package net.tandem.console.grpc;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.OptionalInt;
import net.tandem.console.model.InstanceSnapshot;
import net.tandem.console.model.NodeEvent;
import net.tandem.console.model.NodeSnapshot;
import net.tandem.console.model.VrrpState;
import net.tandem.proto.v1.Event;
import net.tandem.proto.v1.GetStatusResponse;
import net.tandem.proto.v1.Instance;
import net.tandem.proto.v1.State;
import net.tandem.proto.v1.Vip;

/** From the agent's messages (tandem.v1) to the console's model. Unset durations become -1 ("does not apply"). */
final class ProtoMapping {
    private ProtoMapping() {}

    static NodeSnapshot snapshot(GetStatusResponse status) {
        return new NodeSnapshot(
                status.getNode().getRouterId(),
                status.getNode().getMaintenance(),
                status.getInstancesList().stream().map(ProtoMapping::instance).toList());
    }

    static InstanceSnapshot instance(Instance i) {
        return new InstanceSnapshot(
                i.getName(),
                state(i.getState()),
                i.getLastReason(),
                i.getBasePriority(),
                i.getEffectivePriority(),
                i.hasOverridePriority() ? OptionalInt.of(i.getOverridePriority()) : OptionalInt.empty(),
                i.getVipsList().stream().map(Vip::getAddress).toList(),
                i.hasAdvertisementInterval() ? nanos(i.getAdvertisementInterval()) : -1,
                i.hasMasterDownInterval() ? nanos(i.getMasterDownInterval()) : -1,
                i.hasMasterDownRemaining() ? nanos(i.getMasterDownRemaining()) : -1,
                i.hasLastAdvertReceivedAgo() ? nanos(i.getLastAdvertReceivedAgo()) : -1,
                i.hasLastAdvertSentAgo() ? nanos(i.getLastAdvertSentAgo()) : -1,
                i.getStats().getTransitions(),
                i.getSplitBrain() ? MastersHeardText.of(i.getMastersHeardList(), i.getState() == State.MASTER) : null,
                i.hasVmac() ? i.getVmac().getInterface() : null);
    }

    /** An event after the snapshot; null for a kind this console does not know (a newer agent). */
    static NodeEvent event(Event e) {
        Instant at = instant(e.getAt());
        return switch (e.getKindCase()) {
            case TRANSITION ->
                new NodeEvent.Transition(
                        at,
                        e.getTransition().getInstance(),
                        state(e.getTransition().getFrom()),
                        state(e.getTransition().getTo()),
                        e.getTransition().getReason());
            case PRIORITY ->
                new NodeEvent.PriorityChange(
                        at,
                        e.getPriority().getInstance(),
                        e.getPriority().getOldPriority(),
                        e.getPriority().getNewPriority(),
                        e.getPriority().getReason(),
                        e.getPriority().hasOverridePriority()
                                ? java.util.OptionalInt.of(e.getPriority().getOverridePriority())
                                : java.util.OptionalInt.empty());
            case TRACKER ->
                new NodeEvent.TrackerChange(
                        at,
                        e.getTracker().getInstance(),
                        e.getTracker().getTracker(),
                        e.getTracker().getOk(),
                        e.getTracker().getDetail());
            case COMMAND ->
                new NodeEvent.CommandDone(
                        at, e.getCommand().getCommand(), e.getCommand().getOutcome());
            case ADVERT_TIMING ->
                new NodeEvent.AdvertTiming(
                        at,
                        e.getAdvertTiming().getInstance(),
                        e.getAdvertTiming().hasLastAdvertReceivedAgo()
                                ? nanos(e.getAdvertTiming().getLastAdvertReceivedAgo())
                                : -1,
                        e.getAdvertTiming().hasLastAdvertSentAgo()
                                ? nanos(e.getAdvertTiming().getLastAdvertSentAgo())
                                : -1,
                        e.getAdvertTiming().hasMasterDownRemaining()
                                ? nanos(e.getAdvertTiming().getMasterDownRemaining())
                                : -1);
            case SPLIT_BRAIN ->
                new NodeEvent.SplitBrain(
                        at,
                        e.getSplitBrain().getInstance(),
                        e.getSplitBrain().getActive(),
                        MastersHeardText.of(
                                e.getSplitBrain().getMastersList(),
                                e.getSplitBrain().getSelfMaster()));
            case SNAPSHOT, KIND_NOT_SET -> null;
        };
    }

    static VrrpState state(State state) {
        return switch (state) {
            case MASTER -> VrrpState.MASTER;
            case BACKUP -> VrrpState.BACKUP;
            case FAULT -> VrrpState.FAULT;
            case INITIALIZE, UNRECOGNIZED -> VrrpState.INITIALIZE;
        };
    }

    static long nanos(Duration d) {
        return d.getSeconds() * 1_000_000_000L + d.getNanos();
    }

    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
