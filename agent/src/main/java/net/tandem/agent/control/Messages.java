package net.tandem.agent.control;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.Map;
import net.tandem.agent.config.IpAddresses;
import net.tandem.agent.control.AgentEvent.AdvertTimingEvent;
import net.tandem.agent.control.AgentEvent.CommandEvent;
import net.tandem.agent.control.AgentEvent.PriorityEvent;
import net.tandem.agent.control.AgentEvent.SplitBrainEvent;
import net.tandem.agent.control.AgentEvent.TrackerEvent;
import net.tandem.agent.control.AgentEvent.TransitionEvent;
import net.tandem.agent.track.TrackerStatus;
import net.tandem.agent.vrrp.packet.DiscardReason;
import net.tandem.proto.v1.AdvertTiming;
import net.tandem.proto.v1.CommandDone;
import net.tandem.proto.v1.Event;
import net.tandem.proto.v1.GetStatusResponse;
import net.tandem.proto.v1.Instance;
import net.tandem.proto.v1.MasterHeard;
import net.tandem.proto.v1.Node;
import net.tandem.proto.v1.PriorityChange;
import net.tandem.proto.v1.Snapshot;
import net.tandem.proto.v1.SplitBrain;
import net.tandem.proto.v1.State;
import net.tandem.proto.v1.Stats;
import net.tandem.proto.v1.Tracker;
import net.tandem.proto.v1.TrackerChange;
import net.tandem.proto.v1.Transition;
import net.tandem.proto.v1.Vip;
import net.tandem.proto.v1.Vmac;

/**
 * The agent's status records and events as tandem.v1 messages. One direction only: the API never builds agent
 * records. Negative "ago" and "remaining" values (never happened, not running) become unset durations.
 */
final class Messages {

    private Messages() {}

    static GetStatusResponse status(NodeStatus s, Instant now) {
        Node.Builder node = Node.newBuilder()
                .setRouterId(nullToEmpty(s.routerId()))
                .setVersion(nullToEmpty(s.version()))
                .setMaintenance(s.maintenance())
                .setConfigFile(s.configFile() == null ? "" : s.configFile().toString());
        if (s.startedAt() != null) {
            node.setStartedAt(timestamp(s.startedAt()))
                    .setUptime(duration(
                            java.time.Duration.between(s.startedAt(), now).toNanos()));
        }
        if (s.configLoadedAt() != null) {
            node.setConfigLoadedAt(timestamp(s.configLoadedAt()));
        }
        GetStatusResponse.Builder b =
                GetStatusResponse.newBuilder().setNode(node).setTakenAt(timestamp(now));
        s.instances().forEach(i -> b.addInstances(instance(i)));
        return b.build();
    }

    static Instance instance(InstanceStatus i) {
        Instance.Builder b = Instance.newBuilder()
                .setName(i.name())
                .setInterface(nullToEmpty(i.interfaceName()))
                .setVrid(i.vrid())
                .setVersion(i.version().number())
                .setState(state(i.state()))
                .setInState(duration(i.inStateNanos()))
                .setLastReason(nullToEmpty(i.lastReason()))
                .setBasePriority(i.basePriority())
                .setEffectivePriority(i.effectivePriority())
                .setOverrideReason(nullToEmpty(i.overrideReason()))
                .setAdvertisementInterval(duration(i.advertIntervalNanos()))
                .setMasterAdverInterval(duration(i.masterAdverIntervalNanos()))
                .setSkewTime(duration(i.skewTimeNanos()))
                .setMasterDownInterval(duration(i.masterDownIntervalNanos()))
                .setMasterAddress(i.masterAddress() == null ? "" : IpAddresses.show(i.masterAddress()))
                .setMasterPriority(i.masterPriority())
                .setStats(stats(i.counters()));
        i.override().ifPresent(b::setOverridePriority);
        ifKnown(i.masterDownRemainingNanos(), d -> b.setMasterDownRemaining(d));
        ifKnown(i.lastAdvertReceivedAgoNanos(), d -> b.setLastAdvertReceivedAgo(d));
        ifKnown(i.lastAdvertSentAgoNanos(), d -> b.setLastAdvertSentAgo(d));
        ifKnown(i.advertJitterNanos(), d -> b.setAdvertJitter(d));
        for (TrackerStatus t : i.trackers()) {
            b.addTrackers(Tracker.newBuilder()
                    .setKind(t.key().kind().word())
                    .setName(t.key().name())
                    .setOk(t.ok())
                    .setWeight(t.weight())
                    .setContribution(t.contribution()));
        }
        for (InstanceStatus.VipStatus v : i.vips()) {
            b.addVips(Vip.newBuilder()
                    .setAddress(v.address())
                    .setInterface(nullToEmpty(v.interfaceName()))
                    .setPresentInKernel(v.presentInKernel()));
        }
        for (InstanceStatus.HeardMaster m : i.mastersHeard()) {
            b.addMastersHeard(masterHeard(m.address(), m.priority(), m.lastSeenAgoNanos()));
        }
        b.setSplitBrain(i.splitBrain());
        i.vmac()
                .ifPresent(v -> b.setVmac(Vmac.newBuilder()
                        .setInterface(v.interfaceName())
                        .setMac(v.mac())
                        .setXmitBase(v.xmitBase())));
        return b.build();
    }

    static MasterHeard masterHeard(java.net.InetAddress address, int priority, long lastSeenAgoNanos) {
        return MasterHeard.newBuilder()
                .setAddress(IpAddresses.show(address))
                .setPriority(priority)
                .setLastSeenAgo(duration(Math.max(0, lastSeenAgoNanos)))
                .build();
    }

    static Stats stats(InstanceStatus.Counters c) {
        Stats.Builder b = Stats.newBuilder()
                .setAdverTx(c.advertsSent())
                .setAdverRx(c.advertsReceived())
                .setTransitions(c.transitions())
                .setBecomeMaster(c.becomeMaster())
                .setReleaseMaster(c.releaseMaster())
                .setGarpTx(c.gratuitousArpBursts())
                .setPriZeroTx(c.priorityZeroSent())
                .setPriZeroRx(c.priorityZeroReceived())
                .setMasterAdverIntervalChanges(c.masterAdverIntervalChanges())
                .setLowerPriorityAnswersLimited(c.lowerPriorityAnswersLimited());
        for (Map.Entry<DiscardReason, Long> e : c.discards().entrySet()) {
            b.putDiscards(e.getKey().name(), e.getValue());
        }
        return b.build();
    }

    static State state(net.tandem.agent.vrrp.State s) {
        return switch (s) {
            case INITIALIZE -> State.INITIALIZE;
            case BACKUP -> State.BACKUP;
            case MASTER -> State.MASTER;
            case FAULT -> State.FAULT;
        };
    }

    static Event snapshot(GetStatusResponse status, long eventsDropped) {
        return Event.newBuilder()
                .setAt(status.getTakenAt())
                .setSnapshot(Snapshot.newBuilder().setStatus(status).setEventsDropped(eventsDropped))
                .build();
    }

    static Event event(AgentEvent e) {
        Event.Builder b = Event.newBuilder().setAt(timestamp(e.at()));
        switch (e) {
            case TransitionEvent t ->
                b.setTransition(Transition.newBuilder()
                        .setInstance(t.instance())
                        .setFrom(state(t.from()))
                        .setTo(state(t.to()))
                        .setReason(nullToEmpty(t.reason())));
            case PriorityEvent p -> {
                PriorityChange.Builder c = PriorityChange.newBuilder()
                        .setInstance(p.instance())
                        .setOldPriority(p.oldPriority())
                        .setNewPriority(p.newPriority())
                        .setReason(nullToEmpty(p.reason()));
                p.override().ifPresent(c::setOverridePriority);
                b.setPriority(c);
            }
            case TrackerEvent t ->
                b.setTracker(TrackerChange.newBuilder()
                        .setInstance(t.instance())
                        .setTracker(t.tracker())
                        .setOk(t.ok())
                        .setDetail(nullToEmpty(t.detail())));
            case CommandEvent c ->
                b.setCommand(CommandDone.newBuilder().setCommand(c.command()).setOutcome(nullToEmpty(c.outcome())));
            case AdvertTimingEvent a -> {
                AdvertTiming.Builder t = AdvertTiming.newBuilder().setInstance(a.instance());
                ifKnown(a.lastAdvertReceivedAgoNanos(), d -> t.setLastAdvertReceivedAgo(d));
                ifKnown(a.lastAdvertSentAgoNanos(), d -> t.setLastAdvertSentAgo(d));
                ifKnown(a.masterDownRemainingNanos(), d -> t.setMasterDownRemaining(d));
                b.setAdvertTiming(t);
            }
            case SplitBrainEvent sb -> {
                SplitBrain.Builder t = SplitBrain.newBuilder()
                        .setInstance(sb.instance())
                        .setActive(sb.active())
                        .setSelfMaster(sb.selfMaster())
                        .setDetail(nullToEmpty(sb.detail()));
                sb.masters().forEach(m -> t.addMasters(masterHeard(m.address(), m.priority(), m.lastSeenAgoNanos())));
                b.setSplitBrain(t);
            }
        }
        return b.build();
    }

    static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder()
                .setSeconds(t.getEpochSecond())
                .setNanos(t.getNano())
                .build();
    }

    static Duration duration(long nanos) {
        return Duration.newBuilder()
                .setSeconds(nanos / 1_000_000_000L)
                .setNanos((int) (nanos % 1_000_000_000L))
                .build();
    }

    private static void ifKnown(long nanos, java.util.function.Consumer<Duration> set) {
        if (nanos >= 0) {
            set.accept(duration(nanos));
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
